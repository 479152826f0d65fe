"""Writing a message about a booking: the placeholders' values, the email, the .ics invitation."""

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from sqlalchemy.orm import Session

from pscp_training.db.models import Booking
from pscp_training.db.models_follow_up import BookingFollowUp
from pscp_training.domain.charging import format_pence
from pscp_training.domain.enums import Delivery
from pscp_training.domain.follow_up_records import MessageKind
from pscp_training.domain.message_templates import render
from pscp_training.domain.years import to_local
from pscp_training.services.follow_up.charge_rules import charge_due, read_policy
from pscp_training.services.messages.invitations import CalendarEntry, calendar_entry
from pscp_training.services.messages.settings import MailSettings, read_template
from pscp_training.services.settings.team_settings import PARTNERSHIP_NAME, read_setting

# {calendar_note}: what the attached calendar part does, so one template reads right
# with it and without it (someone only on the waiting list had no entry to cancel).
CALENDAR_NOTES = {
    "CANCEL": "The attached cancellation takes it out of your calendar.",
    "REQUEST": "The attached invitation puts it right in your calendar.",
}


@dataclass(frozen=True)
class Letter:
    """One message ready to go: who to, what, and the session's invitation when wanted."""

    booking_id: int
    kind: MessageKind
    dedupe_key: str
    to: str | None
    to_name: str
    cc: str | None
    subject: str
    body: str
    calendar: CalendarEntry | None = None
    # The delegate has no email address, so their manager's copy is the only one sent.
    to_manager_only: bool = False

    @property
    def ics(self) -> bytes | None:
        return self.calendar.ics if self.calendar else None


def placeholder_values(session: Session, booking: Booking) -> dict[str, str]:
    training = booking.session
    delegate = booking.delegate
    start = to_local(training.start_at)
    end = to_local(training.end_at) if training.end_at else None
    follow_up = session.get(BookingFollowUp, booking.id)
    _kind, due = charge_due(session, booking, read_policy(session))
    organisation = booking.organisation.name if booking.organisation else ""
    what = ("the late cancellation (the place went to someone on the waiting list)"
            if booking.place_refilled else "the unused place")
    charge_note = (
        f"Under the partnership's charging policy, {organisation} will be charged "
        f"{format_pence(due)} for {what}."
        if due
        else ""
    )
    venue = training.venue or ""
    if training.delivery == Delivery.ONLINE.value:
        venue = f"Online{f' ({venue})' if venue else ''}"
    return {
        "first_name": delegate.first_name,
        "full_name": f"{delegate.first_name} {delegate.last_name}",
        "organisation": organisation,
        "course_title": training.course.title,
        "course_code": training.course.code,
        "session_date": f"{start:%A} {start.day} {start:%B %Y}",
        "session_time": f"{start:%H:%M}" + (f"-{end:%H:%M}" if end else ""),
        "venue": venue or "to be confirmed",
        "partnership_name": read_setting(session, PARTNERSHIP_NAME) or "",
        "reason": follow_up.reason.label if follow_up and follow_up.reason else "not yet known",
        "charge_note": charge_note,
    }


def compose(
    session: Session,
    booking: Booking,
    kind: MessageKind,
    dedupe_key: str,
    settings: MailSettings,
    *,
    calendar: str | None = None,
    first_invitation: bool | None = None,
    copy_manager: bool = False,
    now: datetime,
) -> Letter:
    """The message of `kind` about a booking; `calendar` REQUEST or CANCEL attaches its entry."""
    values = placeholder_values(session, booking)
    entry = (
        calendar_entry(
            session,
            booking,
            settings,
            values,
            calendar,
            now=now,
            first_invitation=first_invitation,
        )
        if calendar
        else None
    )
    values["calendar_note"] = CALENDAR_NOTES.get(entry.method if entry else None, "")
    template = read_template(session, kind)
    follow_up = session.get(BookingFollowUp, booking.id)
    to = booking.delegate.email
    cc = follow_up.manager_email if copy_manager and follow_up else None
    manager_only = not to and bool(cc)
    if manager_only:
        to, cc = cc, None
    return Letter(
        booking_id=booking.id,
        kind=MessageKind(kind),
        dedupe_key=dedupe_key,
        to=to,
        to_name=values["full_name"],
        cc=cc,
        subject=" ".join(render(template.subject, values).split()),
        body=render(template.body, values),
        calendar=entry,
        to_manager_only=manager_only,
    )


def email_of(letter: Letter, settings: MailSettings) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((settings.from_name or "", settings.from_address or ""))
    # The manager's own address is not theirs under the delegate's name.
    message["To"] = formataddr(("" if letter.to_manager_only else letter.to_name, letter.to or ""))
    if letter.cc:
        message["Cc"] = letter.cc
    message["Subject"] = letter.subject
    message["Message-ID"] = make_msgid(domain="pscp-training")
    message["X-PSCP-Key"] = letter.dedupe_key
    message.set_content(letter.body, charset="utf-8")
    if letter.calendar is not None:
        # Inline, with the iTIP method on the part itself: what Outlook reads to offer
        # Accept / Remove from calendar rather than a file to open.
        message.add_attachment(
            letter.calendar.ics,
            maintype="text",
            subtype="calendar",
            filename="invite.ics",
            disposition="inline",
            params={"method": letter.calendar.method, "charset": "utf-8"},
        )
    return message

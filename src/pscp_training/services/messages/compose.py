"""Writing a message about a booking: the placeholders' values, the email, the .ics invitation."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from icalendar import Calendar, Event, vCalAddress, vText
from sqlalchemy.orm import Session

from pscp_training.db.models import Booking
from pscp_training.db.models_follow_up import BookingFollowUp
from pscp_training.domain.charging import format_pence
from pscp_training.domain.enums import Delivery
from pscp_training.domain.follow_up_records import MessageKind
from pscp_training.domain.message_templates import render
from pscp_training.domain.years import to_local
from pscp_training.services.follow_up.charges import charge_due, read_policy
from pscp_training.services.messages.settings import MailSettings, read_template
from pscp_training.services.settings.team_settings import PARTNERSHIP_NAME, read_setting

# The invitation needs an end; a session saved without one is taken to last three hours.
DEFAULT_LENGTH = timedelta(hours=3)


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
    ics: bytes | None
    # The delegate has no email address, so their manager's copy is the only one sent.
    to_manager_only: bool = False


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


def invitation(booking: Booking, settings: MailSettings, values: dict[str, str]) -> bytes:
    """An iCalendar invitation (METHOD:REQUEST) of the session for the delegate's calendar."""
    training = booking.session
    calendar = Calendar()
    calendar.add("prodid", "-//PSCP Training//pscp-training//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    # One stable UID per booking, so a re-sent invitation updates the same calendar entry.
    event.add("uid", f"booking-{booking.id}-session-{training.id}@pscp-training")
    event.add("dtstamp", datetime.now(training.start_at.tzinfo))
    event.add("dtstart", training.start_at)
    event.add("dtend", training.end_at or training.start_at + DEFAULT_LENGTH)
    event.add("summary", training.course.title)
    event.add("location", values["venue"])
    event.add("description", f"{training.course.code}: {training.course.title}")
    if settings.from_address:
        organizer = vCalAddress(f"mailto:{settings.from_address}")
        organizer.params["cn"] = vText(values["partnership_name"] or settings.from_address)
        event.add("organizer", organizer)
    if booking.delegate.email:
        attendee = vCalAddress(f"mailto:{booking.delegate.email}")
        attendee.params["cn"] = vText(values["full_name"])
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def compose(
    session: Session,
    booking: Booking,
    kind: MessageKind,
    dedupe_key: str,
    settings: MailSettings,
    *,
    with_invitation: bool = False,
    copy_manager: bool = False,
) -> Letter:
    values = placeholder_values(session, booking)
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
        ics=invitation(booking, settings, values) if with_invitation else None,
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
    message.set_content(letter.body)
    if letter.ics is not None:
        message.add_attachment(
            letter.ics,
            maintype="text",
            subtype="calendar",
            filename="session.ics",
            params={"method": "REQUEST"},
        )
    return message

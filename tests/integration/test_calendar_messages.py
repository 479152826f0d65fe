"""Every message that touches a delegate's calendar, written as .eml and read back as Outlook would.

Each file is parsed with `email` (the MIME) and `icalendar` (the invitation):
one UID per booking, SEQUENCE 0 on confirmation and higher on every change,
CANCEL on every place that ends, the part's method matching, CRLF throughout.
"""

import email
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path

import pytest
from icalendar import Calendar

from pscp_training.domain.follow_up_records import MessageKind, PersonDetails
from pscp_training.domain.years import LONDON
from pscp_training.services.bookings import bookings
from pscp_training.services.bookings.substitution import substitute
from pscp_training.services.messages import (
    MailSettings,
    message_log,
    people_to_tell_of_change,
    save_mail_settings,
    send_booking_cancelled,
    send_booking_transferred,
    send_confirmation,
    send_place_offered,
    send_place_passed_on,
    send_reminders,
    send_session_cancelled,
    send_session_changed,
    transport_for,
)
from pscp_training.services.sessions import catalogue
from pscp_training.services.sessions.session_copy import form_from_session
from tests import factories as f
from tests.factories import NOW

TEAM = "training@pscp.example"


@pytest.fixture
def outbox(db, tmp_path):
    settings = MailSettings(transport="eml", eml_folder=str(tmp_path / "outbox"),
                            from_address=TEAM, from_name="PSCP Training", reminder_days=3)
    save_mail_settings(db, settings)
    return transport_for(settings)


class Sent:
    """One .eml as a mail client reads it: the message, its calendar part, the raw bytes."""

    def __init__(self, path):
        self.raw = Path(path).read_bytes()
        self.message = email.message_from_bytes(self.raw, policy=policy.default)
        parts = [p for p in self.message.walk() if p.get_content_type() == "text/calendar"]
        assert len(parts) <= 1
        self.part = parts[0] if parts else None
        self.calendar = Calendar.from_ical(self.part.get_payload(decode=True)) if parts else None

    @property
    def to(self) -> str:
        return self.message["To"].addresses[0].addr_spec

    @property
    def method(self) -> str | None:
        return str(self.calendar["method"]) if self.calendar else None

    @property
    def event(self):
        (event,) = self.calendar.walk("VEVENT")
        return event

    @property
    def uid(self) -> str:
        return str(self.event["uid"])

    @property
    def sequence(self) -> int:
        return self.event.decoded("sequence")


def read(outcome) -> list[Sent]:
    assert outcome.failed == ()
    messages = [Sent(m.detail) for m in outcome.sent]
    for sent in messages:
        check_rules(sent)
    return messages


def check_rules(sent: Sent) -> None:
    """What holds for every message: CRLF, UTF-8 parts, and a calendar part Outlook trusts."""
    assert b"\n" not in sent.raw.replace(b"\r\n", b""), "a bare LF in the .eml"
    assert sent.message.get_body(("plain",)).get_content_charset() == "utf-8"
    if sent.part is None:
        return
    assert sent.part.get_content_charset() == "utf-8"
    assert sent.part.get_param("method") == sent.method
    ics = sent.part.get_payload(decode=True)
    assert b"\n" not in ics.replace(b"\r\n", b""), "a bare LF in the .ics"
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))
    event = sent.event
    assert str(event["organizer"]) == f"mailto:{TEAM}"
    assert str(event["attendee"]).lower() == f"mailto:{sent.to}".lower()
    assert event["dtstart"].params["TZID"] == "Europe/London"
    (timezone,) = sent.calendar.walk("VTIMEZONE")
    assert str(timezone["tzid"]) == "Europe/London"
    assert str(event["status"]) == ("CANCELLED" if sent.method == "CANCEL" else "CONFIRMED")


def _book(db, s, first="Zoë", email=None):
    person = f.delegate(db, first, email=email)
    return bookings.book(db, session_id=s.id, delegate_id=person.id, now=NOW)


def _move(db, s, start, end=None, venue=None):
    record = catalogue.get_session(db, s.id)
    form = replace(form_from_session(record), start=start,
                   end=end or start + (record.end - record.start),
                   venue=venue if venue is not None else record.venue)
    return catalogue.update_session(db, s.id, form)


def test_confirmation_is_a_request_with_sequence_0_and_a_stable_uid(db, outbox):
    s = f.session(db)
    booking = _book(db, s)
    (sent,) = read(send_confirmation(db, outbox, booking.id, now=NOW))
    assert (sent.method, sent.sequence) == ("REQUEST", 0)
    assert sent.event.decoded("dtstart") == s.start
    assert str(sent.event["location"]) == "Civic Offices"
    assert sent.message["From"].addresses[0].addr_spec == TEAM
    # Sent again by hand: nothing goes twice.
    again = send_confirmation(db, outbox, booking.id, now=NOW)
    assert again.sent == () and len(again.skipped) == 1
    (entry,) = message_log(db, booking.id)
    assert (entry.kind, entry.recipients) == (MessageKind.CONFIRMATION, sent.to)


def test_a_cancelled_booking_cancels_the_entry_and_booking_again_never_goes_back_to_0(
    db, outbox
):
    s = f.session(db)
    booking = _book(db, s)
    (confirmation,) = read(send_confirmation(db, outbox, booking.id, now=NOW))
    bookings.cancel(db, booking.id, now=NOW + timedelta(hours=1))

    (cancel,) = read(send_booking_cancelled(db, outbox, booking.id, now=NOW + timedelta(hours=1)))
    assert (cancel.method, cancel.uid) == ("CANCEL", confirmation.uid)
    assert cancel.sequence == 1
    assert cancel.message["Subject"].startswith("Booking cancelled:")
    assert "The attached cancellation takes it out of your calendar." in (
        cancel.message.get_body(("plain",)).get_content())
    retry = send_booking_cancelled(db, outbox, booking.id, now=NOW + timedelta(hours=2))
    assert retry.sent == () and len(retry.skipped) == 1

    again = bookings.book(db, session_id=s.id, delegate_id=booking.delegate_id,
                          now=NOW + timedelta(days=1))
    assert again.id == booking.id
    (rebooked,) = read(send_confirmation(db, outbox, again.id, now=NOW + timedelta(days=1)))
    assert (rebooked.method, rebooked.uid) == ("REQUEST", confirmation.uid)
    assert rebooked.sequence == 2  # above the CANCEL's 1, so the calendar shows it again
    kinds = [(m.kind, m.recipients) for m in message_log(db, booking.id)]
    assert kinds == [(MessageKind.CONFIRMATION, booking.email),
                     (MessageKind.BOOKING_CANCELLED, booking.email),
                     (MessageKind.CONFIRMATION, booking.email)]


def test_a_cancel_without_any_invitation_sent_still_goes_above_0(db, outbox):
    s = f.session(db)
    booking = _book(db, s)
    bookings.cancel(db, booking.id, now=NOW)
    (cancel,) = read(send_booking_cancelled(db, outbox, booking.id, now=NOW))
    assert (cancel.method, cancel.sequence) == ("CANCEL", 1)


def test_someone_only_on_the_waiting_list_gets_a_plain_email(db, outbox):
    s = f.session(db, capacity=1)
    _book(db, s)
    waiting = _book(db, s, "Siân")
    bookings.cancel(db, waiting.id, now=NOW)
    (sent,) = read(send_booking_cancelled(db, outbox, waiting.id, now=NOW))
    assert sent.calendar is None and sent.to == waiting.email
    assert "attached" not in sent.message.get_body(("plain",)).get_content()


def test_a_not_cancelled_booking_gets_no_cancellation(db, outbox):
    booking = _book(db, f.session(db))
    assert send_booking_cancelled(db, outbox, booking.id, now=NOW).sent == ()


def test_a_cancelled_session_cancels_places_and_writes_plainly_to_the_waiting_list(db, outbox):
    s = f.session(db, capacity=1)
    holder = _book(db, s)
    waiting = _book(db, s, "Siân")
    (confirmation,) = read(send_confirmation(db, outbox, holder.id, now=NOW))
    catalogue.cancel_session(db, s.id, now=NOW + timedelta(days=1))

    holder_msg, waiting_msg = read(send_session_cancelled(db, outbox, s.id,
                                                          now=NOW + timedelta(days=1)))
    assert (holder_msg.to, holder_msg.method) == (holder.email, "CANCEL")
    assert (holder_msg.uid, holder_msg.sequence) == (confirmation.uid, 1)
    assert (waiting_msg.to, waiting_msg.calendar) == (waiting.email, None)
    assert send_session_cancelled(db, outbox, s.id, now=NOW + timedelta(days=2)).sent == ()


def test_a_transfer_cancels_the_old_date_and_invites_to_the_new(db, outbox):
    first = f.session(db)
    second = f.session(db, course_id=first.course_id, start=NOW + timedelta(days=40))
    booking = _book(db, first)
    (old_invite,) = read(send_confirmation(db, outbox, booking.id, now=NOW))
    new, _promoted = bookings.transfer(db, booking.id, second.id, now=NOW + timedelta(hours=1))

    cancel, invite = read(send_booking_transferred(db, outbox, booking.id, new.id,
                                                   now=NOW + timedelta(hours=1)))
    assert (cancel.method, cancel.uid, cancel.sequence) == ("CANCEL", old_invite.uid, 1)
    assert cancel.event.decoded("dtstart") == first.start
    assert (invite.method, invite.sequence) == ("REQUEST", 0) and invite.uid != old_invite.uid
    assert invite.event.decoded("dtstart") == second.start
    assert {cancel.to, invite.to} == {booking.email}
    assert send_booking_transferred(db, outbox, booking.id, new.id, now=NOW).sent == ()


def test_a_place_passed_to_a_colleague_cancels_for_one_and_invites_the_other(db, outbox):
    s = f.session(db)
    booking = _book(db, s)
    (old_invite,) = read(send_confirmation(db, outbox, booking.id, now=NOW))
    result = substitute(db, booking.id, PersonDetails("Amara", "Okafor", "amara@example.org"),
                        now=NOW + timedelta(hours=1))

    cancel, invite = read(send_place_passed_on(db, outbox, result.original_booking_id,
                                               result.colleague_booking_id, now=NOW))
    assert (cancel.to, cancel.method, cancel.uid) == (booking.email, "CANCEL", old_invite.uid)
    assert cancel.sequence == 1
    assert (invite.to, invite.method, invite.sequence) == ("amara@example.org", "REQUEST", 0)
    assert invite.uid != old_invite.uid


def test_a_session_moved_sends_its_confirmed_delegates_the_update_once(db, outbox):
    start = datetime(2022, 6, 21, 8, 30, tzinfo=UTC)  # 09:30 BST
    s = f.session(db, capacity=1, start=start)
    holder = _book(db, s)
    waiting = _book(db, s, "Siân")
    (first,) = read(send_confirmation(db, outbox, holder.id, now=NOW))
    assert people_to_tell_of_change(db, s.id) == [(holder.full_name, holder.email)]

    _move(db, s, start + timedelta(minutes=30))  # 10:00
    (update,) = read(send_session_changed(db, outbox, s.id, now=NOW))
    assert (update.to, update.method, update.uid) == (holder.email, "REQUEST", first.uid)
    assert update.sequence == 1
    assert b"DTSTART;TZID=Europe/London:20220621T100000" in update.part.get_payload(decode=True)
    assert update.message["Subject"].startswith("Changed:")
    retry = send_session_changed(db, outbox, s.id, now=NOW)
    assert retry.sent == () and retry.skipped == (f"{holder.full_name}: calendar already up to date",)

    _move(db, s, start + timedelta(minutes=30), venue="Guildhall, Room 4")
    (moved,) = read(send_session_changed(db, outbox, s.id, now=NOW))
    assert moved.sequence == 2 and str(moved.event["location"]) == "Guildhall, Room 4"
    assert [m.booking_id for m in message_log(db, waiting.id)] == []


def test_a_session_moved_across_the_clock_change_keeps_its_wall_clock_time(db, outbox):
    summer = datetime(2022, 10, 25, 8, 30, tzinfo=UTC)  # Tuesday 09:30 BST
    s = f.session(db, start=summer)
    booking = _book(db, s)
    (invite,) = read(send_confirmation(db, outbox, booking.id, now=NOW))
    assert invite.event.decoded("dtstart") == summer
    winter = datetime(2022, 11, 1, 9, 30, tzinfo=LONDON)  # the next Tuesday, 09:30 GMT
    _move(db, s, winter)

    (update,) = read(send_session_changed(db, outbox, s.id, now=NOW))
    ics = update.part.get_payload(decode=True)
    assert b"DTSTART;TZID=Europe/London:20221101T093000" in ics
    assert update.event.decoded("dtstart") == datetime(2022, 11, 1, 9, 30, tzinfo=UTC)
    assert update.event.decoded("dtend") == datetime(2022, 11, 1, 12, 30, tzinfo=UTC)
    assert update.sequence == 1


@pytest.mark.parametrize(
    ("start", "local"),
    [(datetime(2022, 7, 12, 8, 30, tzinfo=UTC), b"20220712T093000"),   # BST
     (datetime(2023, 1, 17, 9, 30, tzinfo=UTC), b"20230117T093000")],  # GMT
)
def test_invitations_in_summer_and_winter(db, outbox, start, local):
    s = f.session(db, start=start)
    booking = _book(db, s)
    (invite,) = read(send_confirmation(db, outbox, booking.id, now=NOW))
    assert b"DTSTART;TZID=Europe/London:" + local in invite.part.get_payload(decode=True)
    assert invite.event.decoded("dtstart") == start


def test_place_offered_after_the_waiting_list_is_an_invitation(db, outbox):
    s = f.session(db, capacity=1)
    holder = _book(db, s)
    waiting = _book(db, s, "Siân")
    result = bookings.cancel(db, holder.id, now=NOW)
    (offer,) = read(send_place_offered(db, outbox, [result.promoted.id], now=NOW))
    assert (offer.to, offer.method, offer.sequence) == (waiting.email, "REQUEST", 0)


def test_a_reminder_after_an_unsent_change_carries_the_update(db, outbox):
    start = NOW + timedelta(days=2)
    s = f.session(db, start=start)
    told = _book(db, s)
    untold = _book(db, s, "Siân")
    read(send_confirmation(db, outbox, told.id, now=NOW))
    read(send_confirmation(db, outbox, untold.id, now=NOW))
    _move(db, s, start + timedelta(minutes=30))
    read(send_session_changed(db, outbox, s.id, now=NOW))  # both told of the move...
    _move(db, s, start + timedelta(hours=1))  # ...but not of the second

    reminders = {m.to: m for m in read(send_reminders(db, outbox, now=NOW))}
    for booking in (told, untold):
        reminder = reminders[booking.email]
        assert (reminder.method, reminder.sequence) == ("REQUEST", 2)
        assert reminder.event.decoded("dtstart") == start + timedelta(hours=1)
    # Now the calendars are right, so tomorrow's run (if any were due) adds no invitation.
    assert send_session_changed(db, outbox, s.id, now=NOW).sent == ()


def test_a_reminder_to_an_up_to_date_calendar_has_no_invitation(db, outbox):
    s = f.session(db, start=NOW + timedelta(days=2))
    booking = _book(db, s)
    read(send_confirmation(db, outbox, booking.id, now=NOW))
    (reminder,) = read(send_reminders(db, outbox, now=NOW))
    assert reminder.calendar is None


def test_no_email_is_skipped_not_failed_even_in_a_dry_run(db, outbox):
    s = f.session(db, start=NOW + timedelta(days=2))
    _book(db, s)
    nobody = f.delegate(db, "Siân", "Jones", email="")
    bookings.book(db, session_id=s.id, delegate_id=nobody.id, now=NOW)
    preview = send_reminders(db, outbox, now=NOW, dry_run=True)
    assert preview.failed == () and len(preview.would_send) == 1
    assert preview.no_email == ("Siân Jones has no email address, so the reminder was not sent.",)
    outcome = send_reminders(db, outbox, now=NOW)
    assert outcome.failed == () and len(outcome.sent) == 1 and len(outcome.no_email) == 1

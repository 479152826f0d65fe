"""Messages against a real SMTP server started here (aiosmtpd), and as .eml files.

What the server receives is parsed as a mail client would, the .ics invitation
with the icalendar package; the SMTP password comes from a keyring backend set
by the test, never from the database.
"""

import email
import shutil
import socket
import ssl
import subprocess
from datetime import timedelta
from email import policy

import keyring
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from icalendar import Calendar
from keyring.backend import KeyringBackend
from sqlalchemy import text

from pscp_training.domain.enums import Attendance
from pscp_training.domain.follow_up_records import MessageKind
from pscp_training.domain.message_templates import MessageTemplate
from pscp_training.services.bookings import bookings
from pscp_training.services.follow_up.non_attendance import record_reason, set_manager_email
from pscp_training.services.messages import (
    EmlFolder,
    MailSettings,
    message_log,
    save_mail_settings,
    save_template,
    send_confirmation,
    send_non_attendance,
    send_place_offered,
    send_reminders,
    send_session_cancelled,
    store_password,
    transport_for,
)
from pscp_training.services.sessions import attendance, catalogue
from tests import factories as f
from tests.factories import NOW


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def set_password(self, service, username, password):
        self.passwords[(service, username)] = password

    def delete_password(self, service, username):
        self.passwords.pop((service, username), None)


class Inbox:
    """What the SMTP server accepted: envelopes, and who logged in."""

    def __init__(self):
        self.envelopes = []
        self.logins = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            self.logins.append((auth_data.login.decode(), auth_data.password.decode()))
            return AuthResult(success=auth_data.password == b"s3cret-from-keyring")
        return AuthResult(success=False)

    def messages(self):
        return [email.message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make the test server's certificate")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem"),
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    return folder / "cert.pem", folder / "key.pem"


@pytest.fixture
def smtp(certificate):
    """A STARTTLS-only SMTP server on 127.0.0.1 that wants a login."""
    cert, key = certificate
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    inbox = Inbox()
    port = _free_port()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, tls_context=server_tls, require_starttls=True,
        authenticator=inbox.authenticate, auth_require_tls=True,
    )
    controller.start()
    inbox.port = port
    inbox.client_tls = ssl.create_default_context(cafile=str(cert))
    yield inbox
    controller.stop()


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def transport(db, smtp, memory_keyring):
    settings = MailSettings(
        transport="smtp", host="127.0.0.1", port=smtp.port, username="training@pscp.example",
        starttls=True, from_address="training@pscp.example", from_name="PSCP Training",
        reminder_days=3,
    )
    save_mail_settings(db, settings)
    store_password(settings, "s3cret-from-keyring")
    made = transport_for(settings)
    made.ssl_context = smtp.client_tls  # trust the test server's own certificate
    return made


def _booked(db, capacity=3, start=None, people=1):
    s = f.session(db, capacity=capacity, start=start)
    made = [bookings.book(db, session_id=s.id, delegate_id=f.delegate(db, "Zoë").id, now=NOW)
            for _ in range(people)]
    return s, made


def test_confirmation_with_an_ics_invitation_over_starttls_with_the_keyring_password(
    db, smtp, transport
):
    s, (booking,) = _booked(db)

    outcome = send_confirmation(db, transport, booking.id, now=NOW)

    assert outcome.failed == () and len(outcome.sent) == 1
    assert smtp.logins == [("training@pscp.example", "s3cret-from-keyring")]
    (message,) = smtp.messages()
    assert message["To"].addresses[0].addr_spec == booking.email
    assert message["Subject"] == f"Booking confirmed: {s.course_title} on Wednesday 15 June 2022"
    assert "Dear Zoë" in message.get_body(("plain",)).get_content()
    (invite,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(invite.get_payload(decode=True))
    assert calendar["method"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == s.start and event.decoded("dtend") == s.end
    assert str(event["summary"]) == s.course_title and str(event["location"]) == "Civic Offices"
    assert str(event["attendee"]).lower() == f"mailto:{booking.email}".lower()
    # The password is in the keyring only, never in the database.
    with db.engine.connect() as connection:
        values = connection.execute(text("SELECT value FROM settings")).scalars().all()
    assert not any("s3cret" in v for v in values)

    again = send_confirmation(db, transport, booking.id, now=NOW)
    assert (again.sent, len(again.skipped), len(smtp.envelopes)) == ((), 1, 1)
    assert [m.kind for m in message_log(db, booking.id)] == [MessageKind.CONFIRMATION]


def test_reminders_send_only_what_is_due_and_not_yet_sent(db, smtp, transport):
    soon, soon_bookings = _booked(db, start=NOW + timedelta(days=3), people=2)
    later, _ = _booked(db, start=NOW + timedelta(days=10))

    preview = send_reminders(db, transport, now=NOW, dry_run=True)
    assert len(preview.would_send) == 2 and smtp.envelopes == []

    first = send_reminders(db, transport, now=NOW)
    assert sorted(m.booking_id for m in first.sent) == sorted(b.id for b in soon_bookings)
    assert all(m.kind == MessageKind.REMINDER for m in first.sent)
    second = send_reminders(db, transport, now=NOW + timedelta(hours=2))
    assert second.sent == () and len(second.skipped) == 2
    assert len(smtp.envelopes) == 2
    assert {str(m["Subject"]) for m in smtp.messages()} == {
        f"Reminder: {soon.course_title} on Saturday 4 June 2022"
    }


def test_non_attendance_notice_goes_to_the_delegate_and_their_manager(db, smtp, transport):
    s, (booking,) = _booked(db)
    set_manager_email(db, booking.id, "manager@arundel.example.org")
    attendance.mark(db, booking.id, Attendance.ABSENT, now=NOW + timedelta(days=15))
    record_reason(db, booking.id, "work-pressures", now=NOW + timedelta(days=15))

    outcome = send_non_attendance(db, transport, [booking.id], now=NOW + timedelta(days=15))

    assert len(outcome.sent) == 1
    (envelope,) = smtp.envelopes
    assert sorted(envelope.rcpt_tos) == sorted([booking.email, "manager@arundel.example.org"])
    (message,) = smtp.messages()
    assert message["Cc"] == "manager@arundel.example.org"
    body = message.get_body(("plain",)).get_content()
    assert "Reason recorded: Work pressures" in body
    assert "Arundel Court Primary School will be charged £50.00" in body
    assert message_log(db, booking.id)[0].copy_to == "manager@arundel.example.org"


def test_place_offered_and_session_cancelled(db, smtp, transport):
    s, (holder, waiting) = _booked(db, capacity=1, people=2)
    result = bookings.cancel(db, holder.id, now=NOW)
    assert result.promoted.id == waiting.id
    assert len(send_place_offered(db, transport, [waiting.id], now=NOW).sent) == 1

    cancelled = catalogue.cancel_session(db, s.id, now=NOW + timedelta(days=1))
    told = send_session_cancelled(db, transport, s.id, now=NOW + timedelta(days=1))
    assert [m.booking_id for m in told.sent] == [b.id for b in cancelled.to_tell] == [waiting.id]
    subjects = [str(m["Subject"]) for m in smtp.messages()]
    assert subjects[0].startswith("A place has come up:")
    assert subjects[1].startswith("Cancelled:")


def test_edited_templates_are_used(db, smtp, transport):
    _s, (booking,) = _booked(db)
    save_template(db, MessageKind.CONFIRMATION,
                  MessageTemplate("Your place: {course_code}", "Hello {full_name} from {organisation}."))
    send_confirmation(db, transport, booking.id, now=NOW)
    (message,) = smtp.messages()
    assert message["Subject"].startswith("Your place: C")
    assert message.get_body(("plain",)).get_content().strip() == (
        f"Hello {booking.full_name} from Arundel Court Primary School."
    )


def test_a_server_without_starttls_gets_nothing_and_the_message_can_be_sent_later(
    db, memory_keyring
):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings = MailSettings(transport="smtp", host="127.0.0.1", port=port,
                                from_address="training@pscp.example")
        save_mail_settings(db, settings)
        _s, (booking,) = _booked(db)
        outcome = send_confirmation(db, transport_for(settings), booking.id, now=NOW)
    finally:
        controller.stop()
    assert outcome.sent == () and inbox.envelopes == []
    assert "does not offer STARTTLS" in outcome.failed[0]
    assert message_log(db, booking.id) == []  # not logged, so a later run sends it


def test_eml_files_that_outlook_opens(db, tmp_path):
    settings = MailSettings(transport="eml", eml_folder=str(tmp_path / "outbox"),
                            from_address="training@pscp.example")
    save_mail_settings(db, settings)
    _s, (booking,) = _booked(db)
    outcome = send_confirmation(db, transport_for(settings), booking.id, now=NOW)
    (path,) = list((tmp_path / "outbox").glob("*.eml"))
    assert outcome.sent[0].detail == str(path) and outcome.sent[0].transport == "eml"
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1" and message["To"].addresses[0].addr_spec == booking.email
    assert any(p.get_content_type() == "text/calendar" for p in message.iter_attachments())
    assert isinstance(transport_for(settings), EmlFolder)


def test_two_reminder_runs_at_once_send_each_reminder_once(db, tmp_path):
    """A second run starting while the first is still sending (two PCs, or a double click)."""
    settings = MailSettings(transport="eml", eml_folder=str(tmp_path / "outbox"),
                            from_address="training@pscp.example", reminder_days=3)
    save_mail_settings(db, settings)
    _booked(db, start=NOW + timedelta(days=2), people=3)
    outcomes = []

    class InterruptedOnce(EmlFolder):
        """Writes .eml files; while writing its first, the other run goes from start to end."""

        def deliver(self, message):
            if not outcomes:
                outcomes.append(send_reminders(db, EmlFolder(self.folder), now=NOW))
            return super().deliver(message)

    first = send_reminders(db, InterruptedOnce(tmp_path / "outbox"), now=NOW)
    second = outcomes[0]
    assert len(first.sent) + len(second.sent) == 3
    assert len(first.sent) == 1 and len(second.sent) == 2  # each left the other's alone
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 3


def test_a_delegate_without_an_email_is_named_not_skipped_silently(db, tmp_path):
    settings = MailSettings(transport="eml", eml_folder=str(tmp_path), from_address="t@p.example")
    save_mail_settings(db, settings)
    s = f.session(db)
    nobody = f.delegate(db, "Siân", "Jones", email="")
    booking = bookings.book(db, session_id=s.id, delegate_id=nobody.id, now=NOW)
    outcome = send_confirmation(db, transport_for(settings), booking.id, now=NOW)
    assert outcome.failed == ()
    assert outcome.no_email == ("Siân Jones has no email address, so the booking confirmation "
                                "was not sent.",)

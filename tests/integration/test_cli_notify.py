"""`--notify` on the commands that change a place, and `reminders send` as a scheduled task sees it.

Real processes on real databases, messages written as .eml files and read back.
"""

import email
import json
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path

import pytest
from icalendar import Calendar

from pscp_training.domain.years import LONDON
from pscp_training.services.bookings import bookings
from pscp_training.services.messages import MailSettings, save_mail_settings
from pscp_training.services.sessions import catalogue
from tests import factories as f
from tests.integration.test_cli import run

# The CLI runs on the real clock: sessions a while ahead of it.
SOON = (datetime.now(UTC) + timedelta(days=30)).replace(hour=9, minute=30, second=0,
                                                         microsecond=0)


@pytest.fixture
def outbox(db, tmp_path):
    folder = tmp_path / "outbox"
    save_mail_settings(db, MailSettings(transport="eml", eml_folder=str(folder),
                                        from_address="training@pscp.example", reminder_days=3))
    return folder


def _calendar(path: str):
    message = email.message_from_bytes(Path(path).read_bytes(), policy=policy.default)
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    if not parts:
        return None
    calendar = Calendar.from_ical(parts[0].get_payload(decode=True))
    (event,) = calendar.walk("VEVENT")
    assert parts[0].get_param("method") == str(calendar["method"])
    return str(calendar["method"]), event.decoded("sequence"), event


def _book(db, s, first="Zoë", email=None):
    person = f.delegate(db, first, email=email)
    return bookings.book(db, session_id=s.id, delegate_id=person.id)


def _json(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_cancel_with_notify_sends_the_cancel_and_the_offer(db, db_url, outbox):
    s = f.session(db, capacity=1, start=SOON)
    holder = _book(db, s)
    waiting = _book(db, s, "Siân")
    out = _json(run("--db", db_url, "cancel", "--booking", str(holder.id), "--notify"))
    assert out["cancelled"] == holder.id and out["promoted"]["booking_id"] == waiting.id
    sent = out["notified"]["sent"]
    assert [(m["to"], m["kind"]) for m in sent] == [
        (holder.email, "booking_cancelled"), (waiting.email, "place_offered")]
    files = {p.name: p for p in outbox.glob("*.eml")}
    cancel = next(p for n, p in files.items() if n.startswith("booking_cancelled"))
    offer = next(p for n, p in files.items() if n.startswith("place_offered"))
    assert _calendar(cancel)[:2] == ("CANCEL", 1)
    assert _calendar(offer)[:2] == ("REQUEST", 0)


def test_cancel_without_notify_sends_nothing_and_keeps_its_json(db, db_url, outbox):
    s = f.session(db, start=SOON)
    booking = _book(db, s)
    out = _json(run("--db", db_url, "cancel", "--booking", str(booking.id)))
    assert set(out) == {"cancelled", "late", "promoted"}
    assert not outbox.exists()


def test_notify_with_no_mail_settings_changes_nothing(db, db_url):
    s = f.session(db, start=SOON)
    booking = _book(db, s)
    result = run("--db", db_url, "cancel", "--booking", str(booking.id), "--notify")
    assert result.returncode == 2 and "File > Messages" in result.stderr
    assert bookings.list_bookings(db, s.id)[0].status.value == "booked"


def test_transfer_and_substitute_with_notify(db, db_url, outbox):
    first = f.session(db, start=SOON)
    second = f.session(db, course_id=first.course_id, start=SOON + timedelta(days=7))
    mover = _book(db, first)
    giver = _book(db, first, "Aled")
    out = _json(run("--db", db_url, "transfer", "--booking", str(mover.id), "--to-session",
                    str(second.id), "--notify"))
    assert out["status"] == "booked"
    assert [m["kind"] for m in out["notified"]["sent"]] == ["booking_transferred", "confirmation"]

    out = _json(run("--db", db_url, "substitute", "--booking", str(giver.id), "--first-name",
                    "Amara", "--last-name", "Okafor", "--email", "amara@example.org", "--notify"))
    assert [(m["to"], m["kind"]) for m in out["notified"]["sent"]] == [
        (giver.email, "place_passed_on"), ("amara@example.org", "confirmation")]
    methods = sorted(_calendar(p)[0] for p in outbox.glob("*.eml"))
    assert methods == ["CANCEL", "CANCEL", "REQUEST", "REQUEST"]


def test_change_session_lists_who_is_told_and_sends_the_update(db, db_url, outbox):
    s = f.session(db, capacity=1, start=SOON)
    holder = _book(db, s)
    _book(db, s, "Siân")  # on the waiting list: not told
    new_start = (SOON + timedelta(days=1)).astimezone(UTC)
    local = new_start.astimezone(LONDON)
    out = _json(run("--db", db_url, "change-session", "--session", str(s.id), "--start",
                    local.strftime("%Y-%m-%d %H:%M"), "--end", "16:00", "--venue",
                    "Guildhall", "--notify"))
    assert out["to_tell"] == [{"name": holder.full_name, "email": holder.email}]
    assert out["venue"] == "Guildhall" and out["end"].startswith(f"{local:%Y-%m-%d}T16:00")
    (sent,) = out["notified"]["sent"]
    assert (sent["to"], sent["kind"]) == (holder.email, "session_changed")
    (path,) = outbox.glob("session_changed*.eml")
    method, sequence, event = _calendar(path)
    assert (method, sequence) == ("REQUEST", 1)
    assert event.decoded("dtstart") == new_start and str(event["location"]) == "Guildhall"
    # Run again: the calendar is up to date, nothing is sent twice.
    again = _json(run("--db", db_url, "change-session", "--session", str(s.id), "--venue",
                      "Guildhall", "--notify"))
    assert again["notified"]["sent"] == []


def test_cancel_session_with_notify(db, db_url, outbox):
    s = f.session(db, capacity=1, start=SOON)
    holder = _book(db, s)
    waiting = _book(db, s, "Siân")
    out = _json(run("--db", db_url, "cancel-session", "--session", str(s.id), "--notify"))
    assert [t["booking_id"] for t in out["to_tell"]] == [holder.id, waiting.id]
    sent = {m["to"]: m["kind"] for m in out["notified"]["sent"]}
    assert sent == {holder.email: "session_cancelled", waiting.email: "session_cancelled"}
    calendars = {p.name: _calendar(p) for p in outbox.glob("*.eml")}
    assert calendars[f"session_cancelled-{holder.id}.eml"][:2] == ("CANCEL", 1)
    assert calendars[f"session_cancelled-{waiting.id}.eml"] is None  # no entry to cancel
    assert catalogue.get_session(db, s.id).status.value == "cancelled"


def test_reminders_skip_a_delegate_without_email_and_exit_0(db, db_url, outbox):
    s = f.session(db, start=datetime.now(UTC) + timedelta(days=2))
    _book(db, s)
    nobody = f.delegate(db, "Siân", "Jones", email="")
    bookings.book(db, session_id=s.id, delegate_id=nobody.id)

    preview = run("--db", db_url, "reminders", "send", "--dry-run")
    assert preview.returncode == 0, preview.stderr
    assert "1 to send, 1 skipped (0 already sent, 1 no email), 0 failed." in preview.stdout

    first = run("--db", db_url, "reminders", "send")
    assert first.returncode == 0, first.stderr
    assert "skipped (no email): Siân Jones has no email address" in first.stdout
    assert first.stdout.strip().endswith("1 sent, 1 skipped (0 already sent, 1 no email), 0 failed.")
    second = run("--db", db_url, "reminders", "send")
    assert second.returncode == 0
    assert second.stdout.strip().endswith("0 sent, 2 skipped (1 already sent, 1 no email), 0 failed.")


def test_reminders_exit_1_when_a_message_could_not_go(db, db_url, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the outbox folder should be")
    save_mail_settings(db, MailSettings(transport="eml", eml_folder=str(blocked),
                                        from_address="training@pscp.example"))
    _book(db, f.session(db, start=datetime.now(UTC) + timedelta(days=2)))
    result = run("--db", db_url, "reminders", "send")
    assert result.returncode == 1
    assert "0 sent, 0 skipped (0 already sent, 0 no email), 1 failed." in result.stdout
    assert "not sent:" in result.stderr

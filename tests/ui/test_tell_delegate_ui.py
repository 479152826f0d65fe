"""The "tell the delegate" choice on each confirmation that changes a place, over a real database.

Messages go to an .eml outbox and are read back with `email` and `icalendar`.
"""

import email
from datetime import timedelta
from email import policy

import pytest
from icalendar import Calendar
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QMessageBox

from pscp_training.domain.enums import BookingStatus
from pscp_training.domain.years import local_to_utc, now_utc, to_local
from pscp_training.services import messages
from pscp_training.services.bookings import bookings
from pscp_training.services.sessions import catalogue
from pscp_training.ui.bookings.substitute_dialog import SubstituteDialog
from pscp_training.ui.shell.main_window import MainWindow
from tests import factories as f


@pytest.fixture
def window(ctx, qtbot):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def outbox(ctx, tmp_path):
    messages.save_mail_settings(ctx.db, messages.MailSettings(
        transport="eml", eml_folder=str(tmp_path / "outbox"), from_address="training@pscp.example"))
    return tmp_path / "outbox"


class Answers:
    """Answers each confirmation box: Yes (or No), ticking the box as told; keeps what it saw."""

    def __init__(self, monkeypatch):
        self.seen: list[QMessageBox] = []
        self.texts: list[str] = []
        self.tick: bool | None = None  # None: leave the box as it was
        self.reply = QMessageBox.StandardButton.Yes
        answers = self

        def run(box):
            answers.seen.append((box.tell.isChecked(), box.tell.isEnabled()))
            answers.texts.append(box.text())
            if answers.tick is not None:
                box.tell.setChecked(answers.tick)
            return answers.reply

        monkeypatch.setattr(QMessageBox, "exec", run)


@pytest.fixture
def answers(monkeypatch):
    return Answers(monkeypatch)


def days_ahead_at(days: int, hour: int):
    local = to_local(now_utc() + timedelta(days=days)).replace(hour=hour, minute=0, second=0,
                                                               microsecond=0)
    return local_to_utc(local.replace(tzinfo=None))


def calendars(folder):
    """Each .eml in the outbox: (To, method or None, SEQUENCE or None)."""
    found = []
    for path in sorted(folder.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        to = message["To"].addresses[0].addr_spec
        if not parts:
            found.append((to, None, None))
            continue
        calendar = Calendar.from_ical(parts[0].get_payload(decode=True))
        (event,) = calendar.walk("VEVENT")
        found.append((to, str(calendar["method"]), event.decoded("sequence")))
    return found


def _session_with_two(ctx, capacity=1):
    s = f.session(ctx.db, capacity=capacity, start=days_ahead_at(10, 10))
    amy = bookings.book(ctx.db, session_id=s.id,
                        delegate_id=f.delegate(ctx.db, "Amy", "Booked", email="amy@example.org").id)
    ben = bookings.book(ctx.db, session_id=s.id,
                        delegate_id=f.delegate(ctx.db, "Ben", "Waiting", email="ben@example.org").id)
    return s, amy, ben


def test_cancel_booking_tells_the_delegate_by_default(window, ctx, outbox, answers):
    s, amy, ben = _session_with_two(ctx)
    page = window.open_session(s.id)
    page.bookings.views[BookingStatus.BOOKED].selectRow(0)
    page.cancel_booking()
    assert answers.seen == [(True, True)]  # on by default
    assert sorted(calendars(outbox)) == [("amy@example.org", "CANCEL", 1),
                                         ("ben@example.org", "REQUEST", 0)]
    assert "Email: 2 messages written in" in page.book_box.hint.text()


def test_untick_and_nobody_is_told(window, ctx, outbox, answers):
    s, amy, _ben = _session_with_two(ctx)
    page = window.open_session(s.id)
    page.bookings.views[BookingStatus.BOOKED].selectRow(0)
    answers.tick = False
    page.cancel_booking()
    assert not outbox.exists()
    assert "let them know" in page.book_box.hint.text()


def test_without_mail_settings_the_choice_is_off_and_greyed(window, ctx, answers):
    s, _amy, _ben = _session_with_two(ctx)
    page = window.open_session(s.id)
    page.bookings.views[BookingStatus.BOOKED].selectRow(0)
    page.cancel_booking()
    assert answers.seen == [(False, False)]
    assert [b.status for b in bookings.list_bookings(ctx.db, s.id, BookingStatus.CANCELLED)] == [
        BookingStatus.CANCELLED]


def test_saying_no_cancels_nothing(window, ctx, outbox, answers):
    s, _amy, _ben = _session_with_two(ctx)
    page = window.open_session(s.id)
    page.bookings.views[BookingStatus.BOOKED].selectRow(0)
    answers.reply = QMessageBox.StandardButton.No
    page.cancel_booking()
    assert bookings.count_bookings(ctx.db, s.id)[BookingStatus.CANCELLED] == 0
    assert not outbox.exists()


def test_transfer_dialog_cancels_the_old_date_and_invites_to_the_new(window, ctx, outbox):
    course = f.course(ctx.db, code="DSL2")
    here = f.session(ctx.db, course_id=course.id, capacity=5, start=days_ahead_at(4, 10))
    there = f.session(ctx.db, course_id=course.id, capacity=5, start=days_ahead_at(11, 10))
    amy = f.delegate(ctx.db, "Amy", "Moved", email="amy@example.org")
    bookings.book(ctx.db, session_id=here.id, delegate_id=amy.id)
    page = window.open_session(here.id)
    page.bookings.views[BookingStatus.BOOKED].selectRow(0)
    dialog = page.transfer()
    assert dialog.tell.isChecked()
    dialog.accept()
    assert sorted(calendars(outbox)) == [("amy@example.org", "CANCEL", 1),
                                         ("amy@example.org", "REQUEST", 0)]
    assert "Email: 2 messages written in" in page.book_box.hint.text()
    assert [b.full_name for b in bookings.list_bookings(ctx.db, there.id)] == ["Amy Moved"]


def test_substitute_dialog_tells_both(ctx, qtbot, outbox):
    s = f.session(ctx.db, start=now_utc() + timedelta(days=30), capacity=1)
    holder = f.delegate(ctx.db, "Priya", "Shah", email="priya@example.org")
    f.delegate(ctx.db, "Tom", "Reed", email="tom@example.org")
    place = bookings.book(ctx.db, session_id=s.id, delegate_id=holder.id)
    dialog = SubstituteDialog(ctx, place)
    qtbot.addWidget(dialog)
    told = []
    dialog.told.connect(told.append)
    labels = [dialog.colleague.itemText(n) for n in range(dialog.colleague.count())]
    dialog.colleague.setCurrentIndex(next(n for n, t in enumerate(labels) if t.startswith("Tom")))
    assert dialog.tell.isChecked()
    dialog.accept()
    assert sorted(calendars(outbox)) == [("priya@example.org", "CANCEL", 1),
                                         ("tom@example.org", "REQUEST", 0)]
    assert len(told) == 1 and told[0].startswith("Email: 2 messages written in")


def test_moving_a_session_lists_who_is_told_and_sends_the_update(window, ctx, outbox, answers):
    s, amy, ben = _session_with_two(ctx)
    messages.send_confirmation(ctx.db, messages.configured_transport(ctx.db), amy.id)
    page = window.open_session(s.id)
    dialog = page.edit()
    dialog.start.setTime(QTime(10, 30))
    dialog.save()
    (question,) = answers.texts
    assert "Amy Booked (amy@example.org)" in question and "Ben Waiting" not in question
    assert catalogue.get_session(ctx.db, s.id).start == s.start + timedelta(minutes=30)
    assert sorted(calendars(outbox)) == [("amy@example.org", "REQUEST", 0),
                                         ("amy@example.org", "REQUEST", 1)]
    assert "Email: 1 message written in" in page.book_box.hint.text()


def test_editing_only_the_notes_asks_nothing(window, ctx, outbox, answers):
    s, _amy, _ben = _session_with_two(ctx)
    page = window.open_session(s.id)
    dialog = page.edit()
    dialog.notes.setPlainText("Bring the handbook")
    dialog.save()
    assert answers.texts == [] and not outbox.exists()
    assert catalogue.get_session(ctx.db, s.id).notes == "Bring the handbook"


def test_cancel_session_sends_cancels_to_places_and_plain_mail_to_the_waiting(
    window, ctx, outbox, answers
):
    s, _amy, _ben = _session_with_two(ctx)
    page = window.open_session(s.id)
    page.cancel_session()
    assert answers.seen == [(True, True)]
    assert sorted(calendars(outbox)) == [("amy@example.org", "CANCEL", 1),
                                         ("ben@example.org", None, None)]
    assert page.people_to_tell.outcome.text().startswith("Email: 2 messages written in")

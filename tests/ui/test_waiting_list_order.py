"""Waiting lists follow the time of asking; a move out of turn is deliberate and audited (item 4)."""

from datetime import timedelta

from PySide6.QtWidgets import QInputDialog
from sqlalchemy import select

from pscp_training.db.models import Booking, Delegate
from pscp_training.domain.enums import BookingStatus
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.bookings.bookings import place_booking
from pscp_training.services.bookings.locking import locked_session
from pscp_training.services.common.audit import session_history
from pscp_training.services.imports.register_import import import_register
from pscp_training.services.sessions import catalogue
from pscp_training.ui.sessions.session_page import SessionPage
from tests import factories as f
from tests.integration.register_data import row, write_rows


def _out_of_order(db) -> list[int]:
    """Sessions whose waiting list numbers people against the time they asked."""
    with db.read() as session:
        waiting = session.execute(
            select(Booking.session_id, Booking.waitlist_position, Booking.booked_at)
            .where(Booking.status == BookingStatus.WAITLISTED.value)
            .order_by(Booking.session_id, Booking.waitlist_position)
        ).all()
    lists: dict[int, list] = {}
    for session_id, _position, asked in waiting:
        lists.setdefault(session_id, []).append(asked)
    return [sid for sid, asked in lists.items() if asked != sorted(asked)]


def test_positions_follow_the_time_of_asking_after_an_import(db, tmp_path):
    later = now_utc() + timedelta(days=60)
    start = later.strftime("%Y-%m-%d 09:30")
    base = dict(session_start=start, session_end=later.strftime("%Y-%m-%d 12:30"), capacity="1",
                attendance="")
    rows = [row(**base, email="a@example.org", booked_at="2026-10-01 09:00"),
            row(**base, email="late@example.org", first_name="Late", booking_status="waitlisted",
                booked_at="2026-11-30 09:00"),
            row(**base, email="early@example.org", first_name="Early",
                booking_status="waitlisted", booked_at="2026-10-23 09:00")]
    import_register(db, write_rows(tmp_path / "w.csv", rows))
    assert _out_of_order(db) == []
    (session,) = catalogue.list_sessions(db, catalogue.SessionFilter())
    waiting = bookings.list_bookings(db, session.id, BookingStatus.WAITLISTED)
    assert [(b.first_name, b.waitlist_position) for b in waiting] == [("Early", 1), ("Late", 2)]


def test_a_booking_entered_later_goes_where_its_time_of_asking_puts_it(db):
    s = f.session(db, capacity=1, start=now_utc() + timedelta(days=30))
    asked = now_utc() - timedelta(days=10)
    bookings.book(db, session_id=s.id, delegate_id=f.delegate(db).id)
    people = [(f.delegate(db, first).id, days) for first, days in (("B", 2), ("C", 8), ("A", 5))]
    # Places taken down on paper and entered afterwards, each with the time the person asked.
    for delegate_id, days in people:
        with db.write() as session:
            place_booking(session, locked_session(session, s.id),
                          session.get(Delegate, delegate_id), now=now_utc(),
                          booked_at=asked + timedelta(days=days))
    waiting = bookings.list_bookings(db, s.id, BookingStatus.WAITLISTED)
    assert [(b.first_name, b.waitlist_position) for b in waiting] == [
        ("B", 1), ("A", 2), ("C", 3)]


def test_a_live_booking_joins_the_end_even_when_its_clock_reads_earlier(db):
    """Two PCs' clocks, or a process that read the clock and then waited for the lock: the
    list keeps the order the database let people in, and the number printed stays true."""
    s = f.session(db, capacity=1, start=now_utc() + timedelta(days=30))
    bookings.book(db, session_id=s.id, delegate_id=f.delegate(db).id)
    first = bookings.book(db, session_id=s.id, delegate_id=f.delegate(db, "First").id,
                          now=f.NOW)
    second = bookings.book(db, session_id=s.id, delegate_id=f.delegate(db, "Second").id,
                           now=f.NOW - timedelta(minutes=1))
    assert (first.waitlist_position, second.waitlist_position) == (1, 2)
    waiting = bookings.list_bookings(db, s.id, BookingStatus.WAITLISTED)
    assert [(b.first_name, b.waitlist_position) for b in waiting] == [("First", 1), ("Second", 2)]


def test_move_up_asks_why_and_the_history_keeps_the_reason(ctx, qtbot, monkeypatch):
    s = f.session(ctx.db, capacity=1, start=now_utc() + timedelta(days=30))
    bookings.book(ctx.db, session_id=s.id, delegate_id=f.delegate(ctx.db).id)
    first = bookings.book(ctx.db, session_id=s.id, delegate_id=f.delegate(ctx.db, "Ann").id)
    second = bookings.book(ctx.db, session_id=s.id,
                           delegate_id=f.delegate(ctx.db, "Ben", "Hall").id)
    page = SessionPage(ctx)
    qtbot.addWidget(page)
    page.show_session(s.id)
    page.bookings.select_booking(first.id)
    assert not page.move_up_button.isEnabled() and page.move_down_button.isEnabled()
    page.bookings.select_booking(second.id)
    assert page.move_up_button.isEnabled() and not page.move_down_button.isEnabled()

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("  ", True))
    page.move_up_button.click()
    assert page.last_message.startswith("Nobody was moved")
    reason = "Priority: the school has no trained DSL"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (reason, True))
    page.move_up_button.click()
    waiting = bookings.list_bookings(ctx.db, s.id, BookingStatus.WAITLISTED)
    assert [(b.full_name, b.waitlist_position) for b in waiting][0] == ("Ben Hall", 1)
    assert page.last_message == f"Ben Hall is now number 1 on the waiting list ({reason})."
    assert page.bookings.selected().id == second.id
    changes = [line.summary for line in session_history(ctx.db, s.id)
               if line.record_id == second.id]
    assert any(reason in text for text in changes), changes

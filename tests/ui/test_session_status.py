"""A session's status as the team says it, in the Sessions list and the session header (item 11)."""

from datetime import timedelta

from PySide6.QtCore import Qt

from pscp_training.domain.enums import Attendance
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.sessions import attendance, catalogue
from pscp_training.ui.sessions.session_page import SessionPage
from pscp_training.ui.sessions.sessions_page import SessionsPage
from tests import factories as f


def _status_column(page) -> int:
    model = page.model
    return next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "Status")


def _book(db, s, n=1):
    return [bookings.book(db, session_id=s.id, delegate_id=f.delegate(db).id) for _ in range(n)]


def test_each_session_says_its_status(ctx, qtbot):
    db, now = ctx.db, now_utc()
    course = f.course(db, code="DSL", title="Designated safeguarding lead").id
    scheduled = f.session(db, course_id=course, capacity=3, start=now + timedelta(days=40))
    _book(db, scheduled)
    full = f.session(db, course_id=course, capacity=2, start=now + timedelta(days=41))
    _book(db, full, 3)
    cancelled = f.session(db, course_id=course, capacity=30, start=now + timedelta(days=42))
    catalogue.cancel_session(db, cancelled.id)
    # Sessions that ran: booked while they were to come, then the clock passed them.
    to_mark = f.session(db, course_id=course, capacity=5, start=now - timedelta(days=3))
    marked = f.session(db, course_id=course, capacity=5, start=now - timedelta(days=2))
    with_places = {}
    for s in (to_mark, marked):
        with_places[s.id] = [bookings.book(db, session_id=s.id, delegate_id=f.delegate(db).id,
                                           now=s.start - timedelta(days=10)) for _ in range(2)]
    for booking in with_places[marked.id]:
        attendance.mark(db, booking.id, Attendance.ATTENDED, now=now)
    attendance.mark(db, with_places[to_mark.id][0].id, Attendance.ATTENDED, now=now)

    page = SessionsPage(ctx)
    qtbot.addWidget(page)
    page.search_box.setText("Designated")
    page.apply_filters()
    column = _status_column(page)
    shown = {page.model.record_at(r).id: page.model.index(r, column).data()
             for r in range(page.model.rowCount())}
    assert shown == {
        scheduled.id: "Scheduled", full.id: "Full", cancelled.id: "Cancelled",
        to_mark.id: "Ran · register to mark", marked.id: "Ran · marked",
    }

    header = SessionPage(ctx)
    qtbot.addWidget(header)
    header.show_session(cancelled.id)
    assert header.fill_label.text() == "Cancelled: it takes no bookings and has no register"
    assert "left" not in header.fill_label.text()
    header.show_session(to_mark.id)
    assert header.fill_label.text() == ("Ran · register to mark · 2 of 5 places booked · "
                                        "1 attended · 1 still to mark")
    header.show_session(marked.id)
    assert header.fill_label.text() == "Ran · marked · 2 of 5 places booked · 2 attended"
    header.show_session(scheduled.id)
    assert header.fill_label.text() == "Scheduled · 1 of 3 places booked · 2 left"
    header.show_session(full.id)
    assert header.fill_label.text() == ("Full · 2 of 2 places booked · 1 on the waiting list")

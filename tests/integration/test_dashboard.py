"""The Home screen's queries on real databases, with a fixed clock."""

from datetime import timedelta

from pscp_training.domain.enums import Attendance
from pscp_training.domain.years import FinancialYear
from pscp_training.services.bookings import bookings
from pscp_training.services.sessions import attendance, catalogue, dashboard, session_copy
from tests import factories
from tests.factories import NOW


def test_upcoming_waiting_and_unmarked(db):
    soon = factories.session(db, capacity=1, start=NOW + timedelta(days=3))
    later = factories.session(db, capacity=5, start=NOW + timedelta(days=27))
    factories.session(db, capacity=5, start=NOW + timedelta(days=29))  # beyond four weeks
    cancelled = factories.session(db, capacity=5, start=NOW + timedelta(days=5))
    catalogue.cancel_session(db, cancelled.id, now=NOW)
    people = [factories.delegate(db) for _ in range(3)]
    for person in people:
        bookings.book(db, session_id=soon.id, delegate_id=person.id, now=NOW)

    past = factories.session(db, capacity=5, start=NOW - timedelta(days=2))
    marked = factories.session(db, capacity=5, start=NOW - timedelta(days=9))
    earlier = NOW - timedelta(days=20)
    past_bookings = [bookings.book(db, session_id=s.id, delegate_id=p.id, now=earlier)
                     for s in (past, marked) for p in people[:2]]
    attendance.mark_register(db, marked.id, {past_bookings[2].id: Attendance.ATTENDED,
                                             past_bookings[3].id: Attendance.ABSENT}, now=NOW)
    attendance.mark(db, past_bookings[0].id, Attendance.ATTENDED, now=NOW)

    upcoming = dashboard.upcoming_sessions(db, now=NOW)
    assert [s.id for s in upcoming] == [soon.id, later.id]
    assert (upcoming[0].booked, upcoming[0].waitlisted) == (1, 2)

    assert [s.id for s in dashboard.sessions_with_waiting_lists(db, now=NOW)] == [soon.id]

    unmarked = dashboard.unmarked_registers(db, now=NOW)
    assert [(u.session.id, u.unmarked) for u in unmarked] == [(past.id, 1)]

    totals = dashboard.year_totals(db, now=NOW)
    assert totals.year == FinancialYear(2022)
    assert (totals.sessions_run, totals.bookings, totals.attendances) == (2, 4, 2)
    assert totals.attendance_pct == 50.0


def test_year_totals_count_headcounts_and_ignore_other_years(db):
    from pscp_training.domain.enums import Agency

    factories.organisation(db, "Portsmouth Hospitals NHS Trust", "Health")
    single = factories.session(db, agency=Agency.SINGLE, capacity=None,
                               start=NOW - timedelta(days=1))
    attendance.set_headcount(db, single.id, "Portsmouth Hospitals NHS Trust", 12, now=NOW)
    factories.session(db, capacity=5, start=NOW - timedelta(days=400))  # 2021-22
    totals = dashboard.year_totals(db, now=NOW)
    assert (totals.sessions_run, totals.bookings, totals.headcount) == (1, 0, 12)
    assert totals.attendance_pct is None


def test_run_again_copies_details_to_a_new_start(db):
    original = factories.session(db, capacity=7, start=NOW + timedelta(days=3), hours=2)
    copy = session_copy.run_again(db, original.id, NOW + timedelta(days=10))
    assert copy.id != original.id
    assert (copy.course_id, copy.capacity, copy.venue) == (original.course_id, 7, original.venue)
    assert copy.start == NOW + timedelta(days=10)
    assert copy.duration_minutes == 120

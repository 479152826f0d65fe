"""Marking registers and recording headcounts."""

from datetime import timedelta

import pytest

from pscp_training.domain.enums import Agency, Attendance
from pscp_training.domain.errors import NotFound, RuleViolation
from pscp_training.services.bookings import bookings
from pscp_training.services.sessions import attendance, catalogue
from tests import factories as f
from tests.factories import NOW

LATER = NOW + timedelta(days=15)  # the day after the default session


def _full_session(db, capacity=2, people=3):
    s = f.session(db, capacity=capacity)
    made = [
        bookings.book(db, session_id=s.id, delegate_id=f.delegate(db).id, now=NOW)
        for _ in range(people)
    ]
    return s, made


def test_mark_one_by_one_and_the_counts_follow(db):
    s, made = _full_session(db)
    attendance.mark(db, made[0].id, Attendance.ATTENDED, now=LATER)
    attendance.mark(db, made[1].id, Attendance.ABSENT, now=LATER)
    record = catalogue.get_session(db, s.id)
    assert (record.booked, record.attended) == (2, 1)


def test_only_confirmed_places_can_be_marked_and_nothing_half_done(db):
    s, made = _full_session(db)
    marks = {made[0].id: Attendance.ATTENDED, made[2].id: Attendance.ATTENDED}  # [2] waitlisted
    with pytest.raises(RuleViolation, match="does not have a confirmed place"):
        attendance.mark_register(db, s.id, marks, now=LATER)
    assert {b.attendance for b in bookings.list_bookings(db, s.id)} == {"unmarked"}


def test_mark_all_attended_marks_only_the_unmarked(db):
    s, made = _full_session(db)
    attendance.mark(db, made[0].id, Attendance.ABSENT, now=LATER)
    changed = attendance.mark_all_attended(db, s.id, now=LATER)
    assert [c.id for c in changed] == [made[1].id]
    states = {b.id: b.attendance for b in bookings.list_bookings(db, s.id)}
    assert states == {made[0].id: "absent", made[1].id: "attended", made[2].id: "unmarked"}


def test_a_register_cannot_be_marked_before_the_day_or_on_a_cancelled_session(db):
    s, made = _full_session(db)
    with pytest.raises(RuleViolation, match="has not happened yet"):
        attendance.mark(db, made[0].id, Attendance.ATTENDED, now=NOW)
    on_the_day = s.start - timedelta(hours=1)
    assert attendance.mark(db, made[0].id, Attendance.ATTENDED, now=on_the_day).attendance == (
        "attended"
    )
    other = f.session(db)
    catalogue.cancel_session(db, other.id, now=NOW)
    with pytest.raises(RuleViolation, match="cancelled"):
        attendance.mark_all_attended(db, other.id, now=LATER)


def test_a_booking_from_another_session_is_refused(db):
    s, _ = _full_session(db)
    _, others = _full_session(db)
    with pytest.raises(NotFound, match="not on this session"):
        attendance.mark_register(db, s.id, {others[0].id: Attendance.ATTENDED}, now=LATER)


def test_headcounts_on_single_agency_sessions_only(db):
    school = f.organisation(db, "Mayfield School", "Education")
    single = f.session(db, agency=Agency.SINGLE, commissioning_organisation=school.name)
    assert catalogue.get_session(db, single.id).commissioning_organisation == "Mayfield School"
    record = attendance.set_headcount(db, single.id, "mayfield school ", 24, now=LATER)
    assert (record.organisation, record.sector, record.count) == ("Mayfield School", "Education", 24)
    attendance.set_headcount(db, single.id, "Mayfield School", 26, now=LATER)
    assert [h.count for h in attendance.list_headcounts(db, single.id)] == [26]
    assert attendance.set_headcount(db, single.id, "Mayfield School", 0, now=LATER) is None
    assert attendance.list_headcounts(db, single.id) == []
    multi = f.session(db)
    with pytest.raises(RuleViolation, match="only for single-agency"):
        attendance.set_headcount(db, multi.id, "Mayfield School", 3, now=LATER)
    with pytest.raises(NotFound, match="no organisation called 'Nowhere'"):
        attendance.set_headcount(db, single.id, "Nowhere", 3, now=LATER)

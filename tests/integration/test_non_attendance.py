"""Non-attendance: a coded reason on every absence and late cancellation, and the year's table."""

from datetime import timedelta

import pytest

from pscp_training.domain.enums import Attendance
from pscp_training.domain.errors import NotFound, RuleViolation
from pscp_training.domain.years import FinancialYear
from pscp_training.services.bookings import bookings
from pscp_training.services.follow_up.non_attendance import (
    NOT_RECORDED,
    follow_ups,
    list_reasons,
    reasons_for_year,
    record_reason,
    save_reason,
)
from pscp_training.services.sessions import attendance
from tests import factories as f
from tests.factories import NOW

AFTER = NOW + timedelta(days=15)
YEAR = FinancialYear(2022)


def _absent_and_late(db):
    """One session two weeks ahead: one absent, one late cancellation, one who came."""
    s = f.session(db, capacity=5)
    made = [bookings.book(db, session_id=s.id, delegate_id=f.delegate(db).id, now=NOW)
            for _ in range(3)]
    bookings.cancel(db, made[1].id, now=s.start - timedelta(hours=20))  # the day before: late
    attendance.mark_register(
        db, s.id, {made[0].id: Attendance.ABSENT, made[2].id: Attendance.ATTENDED}, now=AFTER
    )
    return s, made


def test_the_seeded_list_is_there_and_editable(db):
    labels = [r.label for r in list_reasons(db)]
    assert labels[:3] == ["Illness", "Work pressures", "Safeguarding emergency"]
    assert "No reason given" in labels and "Did not know about the booking" in labels
    added = save_reason(db, reason_id=None, label="  Childcare   problems ")
    assert (added.label, added.code) == ("Childcare problems", "childcare-problems")
    with pytest.raises(RuleViolation, match="already on the list"):
        save_reason(db, reason_id=None, label="illness")
    illness = list_reasons(db)[0]
    save_reason(db, reason_id=illness.id, label="Illness", active=False)
    assert "Illness" not in [r.label for r in list_reasons(db)]
    assert "Illness" in [r.label for r in list_reasons(db, include_inactive=True)]


def test_reasons_on_an_absence_and_a_late_cancellation_make_the_years_table(db):
    s, made = _absent_and_late(db)
    assert {r.booking_id for r in follow_ups(db, year=YEAR, without_reason_only=True)} == {
        made[0].id, made[1].id,
    }
    record_reason(db, made[0].id, "Work pressures", note="Child protection conference", now=AFTER)
    record_reason(db, made[1].id, "illness", now=AFTER)

    table = {row.reason: (row.absences, row.late_cancellations) for row in reasons_for_year(db, YEAR)}
    assert table["Work pressures"] == (1, 0)
    assert table["Illness"] == (0, 1)
    assert table["Safeguarding emergency"] == (0, 0)
    assert table[NOT_RECORDED] == (0, 0)
    assert follow_ups(db, year=YEAR, without_reason_only=True) == []
    noted = follow_ups(db, session_id=s.id)
    assert [(r.reason, r.reason_note) for r in noted if r.booking_id == made[0].id] == [
        ("Work pressures", "Child protection conference")
    ]
    assert reasons_for_year(db, FinancialYear(2021))[-1].total == 0


def test_a_reason_is_refused_where_there_was_no_absence(db):
    s, made = _absent_and_late(db)
    with pytest.raises(RuleViolation, match="not marked absent and did not cancel late"):
        record_reason(db, made[2].id, "illness", now=AFTER)
    with pytest.raises(NotFound, match="not on the list of reasons"):
        record_reason(db, made[0].id, "Alien abduction", now=AFTER)
    table = {row.reason: row.total for row in reasons_for_year(db, YEAR)}
    assert table[NOT_RECORDED] == 2

"""Recording evaluations for attended bookings, chasing the missing ones, the hold-back setting."""

from datetime import UTC, datetime, timedelta

import pytest

from pscp_training.domain.enums import Attendance
from pscp_training.domain.errors import InputError, NotFound, RuleViolation, StaleRecord
from pscp_training.domain.evaluation_records import EvaluationForm, EvaluationSource
from pscp_training.services.bookings import bookings
from pscp_training.services.evaluations import evaluations
from pscp_training.services.sessions import attendance
from tests import factories as f
from tests.factories import NOW

START = datetime(2022, 6, 15, 9, 30, tzinfo=UTC)
AFTER = START + timedelta(days=1)


def _session_with(db, marks, capacity=10):
    """A session whose bookings are marked as given (None = leave unmarked)."""
    s = f.session(db, start=START, capacity=capacity)
    made = []
    for i, mark in enumerate(marks):
        person = f.delegate(db, first=f"Ann{i}", last=f"Zed{i}", email=f"ann{i}@school.org")
        booking = bookings.book(db, session_id=s.id, delegate_id=person.id, now=NOW)
        if mark is not None:
            attendance.mark(db, booking.id, mark, now=AFTER)
        made.append(booking)
    return s, made


GOOD = EvaluationForm(
    overall_rating=5,
    objectives_met=4,
    confidence_before=3,
    confidence_after=8,
    practice_change="  I will record my concerns the same day.  ",
    consent_to_quote=True,
)


def test_an_attended_delegate_evaluation_is_saved_read_back_and_corrected(db):
    _, (booking,) = _session_with(db, [Attendance.ATTENDED])
    saved = evaluations.save_evaluation(db, booking.id, GOOD)
    assert saved.source is EvaluationSource.ENTERED
    read = evaluations.get_evaluation(db, booking.id)
    assert read.practice_change == "I will record my concerns the same day."
    assert (read.overall_rating, read.confidence_before, read.confidence_after) == (5, 3, 8)
    corrected = evaluations.save_evaluation(
        db, booking.id, EvaluationForm(overall_rating=4), expected_version=saved.version
    )
    assert (corrected.overall_rating, corrected.practice_change) == (4, None)
    with pytest.raises(StaleRecord, match="Someone else saved"):
        evaluations.save_evaluation(db, booking.id, GOOD, expected_version=saved.version)
    assert evaluations.delete_evaluation(db, booking.id) is True
    assert evaluations.get_evaluation(db, booking.id) is None
    assert evaluations.delete_evaluation(db, booking.id) is False


def test_absent_unmarked_and_cancelled_bookings_are_refused_with_a_reason(db):
    s, (absent, unmarked, cancelled) = _session_with(db, [Attendance.ABSENT, None, None])
    bookings.cancel(db, cancelled.id, now=NOW)
    with pytest.raises(RuleViolation, match="marked absent"):
        evaluations.save_evaluation(db, absent.id, GOOD)
    with pytest.raises(RuleViolation, match="attendance has not been marked yet"):
        evaluations.save_evaluation(db, unmarked.id, GOOD)
    with pytest.raises(RuleViolation, match=r"no confirmed place .*cancelled"):
        evaluations.save_evaluation(db, cancelled.id, GOOD)
    with pytest.raises(NotFound, match="no booking 999999"):
        evaluations.save_evaluation(db, 999999, GOOD)
    assert evaluations.list_attendees(db, s.id) == []


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (EvaluationForm(overall_rating=6), "Overall rating must be a whole number from 1 to 5"),
        (EvaluationForm(confidence_after=11), "Confidence after the course must be .* 0 to 10"),
        (EvaluationForm(objectives_met=0), "Learning objectives met must be .* 1 to 5"),
        (EvaluationForm(practice_change="   "), "no answers at all"),
    ],
)
def test_answers_out_of_range_are_refused_and_nothing_is_written(db, form, message):
    _, (booking,) = _session_with(db, [Attendance.ATTENDED])
    with pytest.raises(InputError, match=message):
        evaluations.save_evaluation(db, booking.id, form)
    assert evaluations.get_evaluation(db, booking.id) is None


def test_the_chase_list_has_the_attendees_without_an_evaluation_and_their_emails(db):
    s, made = _session_with(
        db, [Attendance.ATTENDED, Attendance.ATTENDED, Attendance.ATTENDED, Attendance.ABSENT]
    )
    evaluations.save_evaluation(db, made[1].id, GOOD)
    everyone = evaluations.list_attendees(db, s.id)
    assert [a.full_name for a in everyone] == ["Ann0 Zed0", "Ann1 Zed1", "Ann2 Zed2"]
    assert [a.evaluation is not None for a in everyone] == [False, True, False]
    chase = evaluations.chase_list(db, s.id)
    assert [a.booking_id for a in chase] == [made[0].id, made[2].id]
    assert evaluations.chase_emails(chase) == "ann0@school.org; ann2@school.org"
    assert [a.booking_id for a in evaluations.list_attendees(db, s.id, evaluated=True)] == [
        made[1].id
    ]


def test_the_hold_back_setting_names_the_bookings_without_an_evaluation(db):
    _, made = _session_with(db, [Attendance.ATTENDED, Attendance.ATTENDED])
    evaluations.save_evaluation(db, made[0].id, GOOD)
    ids = [b.id for b in made]
    assert evaluations.hold_back_certificates(db) is False
    with db.read() as session:
        assert evaluations.held_back_bookings(session, ids) == set()
    evaluations.set_hold_back_certificates(db, True)
    assert evaluations.hold_back_certificates(db) is True
    with db.read() as session:
        assert evaluations.held_back_bookings(session, ids) == {made[1].id}
    evaluations.set_hold_back_certificates(db, False)
    with db.read() as session:
        assert evaluations.held_back_bookings(session, ids) == set()

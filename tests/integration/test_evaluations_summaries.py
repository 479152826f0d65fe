"""Summaries of evaluations, checked against figures worked out by hand on a small dataset.

Course EV1, 2022-23: session 1 (15 Jun 2022) has five attendees, one absent
and one unmarked; three evaluations (A: 5/4, 3->8, consent; B: 4/4, 5->5, no
consent; C: 2/-, 6->4, consent). Session 2 (15 Sep 2022): two attendees, one
evaluation (D: 3/5, 2->9, consent). Course EV2 (10 Oct 2022): one attendee, no
evaluation. EV1 again in 2023-24 (1 May 2023): one attendee, rated 1.
"""

from datetime import UTC, datetime, timedelta

import pytest

from pscp_training.domain.enums import Attendance
from pscp_training.domain.errors import NotFound
from pscp_training.domain.evaluation_records import EvaluationForm
from pscp_training.domain.years import FinancialYear
from pscp_training.services.bookings import bookings
from pscp_training.services.evaluations import evaluation_summaries, evaluations
from pscp_training.services.sessions import attendance
from tests import factories as f
from tests.factories import NOW

SECRET = "My manager never listens to me"


def _attendees(db, course_id, start, marks):
    s = f.session(db, course_id=course_id, start=start, capacity=20)
    made = []
    for mark in marks:
        booking = bookings.book(db, session_id=s.id, delegate_id=f.delegate(db).id, now=NOW)
        if mark is not None:
            attendance.mark(db, booking.id, mark, now=start + timedelta(days=1))
        made.append(booking)
    return s, made


@pytest.fixture
def dataset(db):
    ev1 = f.course(db, code="EV1", title="Neglect: Graded Care Profile")
    ev2 = f.course(db, code="EV2", title="Child Exploitation")
    a = Attendance.ATTENDED
    s1, b1 = _attendees(
        db, ev1.id, datetime(2022, 6, 15, 9, tzinfo=UTC), [a, a, a, a, a, Attendance.ABSENT, None]
    )
    forms = [
        EvaluationForm(5, 4, 3, 8, practice_change="I will use the GCP2 tool", consent_to_quote=True),
        EvaluationForm(4, 4, 5, 5, practice_change=SECRET, other_comments=SECRET),
        EvaluationForm(2, None, 6, 4, other_comments="The room was cold", consent_to_quote=True),
    ]
    for booking, form in zip(b1, forms, strict=False):
        evaluations.save_evaluation(db, booking.id, form)
    s2, b2 = _attendees(db, ev1.id, datetime(2022, 9, 15, 9, tzinfo=UTC), [a, a])
    evaluations.save_evaluation(
        db, b2[0].id,
        EvaluationForm(3, 5, 2, 9, practice_change="Ask about home life", consent_to_quote=True),
    )
    _attendees(db, ev2.id, datetime(2022, 10, 10, 9, tzinfo=UTC), [a])
    _, b4 = _attendees(db, ev1.id, datetime(2023, 5, 1, 9, tzinfo=UTC), [a])
    evaluations.save_evaluation(db, b4[0].id, EvaluationForm(overall_rating=1))
    return db, s1, s2


def test_a_session_summary_matches_the_hand_computed_figures(dataset):
    db, s1, _ = dataset
    summary = evaluation_summaries.summarise_session(db, s1.id)
    assert (summary.sessions, summary.attendances, summary.evaluations) == (1, 5, 3)
    assert summary.response_rate == pytest.approx(0.6)
    overall = summary.rating("overall_rating")
    assert overall.answered == 3
    assert overall.mean == pytest.approx(11 / 3)
    assert overall.distribution == ((1, 0), (2, 1), (3, 0), (4, 1), (5, 1))
    objectives = summary.rating("objectives_met")
    assert (objectives.answered, objectives.mean) == (2, pytest.approx(4.0))
    assert len(summary.rating("confidence_after").distribution) == 11  # 0..10
    gain = summary.confidence
    assert gain.answered == 3
    assert gain.mean_before == pytest.approx(14 / 3)
    assert gain.mean_after == pytest.approx(17 / 3)
    assert gain.mean_gain == pytest.approx(1.0)  # (+5 + 0 - 2) / 3
    assert (gain.improved, gain.same, gain.worse) == (1, 1, 1)
    assert sorted(c.text for c in summary.comments) == ["I will use the GCP2 tool", "The room was cold"]


def test_a_course_summary_covers_its_sessions_and_breaks_them_down(dataset):
    db, s1, s2 = dataset
    whole = evaluation_summaries.summarise_course(db, "ev1")
    assert (whole.sessions, whole.attendances, whole.evaluations) == (3, 8, 5)
    year = evaluation_summaries.summarise_course(db, "EV1", FinancialYear.parse("2022-23"))
    assert (year.sessions, year.attendances, year.evaluations) == (2, 7, 4)
    assert year.rating("overall_rating").mean == pytest.approx(3.5)  # (5+4+2+3)/4
    assert year.confidence.mean_gain == pytest.approx(2.5)  # (5+0-2+7)/4
    assert (year.confidence.improved, year.confidence.same, year.confidence.worse) == (2, 1, 1)
    lines = [(b.attendances, b.evaluations, b.mean_overall) for b in year.breakdown]
    assert lines == [(5, 3, pytest.approx(11 / 3)), (2, 1, pytest.approx(3.0))]
    assert year.breakdown[1].response_rate == pytest.approx(0.5)
    assert "15 Sep 2022" in year.breakdown[1].label


def test_a_year_summary_counts_every_course_of_that_year_only(dataset):
    db, _, _ = dataset
    summary = evaluation_summaries.summarise_year(db, FinancialYear.parse("2022-23"))
    assert (summary.sessions, summary.attendances, summary.evaluations) == (3, 8, 4)
    assert summary.response_rate == pytest.approx(0.5)
    assert summary.rating("overall_rating").distribution[0] == (1, 0)  # 2023-24's 1 left out
    assert [(b.label, b.attendances, b.evaluations) for b in summary.breakdown] == [
        ("EV1 Neglect: Graded Care Profile", 7, 4),
        ("EV2 Child Exploitation", 1, 0),
    ]
    assert summary.breakdown[1].response_rate == 0.0
    assert summary.breakdown[1].mean_overall is None


def test_a_comment_without_consent_never_appears_in_a_summary(dataset):
    db, s1, _ = dataset
    for summary in (
        evaluation_summaries.summarise_session(db, s1.id),
        evaluation_summaries.summarise_course(db, "EV1"),
        evaluation_summaries.summarise_year(db, FinancialYear.parse("2022-23")),
    ):
        assert summary.comments
        assert SECRET not in repr(summary)


def test_an_empty_year_and_unknown_scopes(db):
    empty = evaluation_summaries.summarise_year(db, FinancialYear.parse("2019-20"))
    assert (empty.attendances, empty.evaluations, empty.response_rate) == (0, 0, None)
    assert empty.rating("overall_rating").mean is None
    assert empty.confidence.mean_gain is None
    with pytest.raises(NotFound, match="no course with the code 'NOPE'"):
        evaluation_summaries.summarise_course(db, "NOPE")
    with pytest.raises(NotFound, match="no session 424242"):
        evaluation_summaries.summarise_session(db, 424242)

"""The arithmetic of evaluation summaries, without a database, against figures worked by hand."""

from datetime import UTC, datetime

import pytest

from pscp_training.services.evaluations.evaluation_summaries import AttendanceAnswers, build_summary

START = datetime(2022, 6, 15, 9, tzinfo=UTC)


def _answers(overall=None, objectives=None, before=None, after=None, text=None, consent=False):
    return {
        "overall_rating": overall, "objectives_met": objectives,
        "confidence_before": before, "confidence_after": after,
        "practice_change": text, "other_comments": None, "consent_to_quote": consent,
    }


def _row(answers, session_id=1, course="C1"):
    return AttendanceAnswers(session_id, START, course, f"Course {course}", answers)


def test_means_distributions_and_gains_of_a_small_set():
    rows = [
        _row(_answers(5, 4, 2, 9, "Quote me", consent=True)),
        _row(_answers(3, None, 7, 7, "Private")),
        _row(_answers(4, 2, None, 6)),  # before not answered: no gain counted
        _row(_answers(1, 5, 8, 3), session_id=2, course="C2"),
        _row(None),  # attended, no evaluation
    ]
    summary = build_summary("year", "2022-23", rows, lambda r: r.course_code)
    assert (summary.sessions, summary.attendances, summary.evaluations) == (2, 5, 4)
    assert summary.response_rate == pytest.approx(0.8)
    overall = summary.rating("overall_rating")
    assert overall.mean == pytest.approx(13 / 4)
    assert overall.distribution == ((1, 1), (2, 0), (3, 1), (4, 1), (5, 1))
    assert summary.rating("objectives_met").answered == 3
    assert summary.rating("confidence_after").mean == pytest.approx(25 / 4)
    gain = summary.confidence
    assert gain.answered == 3
    assert gain.mean_gain == pytest.approx((7 + 0 - 5) / 3)
    assert (gain.improved, gain.same, gain.worse) == (1, 1, 1)
    assert [c.text for c in summary.comments] == ["Quote me"]
    assert [(b.label, b.attendances, b.evaluations) for b in summary.breakdown] == [
        ("C1", 4, 3), ("C2", 1, 1)]
    assert summary.breakdown[0].mean_overall == pytest.approx(4.0)


def test_consent_must_be_given_for_a_comment_to_be_quoted():
    rows = [_row(_answers(text="Not given", consent=False)), _row(_answers(text="   ", consent=True))]
    assert build_summary("session", "s", rows).comments == ()

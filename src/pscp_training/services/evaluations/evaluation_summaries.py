"""Summaries of evaluations per session, per course and per financial year.

Response rate is evaluations / attendances (named delegates marked attended on
sessions that ran); means are over the answers given; comments appear only
when their author consented to be quoted.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Course, TrainingSession
from pscp_training.db.models_evaluation import Evaluation
from pscp_training.domain.enums import Attendance, BookingStatus, SessionStatus
from pscp_training.domain.errors import NotFound
from pscp_training.domain.evaluation_records import (
    RATING_QUESTIONS,
    TEXT_QUESTIONS,
    ConfidenceGain,
    EvaluationSummary,
    QuotableComment,
    RatingSummary,
    SummaryLine,
)
from pscp_training.domain.years import FinancialYear, to_local


@dataclass(frozen=True)
class AttendanceAnswers:
    """One attendance and its evaluation's answers (None when there is no evaluation)."""

    session_id: int
    session_start: datetime
    course_code: str
    course_title: str
    answers: dict | None


def _attendances_query() -> Select:
    return (
        select(
            TrainingSession.id,
            TrainingSession.start_at,
            Course.code,
            Course.title,
            Evaluation,
        )
        .select_from(Booking)
        .join(TrainingSession, Booking.session_id == TrainingSession.id)
        .join(Course, TrainingSession.course_id == Course.id)
        .outerjoin(Evaluation, Evaluation.booking_id == Booking.id)
        .where(
            Booking.status == BookingStatus.BOOKED.value,
            Booking.attendance == Attendance.ATTENDED.value,
            TrainingSession.status != SessionStatus.CANCELLED.value,
        )
        .order_by(TrainingSession.start_at, Course.code, Booking.id)
    )


def _answers(row: Evaluation | None) -> dict | None:
    if row is None:
        return None
    names = [name for name, *_ in RATING_QUESTIONS] + [name for name, _ in TEXT_QUESTIONS]
    answers = {name: getattr(row, name) for name in names}
    answers["consent_to_quote"] = row.consent_to_quote
    return answers


def _fetch(session: Session, query: Select) -> list[AttendanceAnswers]:
    return [
        AttendanceAnswers(sid, start, code, title, _answers(evaluation))
        for sid, start, code, title, evaluation in session.execute(query).all()
    ]


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def rating_summary(question: str, label: str, low: int, high: int, values: Sequence[int]):
    counts = {score: 0 for score in range(low, high + 1)}
    for value in values:
        counts[value] += 1
    return RatingSummary(
        question=question,
        label=label,
        low=low,
        high=high,
        answered=len(values),
        mean=_mean(values),
        distribution=tuple(counts.items()),
    )


def confidence_gain(evaluations: Sequence[dict]) -> ConfidenceGain:
    pairs = [
        (e["confidence_before"], e["confidence_after"])
        for e in evaluations
        if e["confidence_before"] is not None and e["confidence_after"] is not None
    ]
    gains = [after - before for before, after in pairs]
    return ConfidenceGain(
        answered=len(pairs),
        mean_before=_mean([b for b, _ in pairs]),
        mean_after=_mean([a for _, a in pairs]),
        mean_gain=_mean(gains),
        improved=sum(1 for g in gains if g > 0),
        same=sum(1 for g in gains if g == 0),
        worse=sum(1 for g in gains if g < 0),
    )


def _comments(rows: Sequence[AttendanceAnswers]) -> tuple[QuotableComment, ...]:
    found = []
    for row in rows:
        answers = row.answers
        # Consent is the only gate: without it a comment never leaves the database.
        if not answers or answers["consent_to_quote"] is not True:
            continue
        for name, label in TEXT_QUESTIONS:
            text = (answers[name] or "").strip()
            if text:
                found.append(QuotableComment(label, text, row.course_code, row.session_start))
    return tuple(found)


def build_summary(
    scope: str,
    title: str,
    rows: Sequence[AttendanceAnswers],
    breakdown_by: Callable[[AttendanceAnswers], str] | None = None,
) -> EvaluationSummary:
    """The figures of a set of attendances; `breakdown_by` labels the lines of a breakdown."""
    evaluations = [row.answers for row in rows if row.answers is not None]
    ratings = tuple(
        rating_summary(
            name, label, low, high, [e[name] for e in evaluations if e[name] is not None]
        )
        for name, label, low, high in RATING_QUESTIONS
    )
    breakdown: list[SummaryLine] = []
    if breakdown_by is not None:
        groups: dict[str, list[AttendanceAnswers]] = defaultdict(list)
        for row in rows:
            groups[breakdown_by(row)].append(row)
        for label, members in groups.items():
            part = build_summary(scope, label, members)
            breakdown.append(
                SummaryLine(
                    label=label,
                    attendances=part.attendances,
                    evaluations=part.evaluations,
                    response_rate=part.response_rate,
                    mean_overall=part.rating("overall_rating").mean,
                    mean_gain=part.confidence.mean_gain,
                )
            )
    return EvaluationSummary(
        scope=scope,
        title=title,
        sessions=len({row.session_id for row in rows}),
        attendances=len(rows),
        evaluations=len(evaluations),
        ratings=ratings,
        confidence=confidence_gain(evaluations),
        comments=_comments(rows),
        breakdown=tuple(breakdown),
    )


def _session_label(row: AttendanceAnswers) -> str:
    return f"{to_local(row.session_start):%d %b %Y %H:%M} (session {row.session_id})"


def summarise_session(db: Database, session_id: int) -> EvaluationSummary:
    """The evaluations of one session. Raises NotFound."""
    with db.read() as session:
        found = session.get(TrainingSession, session_id)
        if found is None:
            raise NotFound(f"There is no session {session_id}.")
        title = (
            f"{found.course.code} {found.course.title}, "
            f"{to_local(found.start_at):%d %b %Y %H:%M}"
        )
        rows = _fetch(session, _attendances_query().where(TrainingSession.id == session_id))
    return build_summary("session", title, rows)


def summarise_course(
    db: Database, course_code: str, year: FinancialYear | None = None
) -> EvaluationSummary:
    """The evaluations of every session of a course (of one year, if given), session by session.

    Raises NotFound.
    """
    with db.read() as session:
        course = session.scalar(
            select(Course).where(func.lower(Course.code) == course_code.strip().lower())
        )
        if course is None:
            raise NotFound(f"There is no course with the code '{course_code.strip()}'.")
        title = f"{course.code} {course.title}" + (f", {year.label}" if year else "")
        query = _attendances_query().where(Course.id == course.id)
        if year is not None:
            lo, hi = year.utc_bounds()
            query = query.where(TrainingSession.start_at >= lo, TrainingSession.start_at < hi)
        rows = _fetch(session, query)
    return build_summary("course", title, rows, _session_label)


def summarise_year(db: Database, year: FinancialYear) -> EvaluationSummary:
    """The evaluations of every session of a financial year, course by course."""
    lo, hi = year.utc_bounds()
    query = _attendances_query().where(
        TrainingSession.start_at >= lo, TrainingSession.start_at < hi
    )
    with db.read() as session:
        rows = _fetch(session, query)
    summary = build_summary(
        "year", f"Financial year {year.label}", rows, lambda r: f"{r.course_code} {r.course_title}"
    )
    ordered = tuple(sorted(summary.breakdown, key=lambda line: line.label.casefold()))
    return replace(summary, breakdown=ordered)

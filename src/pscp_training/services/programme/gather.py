"""Gathering a period's published sessions into one Programme record, grouped by theme."""

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Course, TrainingSession
from pscp_training.domain.enums import Agency, Delivery, SessionStatus
from pscp_training.domain.programme import (
    OTHER_THEME,
    DateEntry,
    Programme,
    ProgrammeCourse,
    ProgrammePeriod,
    ProgrammeSession,
    ProgrammeTheme,
    outcome_lines,
)
from pscp_training.domain.years import now_utc, to_local
from pscp_training.services.common.mapping import booking_counts
from pscp_training.services.settings.certificate_settings import read_certificate_settings


def sequence_of(session_version: int, course_version: int) -> int:
    """A feed's SEQUENCE: 0 when first published, one more for every later save.

    Both version counters only ever go up (optimistic locking bumps them on every saved
    change), so their sum does too: editing the session (its time, venue, cancelling it)
    or its course (the title in SUMMARY) raises it; a booking, which changes neither
    row, does not.
    """
    return max(session_version - 1, 0) + max(course_version - 1, 0)


def _session(row: TrainingSession, booked: int, now: datetime) -> ProgrammeSession:
    return ProgrammeSession(
        id=row.id,
        start=row.start_at,
        end=row.end_at,
        delivery=Delivery(row.delivery),
        venue=row.venue,
        status=SessionStatus(row.status),
        capacity=row.capacity,
        booked=int(booked or 0),
        sequence=sequence_of(row.version, row.course.version),
        updated_at=row.updated_at,
        past=row.start_at <= now,
    )


def _course(row: Course, sessions: list[ProgrammeSession]) -> ProgrammeCourse:
    return ProgrammeCourse(
        id=row.id,
        code=row.code,
        title=row.title,
        theme=row.category or OTHER_THEME,
        on_request=row.agency == Agency.SINGLE.value,
        description=row.description,
        audience=row.audience,
        learning_outcomes=tuple(outcome_lines(row.learning_outcomes)),
        length_minutes=row.default_duration_minutes,
        how_to_book=row.how_to_book,
        sessions=tuple(sessions),
    )


def _themes(courses: list[ProgrammeCourse]) -> tuple[ProgrammeTheme, ...]:
    """Themes with dates A to Z, then those only on request, 'Other courses' last of each.

    In a theme, courses with dates come first, by title.
    """
    grouped: dict[str, list[ProgrammeCourse]] = defaultdict(list)
    for course in courses:
        grouped[course.theme].append(course)

    def order(name: str) -> tuple:
        only_on_request = all(c.on_request for c in grouped[name])
        return (only_on_request, name == OTHER_THEME, name.casefold())

    names = sorted(grouped, key=order)
    return tuple(
        ProgrammeTheme(
            name,
            tuple(sorted(grouped[name], key=lambda c: (c.on_request, c.title.casefold(), c.code))),
        )
        for name in names
    )


def read_programme(
    session: Session, period: ProgrammePeriod, *, now: datetime | None = None
) -> Programme:
    """The programme inside an open transaction.

    Published means: the period's multi-agency sessions that are scheduled (cancelled
    ones are kept apart, for the feed), and every active single-agency course once,
    offered on request.
    """
    now = now or now_utc()
    lo, hi = period.utc_bounds()
    # Counted for the period's sessions only, not for every booking ever made.
    counts = (
        booking_counts()
        .join(TrainingSession, TrainingSession.id == Booking.session_id)
        .where(TrainingSession.start_at >= lo, TrainingSession.start_at < hi)
        .subquery()
    )
    rows = session.execute(
        select(TrainingSession, counts.c.booked)
        .join(TrainingSession.course)
        .outerjoin(counts, counts.c.session_id == TrainingSession.id)
        .where(
            TrainingSession.start_at >= lo,
            TrainingSession.start_at < hi,
            Course.agency == Agency.MULTI.value,
        )
        .order_by(TrainingSession.start_at, TrainingSession.id)
    ).all()
    by_course: dict[int, list[ProgrammeSession]] = defaultdict(list)
    course_rows: dict[int, Course] = {}
    cancelled: list[tuple[ProgrammeSession, Course]] = []
    for row, booked in rows:
        record = _session(row, booked, now)
        if record.status == SessionStatus.CANCELLED:
            cancelled.append((record, row.course))
        else:
            by_course[row.course_id].append(record)
            course_rows[row.course_id] = row.course
    courses = [_course(course_rows[cid], sessions) for cid, sessions in by_course.items()]
    on_request = session.scalars(
        select(Course).where(Course.agency == Agency.SINGLE.value, Course.active.is_(True))
    ).all()
    courses += [_course(row, []) for row in on_request]
    settings = read_certificate_settings(session)
    return Programme(
        period=period,
        partnership_name=settings.partnership_name,
        logo_png=settings.logo_png,
        produced=to_local(now).date(),
        themes=_themes(courses),
        cancelled=tuple(
            DateEntry(record, _course(course, [])) for record, course in cancelled
        ),
    )


def gather_programme(
    db: Database, period: ProgrammePeriod, *, now: datetime | None = None
) -> Programme:
    """The period's published programme as at `now`, read in one transaction."""
    with db.read() as session:
        return read_programme(session, period, now=now)


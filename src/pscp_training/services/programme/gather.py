"""Gathering a period's published sessions into one Programme record, grouped by theme."""

from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Course, TrainingSession
from pscp_training.domain.enums import Agency, BookingStatus, Delivery, SessionStatus
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
from pscp_training.services.settings.certificate_settings import read_certificate_settings


def sequence_of(session_version: int, course_version: int) -> int:
    """A feed's SEQUENCE: 0 when first published, one more for every later save.

    Both version counters only ever go up (optimistic locking bumps them on every saved
    change), so their sum does too: editing the session (its time, venue, cancelling it)
    or its course (the title in SUMMARY) raises it; a booking, which changes neither
    row, does not.
    """
    return max(session_version - 1, 0) + max(course_version - 1, 0)


_SESSION_COLUMNS = (
    TrainingSession.id, TrainingSession.course_id, TrainingSession.start_at,
    TrainingSession.end_at, TrainingSession.delivery, TrainingSession.venue,
    TrainingSession.status, TrainingSession.capacity, TrainingSession.version,
    TrainingSession.updated_at,
)
_COURSE_COLUMNS = (
    Course.id, Course.code, Course.title, Course.category, Course.agency,
    Course.description, Course.audience, Course.learning_outcomes,
    Course.default_duration_minutes, Course.how_to_book, Course.version,
)


_DELIVERY = {d.value: d for d in Delivery}
_STATUS = {s.value: s for s in SessionStatus}


def _session(row, course_version: int, now: datetime) -> ProgrammeSession:
    """A session from a row of _SESSION_COLUMNS and its confirmed places (unpacked once:
    reading a Row's fields by name costs more than the record itself)."""
    (sid, _course_id, start, end, delivery, venue, status, capacity, version, updated,
     booked) = row
    return ProgrammeSession(
        id=sid,
        start=start,
        end=end,
        delivery=_DELIVERY[delivery],
        venue=venue,
        status=_STATUS[status],
        capacity=capacity,
        booked=int(booked or 0),
        sequence=sequence_of(version, course_version),
        updated_at=updated,
        past=start <= now,
    )


def _course(row, sessions: list[ProgrammeSession]) -> ProgrammeCourse:
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
    # Plain rows, not ORM objects (a year has thousands of sessions); each session's
    # confirmed places counted through the (session_id, status) index.
    booked = (
        select(func.count())
        .where(Booking.session_id == TrainingSession.id,
               Booking.status == BookingStatus.BOOKED.value)
        .correlate(TrainingSession)
        .scalar_subquery()
    )
    # Through the connection: plain rows without the ORM's loading machinery.
    connection = session.connection()
    rows = connection.execute(
        select(*_SESSION_COLUMNS, booked.label("booked"))
        .join(Course, Course.id == TrainingSession.course_id)
        .where(
            TrainingSession.start_at >= lo,
            TrainingSession.start_at < hi,
            Course.agency == Agency.MULTI.value,
        )
        .order_by(TrainingSession.start_at, TrainingSession.id)
    ).all()
    course_rows = {
        row.id: row
        for row in connection.execute(
            select(*_COURSE_COLUMNS).where(
                Course.id.in_({row[1] for row in rows})
                | ((Course.agency == Agency.SINGLE.value) & Course.active.is_(True))
            )
        )
    }
    by_course: dict[int, list[ProgrammeSession]] = defaultdict(list)
    cancelled: list[tuple[ProgrammeSession, int]] = []
    versions = {cid: row.version for cid, row in course_rows.items()}
    for row in rows:
        course_id = row[1]
        record = _session(row, versions[course_id], now)
        if record.status is SessionStatus.CANCELLED:
            cancelled.append((record, course_id))
        else:
            by_course[course_id].append(record)
    courses = [_course(course_rows[cid], sessions) for cid, sessions in by_course.items()]
    courses += [
        _course(row, []) for row in course_rows.values()
        if row.agency == Agency.SINGLE.value
    ]
    settings = read_certificate_settings(session)
    return Programme(
        period=period,
        partnership_name=settings.partnership_name,
        logo_png=settings.logo_png,
        produced=to_local(now).date(),
        themes=_themes(courses),
        cancelled=tuple(
            DateEntry(record, _course(course_rows[cid], [])) for record, cid in cancelled
        ),
    )


def gather_programme(
    db: Database, period: ProgrammePeriod, *, now: datetime | None = None
) -> Programme:
    """The period's published programme as at `now`, read in one transaction."""
    with db.read() as session:
        return read_programme(session, period, now=now)


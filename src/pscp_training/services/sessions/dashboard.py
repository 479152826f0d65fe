"""The Home screen's questions: what is coming up, what needs marking, who is waiting, the year so far."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Course, Headcount, TrainingSession
from pscp_training.domain.enums import Attendance, BookingStatus, SessionStatus
from pscp_training.domain.records import SessionRecord
from pscp_training.domain.years import FinancialYear, now_utc
from pscp_training.services.common.mapping import booking_counts, session_record
from pscp_training.services.sessions.catalogue import SessionFilter, list_sessions

UPCOMING_DAYS = 28
LIST_LIMIT = 50

BOOKED = BookingStatus.BOOKED.value
SCHEDULED = SessionStatus.SCHEDULED.value


@dataclass(frozen=True)
class UnmarkedRegister:
    """A session that has taken place with confirmed places whose attendance is not marked."""

    session: SessionRecord
    unmarked: int


@dataclass(frozen=True)
class YearTotals:
    """The financial year so far: sessions that ran, their bookings and attendances."""

    year: FinancialYear
    sessions_run: int
    bookings: int
    attendances: int
    headcount: int

    @property
    def attendance_pct(self) -> float | None:
        return None if not self.bookings else round(self.attendances / self.bookings * 100, 1)


def upcoming_sessions(
    db: Database, *, now: datetime | None = None, days: int = UPCOMING_DAYS
) -> list[SessionRecord]:
    """Scheduled sessions starting from now until `days` ahead, soonest first, with their fill."""
    now = now or now_utc()
    flt = SessionFilter(
        status=SessionStatus.SCHEDULED, starts_from=now, starts_before=now + timedelta(days=days)
    )
    return list_sessions(db, flt, sort="start", limit=LIST_LIMIT * 4)


def _has_booking(**conditions):
    """EXISTS a booking of this session with these values (an index probe per session)."""
    query = select(Booking.id).where(Booking.session_id == TrainingSession.id)
    for name, value in conditions.items():
        query = query.where(getattr(Booking, name) == value)
    return query.exists()


def _with_counts(session, rows) -> list[SessionRecord]:
    """Records for a short list of sessions, their bookings counted for them alone."""
    ids = [row.id for row in rows]
    tallies = {
        t.session_id: t
        for t in session.execute(booking_counts().where(Booking.session_id.in_(ids)))
    } if ids else {}
    return [
        session_record(row, tallies[row.id].booked, tallies[row.id].waitlisted,
                       tallies[row.id].attended, unmarked=tallies[row.id].unmarked)
        if row.id in tallies else session_record(row)
        for row in rows
    ]


def unmarked_registers(
    db: Database, *, now: datetime | None = None, limit: int = LIST_LIMIT
) -> list[UnmarkedRegister]:
    """Sessions that started before now with confirmed places still unmarked, newest first."""
    now = now or now_utc()
    query = (
        select(TrainingSession)
        .where(TrainingSession.start_at < now, TrainingSession.status == SCHEDULED)
        .where(_has_booking(status=BOOKED, attendance=Attendance.UNMARKED.value))
        .order_by(TrainingSession.start_at.desc(), TrainingSession.id)
        .limit(limit)
    )
    with db.read() as session:
        rows = session.scalars(query).unique().all()
        ids = [row.id for row in rows]
        unmarked = dict(session.execute(
            select(Booking.session_id, func.count())
            .where(Booking.session_id.in_(ids), Booking.status == BOOKED,
                   Booking.attendance == Attendance.UNMARKED.value)
            .group_by(Booking.session_id)
        ).all()) if ids else {}
        return [
            UnmarkedRegister(record, int(unmarked.get(record.id, 0)))
            for record in _with_counts(session, rows)
        ]


def sessions_with_waiting_lists(
    db: Database, *, now: datetime | None = None, limit: int = LIST_LIMIT
) -> list[SessionRecord]:
    """Scheduled sessions still to come that have people on their waiting list, soonest first."""
    now = now or now_utc()
    query = (
        select(TrainingSession)
        .where(TrainingSession.start_at >= now, TrainingSession.status == SCHEDULED)
        .where(_has_booking(status=BookingStatus.WAITLISTED.value))
        .order_by(TrainingSession.start_at, TrainingSession.id)
        .limit(limit)
    )
    with db.read() as session:
        return _with_counts(session, session.scalars(query).unique().all())


def year_totals(
    db: Database, year: FinancialYear | None = None, *, now: datetime | None = None
) -> YearTotals:
    """This financial year so far, counted as the workforce report counts: sessions that ran
    (not cancelled, started before now), their confirmed bookings and named attendances,
    and the headcounts of unnamed attendees."""
    now = now or now_utc()
    year = year or FinancialYear.of(now)
    lo, hi = year.utc_bounds()
    ran = (
        select(TrainingSession.id)
        .join(Course, Course.id == TrainingSession.course_id)
        .where(
            TrainingSession.start_at >= lo,
            TrainingSession.start_at < hi,
            TrainingSession.start_at < now,
            TrainingSession.status != SessionStatus.CANCELLED.value,
        )
    )
    with db.read() as session:
        sessions_run = session.scalar(select(func.count()).select_from(ran.subquery())) or 0
        bookings, attendances = session.execute(
            select(
                func.count(),
                func.sum(case((Booking.attendance == Attendance.ATTENDED.value, 1), else_=0)),
            ).where(Booking.session_id.in_(ran), Booking.status == BOOKED)
        ).one()
        headcount = session.scalar(
            select(func.sum(Headcount.count)).where(Headcount.session_id.in_(ran))
        )
    return YearTotals(
        year=year,
        sessions_run=int(sessions_run),
        bookings=int(bookings or 0),
        attendances=int(attendances or 0),
        headcount=int(headcount or 0),
    )

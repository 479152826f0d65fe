"""Walk-ins: people who attended without booking, added to the register from the sign-in sheet."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, TrainingSession
from pscp_training.domain.enums import Attendance, BookingStatus, SessionStatus
from pscp_training.domain.errors import RuleViolation
from pscp_training.domain.follow_up_records import PersonDetails
from pscp_training.domain.records import BookingRecord
from pscp_training.domain.years import now_utc, to_local
from pscp_training.services.bookings.locking import locked_session
from pscp_training.services.common.mapping import booking_record
from pscp_training.services.people.people import ensure_delegate

BOOKED = BookingStatus.BOOKED.value
WAITLISTED = BookingStatus.WAITLISTED.value


def _check_register_open(row: TrainingSession, now: datetime) -> None:
    if row.status == SessionStatus.CANCELLED.value:
        raise RuleViolation("This session was cancelled, so nobody can be added to its register.")
    if to_local(row.start_at).date() > to_local(now).date():
        raise RuleViolation(
            "This session has not happened yet: book the person instead. Walk-ins are "
            "added to the register from the day the session runs."
        )


def renumber_waiting_list(session: Session, session_id: int) -> None:
    entries = session.scalars(
        select(Booking)
        .where(Booking.session_id == session_id, Booking.status == WAITLISTED)
        .order_by(Booking.waitlist_position, Booking.id)
    )
    for position, entry in enumerate(entries, start=1):
        entry.waitlist_position = position
    session.flush()


def add_walk_in(
    db: Database, session_id: int, person: PersonDetails, *, now: datetime | None = None
) -> BookingRecord:
    """Add someone who attended without booking: a confirmed, attended walk-in booking.

    The person is found or created like any delegate. A walk-in may take the
    session over its capacity (they were in the room). Someone who had
    cancelled or was on the waiting list becomes a walk-in on the same booking.
    Raises InputError (blank name, bad email, new organisation without a
    sector), NotFound, RuleViolation (future or cancelled session, already
    has a place).
    """
    now = now or now_utc()
    with db.write() as session:
        row = locked_session(session, session_id)
        _check_register_open(row, now)
        delegate, _ = ensure_delegate(
            session,
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
            organisation=person.organisation,
            sector=person.sector,
            job_role=person.job_role,
        )
        booking = session.scalar(
            select(Booking).where(Booking.session_id == row.id, Booking.delegate_id == delegate.id)
        )
        name = f"{delegate.first_name} {delegate.last_name}"
        if booking is not None and booking.status == BOOKED:
            raise RuleViolation(
                f"{name} already has a place on this session: mark them attended on the "
                "register instead of adding them as a walk-in."
            )
        was_waiting = booking is not None and booking.status == WAITLISTED
        if booking is None:
            booking = Booking(session_id=row.id, delegate_id=delegate.id)
            session.add(booking)
        booking.status = BOOKED
        booking.waitlist_position = None
        booking.booked_at = booking.booked_at or now
        booking.cancelled_at = None
        booking.cancelled_from = None
        booking.late_cancellation = False
        booking.walk_in = True
        booking.attendance = Attendance.ATTENDED.value
        booking.organisation_id = delegate.organisation_id
        booking.sector_id = delegate.organisation.sector_id if delegate.organisation else None
        session.flush()
        if was_waiting:
            renumber_waiting_list(session, row.id)
        session.refresh(booking)
        return booking_record(booking)


def list_walk_ins(db: Database, session_id: int) -> list[BookingRecord]:
    """The walk-ins of a session, by name."""
    with db.read() as session:
        rows = session.scalars(
            select(Booking)
            .where(Booking.session_id == session_id, Booking.walk_in.is_(True))
            .order_by(Booking.id)
        )
        records = [booking_record(b) for b in rows]
    return sorted(records, key=lambda r: (r.last_name.casefold(), r.first_name.casefold()))


def count_walk_ins(db: Database, starts_from: datetime, starts_before: datetime) -> int:
    """Walk-ins on sessions that started in [starts_from, starts_before) (a year's figure)."""
    with db.read() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(Booking)
                .join(TrainingSession, TrainingSession.id == Booking.session_id)
                .where(
                    Booking.walk_in.is_(True),
                    Booking.status == BOOKED,
                    TrainingSession.start_at >= starts_from,
                    TrainingSession.start_at < starts_before,
                )
            )
            or 0
        )

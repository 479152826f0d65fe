"""Booking rules: book, waiting list, cancel with promotion, transfer, capacity changes."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Delegate, TrainingSession
from pscp_training.domain.enums import Attendance, BookingStatus, SessionStatus
from pscp_training.domain.errors import InputError, NotFound, RuleViolation
from pscp_training.domain.records import BookingRecord, CancelResult, SessionRecord
from pscp_training.domain.rules import is_late_cancellation
from pscp_training.domain.years import now_utc, to_local
from pscp_training.services.bookings.locking import locked_booking, locked_session
from pscp_training.services.common.mapping import (
    booking_record,
    booking_record_from_row,
    booking_rows,
    session_record_with_counts,
)
from pscp_training.services.common.versions import check_version
from pscp_training.services.follow_up.charge_rules import raise_charges
from pscp_training.services.settings.team_settings import notice_working_days

BOOKED = BookingStatus.BOOKED.value
WAITLISTED = BookingStatus.WAITLISTED.value
CANCELLED = BookingStatus.CANCELLED.value


def _describe(row: TrainingSession) -> str:
    return f"{row.course.title} on {to_local(row.start_at).strftime('%d %B %Y')}"


def confirmed_count(session: Session, session_id: int) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Booking)
        .where(Booking.session_id == session_id, Booking.status == BOOKED)
    ) or 0


def _waiting_list(session: Session, session_id: int) -> list[Booking]:
    return list(
        session.scalars(
            select(Booking)
            .where(Booking.session_id == session_id, Booking.status == WAITLISTED)
            .order_by(Booking.waitlist_position, Booking.id)
        )
    )


def _renumber_waiting_list(session: Session, session_id: int) -> None:
    entries = _waiting_list(session, session_id)
    for position, entry in enumerate(entries, start=1):
        entry.waitlist_position = position
    session.flush()


def _check_bookable(row: TrainingSession, now: datetime, *, past: bool = False) -> None:
    if row.status == SessionStatus.CANCELLED.value:
        raise RuleViolation(f"{_describe(row)} has been cancelled, so it cannot take bookings.")
    if row.start_at <= now and not past:
        raise RuleViolation(
            f"{_describe(row)} has already taken place, so it cannot take bookings. "
            "Add someone who came without booking as a walk-in on the register."
        )


def promote_waiting_list(session: Session, row: TrainingSession) -> list[Booking]:
    """Give free places to the waiting list, first come first served."""
    promoted: list[Booking] = []
    if row.status == SessionStatus.CANCELLED.value:
        return promoted
    confirmed = confirmed_count(session, row.id)
    for entry in _waiting_list(session, row.id):
        if row.capacity is not None and confirmed >= row.capacity:
            break
        entry.status = BOOKED
        entry.waitlist_position = None
        confirmed += 1
        promoted.append(entry)
    session.flush()
    if promoted:
        _renumber_waiting_list(session, row.id)
    return promoted


def place_booking(
    session: Session,
    row: TrainingSession,
    delegate: Delegate,
    *,
    now: datetime,
    booked_at: datetime | None = None,
    past: bool = False,
) -> Booking:
    """Book a delegate on a locked session: a place while places remain, else the waiting list.

    `past` lets a booking taken elsewhere before the session (an Eventbrite
    export read afterwards) be recorded on a session that has since run.
    """
    _check_bookable(row, now, past=past)
    existing = session.scalar(
        select(Booking).where(Booking.session_id == row.id, Booking.delegate_id == delegate.id)
    )
    name = f"{delegate.first_name} {delegate.last_name}"
    if existing is not None and existing.status == BOOKED:
        raise RuleViolation(f"{name} already has a place on {_describe(row)}.")
    if existing is not None and existing.status == WAITLISTED:
        raise RuleViolation(
            f"{name} is already on the waiting list for {_describe(row)} "
            f"(number {existing.waitlist_position})."
        )
    booking = existing or Booking(session_id=row.id, delegate_id=delegate.id)
    full = row.capacity is not None and confirmed_count(session, row.id) >= row.capacity
    asked = booked_at or now
    if full:
        # A live booking joins the end: the order the database let people in (two PCs'
        # clocks, or a process that read the clock before it waited for the lock, must not
        # reorder the list). A booking taken down on paper and entered later, with the time
        # the person asked, goes after everyone who asked earlier.
        later = [] if booked_at is None else [
            e for e in _waiting_list(session, row.id)
            if e.booked_at is not None and e.booked_at > asked]
        last = session.scalar(
            select(func.max(Booking.waitlist_position)).where(
                Booking.session_id == row.id, Booking.status == WAITLISTED
            )
        )
        position = min((e.waitlist_position for e in later), default=(last or 0) + 1)
        for entry in later:
            entry.waitlist_position += 1
        booking.status = WAITLISTED
        booking.waitlist_position = position
    else:
        booking.status = BOOKED
        booking.waitlist_position = None
    booking.booked_at = asked
    booking.waitlist_move_reason = None
    booking.cancelled_at = None
    booking.cancelled_from = None
    booking.late_cancellation = False
    booking.place_refilled = False
    booking.walk_in = False
    booking.attendance = Attendance.UNMARKED.value
    booking.organisation_id = delegate.organisation_id
    booking.sector_id = delegate.organisation.sector_id if delegate.organisation else None
    if existing is None:
        session.add(booking)
    session.flush()
    return booking


def book(
    db: Database, *, session_id: int, delegate_id: int, now: datetime | None = None
) -> BookingRecord:
    """Book a delegate on a session (or its waiting list when it is full).

    Raises NotFound, RuleViolation (cancelled or past session, already booked).
    """
    now = now or now_utc()
    with db.write() as session:
        row = locked_session(session, session_id)
        delegate = session.get(Delegate, delegate_id)
        if delegate is None:
            raise NotFound("That delegate no longer exists.")
        return booking_record(place_booking(session, row, delegate, now=now))


def cancel_booking(
    session: Session, booking: Booking, row: TrainingSession, *, now: datetime, late: bool
) -> Booking | None:
    """Cancel a booking on a locked session and give the place to the waiting list."""
    was_confirmed = booking.status == BOOKED
    booking.cancelled_from = booking.status
    booking.status = CANCELLED
    booking.waitlist_position = None
    booking.cancelled_at = now
    booking.late_cancellation = late
    booking.attendance = Attendance.UNMARKED.value
    session.flush()
    if not was_confirmed:
        _renumber_waiting_list(session, row.id)
        return None
    promoted = promote_waiting_list(session, row)
    booking.place_refilled = bool(promoted)
    return promoted[0] if promoted else None


def cancel(db: Database, booking_id: int, *, now: datetime | None = None) -> CancelResult:
    """Cancel a booking or waiting-list place; the first on the waiting list takes a freed place.

    A cancellation is late when fewer working days than the notice period remain.
    Raises NotFound, RuleViolation (already cancelled, session already taken place).
    """
    now = now or now_utc()
    with db.write() as session:
        booking, row = locked_booking(session, booking_id)
        name = f"{booking.delegate.first_name} {booking.delegate.last_name}"
        if booking.status not in (BOOKED, WAITLISTED):
            raise RuleViolation(f"{name}'s booking on {_describe(row)} is already {booking.status}.")
        if row.start_at <= now:
            raise RuleViolation(
                f"{_describe(row)} has already taken place: mark {name} absent on the register "
                "instead of cancelling."
            )
        late = booking.status == BOOKED and is_late_cancellation(
            now, row.start_at, notice_working_days(session)
        )
        promoted = cancel_booking(session, booking, row, now=now, late=late)
        if late:
            raise_charges(session, now=now, session_ids=[row.id])
        return CancelResult(
            cancelled=booking_record(booking),
            late=late,
            promoted=booking_record(promoted) if promoted else None,
        )


def promote(db: Database, booking_id: int, *, now: datetime | None = None) -> BookingRecord:
    """Give a free place to one person on the waiting list, out of turn if need be.

    Raises NotFound, RuleViolation (not on the waiting list, no free place).
    """
    now = now or now_utc()
    with db.write() as session:
        booking, row = locked_booking(session, booking_id)
        _check_bookable(row, now)
        if booking.status != WAITLISTED:
            raise RuleViolation("Only someone on the waiting list can be given a place.")
        if row.capacity is not None and confirmed_count(session, row.id) >= row.capacity:
            raise RuleViolation(
                f"{_describe(row)} is full. Raise its capacity or cancel a place first."
            )
        booking.status = BOOKED
        booking.waitlist_position = None
        session.flush()
        _renumber_waiting_list(session, row.id)
        return booking_record(booking)


def transfer(
    db: Database, booking_id: int, to_session_id: int, *, now: datetime | None = None
) -> tuple[BookingRecord, BookingRecord | None]:
    """Move a booking to another session of the same course.

    The new booking is a place or a waiting-list place as the other session
    allows; the old place goes to the old session's waiting list. Returns
    (new booking, person promoted on the old session). Raises NotFound,
    RuleViolation.
    """
    now = now or now_utc()
    with db.write() as session:
        from_session_id = session.scalar(select(Booking.session_id).where(Booking.id == booking_id))
        if from_session_id is None:
            raise NotFound(f"There is no booking {booking_id}.")
        if to_session_id == from_session_id:
            raise RuleViolation("Choose a different session to transfer to.")
        # Both sessions locked in id order, as every other multi-session writer does,
        # so a transfer and an import can never wait for each other in a circle.
        if to_session_id < from_session_id:
            target = locked_session(session, to_session_id)
            booking, row = locked_booking(session, booking_id)
        else:
            booking, row = locked_booking(session, booking_id)
            target = locked_session(session, to_session_id)
        if booking.status not in (BOOKED, WAITLISTED):
            raise RuleViolation("Only a current booking or waiting-list place can be transferred.")
        if target.course_id != row.course_id:
            raise RuleViolation(
                "A booking can only be transferred to another session of the same course."
            )
        if row.start_at <= now:
            raise RuleViolation(f"{_describe(row)} has already taken place.")
        new_booking = place_booking(session, target, booking.delegate, now=now)
        promoted = cancel_booking(session, booking, row, now=now, late=False)
        return booking_record(new_booking), booking_record(promoted) if promoted else None


def apply_capacity(session: Session, row: TrainingSession, capacity: int | None) -> list[Booking]:
    """Set a locked session's capacity; raising it promotes from the waiting list."""
    if capacity is not None and capacity < 0:
        raise InputError("The capacity cannot be negative.")
    confirmed = confirmed_count(session, row.id)
    if capacity is not None and capacity < confirmed:
        raise RuleViolation(
            f"{_describe(row)} already has {confirmed} confirmed places, so its capacity cannot "
            f"go down to {capacity}. Cancel or transfer bookings first."
        )
    row.capacity = capacity
    session.flush()
    return promote_waiting_list(session, row)


def change_capacity(
    db: Database, session_id: int, capacity: int | None, *, expected_version: int | None = None
) -> tuple[SessionRecord, list[BookingRecord]]:
    """Change a session's capacity. Returns the session and anyone promoted.

    Raises NotFound, InputError, RuleViolation (below the confirmed count), StaleRecord.
    """
    with db.write() as session:
        row = locked_session(session, session_id)
        check_version(row, expected_version, "this session")
        promoted = apply_capacity(session, row, capacity)
        return session_record_with_counts(session, row), [booking_record(b) for b in promoted]


def _session_bookings(session_id: int, status: BookingStatus | None):
    query = booking_rows().where(Booking.session_id == session_id)
    if status is not None:
        query = query.where(Booking.status == BookingStatus(status).value)
    return query


def list_bookings(
    db: Database,
    session_id: int,
    status: BookingStatus | None = None,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> list[BookingRecord]:
    """A session's bookings: by status, the waiting list in order, others by name; paged."""
    query = _session_bookings(session_id, status).order_by(
        Booking.status,
        Booking.waitlist_position,
        func.lower(Delegate.last_name),
        func.lower(Delegate.first_name),
        Booking.id,
    ).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    with db.read() as session:
        return [booking_record_from_row(row) for row in session.execute(query)]


def booking_ids(db: Database, session_id: int, status: BookingStatus) -> list[int]:
    """The ids of a session's bookings of one status, in `list_bookings`' order: a long list
    (a conference's cancellations) is then sorted once, and read a page at a time by id."""
    query = (select(Booking.id).join(Delegate, Delegate.id == Booking.delegate_id)
             .where(Booking.session_id == session_id,
                    Booking.status == BookingStatus(status).value)
             .order_by(Booking.waitlist_position, func.lower(Delegate.last_name),
                       func.lower(Delegate.first_name), Booking.id))
    with db.read() as session:
        return list(session.scalars(query))


def bookings_by_id(db: Database, ids: list[int]) -> list[BookingRecord]:
    """The bookings with these ids, in the order given (those gone since are left out)."""
    if not ids:
        return []
    with db.read() as session:
        found = {row.id: booking_record_from_row(row)
                 for row in session.execute(booking_rows().where(Booking.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def count_bookings(db: Database, session_id: int) -> dict[BookingStatus, int]:
    """How many bookings of each status a session has (0 for statuses it has none of)."""
    with db.read() as session:
        rows = session.execute(
            select(Booking.status, func.count())
            .where(Booking.session_id == session_id)
            .group_by(Booking.status)
        ).all()
    counts = dict.fromkeys(BookingStatus, 0)
    counts.update({BookingStatus(status): number for status, number in rows})
    return counts


def delegate_bookings(db: Database, delegate_id: int) -> list[tuple[SessionRecord, BookingRecord]]:
    """A delegate's training record: every booking, newest session first."""
    with db.read() as session:
        rows = session.scalars(
            select(Booking)
            .join(Booking.session)
            .where(Booking.delegate_id == delegate_id)
            .order_by(TrainingSession.start_at.desc())
        ).all()
        return [(session_record_with_counts(session, b.session), booking_record(b)) for b in rows]

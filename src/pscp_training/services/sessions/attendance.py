"""The attendance register and unnamed headcounts."""

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Headcount, Organisation, TrainingSession
from pscp_training.domain.enums import Agency, Attendance, BookingStatus, SessionStatus
from pscp_training.domain.errors import InputError, NotFound, RuleViolation
from pscp_training.domain.records import BookingRecord, HeadcountRecord
from pscp_training.domain.years import now_utc, to_local
from pscp_training.services.bookings.locking import locked_session
from pscp_training.services.common.mapping import booking_record, headcount_record
from pscp_training.services.common.versions import check_version
from pscp_training.services.follow_up.charge_rules import raise_charges
from pscp_training.services.people.people import find_organisation


def _check_markable(row: TrainingSession, now: datetime) -> None:
    if row.status == SessionStatus.CANCELLED.value:
        raise RuleViolation("This session was cancelled, so it has no register to mark.")
    if to_local(row.start_at).date() > to_local(now).date():
        raise RuleViolation(
            "This session has not happened yet; its register can be marked from the day it runs."
        )


def mark_register(
    db: Database,
    session_id: int,
    marks: Mapping[int, Attendance],
    *,
    now: datetime | None = None,
    expected_versions: Mapping[int, int] | None = None,
) -> list[BookingRecord]:
    """Mark several bookings of one session at once: all of them, or none.

    `expected_versions` (booking id -> the version the register showed)
    refuses to overwrite marks someone else saved meanwhile.
    Raises NotFound, RuleViolation (cancelled or future session, a booking
    that is not a confirmed place on this session), StaleRecord.
    """
    now = now or now_utc()
    with db.write() as session:
        row = locked_session(session, session_id)
        _check_markable(row, now)
        bookings = {
            b.id: b
            for b in session.scalars(select(Booking).where(Booking.id.in_(list(marks))))
        }
        changed: list[Booking] = []
        for booking_id, attendance in marks.items():
            booking = bookings.get(booking_id)
            if booking is None or booking.session_id != row.id:
                raise NotFound(f"Booking {booking_id} is not on this session.")
            if booking.status != BookingStatus.BOOKED.value:
                who = f"{booking.delegate.first_name} {booking.delegate.last_name}"
                raise RuleViolation(
                    f"{who} does not have a confirmed place ({booking.status}), "
                    "so their attendance cannot be marked."
                )
            check_version(
                booking,
                (expected_versions or {}).get(booking_id),
                f"{booking.delegate.first_name} {booking.delegate.last_name}'s attendance",
            )
            booking.attendance = Attendance(attendance).value
            changed.append(booking)
        session.flush()
        raise_charges(session, now=now, session_ids=[row.id])  # a no-show marked, or unmarked
        return [booking_record(b) for b in changed]


def mark(
    db: Database,
    booking_id: int,
    attendance: Attendance,
    *,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> BookingRecord:
    """Mark one booking attended, absent or unmarked. Raises as mark_register."""
    with db.read() as session:
        session_id = session.scalar(select(Booking.session_id).where(Booking.id == booking_id))
    if session_id is None:
        raise NotFound(f"There is no booking {booking_id}.")
    expected = None if expected_version is None else {booking_id: expected_version}
    return mark_register(
        db, session_id, {booking_id: attendance}, now=now, expected_versions=expected
    )[0]


def mark_all_attended(
    db: Database, session_id: int, *, now: datetime | None = None
) -> list[BookingRecord]:
    """Mark every confirmed booking not yet marked as attended; returns those changed."""
    with db.read() as session:
        unmarked = session.scalars(
            select(Booking.id).where(
                Booking.session_id == session_id,
                Booking.status == BookingStatus.BOOKED.value,
                Booking.attendance == Attendance.UNMARKED.value,
            )
        ).all()
    return mark_register(db, session_id, dict.fromkeys(unmarked, Attendance.ATTENDED), now=now)


def set_headcount(
    db: Database, session_id: int, organisation: str, count: int, *, now: datetime | None = None
) -> HeadcountRecord | None:
    """Record how many unnamed staff of an organisation attended a single-agency session.

    A count of 0 removes the entry. Raises NotFound, InputError, RuleViolation.
    """
    now = now or now_utc()
    if count < 0:
        raise InputError("A headcount cannot be negative.")
    with db.write() as session:
        row = locked_session(session, session_id)
        if row.course.agency != Agency.SINGLE.value:
            raise RuleViolation(
                "Headcounts of unnamed attendees are only for single-agency sessions; "
                "multi-agency delegates are booked by name."
            )
        _check_markable(row, now)
        org: Organisation | None = find_organisation(session, organisation)
        if org is None:
            raise NotFound(f"There is no organisation called '{organisation.strip()}'.")
        existing = session.scalar(
            select(Headcount).where(
                Headcount.session_id == row.id, Headcount.organisation_id == org.id
            )
        )
        if count == 0:
            if existing is not None:
                session.delete(existing)
            return None
        if existing is None:
            existing = Headcount(session_id=row.id, organisation=org, sector_id=org.sector_id)
            session.add(existing)
        existing.count = count
        session.flush()
        return headcount_record(existing)


def list_headcounts(db: Database, session_id: int) -> list[HeadcountRecord]:
    with db.read() as session:
        rows = session.scalars(
            select(Headcount)
            .join(Headcount.organisation)
            .where(Headcount.session_id == session_id)
            .order_by(Organisation.name_key)
        )
        return [headcount_record(row) for row in rows]

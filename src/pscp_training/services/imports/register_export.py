"""Exporting a financial year's booking register: one row per booking, headcount or empty session."""

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import case, select
from sqlalchemy.orm import Session, aliased

from pscp_training.db.engine import Database
from pscp_training.db.models import (
    Booking,
    Course,
    Delegate,
    Headcount,
    Organisation,
    Sector,
    TrainingSession,
)
from pscp_training.domain.enums import Agency, Attendance, BookingStatus
from pscp_training.domain.years import FinancialYear
from pscp_training.register.columns import BOOKING_COLUMN_NAMES
from pscp_training.register.writing import check_suffix, write_register


def export_register(db: Database, year: FinancialYear, path: str | Path) -> int:
    """Write the year's register to a .csv or .xlsx file; returns the number of rows written.

    Raises InputError (a suffix other than .csv/.xlsx, or a file that cannot be written).
    """
    path = Path(path)
    check_suffix(path)
    with db.read() as session:
        rows = list(register_rows(session, year))
    return write_register(path, BOOKING_COLUMN_NAMES, rows)


def register_rows(session: Session, year: FinancialYear) -> Iterator[list]:
    """The year's rows in the register's column order, sessions by start then course code."""
    lo, hi = year.utc_bounds()
    in_year = (TrainingSession.start_at >= lo) & (TrainingSession.start_at < hi)
    commissioner = aliased(Organisation)
    sessions = session.execute(
        select(
            TrainingSession.id, Course.code, Course.title, Course.category, Course.agency,
            commissioner.name, TrainingSession.start_at, TrainingSession.end_at,
            TrainingSession.delivery, TrainingSession.venue, TrainingSession.capacity,
            TrainingSession.trainers, TrainingSession.status,
        )
        .join(Course, TrainingSession.course_id == Course.id)
        .outerjoin(commissioner, TrainingSession.commissioning_organisation_id == commissioner.id)
        .where(in_year)
        .order_by(TrainingSession.start_at, Course.code, TrainingSession.id)
    ).all()
    people = _bookings_by_session(session, in_year)
    counts = _headcounts_by_session(session, in_year)
    for row in sessions:
        session_part = [
            row.code, row.title, row.category, row.agency,
            row.name if row.agency == Agency.SINGLE.value else None,
            row.start_at, row.end_at, row.delivery, row.venue, row.capacity,
            row.trainers, row.status,
        ]
        entries = people.get(row.id, []) + counts.get(row.id, [])
        if not entries:
            yield session_part + [None] * 13
        for entry in entries:
            yield session_part + entry


def _bookings_by_session(session: Session, in_year) -> dict[int, list[list]]:
    booking_org = aliased(Organisation)
    delegate_org = aliased(Organisation)
    booking_sector = aliased(Sector)
    delegate_sector = aliased(Sector)
    waiting_last = case((Booking.status == BookingStatus.WAITLISTED.value, 1), else_=0)
    query = (
        select(
            Booking.session_id, Delegate.first_name, Delegate.last_name, Delegate.email,
            Delegate.job_role, Delegate.phone, booking_org.name.label("org"), booking_sector.name.label("sector"),
            delegate_org.name.label("delegate_org"), delegate_sector.name.label("delegate_sector"),
            Booking.status, Booking.booked_at, Booking.cancelled_at, Booking.attendance,
            Booking.walk_in,
        )
        .join(TrainingSession, Booking.session_id == TrainingSession.id)
        .join(Delegate, Booking.delegate_id == Delegate.id)
        .outerjoin(booking_org, Booking.organisation_id == booking_org.id)
        .outerjoin(booking_sector, Booking.sector_id == booking_sector.id)
        .outerjoin(delegate_org, Delegate.organisation_id == delegate_org.id)
        .outerjoin(delegate_sector, delegate_org.sector_id == delegate_sector.id)
        .where(in_year)
        # Waiting-list rows in their order, so an import numbers them the same way.
        .order_by(Booking.session_id, waiting_last, Booking.waitlist_position, Booking.id)
    )
    found: dict[int, list[list]] = defaultdict(list)
    for b in session.execute(query):
        # A booking made before organisations were recorded falls back to the delegate's.
        organisation, sector = (b.org, b.sector) if b.org else (b.delegate_org, b.delegate_sector)
        found[b.session_id].append([
            b.first_name, b.last_name, b.email, b.job_role, b.phone, organisation, sector, b.status,
            b.booked_at, b.cancelled_at,
            None if b.attendance == Attendance.UNMARKED.value else b.attendance,
            "yes" if b.walk_in else "no", None,
        ])
    return found


def _headcounts_by_session(session: Session, in_year) -> dict[int, list[list]]:
    query = (
        select(Headcount.session_id, Organisation.name, Sector.name.label("sector"), Headcount.count)
        .join(TrainingSession, Headcount.session_id == TrainingSession.id)
        .join(Organisation, Headcount.organisation_id == Organisation.id)
        .join(Sector, Headcount.sector_id == Sector.id)
        .where(in_year)
        .order_by(Headcount.session_id, Organisation.name_key)
    )
    found: dict[int, list[list]] = defaultdict(list)
    for h in session.execute(query):
        found[h.session_id].append(
            [None, None, None, None, None, h.name, h.sector, None, None, None, None, None, h.count]
        )
    return found

"""Booking a person named by details rather than by id: find or create them, then book."""

from datetime import datetime

from pscp_training.db.engine import Database
from pscp_training.domain.records import BookingRecord
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings.bookings import place_booking
from pscp_training.services.bookings.locking import locked_session
from pscp_training.services.common.mapping import booking_record
from pscp_training.services.people.people import ensure_delegate


def book_person(
    db: Database,
    *,
    session_id: int,
    first_name: str,
    last_name: str,
    email: str | None = None,
    organisation: str | None = None,
    sector: str | None = None,
    job_role: str | None = None,
    phone: str | None = None,
    now: datetime | None = None,
) -> BookingRecord:
    """Book an existing delegate (matched by the identity rules) or a new one, in one transaction.

    Raises InputError (blank name, bad email or phone, new organisation without a
    sector), NotFound, RuleViolation.
    """
    now = now or now_utc()
    with db.write() as session:
        row = locked_session(session, session_id)
        delegate, _ = ensure_delegate(
            session,
            first_name=first_name,
            last_name=last_name,
            email=email,
            organisation=organisation,
            sector=sector,
            job_role=job_role,
            phone=phone,
        )
        return booking_record(place_booking(session, row, delegate, now=now))

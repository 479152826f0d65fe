"""Moving someone on a waiting list out of the order of asking, deliberately and with a reason.

A waiting list is numbered in the order people asked (`booked_at`); the team may move someone
up or down (priority for a school with no trained DSL, say). The reason is kept on the
booking, so the history of changes shows who moved whom, when and why.
"""

from datetime import datetime

from sqlalchemy import select

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking
from pscp_training.domain.enums import BookingStatus
from pscp_training.domain.errors import RuleViolation
from pscp_training.domain.identity import require_text
from pscp_training.domain.records import BookingRecord
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings.locking import locked_booking
from pscp_training.services.common.mapping import booking_record

WAITLISTED = BookingStatus.WAITLISTED.value


def move_on_waiting_list(
    db: Database, booking_id: int, step: int, reason: str, *, now: datetime | None = None
) -> BookingRecord:
    """Move a waiting-list place `step` positions up (negative) or down (positive).

    Raises InputError (no reason), NotFound, RuleViolation (not on the waiting list, already
    first or last, the session has taken place).
    """
    now = now or now_utc()
    reason = require_text(reason, "reason for the move")
    if not step:
        raise RuleViolation("Say whether to move the person up or down.")
    with db.write() as session:
        booking, row = locked_booking(session, booking_id)
        name = f"{booking.delegate.first_name} {booking.delegate.last_name}"
        if booking.status != WAITLISTED:
            raise RuleViolation(f"{name} is not on the waiting list.")
        if row.start_at <= now:
            raise RuleViolation("The session has taken place: its waiting list is closed.")
        entries = list(session.scalars(
            select(Booking)
            .where(Booking.session_id == row.id, Booking.status == WAITLISTED)
            .order_by(Booking.waitlist_position, Booking.id)
        ))
        here = next(n for n, entry in enumerate(entries) if entry.id == booking.id)
        there = here + step
        if not 0 <= there < len(entries):
            edge = "first" if step < 0 else "last"
            raise RuleViolation(f"{name} is already {edge} on the waiting list.")
        entries.insert(there, entries.pop(here))
        # Positions are unique in spirit, not by constraint: clear, then number afresh.
        for position, entry in enumerate(entries, start=1):
            entry.waitlist_position = position
        booking.waitlist_move_reason = reason[:300]
        session.flush()
        return booking_record(booking)

"""A booking taken by another system (Eventbrite, an online form), applied by the booking rules.

`Attending` is a place (or the waiting list, in the order of asking) with the
register left unmarked, even on a session that has run; `Checked In` is a
place marked attended; `Not Attending` and `Cancelled` hold no place: a
booking is cancelled (the waiting list moves up), none is made. Applying the
same line twice changes nothing.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pscp_training.db.models import Booking, Delegate, TrainingSession
from pscp_training.domain.enums import Attendance, BookingStatus
from pscp_training.domain.online_bookings import Arrival
from pscp_training.domain.rules import is_late_cancellation
from pscp_training.services.bookings.bookings import cancel_booking, place_booking
from pscp_training.services.bookings.walk_ins import renumber_waiting_list

BOOKED = BookingStatus.BOOKED.value
WAITLISTED = BookingStatus.WAITLISTED.value
CANCELLED = BookingStatus.CANCELLED.value
UNMARKED = Attendance.UNMARKED.value
ATTENDED = Attendance.ATTENDED.value


@dataclass(frozen=True)
class Applied:
    """What one line did: "added", "updated" or "unchanged"; waitlisted; why it was left alone."""

    outcome: str
    waitlisted: bool = False
    late_cancellation: bool = False
    warning: str | None = None


def apply_arrival(
    session: Session,
    row: TrainingSession,
    delegate: Delegate,
    arrival: Arrival,
    *,
    asked_at: datetime | None,
    now: datetime,
    notice_days: int,
) -> Applied:
    """Bring one person's booking on a locked session to what the other system says.

    Raises RuleViolation (a cancelled session taking a place).
    """
    existing = session.scalar(
        select(Booking).where(Booking.session_id == row.id, Booking.delegate_id == delegate.id)
    )
    name = f"{delegate.first_name} {delegate.last_name}"
    status = existing.status if existing is not None else None
    if status == BookingStatus.SUBSTITUTED.value:
        if arrival is Arrival.CANCELLED:
            return Applied("unchanged")
        return Applied("unchanged", warning=f"{name} passed their place to a substitute; "
                       "left as it is.")
    if arrival is Arrival.CANCELLED:
        if status not in (BOOKED, WAITLISTED):
            return Applied("unchanged")
        if row.start_at <= now:
            return Applied("unchanged", warning=(
                f"{name} is cancelled in the file, but the session has taken place: mark them "
                "absent on the register instead; their booking was left as it is."))
        late = status == BOOKED and is_late_cancellation(now, row.start_at, notice_days)
        cancel_booking(session, existing, row, now=now, late=late)
        return Applied("updated", late_cancellation=late)
    if status in (BOOKED, WAITLISTED):
        if arrival is Arrival.BOOKED:
            return Applied("unchanged")
        return _attended(session, row, existing, name)
    booking = place_booking(session, row, delegate, now=now, booked_at=asked_at, past=True)
    outcome = "added" if existing is None else "updated"
    if arrival is Arrival.ATTENDED:
        _attended(session, row, booking, name)
        return Applied(outcome)
    return Applied(outcome, waitlisted=booking.status == WAITLISTED)


def _attended(session: Session, row: TrainingSession, booking: Booking, name: str) -> Applied:
    """Checked in: a place marked attended (from the waiting list too: they came)."""
    if booking.status == BOOKED and booking.attendance == ATTENDED:
        return Applied("unchanged")
    if booking.status == BOOKED and booking.attendance != UNMARKED:
        return Applied("unchanged", warning=(
            f"{name} is checked in in the file but marked {booking.attendance} on the register; "
            "the register was left as it is."))
    was_waiting = booking.status == WAITLISTED
    booking.status = BOOKED
    booking.waitlist_position = None
    booking.attendance = ATTENDED
    session.flush()
    if was_waiting:
        renumber_waiting_list(session, row.id)
    return Applied("updated")

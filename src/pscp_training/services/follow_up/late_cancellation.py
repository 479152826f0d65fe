"""What cancelling a booking now would mean: late or not, who takes the place, what is charged.

Asked before the cancellation is confirmed, so the person cancelling reads it first.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, TrainingSession
from pscp_training.domain.charging import charge_for, format_pence
from pscp_training.domain.enums import Agency, BookingStatus, SessionStatus
from pscp_training.domain.errors import NotFound
from pscp_training.domain.follow_up_records import ChargeKind
from pscp_training.domain.rules import is_late_cancellation
from pscp_training.domain.years import now_utc
from pscp_training.services.settings.charging_policy import read_policy
from pscp_training.services.settings.team_settings import notice_working_days


@dataclass(frozen=True)
class CancellationPreview:
    """The facts of a cancellation not yet made, and the sentence that tells them."""

    late: bool
    notice_working_days: int
    refilled_by: str | None  # the first on the waiting list, who would take the place
    charge_pence: int
    text: str


def _first_waiting(session, row: TrainingSession) -> str | None:
    first = session.scalar(
        select(Booking)
        .where(Booking.session_id == row.id, Booking.status == BookingStatus.WAITLISTED.value)
        .order_by(Booking.waitlist_position, Booking.id)
        .limit(1)
    )
    return f"{first.delegate.first_name} {first.delegate.last_name}" if first else None


def preview_cancellation(
    db: Database, booking_id: int, *, now: datetime | None = None
) -> CancellationPreview:
    """Whether cancelling now is late and what the charging policy will do. Raises NotFound."""
    now = now or now_utc()
    with db.read() as session:
        booking = session.get(Booking, booking_id)
        if booking is None:
            raise NotFound(f"There is no booking {booking_id}.")
        row = booking.session
        name = f"{booking.delegate.first_name} {booking.delegate.last_name}"
        days = notice_working_days(session)
        held_place = booking.status == BookingStatus.BOOKED.value
        late = held_place and row.start_at > now and is_late_cancellation(now, row.start_at, days)
        refilled_by = (
            _first_waiting(session, row)
            if held_place and row.status != SessionStatus.CANCELLED.value else None
        )
        if not late:
            who = f" {refilled_by} on the waiting list takes the place." if refilled_by else ""
            text = f"Cancel {name}'s booking?{who}"
            return CancellationPreview(False, days, refilled_by, 0, text)
        policy = read_policy(session)
        sector = booking.sector.name if booking.sector else None
        charge = charge_for(policy, ChargeKind.LATE_CANCELLATION, Agency(row.course.agency),
                            sector=sector, refilled=refilled_by is not None)
        organisation = booking.organisation.name if booking.organisation else "their organisation"
        parts = [
            f"Cancel {name}'s booking? This is a late cancellation: less than {days} working "
            f"day{'s' if days != 1 else ''}' notice before the session."
        ]
        if refilled_by:
            parts.append(f"{refilled_by} on the waiting list takes the place.")
        if charge:
            parts.append(
                f"Under the charging policy {organisation} will be charged "
                f"{format_pence(charge)}, unless a reason that is not charged is recorded."
            )
        elif refilled_by and not policy.charge_refilled_late_cancellations:
            parts.append("As the place is refilled, the charging policy makes no charge.")
        else:
            parts.append("The charging policy makes no charge for this booking.")
        return CancellationPreview(True, days, refilled_by, charge, " ".join(parts))

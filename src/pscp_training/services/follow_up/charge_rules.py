"""Raising charges when their cause happens: a no-show marked, a late cancellation, a reason.

Kept apart from the ledger (which only lists) and light to import: the register,
bookings and reasons call it in their own transaction, so every charge raised or
withdrawn is in the audit trail with the action that caused it.
"""

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from pscp_training.db.models import Booking, Course, Sector, TrainingSession
from pscp_training.db.models_follow_up import BookingFollowUp, Charge, NonAttendanceReason
from pscp_training.domain.charging import ChargingPolicy, charge_for
from pscp_training.domain.enums import Agency, Attendance, BookingStatus, SessionStatus
from pscp_training.domain.follow_up_records import ChargeKind
from pscp_training.services.follow_up.non_attendance import follow_up_kind
from pscp_training.services.settings.charging_policy import CHARGING_POLICY, read_policy

__all__ = ["CHARGING_POLICY", "charge_due", "raise_charges", "read_policy"]


def charge_due(
    session: Session, booking: Booking, policy: ChargingPolicy, reasons: dict | None = None
) -> tuple[ChargeKind, int]:
    """What a booking owes: its kind and amount (0 when nothing is due).

    `reasons` (booking id -> reason code) spares a query per booking when many are priced.
    """
    kind = follow_up_kind(booking)
    if kind is None or booking.organisation_id is None:
        return ChargeKind.NO_SHOW, 0
    training = booking.session
    if training.status == SessionStatus.CANCELLED.value:
        return kind, 0
    if reasons is not None:
        reason = reasons.get(booking.id)
    else:
        follow_up = session.get(BookingFollowUp, booking.id)
        reason = follow_up.reason.code if follow_up and follow_up.reason else None
    sector = booking.sector.name if booking.sector else None
    return kind, charge_for(
        policy, kind, Agency(training.course.agency), reason_code=reason, sector=sector,
        refilled=bool(booking.place_refilled),
    )


def raise_charges(
    session: Session, *, now: datetime, session_ids: Iterable[int] | None = None,
    tick: Callable[[int], None] | None = None,
) -> None:
    """Bring charges up to date with the register and the recorded reasons.

    For the given sessions (every session when None), inside the caller's
    transaction: the action that changed the register raises its charges.

    A new no-show or late cancellation gets a charge at the current policy's
    amount; a charge whose cause has gone (marked attended after all, an
    exempt reason recorded) is withdrawn unless it was waived, which keeps
    the waiver on record. Amounts already raised are never re-priced.
    `tick(count)` (a progress bar) is told of the sessions done after each batch of them.
    """
    if session_ids is not None:
        ids = sorted(set(session_ids))
        # Under every database's limit of parameters. (Not smaller for a progress bar: on a
        # million bookings each batch has a large fixed cost on PostgreSQL, not yet found;
        # 250 a batch made the import slower by seconds.)
        size = 900
        for start in range(0, len(ids), size):
            _raise(session, now, ids[start:start + size])
            if tick is not None:
                tick(len(ids[start:start + size]))
    else:
        _raise(session, now, None)
    session.flush()


def _raise(session: Session, now: datetime, ids: list[int] | None) -> None:
    policy = read_policy(session)
    # Plain rows, not ORM objects: an import raises thousands at once.
    candidates = (
        select(
            Booking.id, Booking.status, Booking.attendance, Booking.late_cancellation,
            Booking.organisation_id, Booking.place_refilled,
            TrainingSession.status.label("session_status"),
            Course.agency, Sector.name.label("sector"), NonAttendanceReason.code,
        )
        .join(TrainingSession, TrainingSession.id == Booking.session_id)
        .join(Course, Course.id == TrainingSession.course_id)
        .outerjoin(Sector, Sector.id == Booking.sector_id)
        .outerjoin(BookingFollowUp, BookingFollowUp.booking_id == Booking.id)
        .outerjoin(NonAttendanceReason, NonAttendanceReason.id == BookingFollowUp.reason_id)
        .where(
            (
                (Booking.status == BookingStatus.BOOKED.value)
                & (Booking.attendance == Attendance.ABSENT.value)
            )
            | (
                (Booking.status == BookingStatus.CANCELLED.value)
                & Booking.late_cancellation.is_(True)
            ),
        )
    )
    charges = select(Charge).join(Booking, Booking.id == Charge.booking_id)
    if ids is not None:
        candidates = candidates.where(Booking.session_id.in_(ids))
        charges = charges.where(Booking.session_id.in_(ids))
    existing = {c.booking_id: c for c in session.scalars(charges)}
    new: list[dict] = []
    for row in session.execute(candidates):
        kind = (ChargeKind.NO_SHOW if row.status == BookingStatus.BOOKED.value
                else ChargeKind.LATE_CANCELLATION)
        amount = 0
        if row.organisation_id is not None and row.session_status != SessionStatus.CANCELLED.value:
            amount = charge_for(policy, kind, Agency(row.agency), reason_code=row.code,
                                sector=row.sector, refilled=bool(row.place_refilled))
        charge = existing.pop(row.id, None)
        if amount and charge is None:
            new.append({"booking_id": row.id, "organisation_id": row.organisation_id,
                        "kind": kind.value, "amount_pence": amount, "raised_at": now,
                        "waived": False})
        elif not amount and charge is not None and not charge.waived:
            session.delete(charge)
        elif charge is not None and charge.kind != kind.value:
            charge.kind = kind.value
    for charge in existing.values():  # the booking is no longer a no-show or late cancellation
        if not charge.waived:
            session.delete(charge)
    if new:  # one statement; the audit trail records each row (db.audit_bulk)
        session.execute(insert(Charge.__table__), new)

"""Non-attendance follow-up: the coded reasons list, a reason on each absence, the year's table."""

from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Delegate, TrainingSession
from pscp_training.db.models_follow_up import BookingFollowUp, NonAttendanceReason
from pscp_training.domain.enums import Attendance, BookingStatus, SessionStatus
from pscp_training.domain.errors import NotFound, RuleViolation
from pscp_training.domain.follow_up_records import (
    ChargeKind,
    FollowUpRecord,
    ReasonCount,
    ReasonRecord,
)
from pscp_training.domain.identity import check_email, clean, key, require_text
from pscp_training.domain.years import FinancialYear, now_utc

NOT_RECORDED = "Not yet recorded"


def _reason_record(row: NonAttendanceReason) -> ReasonRecord:
    return ReasonRecord(
        id=row.id, code=row.code, label=row.label, active=row.active, sort_order=row.sort_order
    )


def follow_up_row(session: Session, booking_id: int) -> BookingFollowUp:
    """The booking's follow-up row, created empty when it has none yet."""
    row = session.get(BookingFollowUp, booking_id)
    if row is None:
        row = BookingFollowUp(booking_id=booking_id)
        session.add(row)
        session.flush()
    return row


def follow_up_kind(booking: Booking) -> ChargeKind | None:
    """Whether a booking is a no-show or a late cancellation (None when it is neither)."""
    if (
        booking.status == BookingStatus.BOOKED.value
        and booking.attendance == Attendance.ABSENT.value
    ):
        return ChargeKind.NO_SHOW
    if booking.status == BookingStatus.CANCELLED.value and booking.late_cancellation:
        return ChargeKind.LATE_CANCELLATION
    return None


# --- the reasons list -----------------------------------------------------------------------


def list_reasons(db: Database, *, include_inactive: bool = False) -> list[ReasonRecord]:
    with db.read() as session:
        query = select(NonAttendanceReason).order_by(
            NonAttendanceReason.sort_order, NonAttendanceReason.id
        )
        if not include_inactive:
            query = query.where(NonAttendanceReason.active.is_(True))
        return [_reason_record(r) for r in session.scalars(query)]


def find_reason(session: Session, code_or_label: str) -> NonAttendanceReason | None:
    wanted = key(code_or_label)
    return session.scalar(
        select(NonAttendanceReason).where(
            (func.lower(NonAttendanceReason.code) == wanted)
            | (func.lower(NonAttendanceReason.label) == wanted)
        )
    )


def save_reason(
    db: Database, *, reason_id: int | None, label: str, active: bool = True
) -> ReasonRecord:
    """Add a reason to the list, or rename, retire or restore one.

    A new reason's code is made from its label and never changes afterwards
    (the charging policy names exempt reasons by code). Raises InputError
    (blank label), RuleViolation (label already on the list), NotFound.
    """
    label = " ".join(require_text(label, "reason").split())
    with db.write() as session:
        other = session.scalar(
            select(NonAttendanceReason).where(func.lower(NonAttendanceReason.label) == key(label))
        )
        if reason_id is None:
            if other is not None:
                raise RuleViolation(f"The reason '{other.label}' is already on the list.")
            code = "-".join(key(label).replace("&", "and").split())[:50]
            if session.scalar(select(NonAttendanceReason).where(NonAttendanceReason.code == code)):
                code = f"{code[:40]}-{int(now_utc().timestamp())}"
            last = session.scalar(select(func.max(NonAttendanceReason.sort_order))) or 0
            row = NonAttendanceReason(code=code, label=label, sort_order=last + 1)
            session.add(row)
        else:
            row = session.get(NonAttendanceReason, reason_id)
            if row is None:
                raise NotFound("That reason is no longer on the list.")
            if other is not None and other.id != row.id:
                raise RuleViolation(f"The reason '{other.label}' is already on the list.")
            row.label = label
        row.active = active
        session.flush()
        return _reason_record(row)


def merge_reason(db: Database, reason_id: int, into_id: int) -> ReasonRecord:
    """Record every booking given one reason under another, and take the first off the list.

    For two labels that mean the same. Returns the reason kept. Raises NotFound,
    RuleViolation (the same reason).
    """
    if reason_id == into_id:
        raise RuleViolation("Choose a different reason to merge into.")
    with db.write() as session:
        gone = session.get(NonAttendanceReason, reason_id)
        kept = session.get(NonAttendanceReason, into_id)
        if gone is None or kept is None:
            raise NotFound("That reason is no longer on the list.")
        for row in session.scalars(
            select(BookingFollowUp).where(BookingFollowUp.reason_id == gone.id)
        ):
            row.reason = kept
        session.flush()
        session.delete(gone)
        session.flush()
        return _reason_record(kept)


# --- recording a reason ---------------------------------------------------------------------


def record_reason(
    db: Database,
    booking_id: int,
    reason: str,
    *,
    note: str | None = None,
    manager_email: str | None = None,
    now: datetime | None = None,
) -> FollowUpRecord:
    """Record why someone did not come (an absence) or cancelled late.

    `reason` is a reason's code or label; a `manager_email`, when given, is
    kept on the booking in the same transaction. Raises InputError (not an
    email address), NotFound (booking, reason), RuleViolation (the booking is
    neither an absence nor a late cancellation).
    """
    now = now or now_utc()
    manager_email = check_email(manager_email)
    with db.write() as session:
        booking = session.get(Booking, booking_id)
        if booking is None:
            raise NotFound(f"There is no booking {booking_id}.")
        reason_row = find_reason(session, reason)
        if reason_row is None or not reason_row.active:
            raise NotFound(
                f"'{reason.strip()}' is not on the list of reasons; choose one of the list "
                "or add it with Reasons list… on the Charges page first."
            )
        if follow_up_kind(booking) is None:
            who = f"{booking.delegate.first_name} {booking.delegate.last_name}"
            raise RuleViolation(
                f"{who} is not marked absent and did not cancel late, so there is no "
                "non-attendance to give a reason for."
            )
        row = follow_up_row(session, booking.id)
        row.reason = reason_row
        row.reason_note = clean(note)
        row.reason_recorded_at = now
        if manager_email is not None:
            row.manager_email = manager_email
        session.flush()
        from pscp_training.services.follow_up.charge_rules import raise_charges  # it uses us

        raise_charges(session, now=now, session_ids=[booking.session_id])  # an exempt reason
        return _follow_up_record(session, booking, row)


def set_manager_email(db: Database, booking_id: int, email: str | None) -> None:
    """Keep (or clear) the email of the delegate's manager on a booking.

    Raises InputError (not an email address), NotFound.
    """
    email = check_email(email)
    with db.write() as session:
        if session.get(Booking, booking_id) is None:
            raise NotFound(f"There is no booking {booking_id}.")
        follow_up_row(session, booking_id).manager_email = email


def get_manager_email(db: Database, booking_id: int) -> str | None:
    with db.read() as session:
        row = session.get(BookingFollowUp, booking_id)
        return row.manager_email if row else None


def _follow_up_record(session: Session, booking: Booking, row: BookingFollowUp | None):
    delegate = booking.delegate
    training = booking.session
    return FollowUpRecord(
        booking_id=booking.id,
        session_id=training.id,
        delegate=f"{delegate.first_name} {delegate.last_name}",
        email=delegate.email,
        organisation=booking.organisation.name if booking.organisation else None,
        course_title=training.course.title,
        session_start=training.start_at,
        kind=follow_up_kind(booking) or ChargeKind.NO_SHOW,
        reason=row.reason.label if row and row.reason else None,
        reason_note=row.reason_note if row else None,
        manager_email=row.manager_email if row else None,
    )


def _needs_follow_up():
    absent = (Booking.status == BookingStatus.BOOKED.value) & (
        Booking.attendance == Attendance.ABSENT.value
    )
    late = (Booking.status == BookingStatus.CANCELLED.value) & Booking.late_cancellation.is_(True)
    return absent, late


def follow_ups(
    db: Database,
    *,
    session_id: int | None = None,
    year: FinancialYear | None = None,
    between: tuple[datetime, datetime] | None = None,
    without_reason_only: bool = False,
) -> list[FollowUpRecord]:
    """Absences and late cancellations (of a session, a year or sessions starting in
    [from, to)), oldest session first."""
    absent, late = _needs_follow_up()
    with db.read() as session:
        query = (
            select(Booking, BookingFollowUp)
            .join(TrainingSession, TrainingSession.id == Booking.session_id)
            .join(Delegate, Delegate.id == Booking.delegate_id)
            .outerjoin(BookingFollowUp, BookingFollowUp.booking_id == Booking.id)
            .where(absent | late, TrainingSession.status == SessionStatus.SCHEDULED.value)
            .order_by(TrainingSession.start_at, func.lower(Delegate.last_name), Booking.id)
        )
        if session_id is not None:
            query = query.where(Booking.session_id == session_id)
        if year is not None:
            lo, hi = year.utc_bounds()
            query = query.where(TrainingSession.start_at >= lo, TrainingSession.start_at < hi)
        if between is not None:
            query = query.where(
                TrainingSession.start_at >= between[0], TrainingSession.start_at < between[1]
            )
        if without_reason_only:
            query = query.where(BookingFollowUp.reason_id.is_(None))
        return [_follow_up_record(session, b, f) for b, f in session.execute(query)]


def reasons_for_year(db: Database, year: FinancialYear) -> list[ReasonCount]:
    """The year's non-attendance by reason: absences and late cancellations, in list order.

    Every reason on the list appears (with zeros), then those not yet recorded.
    """
    absent, late = _needs_follow_up()
    lo, hi = year.utc_bounds()
    with db.read() as session:
        counts = session.execute(
            select(
                BookingFollowUp.reason_id,
                func.sum(case((absent, 1), else_=0)),
                func.sum(case((late, 1), else_=0)),
            )
            .select_from(Booking)
            .join(TrainingSession, TrainingSession.id == Booking.session_id)
            .outerjoin(BookingFollowUp, BookingFollowUp.booking_id == Booking.id)
            .where(
                absent | late,
                TrainingSession.status == SessionStatus.SCHEDULED.value,
                TrainingSession.start_at >= lo,
                TrainingSession.start_at < hi,
            )
            .group_by(BookingFollowUp.reason_id)
        ).all()
        by_reason = {reason_id: (int(a or 0), int(c or 0)) for reason_id, a, c in counts}
        reasons = session.scalars(
            select(NonAttendanceReason).order_by(
                NonAttendanceReason.sort_order, NonAttendanceReason.id
            )
        ).all()
        table = [
            ReasonCount(r.label, *by_reason.get(r.id, (0, 0)))
            for r in reasons
            if r.active or r.id in by_reason
        ]
    table.append(ReasonCount(NOT_RECORDED, *by_reason.get(None, (0, 0))))
    return table

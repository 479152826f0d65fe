"""Charges to agencies: the policy in settings, raising charges, the ledger, waivers."""

from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Course, Delegate, Organisation, TrainingSession
from pscp_training.db.models_follow_up import BookingFollowUp, Charge
from pscp_training.domain.charging import ChargingPolicy, charge_for
from pscp_training.domain.enums import Agency, Attendance, BookingStatus, SessionStatus
from pscp_training.domain.errors import InputError, NotFound, RuleViolation
from pscp_training.domain.follow_up_records import ChargeKind, ChargeRecord, OrganisationStatement
from pscp_training.domain.identity import clean
from pscp_training.domain.years import LONDON, now_utc, to_local
from pscp_training.pdf.charge_statement import write_statement
from pscp_training.pdf.filenames import FileNamer
from pscp_training.pdf.text import long_date
from pscp_training.reports.charges_xlsx import write_ledger_xlsx
from pscp_training.services.follow_up.non_attendance import follow_up_kind
from pscp_training.services.settings.charging_policy import read_policy, write_policy
from pscp_training.services.settings.team_settings import PARTNERSHIP_NAME, read_setting


def get_policy(db: Database) -> ChargingPolicy:
    with db.read() as session:
        return read_policy(session)


def save_policy(db: Database, policy: ChargingPolicy) -> ChargingPolicy:
    """Save the charging policy; charges already raised keep their amounts."""
    with db.write() as session:
        write_policy(session, policy)
    return policy


def period_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[start, end) of London dates `first` to `last`, both included. Raises InputError."""
    if last < first:
        raise InputError(
            f"The period ends ({long_date(last)}) before it starts ({long_date(first)})."
        )
    lo = datetime.combine(first, time(0), LONDON)
    hi = datetime.combine(last + timedelta(days=1), time(0), LONDON)
    return lo, hi


def charge_due(
    session: Session, booking: Booking, policy: ChargingPolicy
) -> tuple[ChargeKind, int]:
    kind = follow_up_kind(booking)
    if kind is None or booking.organisation_id is None:
        return ChargeKind.NO_SHOW, 0
    training = booking.session
    if training.status == SessionStatus.CANCELLED.value:
        return kind, 0
    follow_up = session.get(BookingFollowUp, booking.id)
    reason = follow_up.reason.code if follow_up and follow_up.reason else None
    sector = booking.sector.name if booking.sector else None
    return kind, charge_for(
        policy, kind, Agency(training.course.agency), reason_code=reason, sector=sector,
        refilled=bool(booking.place_refilled),
    )


def raise_charges(session: Session, lo: datetime, hi: datetime, *, now: datetime) -> None:
    """Bring the period's charges up to date with the register and the recorded reasons.

    A new no-show or late cancellation gets a charge at the current policy's
    amount; a charge whose cause has gone (marked attended after all, an
    exempt reason recorded) is withdrawn unless it was waived, which keeps
    the waiver on record. Amounts already raised are never re-priced.
    """
    policy = read_policy(session)
    candidates = session.scalars(
        select(Booking)
        .join(TrainingSession, TrainingSession.id == Booking.session_id)
        .join(Course, Course.id == TrainingSession.course_id)
        .where(
            TrainingSession.start_at >= lo,
            TrainingSession.start_at < hi,
            (
                (Booking.status == BookingStatus.BOOKED.value)
                & (Booking.attendance == Attendance.ABSENT.value)
            )
            | (
                (Booking.status == BookingStatus.CANCELLED.value)
                & Booking.late_cancellation.is_(True)
            ),
        )
    ).all()
    existing = {
        c.booking_id: c
        for c in session.scalars(
            select(Charge)
            .join(Booking, Booking.id == Charge.booking_id)
            .join(TrainingSession, TrainingSession.id == Booking.session_id)
            .where(TrainingSession.start_at >= lo, TrainingSession.start_at < hi)
        )
    }
    for booking in candidates:
        kind, amount = charge_due(session, booking, policy)
        charge = existing.pop(booking.id, None)
        if amount and charge is None:
            session.add(
                Charge(
                    booking_id=booking.id,
                    organisation_id=booking.organisation_id,
                    kind=kind.value,
                    amount_pence=amount,
                    raised_at=now,
                )
            )
        elif not amount and charge is not None and not charge.waived:
            session.delete(charge)
        elif charge is not None and charge.kind != kind.value:
            charge.kind = kind.value
    for charge in existing.values():  # the booking is no longer a no-show or late cancellation
        if not charge.waived:
            session.delete(charge)
    session.flush()


def _charge_record(session: Session, charge: Charge) -> ChargeRecord:
    booking = charge.booking
    training = booking.session
    delegate = booking.delegate
    follow_up = session.get(BookingFollowUp, booking.id)
    return ChargeRecord(
        id=charge.id,
        booking_id=booking.id,
        organisation_id=charge.organisation_id,
        organisation=charge.organisation.name,
        sector=charge.organisation.sector.name if charge.organisation.sector else None,
        delegate=f"{delegate.first_name} {delegate.last_name}",
        course_code=training.course.code,
        course_title=training.course.title,
        session_start=training.start_at,
        kind=ChargeKind(charge.kind),
        reason=follow_up.reason.label if follow_up and follow_up.reason else None,
        amount_pence=charge.amount_pence,
        waived=charge.waived,
        waiver_note=charge.waiver_note,
    )


def ledger(
    db: Database,
    first: date,
    last: date,
    *,
    organisation_id: int | None = None,
    now: datetime | None = None,
) -> list[ChargeRecord]:
    """The charges on sessions held from `first` to `last` (London dates, both included).

    Charges are raised (or withdrawn) first, so the ledger always agrees with
    the register. By organisation, then session date, then delegate.
    Raises InputError (the period ends before it starts).
    """
    now = now or now_utc()
    lo, hi = period_bounds(first, last)
    with db.write() as session:
        raise_charges(session, lo, hi, now=now)
        query = (
            select(Charge)
            .join(Booking, Booking.id == Charge.booking_id)
            .join(TrainingSession, TrainingSession.id == Booking.session_id)
            .join(Organisation, Organisation.id == Charge.organisation_id)
            .join(Delegate, Delegate.id == Booking.delegate_id)
            .where(TrainingSession.start_at >= lo, TrainingSession.start_at < hi)
            .order_by(
                Organisation.name_key, TrainingSession.start_at, Delegate.last_name, Charge.id
            )
        )
        if organisation_id is not None:
            query = query.where(Charge.organisation_id == organisation_id)
        return [_charge_record(session, c) for c in session.scalars(query)]


def statements(
    db: Database, first: date, last: date, *, now: datetime | None = None
) -> list[OrganisationStatement]:
    """One statement per organisation with charges in the period, by organisation name."""
    label = f"{long_date(first)} to {long_date(last)}"
    grouped: dict[int, list[ChargeRecord]] = {}
    for charge in ledger(db, first, last, now=now):
        grouped.setdefault(charge.organisation_id, []).append(charge)
    return [
        OrganisationStatement(
            organisation=lines[0].organisation,
            sector=lines[0].sector,
            period_label=label,
            charges=tuple(lines),
        )
        for lines in grouped.values()
    ]


def waive(db: Database, charge_id: int, note: str, *, now: datetime | None = None) -> ChargeRecord:
    """Waive a charge, saying why. Raises InputError (no note), NotFound, RuleViolation."""
    now = now or now_utc()
    note = clean(note)
    if note is None:
        raise InputError("Say why the charge is waived: the note is kept for the finance team.")
    with db.write() as session:
        charge = session.get(Charge, charge_id)
        if charge is None:
            raise NotFound("That charge no longer exists; draw up the ledger again.")
        if charge.waived:
            raise RuleViolation(f"This charge was already waived: {charge.waiver_note}")
        charge.waived = True
        charge.waiver_note = note
        charge.waived_at = now
        session.flush()
        return _charge_record(session, charge)


def reinstate(db: Database, charge_id: int) -> ChargeRecord:
    """Undo a waiver. Raises NotFound, RuleViolation (not waived)."""
    with db.write() as session:
        charge = session.get(Charge, charge_id)
        if charge is None:
            raise NotFound("That charge no longer exists; draw up the ledger again.")
        if not charge.waived:
            raise RuleViolation("This charge is not waived.")
        charge.waived = False
        charge.waiver_note = None
        charge.waived_at = None
        session.flush()
        return _charge_record(session, charge)


def export_ledger_xlsx(
    db: Database, first: date, last: date, path: Path, *, now: datetime | None = None
) -> tuple[Path, int]:
    """Write the period's ledger as XLSX; returns the file and how many charges it lists.

    Raises InputError (period), OSError when the file cannot be written.
    """
    charges = ledger(db, first, last, now=now)
    label = f"{long_date(first)} to {long_date(last)}"
    return write_ledger_xlsx(charges, path, period_label=label), len(charges)


def write_statement_pdfs(
    db: Database, first: date, last: date, folder: Path, *, now: datetime | None = None
) -> list[Path]:
    """One PDF statement per organisation with charges in the period, in `folder`.

    Files are named after the organisations and never overwrite another file;
    if one fails, those written by this call are removed. Raises InputError.
    """
    now = now or now_utc()
    with db.read() as session:
        partnership = read_setting(session, PARTNERSHIP_NAME) or ""
    namer = FileNamer(Path(folder))
    try:
        for statement in statements(db, first, last, now=now):
            path = namer.claim(f"Charges {statement.organisation} {first:%Y-%m-%d}", "charges")
            with path.open("wb") as stream:
                write_statement(
                    statement, stream, partnership_name=partnership, issued=to_local(now).date()
                )
    except BaseException:
        namer.release()
        raise
    return list(namer.claimed)

"""Charges to agencies: the policy in settings, raising charges, the ledger, waivers."""

from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Delegate, Organisation, TrainingSession
from pscp_training.db.models_follow_up import BookingFollowUp, Charge
from pscp_training.domain.charging import ChargingPolicy
from pscp_training.domain.errors import InputError, NotFound, RuleViolation
from pscp_training.domain.follow_up_records import ChargeKind, ChargeRecord, OrganisationStatement
from pscp_training.domain.identity import clean
from pscp_training.domain.years import LONDON, now_utc, to_local
from pscp_training.pdf.charge_statement import write_statement
from pscp_training.pdf.filenames import FileNamer
from pscp_training.pdf.text import long_date
from pscp_training.reports.charges_xlsx import write_ledger_xlsx
from pscp_training.services.follow_up.charge_rules import raise_charges
from pscp_training.services.settings.charging_policy import read_policy, write_policy
from pscp_training.services.settings.team_settings import PARTNERSHIP_NAME, read_setting


def get_policy(db: Database) -> ChargingPolicy:
    with db.read() as session:
        return read_policy(session)


def save_policy(
    db: Database, policy: ChargingPolicy, *, now: datetime | None = None
) -> ChargingPolicy:
    """Save the charging policy; charges already raised keep their amounts.

    A booking the new policy exempts loses its charge (unless waived), and one
    it no longer exempts gets one: the policy change is the event that causes it.
    """
    with db.write() as session:
        write_policy(session, policy)
        raise_charges(session, now=now or now_utc())
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

    A listing: it writes nothing. Charges are raised (and withdrawn) by the
    events that cause them: marking the register, a late cancellation, a
    recorded reason, an import, a change of policy. By organisation, then
    session date, then delegate. Raises InputError (the period ends before it starts).
    """
    lo, hi = period_bounds(first, last)
    with db.read() as session:
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

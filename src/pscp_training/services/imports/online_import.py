"""Importing bookings from another system's export: checked whole, then one transaction.

read (register/online_bookings) -> check against the database (sessions,
organisations) -> apply each person by the booking rules
(services/bookings/arrivals) in the order they asked. All or nothing; the same
export twice changes nothing; a later export of the same event updates the
statuses and adds the new people. Every change is in the audit trail.
"""

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import TrainingSession
from pscp_training.domain.enums import SessionStatus
from pscp_training.domain.errors import Cancelled, Problem, ValidationFailed
from pscp_training.domain.identity import key
from pscp_training.domain.online_bookings import (
    Arrival,
    ArrivalCheck,
    ArrivalRow,
    ArrivalSummary,
    BookingMapping,
    OrganisationMatch,
    SectorsNeeded,
)
from pscp_training.domain.wording import plural
from pscp_training.domain.years import now_utc, to_local
from pscp_training.register.online_bookings import (
    CheckedArrivals,
    distinct_values,
    positions,
    read_arrivals,
    read_file,
)
from pscp_training.register.online_bookings import (
    check_arrivals as check_lines,
)
from pscp_training.register.reading import Table
from pscp_training.services.bookings.arrivals import apply_arrival
from pscp_training.services.bookings.locking import locked_session
from pscp_training.services.follow_up.charge_rules import raise_charges
from pscp_training.services.people.organisation_match import match_organisations
from pscp_training.services.people.people import (
    ensure_delegate,
    find_delegate,
    listed_sector,
)
from pscp_training.services.settings.team_settings import notice_working_days

Progress = Callable[[int, int], bool]
# Within one session: cancellations free places first, then those who came, then the
# rest in the order they asked (a line without a time of asking after those with one).
_ORDER = {Arrival.CANCELLED: 0, Arrival.ATTENDED: 1, Arrival.BOOKED: 2}


class _DryRun(Exception):
    def __init__(self, summary: ArrivalSummary):
        self.summary = summary


def _session_problems(session: Session, checked: CheckedArrivals, now: datetime) -> list[Problem]:
    """Sessions that do not exist, are cancelled, or have people checked in before they ran."""
    ids = sorted({row.session_id for row in checked.rows})
    found = {s.id: s for s in session.scalars(
        select(TrainingSession).where(TrainingSession.id.in_(ids)))}
    problems: list[Problem] = []
    for row in checked.rows:
        target = found.get(row.session_id)
        if target is None:
            problems.append(Problem(row.line, None, None, f"There is no session {row.session_id}."))
        elif target.status == SessionStatus.CANCELLED.value and row.arrival is not Arrival.CANCELLED:
            problems.append(Problem(row.line, None, None,
                f"Session {row.session_id} has been cancelled, so it cannot take bookings."))
        elif (row.arrival is Arrival.ATTENDED
              and to_local(target.start_at).date() > to_local(now).date()):
            problems.append(Problem(row.line, None, None,
                "Checked in, but the session has not happened yet: only bookings can be "
                "imported before the day it runs."))
    return problems


def _rejected(name: str, problems: list[Problem], warnings: list[str]) -> ValidationFailed:
    return ValidationFailed(
        f"{name} was not imported: {plural(len(problems), 'line')} cannot be applied (nothing "
        "was written). Correct the file and import it again.", problems, warnings)


def _checked(db: Database, path, mapping, session_id, now):
    checked = read_arrivals(path, mapping, session_id=session_id)
    with db.read() as session:
        problems = _session_problems(session, checked, now)
        # A line that holds no place (Not Attending, Cancelled) never adds a delegate, so its
        # organisation is neither matched nor asked about.
        matches = match_organisations(session, [
            r.organisation for r in checked.rows if r.arrival is not Arrival.CANCELLED])
    if problems:
        raise _rejected(checked.table.name, problems, checked.warnings)
    return checked, matches


def read_export(path: str | Path) -> Table:
    """The export's header and rows, for the wizard. Raises ValidationFailed (unreadable)."""
    return read_file(path)


def preview(table: Table, mapping: BookingMapping, *, session_id: int | None, rows: int = 5):
    """The first rows as they would be stored, each with its problems: [(line, fields, messages)]."""
    checked = check_lines(table, mapping, session_id=session_id, preview=rows)
    general = [p.message for p in checked.problems if p.line == table.header_line]
    return checked.shown, general


def found_columns(header: list[str], mapping: BookingMapping) -> dict[str, int]:
    """Where the mapping finds each of our fields among the file's columns."""
    return positions(header, mapping)


def values_of(table: Table, title: str) -> list[str]:
    """The different values of one of the file's columns (statuses, session names)."""
    return distinct_values(table, title)


def check_arrivals(
    db: Database, path: str | Path, mapping: BookingMapping, *, session_id: int | None = None,
    now: datetime | None = None,
) -> ArrivalCheck:
    """What the file holds and how its organisations match, before anything is written.

    Raises ValidationFailed (every line's problems), NotFound.
    """
    checked, matches = _checked(db, path, mapping, session_id, now or now_utc())
    new = tuple(m.name for m in matches if m.organisation is None)
    given = {key(r.organisation): r.sector for r in checked.rows if r.organisation and r.sector}
    return ArrivalCheck(
        source=checked.table.name,
        rows=len(checked.rows),
        matches=tuple(matches),
        new_organisations=new,
        warnings=tuple(checked.warnings),
        sectors_in_file={n: given[key(n)] for n in new if key(n) in given},
    )


def _decide(
    matches: list[OrganisationMatch], refused: set[str], rows: list[ArrivalRow],
    sectors: Mapping[str, str],
) -> tuple[dict[str, OrganisationMatch], list[str]]:
    """Each file name -> the organisation used (a refused proposal is a new organisation)."""
    given = {key(name): sector for name, sector in sectors.items()}
    from_file = {key(r.organisation): r.sector for r in rows if r.organisation and r.sector}
    decided: dict[str, OrganisationMatch] = {}
    needed: list[str] = []
    for match in matches:
        if match.organisation and (match.exact or key(match.name) not in refused):
            decided[key(match.name)] = match
            continue
        sector = given.get(key(match.name)) or from_file.get(key(match.name))
        if sector is None:
            needed.append(match.name)
        decided[key(match.name)] = OrganisationMatch(match.name, None, sector, False)
    return decided, needed


def import_arrivals(
    db: Database,
    path: str | Path,
    mapping: BookingMapping,
    *,
    session_id: int | None = None,
    refused: set[str] | frozenset[str] = frozenset(),
    sectors: Mapping[str, str] | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ArrivalSummary:
    """Import another system's bookings in one transaction.

    `refused` are file names whose proposed organisation match the person
    turned down (they become new organisations); `sectors` gives the sector of
    each new organisation (file name -> sector), once per organisation.
    With dry_run nothing is kept. Raises ValidationFailed, SectorsNeeded,
    InputError (a sector not on the list), NotFound, Cancelled.
    """
    now = now or now_utc()
    checked, matches = _checked(db, path, mapping, session_id, now)
    decided, needed = _decide(matches, {key(n) for n in refused}, checked.rows, sectors or {})
    if needed:
        raise SectorsNeeded(needed)
    rows = sorted(checked.rows, key=lambda r: (
        r.session_id, _ORDER[r.arrival], r.booked_at is None, r.booked_at or now, r.line))
    total = max(len(rows), 1)
    try:
        with db.write() as session:
            summary = _apply(session, checked, rows, decided, now, progress, total)
            summary = replace(summary, matches=tuple(matches), dry_run=dry_run)
            if dry_run:
                raise _DryRun(summary)
    except _DryRun as rolled_back:
        return rolled_back.summary
    return summary


def _apply(session, checked, rows, decided, now, progress, total) -> ArrivalSummary:
    notice = notice_working_days(session)
    for sid in sorted({r.session_id for r in rows}):  # in id order, as every writer locks
        locked_session(session, sid)
    for match in decided.values():
        if match.organisation is None:
            listed_sector(session, match.sector)  # refuses a sector not on the list, by name
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    waitlisted = new_delegates = 0
    new_organisations: set[str] = set()
    warnings = list(checked.warnings)
    late: set[int] = set()
    for done, row in enumerate(rows, start=1):
        target = session.get(TrainingSession, row.session_id)
        delegate, created = _delegate(session, row, decided, new_organisations)
        new_delegates += int(created)
        if delegate is None:  # cancelled before the app ever knew them: nothing to keep
            counts["unchanged"] += 1
            continue
        applied = apply_arrival(session, target, delegate, row.arrival, asked_at=row.booked_at,
                                now=now, notice_days=notice)
        counts[applied.outcome] += 1
        waitlisted += int(applied.waitlisted)
        if applied.late_cancellation:
            late.add(target.id)
        if applied.warning:
            warnings.append(f"Line {row.line}: {applied.warning}")
        if progress is not None and progress(done, total) is False:
            raise Cancelled("The import was stopped; nothing was written.")
    if late:
        raise_charges(session, now=now, session_ids=late)
    return ArrivalSummary(
        source=checked.table.name, rows=len(rows), added=counts["added"], waitlisted=waitlisted,
        updated=counts["updated"], unchanged=counts["unchanged"], new_delegates=new_delegates,
        new_organisations=len(new_organisations), warnings=tuple(warnings),
    )


def _delegate(session, row: ArrivalRow, decided, new_organisations: set[str]):
    """The person, matched by email (any case) before name, or added (unless cancelled)."""
    match = decided.get(key(row.organisation)) if row.organisation else None
    organisation = (match.organisation or match.name) if match else None
    found = find_delegate(session, row.first_name, row.last_name, row.email, organisation)
    if found is None and row.email:
        found = find_delegate(session, row.first_name, row.last_name, None, organisation)
        if found is not None:
            found.email, found.email_key = row.email, row.email.casefold()
    if found is not None:
        if row.job_role and not found.job_role:
            found.job_role = row.job_role
        if row.phone and not found.phone:
            found.phone = row.phone
        return found, False
    if row.arrival is Arrival.CANCELLED:
        return None, False
    if match is not None and match.organisation is None:
        new_organisations.add(key(match.name))
    return ensure_delegate(
        session, first_name=row.first_name, last_name=row.last_name, email=row.email,
        organisation=organisation, sector=match.sector if match else None,
        job_role=row.job_role, phone=row.phone,
    )

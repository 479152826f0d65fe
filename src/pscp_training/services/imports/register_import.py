"""Importing the booking register and the organisation register: one transaction, all or nothing."""

import gc
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from pscp_training.db.audit import pending_entries, write_trail
from pscp_training.db.engine import Database
from pscp_training.db.models import Organisation, Sector
from pscp_training.domain.errors import Cancelled, ValidationFailed
from pscp_training.domain.identity import key
from pscp_training.domain.import_records import KINDS, ImportSummary
from pscp_training.domain.years import now_utc
from pscp_training.register.columns import BOOKING_COLUMNS, ORGANISATION_COLUMNS
from pscp_training.register.consistency import check_consistency
from pscp_training.register.header import required_names
from pscp_training.register.organisation_register import check_organisations
from pscp_training.register.problems import ProblemLog
from pscp_training.register.reading import read_table
from pscp_training.register.validation import check_rows
from pscp_training.services.follow_up.charge_rules import raise_charges
from pscp_training.services.imports import register_state as state
from pscp_training.services.imports.register_plan import PLAN_PASSES, plan_register
from pscp_training.services.imports.register_review import describe_changes, find_damage
from pscp_training.services.imports.register_write import (
    insert_rows,
    update_rows,
    work_units,
    write_plan,
)
from pscp_training.services.settings.team_settings import notice_working_days

Progress = Callable[[int, int], bool]


class _Meter:
    """Reports progress as (done, total) and stops the work when the callback says so."""

    def __init__(self, progress: Progress | None, total: int):
        self.progress = progress
        self.total = max(total, 1)
        self.done = 0

    def at(self, done: int) -> None:
        self.done = max(self.done, min(done, self.total))  # never back
        if self.progress is not None and self.progress(self.done, self.total) is False:
            raise Cancelled("The import was stopped; nothing was written.")

    def through(self, start: int, share: int, units: int) -> Callable[[int], None]:
        """A tick told how many of `units` pieces of work are done, filling `share` from `start`."""
        return lambda done: self.at(start + share * done // max(units, 1))

    def scaled(self, start: int, share: int, units: int) -> Callable[[int], None]:
        """A tick for `units` pieces of work that fill `share` of the bar from `start`."""
        written = 0

        def tick(count: int) -> None:
            nonlocal written
            written += count
            self.at(start + share * written // max(units, 1))

        return tick


def _rejected(name: str, problems, warnings: list[str]) -> ValidationFailed:
    """The refusal: a summary per failing column, the first lines' problems, the total."""
    log = problems if isinstance(problems, ProblemLog) else ProblemLog(problems)
    count = len(log)
    noun = "problem" if count == 1 else "problems"
    return ValidationFailed(
        f"{name} was not imported: it has {count:,} {noun} (nothing was written). "
        "Correct the file and import it again.",
        log.report(),
        warnings,
    )


@contextmanager
def _collector_paused():
    """Python's cycle collector off while an import builds its hundreds of thousands of
    objects (none of them in cycles): each full collection walked them all, stopping the
    import - and its progress bar - for a third of a second at a time."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
            gc.collect()  # now, not at some later moment on whichever thread allocates next


def import_register(
    db: Database, path: str | Path, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportSummary:
    """Import a booking register (.csv or .xlsx) in one transaction.

    With dry_run, validates and says what would change without writing.
    Raises ValidationFailed (with every problem found; nothing written) and
    Cancelled (when progress returns False; nothing written).
    """
    with _collector_paused():
        return _import_register(db, path, dry_run, progress)


def _import_register(db: Database, path, dry_run: bool, progress) -> ImportSummary:
    # The bar's first half is reading, checking and planning, the second writing: each stage
    # moves it every few thousand rows (PROGRESS_STEP), so it never stands still for long.
    # While the file is read its rows are only estimated from its lines.
    meter = _Meter(progress, 2)

    def reading(lines: int, in_all: int) -> None:
        meter.total = 2 * max(in_all, 1)
        meter.at(in_all // 10 * lines // max(in_all, 1))

    table = read_table(path, required=required_names(BOOKING_COLUMNS), tick=reading)
    rows = len(table.rows)
    meter.total = max(2 * rows, 1)
    meter.at(0)
    checked = check_rows(table, tick=meter.through(rows // 10, rows // 2 - rows // 10, rows))
    table.rows = []  # checked: each line's cells are in its RegisterRow now (memory)
    consistent = check_consistency(checked.rows, tick=meter.scaled(rows // 2, rows // 10, rows))
    checked.rows = []
    problems = checked.problems
    problems.extend(consistent.problems)
    warnings = [*checked.warnings, *consistent.warnings]
    if problems:
        raise _rejected(table.name, problems, warnings)
    planned = rows * 6 // 10
    meter.at(planned)
    with _transaction(db, dry_run) as session:
        tick = meter.scaled(planned, rows - planned, PLAN_PASSES * len(consistent.rows) + 1)
        plan = plan_register(
            session, consistent.rows, checked.present, notice_working_days(session),
            lock=not dry_run, tick=tick,
        )
        warnings.extend(plan.warnings)
        if not plan.problems:
            find_damage(session, plan, consistent.rows, tick=tick)
        if plan.problems:
            raise _rejected(table.name, plan.problems, warnings)
        added, updated = plan.counts()
        changes = describe_changes(plan)
        meter.at(rows)
        if not dry_run:
            _write(session, plan, meter, rows)
    meter.at(2 * rows)
    return _summary(
        table.name, rows, added, updated, consistent.merged_duplicates, warnings, dry_run,
        changes,
    )


def _write(session: Session, plan, meter: _Meter, rows: int) -> None:
    """The plan, its charges and its trail written: the second half of the bar."""
    written = rows * 7 // 10
    new_places = {b["session"] for b in plan.new_bookings}  # write_plan lets them go
    write_plan(session, plan, meter.scaled(rows, written, work_units(plan)))
    # The register's new or changed no-shows and late cancellations raise charges here.
    booked = _booked_sessions(plan, new_places)
    raise_charges(session, now=now_utc(), session_ids=booked,
                  tick=meter.scaled(rows + written, rows // 10, len(booked)))
    # The trail is written now, with the bar moving, rather than unseen at commit.
    write_trail(session, tick=meter.scaled(rows + written + rows // 10,
                                           rows - written - rows // 10,
                                           pending_entries(session)))


def _booked_sessions(plan, new_places: set) -> set[int]:
    """The sessions whose bookings the import added (`new_places`: their keys) or changed."""
    sessions = {plan.session_ids[skey] for skey in new_places}
    of_booking = {b["id"]: b["session_id"] for b in plan.stored.bookings.values()}
    return sessions | {of_booking[u["id"]] for u in plan.updates["bookings"]}


def _summary(name, rows, added, updated, merged, warnings, dry_run, changes=()) -> ImportSummary:
    return ImportSummary(
        source=name,
        rows=rows,
        added={kind: added.get(kind, 0) for kind in KINDS},
        updated={kind: updated.get(kind, 0) for kind in KINDS},
        merged_duplicates=merged,
        warnings=tuple(warnings),
        dry_run=dry_run,
        changes=tuple(changes),
    )


def _transaction(db: Database, dry_run: bool):
    return db.read() if dry_run else db.write()


def import_organisations(
    db: Database, path: str | Path, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportSummary:
    """Import the organisation register (name, sector, type); every one is marked registered.

    Raises ValidationFailed (nothing written) and Cancelled (nothing written).
    """
    table = read_table(path, required=required_names(ORGANISATION_COLUMNS))
    meter = _Meter(progress, 2 * len(table.rows))
    meter.at(0)
    checked = check_organisations(table)
    if checked.problems:
        raise _rejected(table.name, checked.problems, checked.warnings)
    warnings = list(checked.warnings)
    meter.at(len(table.rows))
    with _transaction(db, dry_run) as session:
        stored = state.Stored()
        state.load_people_and_places(session, stored)
        new_sectors, new_orgs, updates = _plan_organisations(stored, checked, warnings)
        if not dry_run:
            tick = meter.scaled(len(table.rows), len(table.rows), len(new_orgs) + len(updates) + 1)
            _write_organisations(session, stored, new_sectors, new_orgs, updates, tick)
    meter.at(2 * len(table.rows))
    return _summary(
        table.name,
        len(table.rows),
        {"organisations": len(new_orgs), "sectors": len(new_sectors)},
        {"organisations": len(updates)},
        checked.merged_duplicates,
        warnings,
        dry_run,
    )


def _plan_organisations(stored: state.Stored, checked, warnings: list[str]):
    new_sectors: dict[str, dict] = {}
    new_orgs: list[dict] = []
    updates: list[dict] = []
    order = stored.last_sector_order
    for row in checked.rows:
        sector_key = key(row.sector)
        if sector_key not in stored.sectors and sector_key not in new_sectors:
            order += 1
            new_sectors[sector_key] = {"name": row.sector, "sort_order": order}
            warnings.append(
                f"The sector '{row.sector}' (line {row.line}) was not on the list of sectors; "
                "it was added."
            )
        wanted = {"name": row.name, "registered": True}
        if checked.has_type:
            wanted["org_type"] = row.org_type
        existing_id = stored.organisations.get(key(row.name))
        if existing_id is None:
            new_orgs.append(
                {**wanted, "name_key": key(row.name), "sector": sector_key,
                 "org_type": row.org_type}
            )
            continue
        existing = stored.organisation_rows[existing_id]
        changed = {n: v for n, v in wanted.items() if existing[n] != v}
        if stored.sectors.get(sector_key) != existing["sector_id"]:
            changed["sector"] = sector_key
        if changed:
            updates.append({"id": existing_id, **changed})
    return new_sectors, new_orgs, updates


def _write_organisations(session: Session, stored, new_sectors, new_orgs, updates, tick) -> None:
    ids = insert_rows(session, Sector.__table__, list(new_sectors.values()), tick, ids=True)
    stored.sectors.update(zip(new_sectors, ids, strict=True))

    def sector_id(row: dict) -> dict:
        row = dict(row)
        if "sector" in row:
            row["sector_id"] = stored.sectors[row.pop("sector")]
        return row

    insert_rows(session, Organisation.__table__, [sector_id(o) for o in new_orgs], tick, ids=False)
    update_rows(session, Organisation.__table__, [sector_id(u) for u in updates], tick)

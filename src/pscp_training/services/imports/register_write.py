"""Writing a planned register import in batches: executemany inserts and updates, no per-row trips."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from sqlalchemy import Table, bindparam, insert, text, update
from sqlalchemy.orm import Session

from pscp_training.db.audit_bulk import record_inserted
from pscp_training.db.models import (
    Booking,
    Course,
    Delegate,
    Headcount,
    Organisation,
    Sector,
    TrainingSession,
)
from pscp_training.db.plain_insert import insert_plain, same_keys
from pscp_training.db.plain_insert import new_ids as new_ids_for
from pscp_training.domain.years import now_utc
from pscp_training.services.imports.register_plan import Plan
from pscp_training.services.imports.register_state import chunks

BATCH = 2000  # rows per statement; also a progress bar's pace
ANALYZE_AFTER = 10_000  # rows written

Tick = Callable[[int], None]


def insert_rows(
    session: Session, table: Table, rows: Iterable[dict], tick: Tick, *, ids: bool
) -> list[int]:
    """Insert rows in batches; the new ids in the rows' order when asked for."""
    new_ids: list[int] = []
    for batch in chunks(rows, BATCH):
        plain = same_keys(batch) and "id" not in batch[0]
        given = new_ids_for(session.connection(), table, len(batch)) if plain else None
        if given is not None:
            # Ids drawn first, then a plain insert: an INSERT .. RETURNING of many rows
            # spent most of its time having the driver parse its thousands of placeholders,
            # and the trail no longer has to read the new rows back to learn their ids.
            insert_plain(session.connection(), table,
                         [{"id": i, **row} for i, row in zip(given, batch, strict=True)])
            record_inserted(session, table, batch, given)
            if ids:
                new_ids.extend(given)
        elif ids:
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            new_ids.extend(session.execute(statement, batch).scalars())
        elif plain:
            # Straight to the driver (a third of the import's writing time was SQLAlchemy
            # converting each value row by row); the trail is queued here instead.
            insert_plain(session.connection(), table, batch)
            record_inserted(session, table, batch)
        else:
            session.execute(insert(table), batch)
        tick(len(batch))
    return new_ids


def update_rows(session: Session, table: Table, rows: list[dict], tick: Tick) -> None:
    """Update rows by id, grouped by the columns they change; versions move on by one."""
    groups: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for row in rows:
        groups[tuple(sorted(name for name in row if name != "id"))].append(row)
    now = now_utc()
    for names, group in groups.items():
        values = {name: bindparam(f"b_{name}", type_=table.c[name].type) for name in names}
        values["updated_at"] = now
        if "version" in table.c:
            values["version"] = table.c.version + 1
        statement = update(table).where(table.c.id == bindparam("b_id")).values(values)
        for batch in chunks(group, BATCH):
            session.execute(
                statement, [{f"b_{name}": value for name, value in row.items()} for row in batch]
            )
            tick(len(batch))


def write_plan(session: Session, plan: Plan, tick: Tick) -> None:
    """Carry out the plan inside the caller's transaction, parents before children.

    The new bookings are let go as they are written: `plan.new_bookings` is left as Nones.
    """
    stored = plan.stored
    sectors = stored.sectors
    organisations = stored.organisations

    new = plan.new["sectors"]
    for sector_key, new_id in zip(
        new, insert_rows(session, Sector.__table__, list(new.values()), tick, ids=True), strict=True
    ):
        sectors[sector_key] = new_id

    new = plan.new["organisations"]
    rows = [
        {"name": o["name"], "name_key": o["name_key"], "sector_id": sectors[o["sector"]]}
        for o in new.values()
    ]
    for name_key, new_id in zip(
        new, insert_rows(session, Organisation.__table__, rows, tick, ids=True), strict=True
    ):
        organisations[name_key] = new_id

    new = plan.new["courses"]
    for course_key, new_id in zip(
        new, insert_rows(session, Course.__table__, list(new.values()), tick, ids=True), strict=True
    ):
        stored.courses[course_key] = {"id": new_id}
    update_rows(session, Course.__table__, plan.updates["courses"], tick)

    def commissioner(row: dict) -> dict:
        row = dict(row)
        name_key = row.pop("commissioner", None)
        row["commissioning_organisation_id"] = organisations[name_key] if name_key else None
        return row

    new = plan.new["sessions"]
    rows = []
    for values in new.values():
        row = commissioner(values)
        row["course_id"] = stored.courses[row.pop("course")]["id"]
        rows.append(row)
    for skey, new_id in zip(
        new, insert_rows(session, TrainingSession.__table__, rows, tick, ids=True), strict=True
    ):
        plan.session_ids[skey] = new_id
    update_rows(
        session,
        TrainingSession.__table__,
        [commissioner(u) if "commissioner" in u else u for u in plan.updates["sessions"]],
        tick,
    )

    def organisation(row: dict) -> dict:
        row = dict(row)
        row["organisation_id"] = organisations[row.pop("organisation")]
        return row

    new = plan.new["delegates"]
    rows = [organisation(d) for d in new.values()]
    for identity, new_id in zip(
        new, insert_rows(session, Delegate.__table__, rows, tick, ids=True), strict=True
    ):
        plan.delegate_ids[identity] = new_id
    update_rows(
        session,
        Delegate.__table__,
        [organisation(u) if "organisation" in u else u for u in plan.updates["delegates"]],
        tick,
    )

    def placed(row: dict) -> dict:
        row = dict(row)
        if "session" in row:
            row["session_id"] = plan.session_ids[row.pop("session")]
        if "delegate" in row:
            row["delegate_id"] = plan.delegate_ids[row.pop("delegate")]
        if "organisation" in row:
            row["organisation_id"] = organisations[row.pop("organisation")]
        if "sector" in row:
            row["sector_id"] = sectors[row.pop("sector")]
        return row

    # Made a batch at a time (a generator): the bar moves from the first batch on; and each
    # planned booking is let go once written, as its trail entry is made (the peak memory).
    insert_rows(session, Booking.__table__, (placed(b) for b in _taken(plan.new_bookings)),
                tick, ids=False)
    update_rows(session, Booking.__table__, [placed(u) for u in plan.updates["bookings"]], tick)
    insert_rows(
        session, Headcount.__table__, (placed(h) for h in plan.new_headcounts), tick, ids=False
    )
    update_rows(session, Headcount.__table__, [placed(u) for u in plan.updates["headcounts"]], tick)
    if session.get_bind().dialect.name == "postgresql" and work_units(plan) >= ANALYZE_AFTER:
        # Until autovacuum catches up, PostgreSQL plans the next import's lookups as if
        # these tables were still small (43 s instead of 15 s for a 100,000-row re-import).
        session.execute(text("ANALYZE delegates, training_sessions, bookings, headcounts"))


def _taken(rows: list) -> Iterator:
    """The rows in order, each left as None in the list once handed on (the list keeps its
    length)."""
    for index, row in enumerate(rows):
        rows[index] = None
        yield row


def work_units(plan: Plan) -> int:
    """How many rows write_plan will insert or update, for a progress bar."""
    return (
        sum(len(rows) for rows in plan.new.values())
        + sum(len(rows) for rows in plan.updates.values())
        + len(plan.new_bookings)
        + len(plan.new_headcounts)
    )

"""The audit trail of bulk statements (imports, merges), which bypass the ORM's flush.

A `do_orm_execute` listener sees each INSERT on an audited table, and each
UPDATE or DELETE whether written against the table (`update(Booking.__table__)`)
or the model (`update(Booking)`), run through a session: it reads the
rows before an update or delete (one query per statement), runs the
statement, and queues one entry per row created, changed or deleted, written
with the rest of the transaction's trail by `db.audit` at commit.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from pscp_training.db.audit import (
    AUDITED,
    IGNORED_FIELDS,
    PENDING,
    SKIP_OPTION,
    Audited,
    current_actor,
    dump_changes,
    plain_value,
)
from pscp_training.domain.years import now_utc

NATURAL_KEYS = {
    "bookings": ("session_id", "delegate_id"),
    "headcounts": ("session_id", "organisation_id"),
    "charges": ("booking_id",),
}


def _audited_table(table) -> tuple[type, Audited] | None:
    for model, how in AUDITED.items():
        if getattr(model, "__table__", None) is table:
            return model, how
    return None


def _statement_table(statement):
    """The table an INSERT, UPDATE or DELETE writes to, as its model's `__table__` is.

    A statement written against a model (`update(Booking)`) carries an annotated copy of
    the table, which is not the model's `__table__`: its entity description names the
    table itself. (A statement on a plain table with an ORM query inside it has none.)
    """
    table = getattr(statement, "table", None)
    if table is None or _audited_table(table) is not None:
        return table
    try:
        described = statement.entity_description.get("table")
    except (AttributeError, KeyError):
        return table
    return described if described is not None else table


class _Row:
    """A plain row dressed as a model instance, for the Audited lambdas."""

    def __init__(self, values: dict):
        self.__dict__.update(values)


def _row_entry(how: Audited, row: dict, action: str, changes: dict, actor: str, when) -> dict:
    shown = _Row(row)
    return {
        "changed_at": when,
        "actor": actor,
        "action": action,
        "record_type": how.record_type,
        "record_id": row["id"],
        "record_version": row.get("version"),
        "session_id": how.session_id(shown),
        "delegate_id": how.delegate_id(shown),
        "changes": dump_changes(changes),
    }


def _rows_by_id(session: Session, table, ids: list[int]) -> dict[int, dict]:
    found: dict[int, dict] = {}
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        for row in session.execute(select(table).where(table.c.id.in_(chunk))).mappings():
            found[row["id"]] = {k: plain_value(v) for k, v in row.items()}
    return found


def _rows_where(session: Session, table, statement, params) -> dict[int, dict]:
    """The rows an UPDATE or DELETE is about to touch, read in one query."""
    query = select(table)
    if statement.whereclause is not None:
        query = query.where(statement.whereclause)
    return {
        row["id"]: {k: plain_value(v) for k, v in row.items()}
        for row in session.execute(query, params or {}).mappings()
    }


def record_bulk_statement(state):
    """Bulk INSERTs, UPDATEs and DELETEs bypass the flush: record their rows' changes here."""
    if state.execution_options.get(SKIP_OPTION) or not (
        state.is_insert or state.is_update or state.is_delete
    ):
        return None
    # INSERTs are recognised by their table only: the register's go through it, while the
    # demo's `insert(Model)` batches fill an empty database and are left out of the trail.
    table = (
        getattr(state.statement, "table", None) if state.is_insert
        else _statement_table(state.statement)
    )
    audited = _audited_table(table) if table is not None else None
    if audited is None or "id" not in table.c:
        return None
    _model, how = audited
    session = state.session
    params = state.parameters
    many = params if isinstance(params, list) else [params or {}]
    before: dict[int, dict] = {}
    if state.is_update or state.is_delete:
        if state.is_update and all("b_id" in p for p in many):
            # The register's UPDATE of many rows, each by its id (executemany).
            before = _rows_by_id(session, table, [p["b_id"] for p in many])
        elif not isinstance(params, list):
            before = _rows_where(session, table, state.statement, params)
        elif state.is_update and all("id" in p for p in many):
            # The ORM's UPDATE of many rows by primary key: session.execute(update(Model), rows).
            before = _rows_by_id(session, table, [p["id"] for p in many])
        else:
            return None
    result = state.invoke_statement()
    if state.is_delete:
        entries = _deleted_entries(how, before, current_actor(), now_utc())
        _queue(session, entries)
        return result
    if state.is_insert:
        # The inserted values are the statement's own parameters: only the new ids are read.
        if result.returns_rows:
            frozen = result.freeze()
            ids = [row[0] for row in frozen().all()]
            result = frozen()
        else:
            ids = []
        # A single row's id taken by the driver's implicit RETURNING (PostgreSQL) is not among
        # the result's rows: such rows, and rows inserted without RETURNING, are found by key.
        if len(ids) == len(many):
            after = dict(zip(ids, many, strict=True))
        else:
            after = _by_natural_key(session, table, many)
            if after is None:
                return result
        entries = _created_entries(how, after, current_actor(), now_utc())
    else:
        after = _rows_by_id(session, table, list(before))
        entries = _changed_entries(how, before, after, current_actor(), now_utc())
    _queue(session, entries)
    return result


def _queue(session: Session, entries: list[dict]) -> None:
    if entries:
        pending: dict = session.info.setdefault(PENDING, {})
        for entry in entries:
            pending.setdefault(("bulk", len(pending)), entry)


def _by_natural_key(session: Session, table, many: list[dict]) -> dict[int, dict] | None:
    """The inserted rows by their new ids, found by their natural key (None if they have none)."""
    keys = NATURAL_KEYS.get(table.name)
    if keys is None or not many or not all(all(k in p for k in keys) for p in many):
        return None
    wanted = {tuple(p[k] for k in keys): p for p in many}
    found = session.execute(
        select(table.c.id, *[table.c[k] for k in keys]).where(
            table.c[keys[0]].in_({w[0] for w in wanted})
        )
    )
    return {row.id: wanted[tuple(row[1:])] for row in found if tuple(row[1:]) in wanted}


def record_inserted(session: Session, table, rows: list[dict], ids: list[int] | None = None) -> None:
    """Queue the trail of rows just inserted outside the session (db.plain_insert), as
    record_bulk_statement would have for the same INSERT run through the session."""
    audited = _audited_table(table)
    if audited is None or "id" not in table.c:
        return
    after = (
        dict(zip(ids, rows, strict=True)) if ids is not None
        else _by_natural_key(session, table, rows)
    )
    if not after:
        return
    entries = _created_entries(audited[1], after, current_actor(), now_utc())
    pending: dict = session.info.setdefault(PENDING, {})
    for entry in entries:
        pending.setdefault(("bulk", len(pending)), entry)


def _created_entries(how: Audited, after: dict[int, dict], actor: str, when) -> list[dict]:
    """One "created" entry per inserted row, naming it but not repeating its values.

    The row itself holds the values it was created with, and every later change
    is recorded before and after; writing each of a 100,000-row import's values
    again as JSON took a third of the import's time.
    """
    entries = []
    for record_id, values in after.items():
        shown = _Row(values)
        shown.id = record_id
        entries.append({
            "changed_at": when,
            "actor": actor,
            "action": "created",
            "record_type": how.record_type,
            "record_id": record_id,
            "record_version": values.get("version"),
            "session_id": how.session_id(shown),
            "delegate_id": how.delegate_id(shown),
            "changes": "{}",
        })
    return entries


def _deleted_entries(how: Audited, before: dict[int, dict], actor: str, when) -> list[dict]:
    """One "deleted" entry per row, with the values it had, as a flush records a delete."""
    return [
        _row_entry(
            how, row, "deleted",
            {k: [v, None] for k, v in row.items() if k not in IGNORED_FIELDS and v is not None},
            actor, when,
        )
        for row in before.values()
    ]


def _changed_entries(how: Audited, before: dict, after: dict, actor: str, when) -> list[dict]:
    entries = []
    for record_id, row in after.items():
        old = before.get(record_id)
        if old is not None:
            changes = {
                k: [old.get(k), v]
                for k, v in row.items()
                if k not in IGNORED_FIELDS and old.get(k) != v
            }
            if changes:
                entries.append(_row_entry(how, row, "changed", changes, actor, when))
    return entries

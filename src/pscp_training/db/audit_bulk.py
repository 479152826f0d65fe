"""The audit trail of bulk statements (imports, merges), which bypass the ORM's flush.

A `do_orm_execute` listener sees each INSERT or UPDATE on an audited table
run through a session: it reads the rows before an update, runs the
statement, and queues one entry per row created or changed, written with the
rest of the transaction's trail by `db.audit` at commit.
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


def record_bulk_statement(state):
    """Bulk INSERTs and UPDATEs bypass the flush: record their rows' changes here."""
    if not (state.is_insert or state.is_update) or state.execution_options.get(SKIP_OPTION):
        return None
    table = getattr(state.statement, "table", None)
    audited = _audited_table(table) if table is not None else None
    if audited is None or "id" not in table.c:
        return None
    _model, how = audited
    session = state.session
    params = state.parameters
    many = params if isinstance(params, list) else [params or {}]
    before: dict[int, dict] = {}
    if state.is_update:
        if all("b_id" in p for p in many):
            ids = [p["b_id"] for p in many]
        elif not isinstance(params, list) and state.statement.whereclause is not None:
            ids = list(
                session.execute(
                    select(table.c.id).where(state.statement.whereclause), params or {}
                ).scalars()
            )
        else:
            return None
        before = _rows_by_id(session, table, ids)
    result = state.invoke_statement()
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
    if entries:
        pending: dict = session.info.setdefault(PENDING, {})
        for entry in entries:
            pending.setdefault(("bulk", len(pending)), entry)
    return result


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

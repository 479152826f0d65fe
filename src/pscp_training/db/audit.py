"""Records every change to bookings, attendance, sessions, delegates, courses and organisations.

A listener on each `Database`'s session factories writes one `AuditEntry`
per inserted, changed or deleted row, in the same transaction as the change
itself (so a rolled-back action leaves no history either). Who made the
change comes from a context variable the front doors set with `set_actor`,
else the name chosen in this PC's settings, else the operating-system user.
"""

import getpass
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from sqlalchemy import insert, inspect, text
from sqlalchemy.orm import Session

from pscp_training.db.models import (
    Booking,
    Course,
    Delegate,
    Headcount,
    Organisation,
    TrainingSession,
)
from pscp_training.db.models_audit import AuditEntry
from pscp_training.db.models_follow_up import Charge
from pscp_training.db.plain_insert import insert_plain, same_keys
from pscp_training.domain.years import now_utc

ACTOR_SETTING = "operator_name"
ACTOR_ENV_VAR = "PSCP_TRAINING_USER"
# Bookkeeping columns whose change says nothing a person would want to read.
IGNORED_FIELDS = frozenset({"version", "created_at", "updated_at"})
SKIP_OPTION = "pscp_audit_skip"  # execution option: this statement records its own trail

_actor: ContextVar[str | None] = ContextVar("pscp_audit_actor", default=None)


@dataclass(frozen=True)
class Audited:
    """How one model's rows appear in the trail."""

    record_type: str
    session_id: Callable[[object], int | None]
    delegate_id: Callable[[object], int | None]


AUDITED: dict[type, Audited] = {
    Booking: Audited("booking", lambda r: r.session_id, lambda r: r.delegate_id),
    TrainingSession: Audited("session", lambda r: r.id, lambda r: None),
    Delegate: Audited("delegate", lambda r: None, lambda r: r.id),
    Course: Audited("course", lambda r: None, lambda r: None),
    Organisation: Audited("organisation", lambda r: None, lambda r: None),
    Headcount: Audited("headcount", lambda r: r.session_id, lambda r: None),
    # A charge names its booking's session and delegate when the booking is loaded with it
    # (charges raised in bulk, as the register raises them, are found by their own id).
    Charge: Audited(
        "charge",
        lambda r: getattr(r.__dict__.get("booking"), "session_id", None),
        lambda r: getattr(r.__dict__.get("booking"), "delegate_id", None),
    ),
}


def audit_model(model: type, record_type: str, *, session_id=None, delegate_id=None) -> None:
    """Add another model to the trail (for tables other issues add, e.g. follow-ups)."""
    AUDITED[model] = Audited(
        record_type, session_id or (lambda r: None), delegate_id or (lambda r: None)
    )


# --- who -----------------------------------------------------------------------------------


def set_actor(name: str | None) -> None:
    """Name the person whose actions follow (the app's signed-in user or chosen name)."""
    _actor.set(name.strip() if name and name.strip() else None)


@contextmanager
def acting_as(name: str) -> Iterator[None]:
    """Within the block, changes are recorded as made by `name` (tests, batch jobs)."""
    token = _actor.set(name)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> str:
    """Who the trail records: set_actor, PSCP_TRAINING_USER, the settings' name, the OS user."""
    chosen = _actor.get() or os.environ.get(ACTOR_ENV_VAR, "").strip()
    if chosen:
        return chosen
    from pscp_training.config import operator_name

    named = operator_name()
    if named:
        return named
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown user"


# --- what ----------------------------------------------------------------------------------


def plain_value(value):
    """A value as JSON can hold it, readable in an export."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _column_values(row) -> dict:
    mapper = inspect(row).mapper
    return {
        attr.key: plain_value(getattr(row, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in IGNORED_FIELDS
    }


def _changed_values(row) -> dict:
    """{field: [before, after]} for the columns this flush changes."""
    state = inspect(row)
    changes: dict = {}
    for attr in state.mapper.column_attrs:
        if attr.key in IGNORED_FIELDS:
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        if before != after:
            changes[attr.key] = [plain_value(before), plain_value(after)]
    # A many-to-one set through its relationship (row.organisation = org) reaches
    # the foreign-key column only during the flush: read it from the relationship.
    for rel in state.mapper.relationships:
        if rel.direction.name != "MANYTOONE" or len(rel.local_columns) != 1:
            continue
        key = next(iter(rel.local_columns)).key
        if key in changes or key in IGNORED_FIELDS:
            continue
        history = state.attrs[rel.key].history
        if not history.has_changes():
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        before_id = getattr(before, "id", None)
        after_id = getattr(after, "id", None)
        if before_id != after_id:
            changes[key] = [before_id, after_id]
    return changes


def _entry(row, action: str, changes: dict, actor: str, when: datetime) -> dict:
    how = AUDITED[type(row)]
    return {
        "changed_at": when,
        "actor": actor,
        "action": action,
        "record_type": how.record_type,
        "record_id": row.id,
        "record_version": getattr(row, "version", None),
        "session_id": how.session_id(row),
        "delegate_id": how.delegate_id(row),
        "changes": dump_changes(changes),
    }


PENDING = "pscp_audit_pending"


def after_flush(session: Session, _flush_context) -> None:
    # The session still shows its pre-flush new/dirty/deleted sets and each
    # attribute's history here, and new rows have their ids. Entries wait in
    # the session until commit, so that one action flushing a record twice
    # (details, then capacity) reads as one change.
    pending: dict = session.info.setdefault(PENDING, {})
    actor: str | None = None
    when = now_utc()

    def who() -> str:
        nonlocal actor
        if actor is None:
            actor = current_actor()
        return actor

    def add(row, action: str, changes: dict) -> None:
        key = (AUDITED[type(row)].record_type, row.id)
        entry = _entry(row, action, changes, who(), when)
        earlier = pending.get(key)
        if earlier is None:
            pending[key] = entry
            return
        merged = json.loads(earlier["changes"])
        for field, (before, after) in changes.items():
            merged[field] = [merged[field][0] if field in merged else before, after]
        merged = {f: ba for f, ba in merged.items() if ba[0] != ba[1]}
        action = "deleted" if action == "deleted" else earlier["action"]
        pending[key] = {**entry, "action": action, "changes": dump_changes(merged)}

    for row in session.new:
        if type(row) in AUDITED:
            add(row, "created", _creation(row))
    for row in session.dirty:
        if type(row) in AUDITED and session.is_modified(row, include_collections=False):
            changes = _changed_values(row)
            if changes:
                add(row, "changed", changes)
    for row in session.deleted:
        if type(row) in AUDITED:
            add(
                row,
                "deleted",
                {k: [v, None] for k, v in _column_values(row).items() if v is not None},
            )


NOTIFY_CHANNEL = "pscp_changes"
# The kinds of change the desktop app's pages listen for, by record type.
CHANGE_KINDS = {
    "booking": "bookings",
    "headcount": "bookings",
    "session": "sessions",
    "delegate": "delegates",
    "course": "courses",
    "organisation": "organisations",
}


def before_commit(session: Session) -> None:
    write_trail(session)


def pending_entries(session: Session) -> int:
    """How many entries of the trail are waiting to be written (for a progress bar)."""
    return len(session.info.get(PENDING) or ())


TRAIL_BATCH = 2000  # entries written between two ticks of a progress bar


def write_trail(session: Session, tick: Callable[[int], None] | None = None) -> None:
    """Write the transaction's trail so far; at commit, or earlier by a long action (an
    import) that shows its progress, `tick(count)` told after each batch of entries."""
    session.flush()  # the last changes reach after_flush before the trail is written
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    connection = session.connection()
    entries = list(pending.values())
    if same_keys(entries):
        # An import queues one entry per row it creates: straight to the driver.
        for start in range(0, len(entries), TRAIL_BATCH if tick else len(entries)):
            batch = entries[start : start + TRAIL_BATCH] if tick else entries
            insert_plain(connection, AuditEntry.__table__, batch)
            if tick is not None:
                tick(len(batch))
    else:
        connection.execute(insert(AuditEntry), entries)
    if connection.dialect.name == "postgresql":
        # Delivered to every listening PC when (and only if) this transaction commits.
        payload = {
            "kinds": sorted({CHANGE_KINDS.get(e["record_type"], "all") for e in entries}),
            "sessions": sorted({e["session_id"] for e in entries if e["session_id"]})[:200],
            "by": entries[0]["actor"],
        }
        connection.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": NOTIFY_CHANNEL, "payload": json.dumps(payload)[:7000]},
        )


def forget(session: Session, *_args) -> None:
    session.info.pop(PENDING, None)


def dump_changes(changes: dict) -> str:
    return json.dumps(changes, ensure_ascii=False, sort_keys=True, default=str)


def _creation(row) -> dict:
    return {k: [None, v] for k, v in _column_values(row).items() if v is not None and k != "id"}

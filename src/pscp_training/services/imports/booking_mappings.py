"""Mappings for bookings from another system: the ready-made ones and those the team saved.

Saved mappings are kept in the database (table booking_mappings), so every PC
of the team is offered the same "Our MS Forms booking form" again.
"""

import json

from sqlalchemy import select

from pscp_training.db.engine import Database
from pscp_training.db.models_booking_mapping import BookingMappingRow
from pscp_training.domain.errors import InputError, NotFound
from pscp_training.domain.identity import key, require_text
from pscp_training.domain.online_bookings import (
    FIELDS,
    READY_MADE,
    Arrival,
    BookingMapping,
    ready_made,
)
from pscp_training.register.online_bookings import fits


def _record(row: BookingMappingRow) -> BookingMapping:
    columns = json.loads(row.columns)
    return BookingMapping(
        name=row.name,
        columns={name: tuple(titles) for name, titles in columns.items()},
        values=json.loads(row.value_translations),
        header=tuple(json.loads(row.header)),
    )


def list_mappings(db: Database) -> list[BookingMapping]:
    """The ready-made mappings, then the team's saved ones by name."""
    with db.read() as session:
        rows = session.scalars(select(BookingMappingRow).order_by(BookingMappingRow.name_key))
        return [*READY_MADE, *(_record(row) for row in rows)]


def find_mapping(db: Database, name: str) -> BookingMapping:
    """A mapping by name (any case). Raises NotFound naming those there are."""
    found = ready_made(name)
    if found is not None:
        return found
    with db.read() as session:
        row = session.scalar(select(BookingMappingRow).where(BookingMappingRow.name_key == key(name)))
        if row is not None:
            return _record(row)
    names = ", ".join(f"'{m.name}'" for m in list_mappings(db))
    raise NotFound(f"There is no mapping called '{name}'. The mappings are: {names}.")


def _check(mapping: BookingMapping) -> None:
    unknown = [name for name in (*mapping.columns, *mapping.values) if name not in FIELDS]
    if unknown:
        raise InputError(f"A mapping cannot name the field(s) {', '.join(unknown)}.")
    wrong = [v for v in mapping.values.get("status", {}).values() if v not in set(Arrival)]
    if wrong:
        raise InputError("A status translates to booked, attended or cancelled, not "
                         + ", ".join(f"'{w}'" for w in wrong) + ".")


def save_mapping(db: Database, mapping: BookingMapping) -> BookingMapping:
    """Save (or replace) a mapping under its name. Raises InputError (blank name, a ready-made name)."""
    name = " ".join(require_text(mapping.name, "mapping name").split())
    if ready_made(name) is not None:
        raise InputError(f"'{name}' is a ready-made mapping: save yours under another name.")
    _check(mapping)
    with db.write() as session:
        row = session.scalar(select(BookingMappingRow).where(BookingMappingRow.name_key == key(name)))
        if row is None:
            row = BookingMappingRow(name_key=key(name))
            session.add(row)
        row.name = name
        row.columns = json.dumps({k: list(v) for k, v in mapping.columns.items() if v})
        row.value_translations = json.dumps(mapping.values)
        row.header = json.dumps(list(mapping.header))
        session.flush()
        return _record(row)


def delete_mapping(db: Database, name: str) -> None:
    """Forget a saved mapping. Raises NotFound (also for a ready-made one, which cannot go)."""
    with db.write() as session:
        row = session.scalar(select(BookingMappingRow).where(BookingMappingRow.name_key == key(name)))
        if row is None:
            raise NotFound(f"There is no saved mapping called '{name}'.")
        session.delete(row)


def offered_mapping(db: Database, header: list[str]) -> BookingMapping | None:
    """The mapping to offer for a file: one saved from a file with the same columns, else a
    ready-made one the file fits, else None."""
    columns = {key(h) for h in header if h}
    mappings = list_mappings(db)
    for mapping in mappings:
        if not mapping.ready_made and {key(h) for h in mapping.header if h} == columns:
            return mapping
    return next((m for m in mappings if m.ready_made and fits(header, m)), None)

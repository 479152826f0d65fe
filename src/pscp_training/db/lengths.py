"""Text longer than its column is refused with a sentence, on SQLite as on PostgreSQL.

PostgreSQL refuses a value longer than a VARCHAR's length with a driver error; SQLite stores
it whatever its length. Checking before the flush gives both databases the same limit and the
team the same words: which value, how long, and the most it may be.
"""

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from pscp_training.domain.errors import InputError

NAMES = {
    "delegates": "A delegate's",
    "organisations": "An organisation's",
    "courses": "A course's",
    "training_sessions": "A session's",
    "sectors": "A sector's",
}


def _check(session: Session, _context, _instances) -> None:
    for row in (*session.new, *session.dirty):
        mapper = inspect(row).mapper
        table = mapper.local_table
        for attr in mapper.column_attrs:
            column = attr.columns[0]
            limit = getattr(column.type, "length", None)
            if not isinstance(column.type, String) or not limit:
                continue
            value = getattr(row, attr.key, None)
            if isinstance(value, str) and len(value) > limit:
                whose = NAMES.get(table.name, f"A {table.name.rstrip('s').replace('_', ' ')}'s")
                field = attr.key.replace("_", " ")
                raise InputError(
                    f"{whose} {field} is {len(value):,} characters long; it can be at most "
                    f"{limit:,}. Shorten it and try again (nothing was saved)."
                )


def install(factory: sessionmaker) -> None:
    # Marked on the factory, not asked of event.contains, which knows a target by its id():
    # a new factory reusing a collected one's id was taken as already checked (db.audit_listeners).
    if getattr(factory, "_pscp_lengths_installed", False):
        return
    event.listen(factory, "before_flush", _check)
    factory._pscp_lengths_installed = True

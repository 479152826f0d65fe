"""Inserting many rows straight through the driver, with each column's values converted once.

SQLAlchemy's executemany converts every value of every row through the
column's type, one row at a time: for a 100,000-row import that was a third
of the time spent writing. Here each column's conversion (the very same bind
processor SQLAlchemy would use) runs once per distinct value, and the rows go
to the driver's executemany as plain tuples (on PostgreSQL, to one COPY).
Python-side column defaults (created_at, version...) are filled in as an
insert through SQLAlchemy would.
The statement bypasses the session's do_orm_execute hooks: callers that
write audited tables record the trail themselves (db.audit_bulk.record_inserted).
"""

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import Connection, Table, bindparam, func, insert, select, text

BATCH = 5000


def _default(column):
    default = column.default
    if default is None or column.primary_key:
        return None
    if default.is_scalar:
        return lambda: default.arg
    if default.is_callable:
        return lambda: default.arg(None)  # SQLAlchemy wraps zero-argument callables
    # A default computed by SQL would silently be skipped here: refuse rather than differ.
    raise ValueError(f"{column.table.name}.{column.name}: its default cannot be given plainly")


def insert_plain(connection: Connection, table: Table, rows: list[dict]) -> None:
    """INSERT every row (all with the same keys) in batches, in the caller's transaction."""
    if not rows:
        return
    dialect = connection.dialect
    names = [name for name in rows[0] if name in table.c]
    defaults = {}
    for column in table.c:
        if column.name not in rows[0]:
            make = _default(column)
            if make is not None:
                defaults[column.name] = make()
    statement = insert(table).values(
        {name: bindparam(name) for name in (*names, *defaults)}
    )
    compiled = statement.compile(dialect=dialect)
    order = list(compiled.positiontup) if compiled.positional else [*names, *defaults]
    converters = [_converter(table.c[name], dialect) for name in order]
    fixed = {name: converters[order.index(name)](value) for name, value in defaults.items()}
    columns = []
    for index, name in enumerate(order):
        if name in fixed:
            columns.append([fixed[name]] * len(rows))
        else:
            columns.append(converters[index]([row[name] for row in rows]))
    if dialect.name == "postgresql":
        _copy(connection, table, order, columns)
        return
    values = list(zip(*columns, strict=True))
    if not compiled.positional:
        values = [dict(zip(order, row, strict=True)) for row in values]
    sql = str(compiled)
    for start in range(0, len(values), BATCH):
        connection.exec_driver_sql(sql, values[start : start + BATCH])


def new_ids(connection: Connection, table: Table, count: int) -> list[int] | None:
    """`count` fresh ids for the table's `id` column, taken as the database would give them.

    PostgreSQL: drawn from the column's sequence (safe beside other writers).
    SQLite: the next rowids after the largest, as SQLite itself assigns them; the
    caller's write transaction (BEGIN IMMEDIATE) keeps every other writer out until
    commit. None if the table's ids cannot be drawn this way.
    """
    if count == 0:
        return []
    if connection.dialect.name == "postgresql":
        sequence = connection.execute(
            select(func.pg_get_serial_sequence(table.name, "id"))
        ).scalar()
        if sequence is None:
            return None
        return list(
            connection.execute(
                text("SELECT nextval(:sequence) FROM generate_series(1, :count)"),
                {"sequence": sequence, "count": count},
            ).scalars()
        )
    if connection.dialect.name == "sqlite":
        if not connection.get_execution_options().get("sqlite_immediate"):
            return None  # not a write transaction (db.engine): another writer could come between
        largest = connection.execute(select(func.max(table.c.id))).scalar() or 0
        return list(range(largest + 1, largest + 1 + count))
    return None


def _copy(connection: Connection, table: Table, names: list[str], columns: list[list]) -> None:
    """PostgreSQL: COPY the rows in, one stream instead of a statement per row.

    The stream is written as COPY's text format here, each column's distinct values
    once: psycopg's own row formatter, in Python, took longer than the server.
    """
    quote = connection.dialect.identifier_preparer.quote
    statement = f"COPY {quote(table.name)} ({', '.join(quote(n) for n in names)}) FROM STDIN"
    texts = [_copy_texts(values) for values in columns]
    lines = ["\t".join(row) for row in zip(*texts, strict=True)]
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        copy.write("\n".join(lines) + "\n")


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """One value as COPY's text format writes it."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    raise TypeError(f"COPY cannot write a {type(value).__name__} here")


def _copy_texts(values: list) -> list[str]:
    seen: dict = {}
    out = []
    for value in values:
        try:
            out.append(seen[value])
        except KeyError:
            seen[value] = text_ = _copy_text(value)
            out.append(text_)
    return out


def _converter(column, dialect):
    """A function converting a column's values (a list, or one value) as SQLAlchemy would."""
    process = column.type.dialect_impl(dialect).bind_processor(dialect)

    def convert(values):
        if process is None:
            return values
        if not isinstance(values, list):
            return process(values)
        seen: dict = {}
        out = []
        for value in values:
            try:
                out.append(seen[value])
            except KeyError:
                seen[value] = converted = process(value)
                out.append(converted)
        return out

    return convert


def same_keys(rows: Iterable[dict]) -> bool:
    """Whether every row names the same columns (what one INSERT statement needs)."""
    first = None
    for row in rows:
        if first is None:
            first = row.keys()
        elif row.keys() != first:
            return False
    return True

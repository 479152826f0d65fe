"""The portable export: every table as gzip-compressed JSON lines, readable on either database.

Line 1 is a header (format, schema revision, time made); then one line per
row, {"t": table, "r": {column: value}}; the last line, {"end": rows}, proves
the file was written to the end. Values that JSON cannot hold (date-times,
dates, decimals, bytes) are written as text and read back by column type.
"""

import base64
import gzip
import json
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Connection, Date, DateTime, LargeBinary, Numeric, Table, Time, insert, select

from pscp_training.db.all_models import metadata
from pscp_training.domain.errors import InputError
from pscp_training.domain.years import now_utc

FORMAT = "pscp-training-export"
FORMAT_VERSION = 1
BATCH = 1000


def _plain(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _typed(table: Table, row: dict) -> dict:
    """A row read from JSON, with each value turned back into its column's Python type."""
    typed = {}
    for name, value in row.items():
        column = table.columns.get(name)
        if column is None:
            raise ValueError(f"the table {table.name} has no column {name}")
        kind = column.type
        kind = getattr(kind, "impl_instance", None) or getattr(kind, "impl", kind)
        if value is not None and isinstance(kind, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, Date):
            value = date.fromisoformat(value)
        elif value is not None and isinstance(kind, Time):
            value = time.fromisoformat(value)
        elif value is not None and isinstance(kind, Numeric):
            value = Decimal(value)
        elif value is not None and isinstance(kind, LargeBinary):
            value = base64.b64decode(value)
        typed[name] = value
    return typed


def write_export(connection: Connection, revision: str | None, path: Path) -> int:
    """Write every table read through `connection` (one snapshot) to `path`; returns rows written."""
    rows = 0
    with gzip.open(path, "wt", encoding="utf-8") as out:
        header = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "revision": revision,
            "made_at": now_utc().isoformat(),
            "tables": [t.name for t in metadata.sorted_tables],
        }
        out.write(json.dumps(header) + "\n")
        for table in metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            for row in connection.execute(select(table).order_by(*order)).mappings():
                record = {"t": table.name, "r": {k: _plain(v) for k, v in row.items()}}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                rows += 1
        out.write(json.dumps({"end": rows}) + "\n")
    return rows


def read_header(path: Path) -> dict | None:
    """The export's header, or None when the file is not a portable export at all."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            header = json.loads(handle.readline())
    except (OSError, EOFError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    return header


def _rows(path: Path) -> Iterator[tuple[Table, dict]]:
    """Every row of an export, checked as it is read. Raises InputError for a damaged file."""
    tables = metadata.tables
    count = 0
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            handle.readline()
            for number, line in enumerate(handle, start=2):
                item = json.loads(line)
                if "end" in item:
                    if item["end"] != count:
                        raise ValueError(f"it says {item['end']} rows but holds {count}")
                    return
                table = tables.get(item.get("t"))
                if table is None:
                    raise ValueError(f"line {number} names an unknown table {item.get('t')!r}")
                count += 1
                yield table, _typed(table, item["r"])
    except (OSError, EOFError, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise InputError(
            f"The backup {path.name} is damaged and cannot be restored ({exc})."
        ) from exc
    raise InputError(
        f"The backup {path.name} stops part-way (it was not written to the end), "
        "so it cannot be restored."
    )


def check_export(path: Path) -> int:
    """Read the whole export without writing anything; returns its row count."""
    return sum(1 for _ in _rows(path))


def load_export(connection: Connection, path: Path) -> int:
    """Insert every row of an export into empty tables through `connection`."""
    batch: list[dict] = []
    current: Table | None = None
    loaded = 0
    for table, row in _rows(path):
        if table is not current or len(batch) >= BATCH:
            if batch:
                connection.execute(insert(current), batch)
            batch, current = [], table
        batch.append(row)
        loaded += 1
    if batch:
        connection.execute(insert(current), batch)
    return loaded

"""What a backup holds, read before a restore changes anything: when, which years, how many.

A backup is checked from end to end exactly as a restore checks it (the same
scratch copy at this version's schema), then counted; the live database is
never touched. The same counts of the live database let the screen show
"now" beside "after the restore".
"""

import os
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, func, select, text

from pscp_training.db.all_models import metadata
from pscp_training.db.engine import Database, make_engine
from pscp_training.domain.errors import InputError
from pscp_training.domain.years import FinancialYear
from pscp_training.services.backup import backup_export
from pscp_training.services.backup.backup import pg_tool
from pscp_training.services.backup.restore import (
    _kind_of,
    _known_revision,
    _pg_dump_revision,
    _scratch_copy,
)

# What the team recognises in a database, in the order the screen lists it.
COUNTED = (
    ("courses", "courses"),
    ("training_sessions", "sessions"),
    ("organisations", "organisations"),
    ("delegates", "delegates"),
    ("bookings", "bookings"),
)


@dataclass(frozen=True)
class BackupContents:
    """A backup's (or the live database's) date, financial years and counts."""

    kind: str  # "sqlite", "pg_dump", "export" or "database" (the live one)
    revision: str | None
    made_at: datetime | None  # when the backup was written (aware)
    last_change: datetime | None  # the newest change in its history, if it records one
    years: tuple[str, ...]  # financial years that have sessions, oldest first, "2021-22"
    sessions_by_year: tuple[tuple[str, int], ...]
    counts: tuple[tuple[str, int], ...]  # ("sessions", 12), in COUNTED order

    def count(self, what: str) -> int:
        return dict(self.counts).get(what, 0)


def _contents(connection: Connection, kind: str, revision, made_at) -> BackupContents:
    counts = []
    for table_name, label in COUNTED:
        table = metadata.tables[table_name]
        counts.append((label, int(connection.execute(select(func.count()).select_from(table))
                                  .scalar() or 0)))
    sessions = metadata.tables["training_sessions"]
    starts = connection.execute(select(sessions.c.start_at)).scalars()
    per_year = Counter(FinancialYear.of(_aware(s)).label for s in starts if s is not None)
    audit = metadata.tables["audit_entries"]
    last = connection.execute(select(func.max(audit.c.changed_at))).scalar()
    return BackupContents(
        kind=kind,
        revision=revision,
        made_at=made_at,
        last_change=_aware(last) if last is not None else None,
        years=tuple(sorted(per_year)),
        sessions_by_year=tuple(sorted(per_year.items())),
        counts=tuple(counts),
    )


def _aware(moment) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def database_contents(db: Database) -> BackupContents:
    """The same figures for the live database (what a restore would replace)."""
    with db.engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return _contents(connection, "database", revision, None)


def inspect_backup(path: Path) -> BackupContents:
    """Check a backup end to end and say what it holds; nothing anywhere is changed.

    Raises InputError (not a backup, damaged, cut short, from a newer version).
    """
    path = Path(path).expanduser()
    kind = _kind_of(path)
    if kind == "pg_dump":
        return _pg_dump_contents(path)
    with tempfile.TemporaryDirectory(prefix="pscp-inspect-") as folder:
        scratch = _scratch_copy(path, kind, Path(folder))
        if kind == "export":
            header = backup_export.read_header(path) or {}
            made_at = _aware(header["made_at"]) if header.get("made_at") else None
        else:
            # An SQLite copy is a whole new file: its time is when the backup was taken.
            made_at = datetime.fromtimestamp(os.stat(path).st_mtime, tz=UTC)
        engine = make_engine(f"sqlite:///{scratch}")
        try:
            with engine.connect() as connection:
                revision = connection.execute(
                    text("SELECT version_num FROM alembic_version")
                ).scalar()
                return _contents(connection, kind, revision, made_at)
        finally:
            engine.dispose()


# --- a pg_dump archive, read with pg_restore without restoring it --------------------------


def _copied_rows(tool: str, path: Path, table: str) -> tuple[list[str], list[list[str]]]:
    """The column names and rows of one table's data in a pg_dump archive."""
    done = subprocess.run(
        [tool, "--data-only", f"--table={table}", "--file=-", str(path)],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise InputError(f"{path.name} is damaged and cannot be restored "
                         f"({done.stderr.strip()}).")
    columns: list[str] = []
    rows: list[list[str]] = []
    inside = False
    for line in done.stdout.splitlines():
        if not inside and line.startswith((f"COPY public.{table} (", f"COPY {table} (")):
            columns = [c.strip().strip('"') for c in line.split("(", 1)[1].split(")")[0].split(",")]
            inside = True
        elif inside and line == "\\.":
            inside = False
        elif inside:
            rows.append(line.split("\t"))
    return columns, rows


def _pg_dump_contents(path: Path) -> BackupContents:
    tool = pg_tool("pg_restore")
    revision = _pg_dump_revision(path)  # raises InputError for a damaged archive
    scratch = make_engine("sqlite://")
    try:
        _known_revision(revision, path.name, scratch)
    finally:
        scratch.dispose()
    listed = subprocess.run([tool, "--list", str(path)], capture_output=True, text=True)
    made_at = None
    for line in listed.stdout.splitlines():
        if "Archive created at" in line:
            text = line.split("Archive created at", 1)[1].strip()
            try:
                made_at = _aware(datetime.fromisoformat(text.replace(" UTC", "+00:00")))
            except ValueError:
                made_at = None
    counts = []
    for table_name, label in COUNTED:
        _columns, rows = _copied_rows(tool, path, table_name)
        counts.append((label, len(rows)))
    columns, rows = _copied_rows(tool, path, "training_sessions")
    per_year: Counter = Counter()
    if "start_at" in columns:
        at = columns.index("start_at")
        for row in rows:
            if row[at] != "\\N":
                per_year[FinancialYear.of(_aware(row[at])).label] += 1
    return BackupContents(
        kind="pg_dump",
        revision=revision,
        made_at=made_at,
        last_change=None,
        years=tuple(sorted(per_year)),
        sessions_by_year=tuple(sorted(per_year.items())),
        counts=tuple(counts),
    )

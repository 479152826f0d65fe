"""Restoring a backup: check the file first (integrity, schema revision), then replace the data.

The backup is brought to this version's schema in a scratch SQLite copy and
read from end to end before anything is touched; the current data are saved
aside (`BackupResult.safety_copy`); then every table is emptied and refilled
in one transaction. A pg_dump archive is checked with `pg_restore --list` and
restored with `pg_restore --single-transaction`. A bad file changes nothing.
"""

import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import URL, delete, func, inspect, make_url, select, text

from pscp_training.db.all_models import metadata
from pscp_training.db.engine import Database, make_engine
from pscp_training.db.migrate import (
    alembic_config,
    backup_sqlite,
    current_revision,
    head_revision,
    upgrade_to_head,
)
from pscp_training.db.models import TrainingSession
from pscp_training.db.roles import may_restore, reapply_grants, team_roles
from pscp_training.domain.errors import DatabaseProblem, InputError
from pscp_training.domain.years import FinancialYear, to_local
from pscp_training.services.backup import backup_export
from pscp_training.services.backup.backup import (
    CHECK_PREFIX,
    SCRATCH_PREFIX,
    BackupResult,
    backup_database,
    backup_name,
    backups_folder,
    libpq_address,
    pg_tool,
    prune,
    remove_stale_scratch,
)
from pscp_training.services.backup.checksums import verify_checksum
from pscp_training.services.privacy.erasure_register import (
    erasures_in,
    reapply_erasures,
)

SAFETY_COPIES_KEPT = 3

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


# --- checking a backup ---------------------------------------------------------------------


def _known_revision(revision: str | None, name: str, engine) -> None:
    if revision is None:
        raise InputError(f"{name} has no schema version, so it is not a PSCP Training backup.")
    try:
        from alembic.script import ScriptDirectory  # only when restoring: slow to import

        ScriptDirectory.from_config(alembic_config(engine)).get_revision(revision)
    except Exception as exc:
        raise InputError(
            f"{name} was made by a newer version of PSCP Training (schema {revision}). "
            "Install that version to restore it."
        ) from exc


def _check_sqlite(path: Path, scratch) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            verdict = con.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = (
                con.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
        con.close()
    except sqlite3.Error as exc:
        raise InputError(f"{path.name} is damaged and cannot be restored ({exc}).") from exc
    if verdict != "ok":
        raise InputError(
            f"{path.name} is damaged and cannot be restored (integrity check: {verdict})."
        )
    _known_revision(revision[0] if revision else None, path.name, scratch)


def _pg_dump_revision(path: Path) -> str | None:
    tool = pg_tool("pg_restore")
    if tool is None:
        raise InputError(
            f"{path.name} is a pg_dump archive; restoring it needs PostgreSQL's pg_restore on this PC."
        )
    listed = subprocess.run([tool, "--list", str(path)], capture_output=True, text=True)
    if listed.returncode != 0:
        raise InputError(
            f"{path.name} is damaged and cannot be restored ({listed.stderr.strip()})."
        )
    data = subprocess.run(
        [tool, "--data-only", "--table=alembic_version", "--file=-", str(path)],
        capture_output=True,
        text=True,
    )
    lines = data.stdout.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line and number + 1 < len(lines):
            return lines[number + 1].strip() or None
    return None


def _kind_of(path: Path) -> str:
    if not path.is_file():
        raise InputError(f"There is no backup file {path}.")
    verify_checksum(path)
    with path.open("rb") as handle:
        start = handle.read(16)
    if start.startswith(SQLITE_MAGIC):
        return "sqlite"
    if start.startswith(PG_DUMP_MAGIC):
        return "pg_dump"
    if backup_export.read_header(path) is not None:
        return "export"
    raise InputError(
        f"{path.name} is not a PSCP Training backup (an SQLite file, a pg_dump archive "
        "or a portable export)."
    )


# --- restoring -----------------------------------------------------------------------------


def _scratch_copy(path: Path, kind: str, folder: Path) -> Path:
    """The backup as an SQLite file at this version's schema, checked from end to end."""
    scratch = folder / "restore.sqlite3"
    engine = make_engine(f"sqlite:///{scratch}")
    try:
        if kind == "sqlite":
            _check_sqlite(path, engine)
            backup_sqlite(path, scratch)
        else:
            header = backup_export.read_header(path) or {}
            _known_revision(header.get("revision"), path.name, engine)
            backup_export.check_export(path)
            from alembic import command

            command.upgrade(alembic_config(engine), header["revision"])
            with engine.begin() as connection:
                # The migrations seed some tables (sectors, reasons): the backup's rows replace them.
                present = set(inspect(connection).get_table_names())
                for table in reversed(metadata.sorted_tables):
                    if table.name in present:
                        connection.execute(delete(table))
                backup_export.load_export(connection, path)
        upgrade_to_head(engine)
    finally:
        engine.dispose()
    return scratch


def _replace_all(target: Database, scratch: Path) -> tuple[int, int]:
    """In one transaction: empty every table of the target, copy the scratch database in and
    erase again everyone the target's erasure register names. Returns (rows, erased again)."""
    source = make_engine(f"sqlite:///{scratch}")
    copied = 0
    try:
        with source.connect() as reading, target.engine.begin() as writing:
            erased = erasures_in(writing)
            for table in reversed(metadata.sorted_tables):
                writing.execute(delete(table))
            for table in metadata.sorted_tables:
                rows = [dict(r) for r in reading.execute(select(table)).mappings()]
                for start in range(0, len(rows), backup_export.BATCH):
                    writing.execute(table.insert(), rows[start : start + backup_export.BATCH])
                copied += len(rows)
            if target.dialect == "postgresql":
                _reset_sequences(writing)
            again = reapply_erasures(writing, erased)
    finally:
        source.dispose()
    return copied, again


def _reset_sequences(connection) -> None:
    # Restored rows keep their ids, so new rows must be numbered after them.
    for table in metadata.sorted_tables:
        if "id" in table.columns and table.columns["id"].primary_key:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
                )
            )


def _restore_pg_dump(target: Database, path: Path) -> None:
    address, env = libpq_address(target.engine.url)
    target.engine.dispose()
    done = subprocess.run(
        [
            pg_tool("pg_restore") or "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={address}",
            str(path),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise DatabaseProblem(
            f"pg_restore could not restore {path.name}; nothing was changed: {done.stderr.strip()}"
        )


def restore_database(db_url: str | URL, path: Path) -> BackupResult:
    """Replace the database's data with a backup's, after checking the backup.

    The data as it was is saved first (see `safety_copy`); everyone erased from the current
    data is erased again from the restored data (`erasures_reapplied`). Raises InputError (not
    a backup, damaged, changed since it was made, cut short, from a newer version; nothing is
    changed) or DatabaseProblem (including: this account may not restore).
    """
    path = Path(path).expanduser()
    kind = _kind_of(path)
    remove_stale_scratch()
    target = Database(make_url(db_url))
    try:
        upgrade_to_head(target.engine)
        with target.engine.connect() as connection:
            if not may_restore(connection):
                raise DatabaseProblem(
                    "Restoring replaces everyone's data, so it needs the database owner's "
                    "account; this one is a team member's. Ask whoever looks after the shared "
                    "database (see docs/shared-database.md)."
                )
        if kind == "pg_dump":
            if target.dialect != "postgresql":
                raise InputError(
                    f"{path.name} is a PostgreSQL pg_dump archive; it can only be restored into "
                    "a PostgreSQL database."
                )
            revision = _pg_dump_revision(path)
            _known_revision(revision, path.name, target.engine)
            with target.engine.connect() as connection:
                erased = erasures_in(connection)
                roles = team_roles(connection)
            safety = _safety_copy(target)
            _restore_pg_dump(target, path)
            upgrade_to_head(target.engine)
            with target.engine.begin() as connection:
                reapply_grants(connection, roles)
                again = reapply_erasures(connection, erased)
            return BackupResult(path=path, kind=kind, safety_copy=safety,
                                erasures_reapplied=again)
        with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX) as folder:
            scratch = _scratch_copy(path, kind, Path(folder))
            safety = _safety_copy(target)
            _, again = _replace_all(target, scratch)
        return BackupResult(path=path, kind=kind, safety_copy=safety, erasures_reapplied=again)
    finally:
        target.dispose()


def _safety_copy(target: Database) -> Path:
    stamp = datetime.now().strftime("%Y-%m-%dT%H%M%S")
    name = backup_name(target, "before-restore", date.today()).replace(
        date.today().isoformat(), stamp
    )
    folder = backups_folder(target)
    # Unchecked: a damaged database is the very thing a restore mends, and its copy is kept.
    made = backup_database(target, folder / name, check=False).path
    stem = name.split(".before-restore.")[0]
    prune(folder, f"{stem}.before-restore.*", SAFETY_COPIES_KEPT)
    return made


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


@dataclass(frozen=True)
class BackupContents:
    """What a backup holds, read before anything is changed."""

    path: Path
    kind: str  # "sqlite", "pg_dump" or "export"
    made_at: datetime  # the file's time (UTC)
    revision: str
    checksum_matches: bool  # False: no checksum beside it to compare
    counts: dict[str, int] = field(default_factory=dict)  # empty for a pg_dump archive
    years: tuple[str, ...] = ()  # financial years with sessions, oldest first
    erasures: int = 0

    def lines(self) -> list[str]:
        """The contents in words, one line each, for the command line and the app."""
        kinds = {"sqlite": "an SQLite copy", "pg_dump": "a pg_dump archive",
                 "export": "a portable export"}
        local = to_local(self.made_at)
        made = f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M}"
        out = [f"{self.path.name}: {kinds[self.kind]} made on {made} (schema {self.revision})."]
        out.append("Its checksum matches: it has not changed since it was made."
                   if self.checksum_matches else
                   "There is no checksum beside it, so a change since it was made cannot be ruled out.")
        if self.counts:
            c = self.counts
            out.append(f"It holds {plural(c['sessions'], 'session')} of "
                       f"{plural(c['courses'], 'course')}, {plural(c['delegates'], 'delegate')} "
                       f"and {plural(c['bookings'], 'booking')}"
                       + (f", from {self.years[0]} to {self.years[-1]}." if self.years else "."))
        return out


def describe_backup(path: Path) -> BackupContents:
    """Check a backup from end to end without changing anything, and say what it holds.

    Raises InputError (not a backup, damaged, changed since it was made, from a newer version).
    """
    path = Path(path).expanduser()
    kind = _kind_of(path)
    checksum = verify_checksum(path)
    made_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    if kind == "pg_dump":
        revision = _pg_dump_revision(path)
        if revision is None:
            raise InputError(
                f"{path.name} has no schema version, so it is not a PSCP Training backup."
            )
        return BackupContents(path, kind, made_at, revision, checksum)
    remove_stale_scratch()
    with tempfile.TemporaryDirectory(prefix=CHECK_PREFIX) as folder:
        scratch = _scratch_copy(path, kind, Path(folder))
        engine = make_engine(f"sqlite:///{scratch}")
        try:
            revision = current_revision(engine) or head_revision(engine) or ""
            with engine.connect() as connection:
                counts = {
                    name: connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar()
                    for name, table in (("courses", "courses"), ("sessions", "training_sessions"),
                                        ("delegates", "delegates"), ("bookings", "bookings"))
                }
                first, last = connection.execute(
                    select(func.min(TrainingSession.start_at), func.max(TrainingSession.start_at))
                ).one()
                erasures = connection.execute(text("SELECT COUNT(*) FROM delegate_erasures")).scalar()
        finally:
            engine.dispose()
    years: tuple[str, ...] = ()
    if first is not None:
        first_year, last_year = FinancialYear.of(first), FinancialYear.of(last)
        years = tuple(FinancialYear(y).label for y in range(first_year.start_year,
                                                           last_year.start_year + 1))
    return BackupContents(path, kind, made_at, revision, checksum, counts, years, erasures)


def check_backup(path: Path) -> str:
    """Check a backup without restoring it; returns its schema revision. Raises InputError."""
    return describe_backup(path).revision

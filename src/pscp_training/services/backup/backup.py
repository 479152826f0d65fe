"""Backups of a live database: on demand, and once a day for the SQLite file.

An SQLite database is copied with SQLite's online backup API (a consistent
copy while others keep working). A PostgreSQL database is dumped with
`pg_dump` when this PC has it, otherwise written as the portable export
(`backup_export`), both taken from one snapshot. Restoring is `restore`.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import URL, text

from pscp_training.config import data_dir
from pscp_training.db.engine import Database
from pscp_training.db.errors import RESTORE_ADVICE
from pscp_training.db.migrate import (
    backup_sqlite,
)
from pscp_training.domain.errors import DatabaseProblem
from pscp_training.services.backup import backup_export
from pscp_training.services.backup.checksums import (
    SUFFIX as CHECKSUM_SUFFIX,
)
from pscp_training.services.backup.checksums import (
    remove_with_checksum,
    write_checksum,
)

DAILY_PREFIX = "daily"
SCRATCH_PREFIX = "pscp-restore-scratch-"
CHECK_PREFIX = "pscp-check-scratch-"
STALE_SCRATCH_SECONDS = 2 * 3600  # a scratch folder this old belongs to a run that was killed


def check_live_sqlite(source: Path) -> None:
    """Refuse to copy a live SQLite file that fails `integrity_check`.

    A backup of a damaged file would vouch for bad data, and after a week of daily backups the
    last good copy would rotate out. Raises DatabaseProblem, saying so.
    """
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as con:
            verdict = [row[0] for row in con.execute("PRAGMA integrity_check(5)")]
        con.close()
    except sqlite3.Error as exc:
        verdict = [str(exc)]
    if verdict != ["ok"]:
        raise DatabaseProblem(
            "The database file failed its integrity check, so no backup was made and the "
            f"earlier backups are all kept. {RESTORE_ADVICE}"
        )


@dataclass(frozen=True)
class BackupResult:
    path: Path
    kind: str  # "sqlite", "pg_dump" or "export"
    safety_copy: Path | None = None  # restore only: the data as it was just before
    erasures_reapplied: int = 0  # restore only: people erased again (the backup predates it)


# --- making a backup -----------------------------------------------------------------------


def libpq_address(url: URL) -> tuple[str, dict]:
    """A libpq address for pg_dump/pg_restore, with the password in the environment."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def pg_tool(name: str) -> str | None:
    return shutil.which(name)


def backup_database(
    db: Database, path: Path, *, use_pg_dump: bool | None = None, check: bool = True
) -> BackupResult:
    """Write a consistent copy of the live database to `path`.

    PostgreSQL uses pg_dump when `use_pg_dump` is True, or None and pg_dump is
    on the PATH; otherwise the portable export. Raises DatabaseProblem when
    the copy cannot be made (nothing is left at `path` then).
    """
    path = Path(path).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if db.is_sqlite:
            source = db.engine.url.database
            if not source or source == ":memory:":
                raise DatabaseProblem("An in-memory database has no file to back up.")
            if check:
                check_live_sqlite(Path(source))
            backup_sqlite(Path(source), partial)
            kind = "sqlite"
        elif use_pg_dump or (use_pg_dump is None and pg_tool("pg_dump")):
            address, env = libpq_address(db.engine.url)
            done = subprocess.run(
                [
                    pg_tool("pg_dump") or "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={partial}",
                    address,
                ],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise DatabaseProblem(
                    f"pg_dump could not back up the database: {done.stderr.strip()}"
                )
            kind = "pg_dump"
        else:
            with db.engine.connect() as connection:
                # One snapshot of every table, however long the export takes.
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
                with connection.begin():
                    revision = connection.execute(
                        text("SELECT version_num FROM alembic_version")
                    ).scalar()
                    backup_export.write_export(connection, revision, partial)
            kind = "export"
        partial.replace(path)
        write_checksum(path)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseProblem(f"The backup to {path} could not be written: {_why(exc)}.") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(path=path, kind=kind)


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno == 28:
        return "the disk is full"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return type(exc).__name__


def backups_of(folder: Path, pattern: str) -> list[Path]:
    """The backups matching `pattern`, oldest first: no checksums, no half-written files."""
    return sorted(
        p for p in folder.glob(pattern)
        if not p.name.endswith((".partial", CHECKSUM_SUFFIX))
    )


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Keep the newest `keep` backups matching `pattern` (with their checksums)."""
    for old in backups_of(folder, pattern)[:-keep] if keep > 0 else []:
        remove_with_checksum(old)


def backup_name(db: Database, label: str, day: date | datetime) -> str:
    if db.is_sqlite:
        stem, suffix = Path(db.engine.url.database or "database").stem, ".sqlite3"
    else:
        stem = db.engine.url.database or "database"
        suffix = ".dump" if pg_tool("pg_dump") else ".jsonl.gz"
    return f"{stem}.{label}.{day.isoformat()}{suffix}"


def backups_folder(db: Database) -> Path:
    """Beside an SQLite file; in this PC's data folder for a PostgreSQL database."""
    if db.is_sqlite and db.engine.url.database not in (None, "", ":memory:"):
        return Path(db.engine.url.database).expanduser().parent / "backups"
    return data_dir() / "backups"


def daily_backup_if_due(
    db: Database, keep: int = 7, *, today: date | None = None, folder: Path | None = None
) -> Path | None:
    """The first start of the day backs up the SQLite file and keeps the last `keep`.

    Later starts that day do nothing, and so does a shared PostgreSQL database:
    its backups belong on the server (see docs/shared-database.md), not in a
    copy of everyone's personal data on every office PC. Returns the new
    backup's path, or None. Raises DatabaseProblem when it cannot be written.
    """
    if not db.is_sqlite or not can_back_up(db):
        return None
    today = today or date.today()
    folder = folder or backups_folder(db)
    name = backup_name(db, DAILY_PREFIX, today)
    stem = name.split(f".{DAILY_PREFIX}.")[0]
    if any(folder.glob(f"{stem}.{DAILY_PREFIX}.{today.isoformat()}*")):
        return None
    for leftover in folder.glob("*.partial"):  # from a backup that was killed
        leftover.unlink(missing_ok=True)
    remove_stale_scratch()
    made = backup_database(db, folder / name).path
    prune(folder, f"{stem}.{DAILY_PREFIX}.*", keep)
    return made


# --- the names the desktop app's Back up command calls -------------------------------------


def can_back_up(db: Database) -> bool:
    """Whether this database can be backed up from this PC (not an in-memory database)."""
    return not db.is_sqlite or db.engine.url.database not in (None, "", ":memory:")


def back_up_database(db: Database, path: Path) -> Path:
    """`backup_database`, returning the written file. Raises DatabaseProblem."""
    return backup_database(db, path).path


def suggested_suffix(db: Database) -> str:
    """The file type a backup of this database gets: .sqlite3, .dump (pg_dump) or .jsonl.gz."""
    if db.is_sqlite:
        return ".sqlite3"
    return ".dump" if pg_tool("pg_dump") else ".jsonl.gz"


def remove_stale_scratch(now: float | None = None) -> int:
    """Remove the scratch folders of restores and checks that were killed; returns how many."""
    now = time.time() if now is None else now
    removed = 0
    for folder in Path(tempfile.gettempdir()).glob("pscp-*-scratch-*"):
        try:
            if now - folder.stat().st_mtime > STALE_SCRATCH_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        except OSError:
            continue
    return removed

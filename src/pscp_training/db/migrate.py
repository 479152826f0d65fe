"""Bring a database to the newest schema with Alembic, backing up an SQLite file first."""

import re
import sqlite3
from datetime import datetime
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from pscp_training.domain.errors import DatabaseProblem
from pscp_training.locations import migrations_dir

KEEP_MIGRATION_BACKUPS = 5


def alembic_config(engine: Engine):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["engine"] = engine
    return config


_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*[\"']([^\"']+)[\"']", re.MULTILINE)


@cache
def _head_from_files(folder: Path) -> str | None:
    """The one revision no other revision follows, read from the files without Alembic.

    Importing Alembic costs a third of a second; at every start it is only needed when
    the database is behind. None when the files do not give exactly one head.
    """
    revisions, followed = set(), set()
    for path in (folder / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision is None:
            return None
        revisions.add(revision.group(1))
        if down is not None:
            followed.add(down.group(1))
    heads = revisions - followed
    return heads.pop() if len(heads) == 1 else None


def head_revision(engine: Engine) -> str | None:
    head = _head_from_files(migrations_dir())
    if head is not None:
        return head
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def sqlite_file(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    return Path(database).expanduser()


def backup_sqlite(source: Path, target: Path) -> Path:
    """A consistent copy of a live SQLite file, through SQLite's online backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # A caller that already writes to a `.partial` name gets no second one.
    partial = target if target.name.endswith(".partial") else target.with_name(target.name + ".partial")
    if partial != target:
        partial.unlink(missing_ok=True)  # left by a copy that was killed
    with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
        src.backup(dst)
    dst.close()
    src.close()
    if partial != target:
        partial.replace(target)
    return target


def _prune(folder: Path, pattern: str, keep: int) -> None:
    old = sorted(folder.glob(pattern))[:-keep]
    for path in old:
        path.unlink(missing_ok=True)


def upgrade_to_head(engine: Engine) -> str | None:
    """Migrate to the newest revision; returns the path of a backup made first, if any.

    Raises DatabaseProblem when the database was made by a newer version of the app.
    """
    current = current_revision(engine)
    head = head_revision(engine)
    if current == head:
        return None
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(engine))
    if current is not None:
        try:
            script.get_revision(current)
        except Exception as exc:
            raise DatabaseProblem(
                f"This database has schema version {current}, which this copy of PSCP Training "
                "does not know: it was made by a newer version. Install the newer version."
            ) from exc
    backup = None
    path = sqlite_file(engine)
    if path is not None and current is not None and path.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backups = path.parent / "backups"
        backup = backup_sqlite(path, backups / f"{path.stem}.before-{head}.{stamp}.sqlite3")
        _prune(backups, f"{path.stem}.before-*.sqlite3", KEEP_MIGRATION_BACKUPS)
    command.upgrade(alembic_config(engine), "head")
    return str(backup) if backup else None



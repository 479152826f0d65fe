"""The benchmark databases, built once and kept in benchmarks/data (SQLite) or a
PostgreSQL database named pscp_bench_<scale>, and the 100,000-row register file."""

import os
import shutil
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from benchmarks.harness import DATA
from benchmarks.scale_data import Scale, populate
from pscp_training.db.engine import Database
from pscp_training.db.migrate import head_revision, upgrade_to_head

GENERATOR_VERSION = 1


def _scale_name(scale: Scale) -> str:
    return "1m" if scale == Scale() else f"{scale.bookings // 1000}k"


def sqlite_scale_db(scale: Scale, log=print) -> str:
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"scale-{_scale_name(scale)}-v{GENERATOR_VERSION}.sqlite3"
    ready = path.with_suffix(".ready")
    if path.exists() and ready.exists():
        db = Database(f"sqlite:///{path}")
        try:
            if head_revision(db.engine) == ready.read_text().strip():
                return f"sqlite:///{path}"
        finally:
            db.dispose()
    for p in (path, ready, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    log(f"building the SQLite benchmark database ({_scale_name(scale)}) in {path} ...")
    db = Database(f"sqlite:///{path}")
    upgrade_to_head(db.engine)
    log(f"  done: {populate(db, scale, log=log)}")
    ready.write_text(head_revision(db.engine) or "")
    db.dispose()
    return f"sqlite:///{path}"


def postgres_url() -> str | None:
    return (os.environ.get("PSCP_BENCH_PG_URL") or os.environ.get("PSCP_TEST_PG_URL") or "").strip() or None


def postgres_scale_db(scale: Scale, log=print) -> str | None:
    """A populated database on the PostgreSQL server, built once (marker table)."""
    server = postgres_url()
    if not server:
        return None
    name = f"pscp_bench_{_scale_name(scale)}_v{GENERATOR_VERSION}"
    admin = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as c:
        exists = c.execute(text("SELECT 1 FROM pg_database WHERE datname=:n"), {"n": name}).scalar()
    if exists:
        db = Database(url)
        try:
            with db.engine.connect() as c:
                marker = c.execute(text(
                    "SELECT to_regclass('bench_ready') IS NOT NULL")).scalar()
                if marker and c.execute(text("SELECT rev FROM bench_ready")).scalar() == head_revision(db.engine):
                    return url
        finally:
            db.dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    log(f"building the PostgreSQL benchmark database ({name}) ...")
    db = Database(url)
    upgrade_to_head(db.engine)
    log(f"  done: {populate(db, scale, log=log)}")
    with db.engine.begin() as c:
        c.execute(text("CREATE TABLE bench_ready (rev text)"))
        c.execute(text("INSERT INTO bench_ready VALUES (:r)"), {"r": head_revision(db.engine)})
    db.dispose()
    return url


def _head() -> str:
    from pscp_training.db.migrate import _head_from_files
    from pscp_training.locations import migrations_dir

    return _head_from_files(migrations_dir()) or "unknown"


def empty_sqlite_db(name: str) -> str:
    """A freshly migrated, empty SQLite file (made before timing starts)."""
    DATA.mkdir(parents=True, exist_ok=True)
    # One template per schema revision, so a newer migration never leaves a stale one behind.
    template = DATA / f"empty-template-{_head()}.sqlite3"
    if not template.exists():
        db = Database(f"sqlite:///{template}")
        upgrade_to_head(db.engine)
        db.dispose()
    target = DATA / f"{name}.sqlite3"
    for p in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        p.unlink(missing_ok=True)
    shutil.copy(template, target)
    return f"sqlite:///{target}"

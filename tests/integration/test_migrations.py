"""Alembic: empty to head on both databases, and the models match the migrated schema."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from pscp_training.db.all_models import metadata
from pscp_training.db.engine import make_engine
from pscp_training.db.migrate import current_revision, head_revision, upgrade_to_head
from pscp_training.domain.enums import DEFAULT_SECTORS
from pscp_training.domain.errors import DatabaseProblem


def test_head_is_applied_and_models_match_the_schema(db):
    assert current_revision(db.engine) == head_revision(db.engine)
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == [], f"models and migrations disagree: {differences}"


def test_the_default_sectors_are_seeded_in_order(db):
    with db.engine.connect() as connection:
        names = connection.execute(text("SELECT name FROM sectors ORDER BY sort_order")).scalars()
        assert tuple(names) == DEFAULT_SECTORS


def test_constraints_live_in_the_database(db):
    inspector = inspect(db.engine)
    uniques = {tuple(u["column_names"]) for u in inspector.get_unique_constraints("bookings")}
    assert ("session_id", "delegate_id") in uniques
    checks = {c["name"] for c in inspector.get_check_constraints("bookings")}
    assert {"ck_bookings_status", "ck_bookings_attendance"} <= checks
    with pytest.raises(Exception, match="(?i)check|constraint"), db.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO courses (code, title, agency) VALUES ('X1', 'Bad', 'both')")
        )


def test_sqlite_foreign_keys_are_enforced(only_sqlite, db):
    with pytest.raises(Exception, match="FOREIGN KEY"), db.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO organisations (name, name_key, sector_id) VALUES ('A', 'a', 999)")
        )


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(only_sqlite, db):
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_an_older_sqlite_file_is_backed_up_before_it_is_migrated(tmp_path):
    path = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    from alembic import command

    from pscp_training.db.migrate import alembic_config

    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO settings (key, value) VALUES ('kept', 'yes')"))
    backup = upgrade_to_head(engine)
    engine.dispose()
    assert backup is not None
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT value FROM settings WHERE key='kept'").fetchone() == ("yes",)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert upgrade_to_head(make_engine(f"sqlite:///{path}")) is None  # already at head


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'newer.sqlite3'}")
    upgrade_to_head(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseProblem, match="newer version"):
        upgrade_to_head(engine)

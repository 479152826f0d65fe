"""Shared fixtures: a real, migrated database on SQLite and (when configured) PostgreSQL.

PostgreSQL is used when PSCP_TEST_PG_URL names a server where the user may
create databases (`.ci/run` starts one; locally, `scripts/postgres-test-server.sh
start` prints a URL). Without it the PostgreSQL half of every database test is
skipped, and the run ends with a warning saying so.
"""

import os
import shutil
import time
import uuid

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from sqlalchemy import create_engine, make_url, text

from pscp_training.db.engine import Database, make_engine
from pscp_training.db.migrate import upgrade_to_head

PG_URL = os.environ.get("PSCP_TEST_PG_URL", "").strip()
BACKENDS = ["sqlite", "postgresql"]


def pytest_report_header(config):
    if PG_URL:
        shown = make_url(PG_URL).render_as_string(hide_password=True)
        return f"databases: SQLite and PostgreSQL ({shown})"
    return "databases: SQLite only -- PSCP_TEST_PG_URL is not set, PostgreSQL tests are SKIPPED"


def pytest_terminal_summary(terminalreporter):
    if not PG_URL:
        terminalreporter.write_sep(
            "!", "PostgreSQL NOT TESTED: set PSCP_TEST_PG_URL (see tests/conftest.py)", yellow=True
        )


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Keep every test away from the real user's data folder and settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PSCP_TRAINING_HOME", str(home))
    monkeypatch.delenv("PSCP_TRAINING_DB", raising=False)
    return home


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_to_head(engine)
    engine.dispose()
    return path


class PostgresServer:
    """Creates a migrated template database once, then a fresh copy of it per test."""

    def __init__(self, url: str):
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.template = f"pscp_tpl_{uuid.uuid4().hex[:10]}"
        self._run(f'CREATE DATABASE "{self.template}"')
        engine = make_engine(self.url.set(database=self.template))
        upgrade_to_head(engine)
        engine.dispose()

    def _run(self, sql: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(sql))

    def new_database_url(self) -> str:
        name = f"pscp_t_{uuid.uuid4().hex[:12]}"
        self._run(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        """Drop a test's database; a server process still on it (autovacuum) gets a moment."""
        name = make_url(url).database
        for attempt in range(10):
            try:
                self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except Exception:
                if attempt == 9:
                    raise
                time.sleep(0.3)

    def close(self) -> None:
        self._run(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_server():
    if not PG_URL:
        pytest.skip("PostgreSQL not configured (PSCP_TEST_PG_URL is not set)")
    server = PostgresServer(PG_URL)
    yield server
    server.close()


@pytest.fixture
def db_url(request, tmp_path, sqlite_template):
    """The URL of a fresh, migrated, empty database of the parametrised kind."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        path = tmp_path / "pscp.sqlite3"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.new_database_url()
    yield url
    server.drop(url)


def pytest_generate_tests(metafunc):
    """Every test that uses a database runs once on SQLite and once on PostgreSQL."""
    if "db_url" in metafunc.fixturenames and "only_sqlite" not in metafunc.fixturenames:
        metafunc.parametrize("db_url", BACKENDS, indirect=True)


@pytest.fixture
def db(db_url):
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def only_sqlite():
    """Marks a test that is about the embedded SQLite file alone."""
    return True

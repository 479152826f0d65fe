"""Shared fixtures: a real, migrated database on SQLite and (when configured) PostgreSQL.

PostgreSQL is used when PSCP_TEST_PG_URL names a server where the user may
create databases (`.ci/run` starts one; locally, `scripts/postgres-test-server.sh
start` prints a URL). Without it the PostgreSQL half of every database test is
skipped, and the run ends with a warning saying so; under CI (CI set, as `.ci/run`
sets it) a run in which the PostgreSQL half did not run fails instead.
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
UNDER_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
_postgres_tests: set[str] = set()  # node ids of the PostgreSQL half of this run
_postgres_passed: set[str] = set()


def pytest_report_header(config):
    if PG_URL:
        shown = make_url(PG_URL).render_as_string(hide_password=True)
        return f"databases: SQLite and PostgreSQL ({shown})"
    return "databases: SQLite only -- PSCP_TEST_PG_URL is not set, PostgreSQL tests are SKIPPED"


def _uses_postgres(item) -> bool:
    callspec = getattr(item, "callspec", None)
    on_postgres = callspec is not None and callspec.params.get("db_url") == "postgresql"
    return on_postgres or "postgres_server" in getattr(item, "fixturenames", ())


def pytest_collection_finish(session):
    _postgres_tests.update(item.nodeid for item in session.items if _uses_postgres(item))
    if UNDER_CI and _postgres_tests and not PG_URL:
        pytest.exit(
            "CI is set but PSCP_TEST_PG_URL is not: under CI the PostgreSQL half must run "
            "(.ci/run starts a server with scripts/postgres-test-server.sh)",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )


def pytest_runtest_logreport(report):
    if report.when == "call" and report.passed and report.nodeid in _postgres_tests:
        _postgres_passed.add(report.nodeid)


def _postgres_half_missing() -> bool:
    return bool(_postgres_tests) and not _postgres_passed


def pytest_sessionfinish(session, exitstatus):
    if UNDER_CI and _postgres_half_missing() and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if UNDER_CI and not PG_URL:
        return  # the run stopped at the start, saying why
    if UNDER_CI and _postgres_half_missing():
        terminalreporter.write_sep(
            "!", f"FAILED under CI: none of the {len(_postgres_tests)} PostgreSQL tests passed "
            f"(is the server at PSCP_TEST_PG_URL up?)", red=True,
        )
    elif not PG_URL:
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

"""Engines and transactions: SQLite pragmas, immediate write transactions, one session per action."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from pscp_training.db import audit_listeners, lengths
from pscp_training.db.errors import explain

SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str | URL, **kwargs) -> Engine:
    """An engine for an SQLAlchemy URL; SQLite gets foreign keys, WAL and a busy timeout."""
    url = make_url(url)
    if url.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(url, **kwargs)

    if url.database and url.database != ":memory:":
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    connect_args = kwargs.pop("connect_args", {})
    connect_args.setdefault("check_same_thread", False)
    connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
    engine = create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # An erased person's details must not linger in the file's free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if url.database and url.database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # A write takes the database's write lock at once, so two writers queue
        # instead of one failing half-way with "database is locked".
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    """An engine and the two kinds of transaction the application runs on it.

    Every user action opens its own session (never shared across threads) with
    `write()` or `read()`, commits or rolls back as a whole, and is done.
    """

    def __init__(self, url: str | URL, **engine_kwargs):
        self.url = make_url(url)
        self.engine = make_engine(self.url, **engine_kwargs)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(
            self.engine.execution_options(sqlite_immediate=True), expire_on_commit=False
        )
        audit_listeners.install(self._write)
        lengths.install(self._write)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction that changes data: all of it is committed, or none."""
        with self._explained(), self._write.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One transaction that only reads."""
        with self._explained(), self._read() as session, session.begin():
            yield session

    @contextmanager
    def _explained(self) -> Iterator[None]:
        """A database failure becomes a sentence for the team (the driver's text may hold rows)."""
        try:
            yield
        except DBAPIError as exc:
            sentence = explain(exc, sqlite=self.is_sqlite)
            if sentence is None:
                raise
            raise sentence from exc

    def dispose(self) -> None:
        self.engine.dispose()

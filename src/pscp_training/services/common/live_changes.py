"""Live refresh on a shared PostgreSQL database: hear about other people's saves as they commit.

Every write that changes audited records sends a PostgreSQL notification
(`db.audit.NOTIFY_CHANNEL`) when its transaction commits. `ChangeListener`
keeps one connection listening on a background thread and hands each
notification, as {"kinds": [...], "sessions": [...], "by": name}, to a
callback: the desktop app turns it into its "changed" signal so open screens
refresh. The app's own saves are not handed on: the screen that saved has
already refreshed, and hearing them again would reset it under the person's
keyboard. On SQLite (one PC) there is nobody else to hear from, and it does nothing.
"""

import json
import threading
from collections.abc import Callable

from sqlalchemy import event

from pscp_training.db.audit import NOTIFY_CHANNEL
from pscp_training.db.engine import Database

RETRY_SECONDS = 5.0


class ChangeListener:
    """Calls `on_change(payload)` from a background thread for every change others commit."""

    def __init__(self, db: Database, on_change: Callable[[dict], None]):
        self.db = db
        self.on_change = on_change
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()  # set once the LISTEN is in place (tests wait on it)
        # The server processes serving this app's own connections: their news is our own.
        self._own_pids: set[int] = set()

    @property
    def enabled(self) -> bool:
        return self.db.dialect == "postgresql"

    def start(self) -> "ChangeListener":
        if self.enabled and self._thread is None:
            event.listen(self.db.engine, "checkout", self._remember_own)
            self._thread = threading.Thread(target=self._run, name="pscp-live-changes", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            event.remove(self.db.engine, "checkout", self._remember_own)
            self._thread.join(timeout)
            self._thread = None

    def _remember_own(self, dbapi_connection, _record, _proxy) -> None:
        # Every write checks a connection out first, so its server process is known
        # here before its notification can arrive.
        connection = getattr(dbapi_connection, "driver_connection", dbapi_connection)
        pid = getattr(getattr(connection, "info", None), "backend_pid", None)
        if pid:
            self._own_pids.add(pid)

    def _conninfo(self) -> str:
        url = self.db.engine.url.set(drivername="postgresql")
        return url.render_as_string(hide_password=False)

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo(), autocommit=True) as connection:
                    connection.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    self.listening.set()
                    while not self._stop.is_set():
                        for note in connection.notifies(timeout=0.5):
                            if note.pid not in self._own_pids:
                                self._deliver(note.payload)
            except psycopg.Error:
                # The server went away (network, restart): try again quietly; the
                # pages still refresh when shown and on F5 meanwhile.
                self.listening.clear()
                self._stop.wait(RETRY_SECONDS)

    def _deliver(self, payload: str) -> None:
        try:
            change = json.loads(payload)
        except ValueError:
            change = {"kinds": ["all"]}
        self.on_change(change)

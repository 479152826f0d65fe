"""Figure: opening the sessions list and then the largest session's bookings over the
1M-booking database, against QTableViews over QSqlQueryModel on the same queries.

Both sides run in this process offscreen: build the view, show it, and stop when the first
screenful is on the model. Peak memory is each process's own (reported by the probe).
"""

import os
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtSql import QSqlDatabase, QSqlQueryModel
from PySide6.QtWidgets import QApplication, QTableView
from sqlalchemy import func, make_url, select

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking

SESSIONS_SQL = """
SELECT s.id, s.start_at, c.code, c.title, c.agency, s.delivery, s.venue, s.capacity,
       (SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'booked'),
       (SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'waitlisted'),
       s.status
FROM training_sessions s JOIN courses c ON c.id = s.course_id
ORDER BY s.start_at, s.id"""

BOOKINGS_SQL = """
SELECT b.id, b.status, b.waitlist_position, d.first_name, d.last_name, d.email, o.name,
       b.booked_at, b.attendance
FROM bookings b JOIN delegates d ON d.id = b.delegate_id
LEFT JOIN organisations o ON o.id = b.organisation_id
WHERE b.session_id = {session_id}
ORDER BY b.status, b.waitlist_position, lower(d.last_name), lower(d.first_name), b.id"""


def largest_session(db: Database) -> int:
    with db.read() as session:
        return session.execute(
            select(Booking.session_id).group_by(Booking.session_id)
            .order_by(func.count().desc()).limit(1)
        ).scalar_one()


def _wait_for_rows(app: QApplication, model, rows: int = 1, seconds: float = 60) -> None:
    deadline = time.perf_counter() + seconds
    while model.rowCount() < rows and time.perf_counter() < deadline:
        app.processEvents()


def probe(variant: str, repeats: int, url: str) -> list[float]:
    app = QApplication.instance() or QApplication([])
    db = Database(url)
    session_id = largest_session(db)
    run = _ours if variant == "ours" else _baseline
    run(app, db, url, session_id)  # warm both sides' caches
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run(app, db, url, session_id)
        times.append(time.perf_counter() - started)
    db.dispose()
    return times


def _ours(app, db, url, session_id) -> None:
    from pscp_training.ui.common.context import AppContext, ChangeHub
    from pscp_training.ui.common.tasks import TaskRunner
    from pscp_training.ui.sessions.session_page import SessionPage
    from pscp_training.ui.sessions.sessions_page import SessionsPage

    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(os.path.join(folder, "ui.ini"), QSettings.Format.IniFormat)
        ctx = AppContext(db=db, tasks=TaskRunner(synchronous=True), changes=ChangeHub(),
                         settings=settings)
        sessions = SessionsPage(ctx)
        sessions.resize(1280, 720)
        sessions.show()
        sessions.year.setCurrentIndex(0)  # "All years", like the baseline's query
        _wait_for_rows(app, sessions.view.model())
        page = SessionPage(ctx)
        page.resize(1280, 720)
        page.show()
        page.show_session(session_id)
        app.processEvents()
        sessions.close()
        page.close()
        sessions.deleteLater()
        page.deleteLater()
        app.processEvents()


def _baseline(app, db, url, session_id) -> None:
    parsed = make_url(url)
    name = f"bench-{time.perf_counter_ns()}"
    if parsed.get_backend_name() == "sqlite":
        qdb = QSqlDatabase.addDatabase("QSQLITE", name)
        qdb.setDatabaseName(parsed.database)
    else:
        qdb = QSqlDatabase.addDatabase("QPSQL", name)
        qdb.setHostName(parsed.host or "127.0.0.1")
        qdb.setPort(parsed.port or 5432)
        qdb.setUserName(parsed.username or "")
        qdb.setPassword(parsed.password or "")
        qdb.setDatabaseName(parsed.database)
    if not qdb.open():
        raise RuntimeError(qdb.lastError().text())
    views = []
    for sql in (SESSIONS_SQL, BOOKINGS_SQL.format(session_id=session_id)):
        model = QSqlQueryModel()
        model.setQuery(sql, qdb)
        view = QTableView()
        view.setModel(model)
        view.resize(1280, 720)
        view.show()
        _wait_for_rows(app, model)
        app.processEvents()
        views.append((view, model))
    for view, model in views:
        view.close()
        model.clear()
    qdb.close()
    del qdb
    QSqlDatabase.removeDatabase(name)

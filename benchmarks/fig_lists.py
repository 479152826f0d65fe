"""Figure (issue 24): the sessions list scrolled end to end, then the largest session's tabs
paged through, against a `QTableView` over a minimal `fetchmany` model on the same queries.

Ours: the Sessions page on "All years" (it opens at today's sessions), scrolled to the
bottom and then to the top through the view, as a user would (`scrollToBottom()` /
`scrollToTop()` with the events processed, so the view asks for more rows); then the
largest session's page, each of its tabs shown and each table in it paged to its end.
The floor: a `QTableView` over a `QAbstractTableModel` of a few lines that reads with the
driver's own `cursor.fetchmany(200)` (sqlite3; psycopg with a server-side cursor) in
`canFetchMore`/`fetchMore`, over the same rows - the sessions in date order with their
counts, and each of the session's booking lists (confirmed, waiting, cancelled, passed on,
and the register) - scrolled and paged the same way. History: the same with
`QSqlQueryModel` (its PostgreSQL driver reads every row at once).

Memory: the resident size (/proc/self/statm) is sampled every 200 rows read; the note
gives each side's peak and its slope in MB per 10,000 rows (least squares over the
samples of the sessions list, the longest).
"""

import os
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSettings, Qt
from PySide6.QtWidgets import QApplication, QTableView
from sqlalchemy import func, make_url, select

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking

FETCH = 200
_ROOT = QModelIndex()

SESSIONS_SQL = """
SELECT s.id, s.start_at, c.code, c.title, c.agency, s.delivery, s.venue, s.capacity,
       (SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'booked'),
       (SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'waitlisted'),
       (SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'booked'
           AND b.attendance = 'unmarked'),
       s.status
FROM training_sessions s JOIN courses c ON c.id = s.course_id
ORDER BY s.start_at, s.id"""

BOOKINGS_SQL = """
SELECT b.id, b.status, b.waitlist_position, d.first_name, d.last_name, d.email, o.name,
       sec.name, b.booked_at, b.cancelled_at, b.late_cancellation, b.attendance
FROM bookings b JOIN delegates d ON d.id = b.delegate_id
LEFT JOIN organisations o ON o.id = b.organisation_id
LEFT JOIN sectors sec ON sec.id = b.sector_id
WHERE b.session_id = {session_id} AND b.status = '{status}'
ORDER BY b.waitlist_position, lower(d.last_name), lower(d.first_name), b.id"""

# The session page's lists: the four booking tabs and the register (the confirmed places).
SESSION_LISTS = ("booked", "waitlisted", "cancelled", "substituted", "booked")


def largest_session(db: Database) -> int:
    with db.read() as session:
        return session.execute(
            select(Booking.session_id).group_by(Booking.session_id)
            .order_by(func.count().desc()).limit(1)
        ).scalar_one()


# --- memory ---------------------------------------------------------------------------------

_PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * _PAGE_MB


class Memory:
    """Resident size sampled every `every` rows read: the peak and the slope of the list."""

    def __init__(self, every: int = FETCH):
        self.every = every
        self.rows = 0
        self._next = 0
        self.samples: list[tuple[int, float]] = []
        self.peak = 0.0
        self.list_samples: list[tuple[int, float]] = []
        self.nudges = 0  # times the view did not ask for rows and the figure had to

    def read(self, rows: int, *, of_the_list: bool = False) -> None:
        self.rows += max(rows, 0)
        if self.rows >= self._next:
            self._next = self.rows + self.every
            sample = (self.rows, rss_mb())
            self.samples.append(sample)
            self.peak = max(self.peak, sample[1])
            if of_the_list:
                self.list_samples.append(sample)

    def slope_per_10k(self) -> float:
        """MB per 10,000 rows, least squares over the sessions list's samples."""
        points = self.list_samples
        if len(points) < 2:
            return 0.0
        n = len(points)
        mx = sum(x for x, _ in points) / n
        my = sum(y for _, y in points) / n
        sxx = sum((x - mx) ** 2 for x, _ in points)
        sxy = sum((x - mx) * (y - my) for x, y in points)
        return 10_000 * sxy / sxx if sxx else 0.0


# --- scrolling as a user would ---------------------------------------------------------------

def scroll_through(app: QApplication, view: QTableView, memory: Memory, *,
                   of_the_list: bool = False, limit: int = 100_000) -> None:
    """Scroll the view to its bottom until nothing more comes, then to its top likewise
    (a list opened part-way down fetches the rows above when scrolled to the top)."""
    model = view.model()
    root = QModelIndex()
    for step, more in (
        (view.scrollToBottom, lambda: model.canFetchMore(root)),
        (view.scrollToTop, lambda: getattr(model, "can_fetch_earlier", lambda: False)()),
    ):
        for _ in range(limit):
            before = model.rowCount()
            step()
            app.processEvents()
            memory.read(model.rowCount() - before, of_the_list=of_the_list)
            if not more():
                break
            if model.rowCount() == before:  # the view did not ask: ask as it would
                memory.nudges += 1
                if step == view.scrollToBottom:
                    model.fetchMore(root)
                else:
                    model.fetch_earlier()
                memory.read(model.rowCount() - before, of_the_list=of_the_list)


# --- the probe -------------------------------------------------------------------------------

def probe(variant: str, repeats: int, url: str) -> tuple[list[float], str]:
    app = QApplication.instance() or QApplication([])
    db = Database(url)
    session_id = largest_session(db)
    run = {"ours": _ours, "baseline": _fetchmany, "baseline_v1": _qsql}[variant]
    run(app, db, url, session_id, Memory())  # warm both sides' caches
    times, memory = [], None
    for _ in range(repeats):
        memory = Memory()
        started = time.perf_counter()
        run(app, db, url, session_id, memory)
        times.append(time.perf_counter() - started)
    db.dispose()
    note = (f"rows {memory.rows}, RSS peak {memory.peak:.0f} MB, "
            f"slope {memory.slope_per_10k():.2f} MB/10k rows, nudges {memory.nudges}")
    return times, note


def _ours(app, db, url, session_id, memory: Memory) -> None:
    from PySide6.QtWidgets import QTableView as View

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
        sessions.year.setCurrentIndex(0)  # "All years"
        app.processEvents()
        memory.read(sessions.model.rowCount(), of_the_list=True)
        scroll_through(app, sessions.view, memory, of_the_list=True)
        sessions.close()

        page = SessionPage(ctx)
        page.resize(1280, 720)
        page.show()
        page.show_session(session_id)
        app.processEvents()
        for tab in range(page.tabs.count()):
            if not page.tabs.isTabVisible(tab):
                continue
            page.tabs.setCurrentIndex(tab)
            app.processEvents()
            inner = range(page.bookings.count()) if tab == page.bookings_index else [None]
            for sub in inner:
                if sub is not None:
                    page.bookings.setCurrentIndex(sub)
                    app.processEvents()
                for view in page.tabs.currentWidget().findChildren(View):
                    if view.isVisible():
                        memory.read(view.model().rowCount())
                        scroll_through(app, view, memory)
        page.close()
        sessions.deleteLater()
        page.deleteLater()
        app.processEvents()


class FetchManyModel(QAbstractTableModel):
    """The floor: rows as the driver gives them, `fetchmany(200)` at a time, shown as text."""

    def __init__(self, cursor, columns: int):
        super().__init__()
        self.cursor, self.columns, self.rows, self.more = cursor, columns, [], True

    def rowCount(self, parent=_ROOT):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT):
        return 0 if parent.isValid() else self.columns

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        value = self.rows[index.row()][index.column()]
        return "" if value is None else str(value)

    def canFetchMore(self, parent=_ROOT):
        return not parent.isValid() and self.more

    def fetchMore(self, parent=_ROOT):
        batch = self.cursor.fetchmany(FETCH)
        self.more = len(batch) == FETCH
        if batch:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
            self.rows.extend(batch)
            self.endInsertRows()


def _connect(url: str):
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        import sqlite3

        return sqlite3.connect(parsed.database), False
    import psycopg

    return psycopg.connect(
        host=parsed.host or "127.0.0.1", port=parsed.port or 5432, user=parsed.username,
        password=parsed.password, dbname=parsed.database), True


def _floor_queries(session_id: int) -> list[str]:
    return [BOOKINGS_SQL.format(session_id=int(session_id), status=status)
            for status in SESSION_LISTS]


def _show_and_scroll(app, model, memory: Memory, of_the_list: bool = False) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.resize(1280, 720)
    view.show()
    app.processEvents()
    memory.read(model.rowCount(), of_the_list=of_the_list)
    scroll_through(app, view, memory, of_the_list=of_the_list)
    view.close()
    return view


def _fetchmany(app, db, url, session_id, memory: Memory) -> None:
    conn, server_side = _connect(url)
    try:
        for number, sql in enumerate([SESSIONS_SQL, *_floor_queries(session_id)]):
            # psycopg reads a whole result into memory unless the cursor is the server's.
            cursor = conn.cursor(name=f"floor{number}") if server_side else conn.cursor()
            cursor.execute(sql)
            model = FetchManyModel(cursor, len(cursor.description))
            model.fetchMore()
            view = _show_and_scroll(app, model, memory, of_the_list=number == 0)
            cursor.close()
            view.deleteLater()
        conn.rollback()
    finally:
        conn.close()
    app.processEvents()


def _qsql(app, db, url, session_id, memory: Memory) -> None:
    from PySide6.QtSql import QSqlDatabase, QSqlQueryModel

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
    for number, sql in enumerate([SESSIONS_SQL, *_floor_queries(session_id)]):
        model = QSqlQueryModel()
        model.setQuery(sql, qdb)
        view = _show_and_scroll(app, model, memory, of_the_list=number == 0)
        model.clear()
        view.deleteLater()
    qdb.close()
    del qdb
    QSqlDatabase.removeDatabase(name)
    app.processEvents()

"""The desktop app's composition root: this PC's settings -> the main window -> the database.

The window is painted first, from Qt and the shell alone; SQLAlchemy, the models and the
migrations are imported and the database opened after that, off the UI thread, and then
the first page is filled. A problem opening it is shown in a dialog over the window.
"""

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from pscp_training import config
from pscp_training.domain.errors import PscpError
from pscp_training.ui.common.context import AppContext, ChangeHub
from pscp_training.ui.common.tasks import TaskRunner
from pscp_training.ui.shell.main_window import MainWindow

FIRST_START_DONE = "app/first_start_done"
# For the packaged build's smoke test and the start-up benchmark: once the window is painted
# and its first page has its data, wait this many milliseconds and close.
QUIT_AFTER_START = "PSCP_TRAINING_QUIT_AFTER_START_MS"
# For the start-up benchmark: when set, the moments the window is first painted and first
# usable (its first page's data shown) are written to stderr on the system's monotonic clock.
START_MARKS = "PSCP_TRAINING_START_MARKS"


def mark_start(moment: str) -> None:
    if os.environ.get(START_MARKS):
        print(f"pscp-start {moment} {time.monotonic():.6f}", file=sys.stderr, flush=True)


def ui_settings() -> QSettings:
    """Window layout and filters; in PSCP_TRAINING_HOME when set (tests, IT), else Qt's place."""
    if os.environ.get("PSCP_TRAINING_HOME"):
        return QSettings(str(Path(config.config_dir()) / "ui.ini"), QSettings.Format.IniFormat)
    return QSettings("PSCP", "PSCP Training")


def connect(cli_url: str | None):
    """SQLAlchemy, the models and the database, migrated (run off the UI thread at start).

    Raises DatabaseProblem when it cannot be reached or is not safe to use.
    """
    from pscp_training import bootstrap

    config.keep_files_private()  # before the database, a backup or a setting is written
    return bootstrap.open_database(cli_url)


def ask_about_problem(message: str, tasks: TaskRunner, parent: QWidget | None = None) -> bool:
    """The database problem dialog; True when the person changed the setting to try again."""
    from pscp_training.ui.shell.database_problem_dialog import DatabaseProblemDialog

    holder = AppContext(db=None, tasks=tasks, changes=ChangeHub(), settings=QSettings())
    dialog = DatabaseProblemDialog(holder, message, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    os.environ.pop(config.ENV_VAR, None)  # the saved setting wins from now on
    return True


def open_database(cli_url: str | None, tasks: TaskRunner, parent: QWidget | None = None):
    """The database, or None when the person gives up; problems shown in a dialog, not a traceback."""
    while True:
        try:
            return connect(cli_url)
        except PscpError as exc:
            if not ask_about_problem(str(exc), tasks, parent):
                return None
            cli_url = None


def is_new_database(db) -> bool:
    from pscp_training.services.sessions import catalogue

    return not catalogue.list_courses(db) and catalogue.count_sessions(db) == 0


def offer_first_start(window: MainWindow, ctx: AppContext, label: str) -> None:
    from pscp_training.ui.shell.first_start_dialog import FirstStartDialog, demo_loader

    if ctx.settings.value(FIRST_START_DONE, False, type=bool) or not is_new_database(ctx.db):
        return
    dialog = FirstStartDialog(label, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    ctx.settings.setValue(FIRST_START_DONE, True)
    load_demo = demo_loader()
    if dialog.wants_demo() and load_demo is not None:
        ctx.tasks.run_with_progress(
            window, "Loading the example data…", load_demo, ctx.db,
            on_done=lambda _summary: ctx.changes.changed.emit("all"),
        )


class Opening(QObject):
    """After the first paint: open the database off the UI thread, then fill the window.

    `exit(status)` ends the app when the person gives up (the event loop's exit). `failure`
    holds an unexpected error (not a PscpError), raised again once the event loop has
    ended, so the command line reports it as it reports any other.
    """

    def __init__(self, window: MainWindow, cli_url: str | None, exit: Callable[[int], None]):
        super().__init__(window)
        self.window, self.ctx, self.cli_url, self.exit = window, window.ctx, cli_url, exit
        self.live = None
        self.failure: BaseException | None = None
        self.stopped = False

    def start(self) -> None:
        self.ctx.tasks.run(connect, self.cli_url, on_done=self._opened, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        if self.stopped:
            return
        if not isinstance(exc, PscpError):
            self.failure = exc
            self.exit(1)
        elif ask_about_problem(str(exc), self.ctx.tasks, self.window):
            self.cli_url = None
            self.start()
        else:
            self.exit(1)

    def _opened(self, db) -> None:
        self.ctx.db = db
        if self.stopped:  # the window was closed while the database was opening
            return
        label = db.url.render_as_string(hide_password=True)
        self.window.database_opened(label)  # the first page asks for its data
        self.ctx.tasks.when_idle(lambda: self._first_page_filled(db, label))

    def _first_page_filled(self, db, label: str) -> None:
        """The first page's data are shown: now the day's backup, live refresh, first start."""
        if self.stopped:
            return
        QTimer.singleShot(0, lambda: mark_start("usable"))  # once that is painted
        from pscp_training.services.backup import backup
        from pscp_training.ui.shell.live_refresh import LiveRefresh

        # The SQLite file, on the day's first start: a chore, not part of the first page, so
        # started once that page's data are in.
        self.ctx.tasks.run(backup.daily_backup_if_due, db)
        # On a shared PostgreSQL database, colleagues' saves refresh the open pages (SQLite: no-op).
        self.live = LiveRefresh(self.ctx.changes, self).start(db)
        quit_after = os.environ.get(QUIT_AFTER_START)
        if quit_after is not None:
            QTimer.singleShot(int(quit_after or 0), QApplication.instance().quit)
        else:
            QTimer.singleShot(0, lambda: offer_first_start(self.window, self.ctx, label))

    def stop(self) -> None:
        """The event loop has ended: let the work running finish, then close the database."""
        self.stopped = True
        if self.live is not None:
            self.live.stop()
        self.ctx.tasks.wait_idle(10_000)
        if self.ctx.db is not None:
            self.ctx.db.dispose()


def needs_a_display() -> bool:
    """On Linux without a display (SSH, a server) Qt would abort with its own, misleading text."""
    platforms = os.environ.get("QT_QPA_PLATFORM", "").split(";")
    needs_display = all(p.split(":")[0] in ("", "xcb", "wayland", "wayland-egl") for p in platforms)
    return (sys.platform.startswith("linux") and needs_display
            and QApplication.instance() is None
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))


def run_app(db_url: str | None) -> int:
    """Open the desktop window; returns the exit status."""
    if needs_a_display():
        print("pscp-training: the desktop app needs a desktop session (no display was found); "
              "`pscp-training --help` lists the commands that work without one.", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("PSCP Training")
    app.setOrganizationName("PSCP")
    tasks = TaskRunner(app)
    ctx = AppContext(db=None, tasks=tasks, changes=ChangeHub(), settings=ui_settings())
    window = MainWindow(ctx)
    window.show()
    opening = Opening(window, db_url, app.exit)
    QTimer.singleShot(0, lambda: mark_start("painted"))  # the first turn after show()
    QTimer.singleShot(0, opening.start)
    try:
        code = app.exec()
    finally:
        opening.stop()
    if opening.failure is not None:
        raise opening.failure
    return code

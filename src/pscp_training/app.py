"""The desktop app's composition root: this PC's settings -> the database -> the main window."""

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from pscp_training import bootstrap, config
from pscp_training.domain.errors import PscpError
from pscp_training.services.backup import backup
from pscp_training.services.sessions import catalogue
from pscp_training.ui.common.context import AppContext, ChangeHub
from pscp_training.ui.common.tasks import TaskRunner
from pscp_training.ui.shell.database_problem_dialog import DatabaseProblemDialog
from pscp_training.ui.shell.first_start_dialog import FirstStartDialog, demo_loader
from pscp_training.ui.shell.live_refresh import LiveRefresh
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


def quit_when_settled(app: QApplication, tasks: TaskRunner, delay_ms: int) -> None:
    tasks.wait_idle(30_000)  # the first page's queries, run off the UI thread
    QTimer.singleShot(0, lambda: mark_start("usable"))  # their results delivered and painted
    QTimer.singleShot(delay_ms, app.quit)


def ui_settings() -> QSettings:
    """Window layout and filters; in PSCP_TRAINING_HOME when set (tests, IT), else Qt's place."""
    if os.environ.get("PSCP_TRAINING_HOME"):
        return QSettings(str(Path(config.config_dir()) / "ui.ini"), QSettings.Format.IniFormat)
    return QSettings("PSCP", "PSCP Training")


def open_database(cli_url: str | None, tasks: TaskRunner):
    """The database, or None when the person gives up; problems shown in a dialog, not a traceback."""
    while True:
        try:
            return bootstrap.open_database(cli_url)
        except PscpError as exc:
            holder = AppContext(db=None, tasks=tasks, changes=ChangeHub(), settings=QSettings())
            dialog = DatabaseProblemDialog(holder, str(exc))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            cli_url = None  # the saved setting wins from now on
            os.environ.pop(config.ENV_VAR, None)


def is_new_database(db) -> bool:
    return not catalogue.list_courses(db) and catalogue.count_sessions(db) == 0


def offer_first_start(window: MainWindow, ctx: AppContext, label: str) -> None:
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


def run_app(db_url: str | None, parser=None) -> int:
    """Open the desktop window; returns the exit status."""
    # On Linux without a display (SSH, a server) Qt would abort with its own, misleading text.
    platforms = os.environ.get("QT_QPA_PLATFORM", "").split(";")
    needs_display = all(p.split(":")[0] in ("", "xcb", "wayland", "wayland-egl") for p in platforms)
    if (sys.platform.startswith("linux") and needs_display and QApplication.instance() is None
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")):
        print("pscp-training: the desktop app needs a desktop session (no display was found); "
              "`pscp-training --help` lists the commands that work without one.", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("PSCP Training")
    app.setOrganizationName("PSCP")
    tasks = TaskRunner(app)
    db = open_database(db_url, tasks)
    if db is None:
        return 1
    label = db.url.render_as_string(hide_password=True)
    ctx = AppContext(db=db, tasks=tasks, changes=ChangeHub(), settings=ui_settings())
    window = MainWindow(ctx, database_label=label)
    window.show()
    QTimer.singleShot(0, lambda: mark_start("painted"))  # the first turn after show()
    quit_after = os.environ.get(QUIT_AFTER_START)
    if quit_after is not None:
        QTimer.singleShot(0, lambda: quit_when_settled(app, tasks, int(quit_after or 0)))
    else:
        QTimer.singleShot(0, lambda: offer_first_start(window, ctx, label))
    tasks.run(backup.daily_backup_if_due, db)  # the SQLite file, on the day's first start
    # On a shared PostgreSQL database, colleagues' saves refresh the open pages (SQLite: no-op).
    live = LiveRefresh(ctx.changes, app).start(db)
    try:
        return app.exec()
    finally:
        live.stop()
        tasks.wait_idle(10_000)
        db.dispose()

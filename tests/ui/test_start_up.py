"""Start-up (issue 24): the window and its navigation first, then the database, then the data."""

import subprocess
import sys
from datetime import timedelta

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from pscp_training import app, config
from pscp_training.domain.years import now_utc
from pscp_training.ui.common.context import AppContext, ChangeHub
from pscp_training.ui.common.tasks import TaskRunner
from pscp_training.ui.shell.database_problem_dialog import DatabaseProblemDialog
from pscp_training.ui.shell.first_start_dialog import FirstStartDialog
from pscp_training.ui.shell.main_window import PAGES, MainWindow
from tests import factories


@pytest.fixture
def unopened(qtbot, ui_settings):
    """The window as the app paints it: a real (threaded) task runner, no database yet."""
    tasks = TaskRunner()
    ctx = AppContext(db=None, tasks=tasks, changes=ChangeHub(), settings=ui_settings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    tasks.wait_idle(10_000)


def _when_shown(kind, act):
    """Act on the dialog of `kind` once it shows (it opens after work on another thread)."""

    def look():
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, kind) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(20, look)
        else:
            act(dialog)

    QTimer.singleShot(0, look)


def _url(db) -> str:
    return db.url.render_as_string(hide_password=False)


def test_the_first_paint_loads_neither_sqlalchemy_nor_the_pages():
    """What `python -m pscp_training` imports before its window is painted."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from pscp_training.cli import desktop_arguments, main\n"
        "from pscp_training import app\n"
        "from pscp_training.ui.common.context import AppContext, ChangeHub\n"
        "from pscp_training.ui.common.tasks import TaskRunner\n"
        "q = QApplication([])\n"
        "ctx = AppContext(db=None, tasks=TaskRunner(), changes=ChangeHub(), "
        "settings=app.ui_settings())\n"
        "w = app.MainWindow(ctx); w.show(); q.processEvents()\n"
        "print(w.sidebar.count(), w.current_page().objectName())\n"
        "print(sorted(m for m in ('sqlalchemy', 'pscp_training.db', 'pandas', 'keyring', "
        "'pscp_training.ui.home.home_page', 'pscp_training.cli.db_commands') "
        "if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.split("\n")[:2] == [f"{len(PAGES)} opening_page", "[]"], done.stderr


@pytest.mark.parametrize("argv, expected", [
    ([], (None, False)),
    (["--db", "sqlite:///x.sqlite3"], ("sqlite:///x.sqlite3", False)),
    (["--db=sqlite:///x.sqlite3", "--debug"], ("sqlite:///x.sqlite3", True)),
    (["--help"], None), (["--version"], None), (["sessions"], None), (["--db"], None),
    (["--deb"], None), (["--db", "sqlite:///x.sqlite3", "report", "workforce"], None),
])
def test_only_the_plain_desktop_start_skips_the_commands(argv, expected):
    from pscp_training.cli import desktop_arguments

    assert desktop_arguments(argv) == expected


def test_the_navigation_shows_and_answers_before_the_database_is_open(unopened, db, qtbot):
    window = unopened
    assert window.sidebar.isVisible() and window.sidebar.count() == len(PAGES)
    assert window.current_page() is window.opening_page and window.opening_page.isVisible()
    assert "Opening the database" in window.statusBar().currentMessage()
    assert not window.import_action.isEnabled() and not window.refresh_action.isEnabled()
    assert not window.new_session_action.isEnabled()
    window.sidebar.setCurrentRow(1)  # chosen while it opens: shown once it is open
    assert window.sidebar.currentRow() == 1 and window.pages == {}

    window.ctx.db = db
    window.database_opened("test database")
    assert window.current_page() is window.pages["sessions"]
    assert window.opening_page is None
    assert window.import_action.isEnabled() and window.new_session_action.isEnabled()
    assert window.statusBar().currentMessage() == "Database: test database"


def test_the_window_becomes_usable_with_home_filled(unopened, db, qtbot, ui_settings):
    for days in range(1, 6):
        factories.session(db, start=now_utc() + timedelta(days=days))
    ui_settings.setValue(app.FIRST_START_DONE, True)
    exits = []
    opening = app.Opening(unopened, _url(db), exits.append)
    opening.start()
    qtbot.waitUntil(lambda: unopened.is_open, timeout=30_000)
    unopened.ctx.tasks.wait_idle(30_000)
    home = unopened.pages["home"]
    assert unopened.current_page() is home
    assert home.upcoming.rowCount() == 5
    assert exits == []
    opening.stop()


def test_a_database_problem_shows_the_dialog_over_the_window(unopened, qtbot, monkeypatch,
                                                              tmp_path, ui_settings):
    ui_settings.setValue(app.FIRST_START_DONE, True)
    seen, exits = [], []

    def give_up(dialog):
        seen.append(dialog.findChild(type(dialog.database.result), "problem").text())
        dialog.reject()

    monkeypatch.setenv(config.ENV_VAR, "postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    opening = app.Opening(unopened, None, exits.append)
    _when_shown(DatabaseProblemDialog, give_up)
    opening.start()
    qtbot.waitUntil(lambda: exits == [1], timeout=30_000)
    assert "Could not open the database postgresql+psycopg://nobody:***@127.0.0.1:1/none" in seen[0]
    assert unopened.current_page() is unopened.opening_page  # still waiting, never half-filled

    def retry(dialog):  # an embedded file in a good place this time
        dialog.database.embedded.setChecked(True)
        dialog.database.file.setText(str(tmp_path / "good.sqlite3"))
        dialog.save_and_retry()

    exits.clear()
    _when_shown(DatabaseProblemDialog, retry)
    opening.start()
    qtbot.waitUntil(lambda: unopened.is_open, timeout=30_000)
    assert unopened.ctx.db.url.database == str(tmp_path / "good.sqlite3")
    assert exits == [] and unopened.current_page() is unopened.pages["home"]
    opening.stop()


def test_a_first_start_still_offers_the_example_data(unopened, qtbot, tmp_path, ui_settings):
    offered = []

    def start_empty(dialog):
        offered.append(dialog.demo.text())
        dialog.empty.setChecked(True)
        dialog.accept()

    opening = app.Opening(unopened, f"sqlite:///{tmp_path / 'new.sqlite3'}", lambda _c: None)
    _when_shown(FirstStartDialog, start_empty)
    opening.start()
    qtbot.waitUntil(lambda: ui_settings.value(app.FIRST_START_DONE, False, type=bool),
                    timeout=30_000)
    assert offered and unopened.is_open
    opening.stop()


def test_when_idle_waits_for_every_job_started(qtbot):
    tasks = TaskRunner()
    order = []
    tasks.when_idle(lambda: order.append("idle at once"))
    tasks.run(lambda: 1, on_done=lambda _r: tasks.run(lambda: 2, on_done=order.append))
    tasks.when_idle(lambda: order.append("idle"))
    qtbot.waitUntil(lambda: "idle" in order, timeout=10_000)
    assert order == ["idle at once", 2, "idle"]

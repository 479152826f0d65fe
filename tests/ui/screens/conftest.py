"""The demo partnership in a real SQLite file, loaded once per test run and copied per test.

The tests in this folder use them (demo_ctx, demo_window).
The demo is built for today's date (the app's own clock), so its upcoming sessions are upcoming.
"""

import shutil

import pytest
from PySide6.QtWidgets import QApplication

from pscp_training.db.engine import Database
from pscp_training.db.migrate import upgrade_to_head
from pscp_training.services.demo import load_demo
from pscp_training.ui.common.context import AppContext, ChangeHub
from pscp_training.ui.common.tasks import TaskRunner
from pscp_training.ui.shell.main_window import MainWindow


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = Database(f"sqlite:///{path}")
    upgrade_to_head(db.engine)
    load_demo(db)
    db.engine.dispose()
    return path


@pytest.fixture
def demo_ctx(demo_template, tmp_path, ui_settings, qtbot):
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    db = Database(f"sqlite:///{path}")
    yield AppContext(db=db, tasks=TaskRunner(synchronous=True), changes=ChangeHub(),
                     settings=ui_settings)
    db.engine.dispose()


@pytest.fixture
def demo_window(demo_ctx, qtbot):
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    return window

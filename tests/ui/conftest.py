"""UI fixtures: an AppContext over the real `db` fixture, with a synchronous task runner."""

from datetime import datetime, time

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from pscp_training.domain.years import LONDON, fixed_clock
from pscp_training.ui.common.context import AppContext, ChangeHub
from pscp_training.ui.common.tasks import TaskRunner


@pytest.fixture(autouse=True)
def _no_window_outlives_its_test(qapp):
    """Close and delete every window a test left open, before the next test runs.

    A page left alive keeps its timers (search debounce, live refresh) and would query a
    database that the finished test has already dropped, failing some later test.
    """
    yield
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _no_message_box_waits(monkeypatch):
    """A confirmation run with exec() that a test does not answer says No at once, instead of
    waiting for a click that never comes offscreen (the run would hang until CI's limit).
    A test that answers one patches QMessageBox.exec itself, after this."""
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.No)


@pytest.fixture(autouse=True)
def _ten_in_the_morning():
    """Every screen test runs at 10:00 London time today (the fixed clock), so a session made
    "in a minute" and a register marked "today" never fall either side of midnight."""
    today = datetime.now(LONDON).date()
    with fixed_clock(datetime.combine(today, time(10, 0), LONDON)) as now:
        yield now


@pytest.fixture
def ui_settings(tmp_path):
    """QSettings in a temporary file, so tests never touch the real user's settings."""
    settings = QSettings(str(tmp_path / "pscp-ui.ini"), QSettings.Format.IniFormat)
    yield settings
    settings.sync()


@pytest.fixture
def ctx(db, qtbot, ui_settings):
    """What every page is given, over a real database; service calls run synchronously."""
    return AppContext(
        db=db,
        tasks=TaskRunner(synchronous=True),
        changes=ChangeHub(),
        settings=ui_settings,
    )


def message_boxes() -> list[QMessageBox]:
    """The message boxes on screen now (errors are shown window-modal, without blocking)."""
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


@pytest.fixture
def error_boxes(qtbot):
    """A function listing the texts of the message boxes showing; closes them at the end."""

    def texts() -> list[str]:
        return [box.text() for box in message_boxes()]

    yield texts
    for box in message_boxes():
        box.close()

"""The main window: pages on demand, menus and shortcuts, remembered layout, settings, start-up."""

from datetime import timedelta

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from pscp_training import config
from pscp_training.domain.years import now_utc
from pscp_training.services.people import people
from pscp_training.services.settings import certificate_settings, team_settings
from pscp_training.ui.common.context import AppContext, ChangeHub
from pscp_training.ui.common.tasks import TaskRunner
from pscp_training.ui.sessions.session_dialog import SessionDialog
from pscp_training.ui.settings.settings_dialog import SettingsDialog
from pscp_training.ui.shell.first_start_dialog import FirstStartDialog
from pscp_training.ui.shell.main_window import MainWindow
from tests import factories


@pytest.fixture
def window(ctx, qtbot):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_starts_quickly_on_home_and_makes_other_pages_on_demand(ctx, qtbot):
    for days in range(1, 30):
        factories.session(ctx.db, start=now_utc() + timedelta(days=days))
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    QApplication.processEvents()
    assert set(win.pages) == {"home"}
    # The next four weeks end at this very minute 28 days on (the fixed clock): a session
    # starting exactly then is the fifth week's.
    assert win.pages["home"].upcoming.rowCount() == 27
    win.sidebar.setCurrentRow(1)
    assert win.current_page() is win.pages["sessions"]
    win.sidebar.setCurrentRow(3)
    assert win.current_page() is win.pages["people"]


def test_shortcuts_find_refresh_and_new_session(window, ctx, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    sessions = window.current_page()
    assert sessions is window.pages["sessions"]
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert sessions.search_box.hasFocus()

    sessions.year.setCurrentIndex(0)
    assert sessions.model.rowCount() == 0
    factories.session(ctx.db, start=now_utc() + timedelta(days=3))  # saved by someone else
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert sessions.model.rowCount() == 1

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialogs = sessions.findChildren(SessionDialog)
    assert dialogs and dialogs[-1].isVisible()
    dialogs[-1].reject()


def test_open_session_and_delegate_through_the_change_hub(window, ctx):
    session = factories.session(ctx.db, start=now_utc() + timedelta(days=3))
    ctx.changes.open_session.emit(session.id)
    assert window.current_page() is window.session_page
    assert window.session_page.session.id == session.id
    window.session_page.back_button.click()
    assert window.current_page() is window.pages["sessions"]
    delegate = factories.delegate(ctx.db)
    ctx.changes.open_delegate.emit(delegate.id)
    assert window.current_page() is window.pages["people"]


def test_window_layout_is_remembered(ctx, qtbot, ui_settings):
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    first.resize(1111, 701)
    first.splitter.setSizes([250, 861])
    first.close()
    ui_settings.sync()
    again = MainWindow(AppContext(db=ctx.db, tasks=TaskRunner(synchronous=True),
                                  changes=ChangeHub(),
                                  settings=QSettings(ui_settings.fileName(),
                                                     QSettings.Format.IniFormat)))
    qtbot.addWidget(again)
    again.show()
    # (The offscreen test screen is narrower than the window's minimum width: check the height.)
    assert again.height() == 701
    assert again.splitter.sizes()[0] == 250


def test_settings_saved_for_the_team_and_this_pc(window, ctx, qtbot):
    dialog = window.open_settings()
    assert isinstance(dialog, SettingsDialog)
    assert dialog.focusWidget() is dialog.partnership
    dialog.partnership.setText("Portsmouth SCP")
    dialog.notice.setValue(5)
    dialog.signatory_name.setText("Sam Jones")
    dialog.sectors.add("Faith groups")
    dialog.database.embedded.setChecked(True)
    dialog.database.file.setText("/tmp/elsewhere/pscp.sqlite3")
    dialog.save()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    saved = certificate_settings.get_certificate_settings(ctx.db)
    assert (saved.partnership_name, saved.signatory_name) == ("Portsmouth SCP", "Sam Jones")
    with ctx.db.read() as session:
        assert team_settings.notice_working_days(session) == 5
    assert "Faith groups" in [s.name for s in people.list_sectors(ctx.db)]
    assert config.load_local_settings()["database_url"] == "sqlite:////tmp/elsewhere/pscp.sqlite3"


def test_settings_say_which_database_is_open_now_without_its_password(window, ctx, db_url):
    note = window.open_settings().database.note.text()
    shown = ctx.db.url.render_as_string(hide_password=True).removeprefix("sqlite:///")
    assert note.startswith(f"Open now: {shown}. A change of database takes effect")
    assert ctx.db.url.password is None or ctx.db.url.password not in note


def test_settings_with_a_bad_address_save_nothing(window, ctx, qtbot, error_boxes):
    dialog = window.open_settings()
    dialog.partnership.setText("Changed name")
    dialog.database.server.setChecked(True)
    dialog.database.url.setText("mysql://somewhere/db")
    dialog.save()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert any("PostgreSQL or its embedded SQLite file" in t for t in error_boxes())
    assert certificate_settings.get_certificate_settings(ctx.db).partnership_name != "Changed name"
    assert "database_url" not in config.load_local_settings()


def test_test_connection_reports_in_a_sentence(window, ctx, db_url, qtbot):
    dialog = window.open_settings()
    box = dialog.database
    if db_url.startswith("sqlite"):
        box.embedded.setChecked(True)
        box.file.setText(db_url.removeprefix("sqlite:///"))
    else:
        box.server.setChecked(True)
        box.url.setText(db_url)
    qtbot.mouseClick(box.test_button, Qt.MouseButton.LeftButton)
    assert "It is a PSCP Training database, up to date." in box.result.text()
    box.server.setChecked(True)
    box.url.setText("postgresql+psycopg://nobody:wrong@127.0.0.1:1/none")
    qtbot.mouseClick(box.test_button, Qt.MouseButton.LeftButton)
    assert box.result.text().startswith("Could not connect to postgresql+psycopg://nobody:***@")


def test_back_up_the_embedded_database(window, ctx, db_url, tmp_path, monkeypatch, only_sqlite):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "backup.sqlite3"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    factories.course(ctx.db, code="KEEP")
    window.backup_action.trigger()
    from pscp_training.db.engine import Database
    from pscp_training.services.sessions import catalogue

    copy = Database(f"sqlite:///{target}")
    assert [c.code for c in catalogue.list_courses(copy)] == ["KEEP"]
    copy.dispose()


def test_first_start_offers_the_demo_only_when_it_is_there(qtbot):
    with_demo = FirstStartDialog("sqlite:///x", demo_available=True)
    qtbot.addWidget(with_demo)
    assert with_demo.wants_demo()
    without = FirstStartDialog("sqlite:///x", demo_available=False)
    qtbot.addWidget(without)
    assert not without.demo.isEnabled() and not without.wants_demo()


def test_the_window_module_does_not_load_the_heavy_libraries():
    """Start-up stays quick: pandas, ReportLab and QtCharts load when their screens open."""
    import subprocess
    import sys

    code = ("import sys, pscp_training.app; "
            "print(sorted(m for m in ('pandas', 'reportlab', 'PySide6.QtCharts') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "[]"


def test_a_database_that_cannot_be_opened_shows_a_dialog_not_a_traceback(qtbot, monkeypatch,
                                                                        tmp_path):
    from PySide6.QtCore import QTimer

    from pscp_training import app
    from pscp_training.ui.shell.database_problem_dialog import DatabaseProblemDialog

    seen = []

    def answer(choice):
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, DatabaseProblemDialog) and w.isVisible())
        seen.append(dialog.findChild(type(dialog.database.result), "problem").text())
        if choice == "quit":
            dialog.reject()
        else:  # go back to an embedded file in a good place, and try again
            dialog.database.embedded.setChecked(True)
            dialog.database.file.setText(str(tmp_path / "good.sqlite3"))
            dialog.save_and_retry()

    monkeypatch.setenv(config.ENV_VAR, "postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    QTimer.singleShot(0, lambda: answer("quit"))
    assert app.open_database(None, TaskRunner(synchronous=True)) is None
    assert "Could not open the database postgresql+psycopg://nobody:***@127.0.0.1:1/none" in seen[0]
    assert "secret" not in seen[0]

    QTimer.singleShot(0, lambda: answer("retry"))
    db = app.open_database(None, TaskRunner(synchronous=True))
    assert db is not None and db.url.database == str(tmp_path / "good.sqlite3")
    db.dispose()


def _answer_first_start(choice: str):
    from PySide6.QtCore import QTimer

    def answer():
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, FirstStartDialog) and w.isVisible())
        (dialog.demo if choice == "demo" else dialog.empty).setChecked(True)
        dialog.accept()

    QTimer.singleShot(0, answer)


def test_first_start_with_an_empty_database_asks_once(window, ctx, qtbot):
    from pscp_training import app

    _answer_first_start("empty")
    app.offer_first_start(window, ctx, "test database")
    assert ctx.settings.value(app.FIRST_START_DONE, False, type=bool)
    assert app.is_new_database(ctx.db)
    app.offer_first_start(window, ctx, "test database")  # not asked again: no dialog waits


def test_first_start_with_the_demo_data_fills_home(window, ctx, qtbot, only_sqlite):
    from pscp_training import app

    _answer_first_start("demo")
    app.offer_first_start(window, ctx, "test database")
    assert not app.is_new_database(ctx.db)
    home = window.pages["home"]
    assert home.upcoming.rowCount() > 0
    assert "sessions run" in home.totals.text()


def test_export_the_register_for_a_chosen_year(window, ctx, tmp_path, monkeypatch, only_sqlite):
    import csv

    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    from pscp_training.domain.years import FinancialYear
    from pscp_training.services.bookings import bookings

    session = factories.session(ctx.db, start=now_utc() + timedelta(days=2))
    bookings.book(ctx.db, session_id=session.id,
                  delegate_id=factories.delegate(ctx.db, "Amy", "Exported").id)
    year = FinancialYear.of(session.start).label
    target = tmp_path / "register.csv"
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: (year, True)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Close))
    window.export_action.trigger()
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert any("Exported" in row for row in rows[1:])
    assert asked and f"The register for {year} (1 row)" in asked[0]


def test_choose_a_logo_for_certificates(window, ctx, tmp_path, monkeypatch):
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QFileDialog

    logo = tmp_path / "logo.png"
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("navy"))
    image.save(str(logo))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(logo), "")))
    dialog = window.open_settings()
    dialog.choose_logo()
    assert dialog.logo_preview.pixmap().height() == 56
    dialog.save()
    assert certificate_settings.get_certificate_settings(ctx.db).logo_png == logo.read_bytes()

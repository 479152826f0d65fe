"""File > Back up database… offers the file type this database's backup really is, on both databases."""

import pytest
from PySide6.QtWidgets import QFileDialog

from pscp_training.services.backup import backup, restore
from pscp_training.ui.shell.main_window import MainWindow
from tests import factories


@pytest.fixture
def window(ctx, qtbot):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win


def test_back_up_offers_the_right_file_type_and_writes_a_backup(window, ctx, tmp_path,
                                                                 monkeypatch):
    asked = {}

    def choose(_parent, _title, suggested, file_filter, *a, **k):
        asked.update(suggested=suggested, file_filter=file_filter)
        return str(tmp_path / "monday"), file_filter  # typed without a file type

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    factories.course(ctx.db, code="KEEP")
    window.backup_action.trigger()
    assert ctx.tasks.wait_idle(60_000)

    expected = ".sqlite3" if ctx.db.dialect == "sqlite" else (
        ".dump" if backup.pg_tool("pg_dump") else ".jsonl.gz")
    assert backup.suggested_suffix(ctx.db) == expected
    assert asked["file_filter"] == f"Database backup (*{expected})"
    assert asked["suggested"].endswith(expected)
    written = tmp_path / f"monday{expected}"
    assert written.is_file()
    assert restore.check_backup(written)  # a backup the restore accepts
    assert str(written) in window.statusBar().currentMessage()

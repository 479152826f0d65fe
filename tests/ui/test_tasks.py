"""The shared UI pieces on their own: the threaded task runner and the paged table model."""

import threading

import pytest
from PySide6.QtCore import QModelIndex, Qt, QThread
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from pscp_training.domain.errors import Cancelled, RuleViolation
from pscp_training.ui.common.paged_table_model import Column, PagedTableModel
from pscp_training.ui.common.tasks import TaskRunner
from tests.ui.conftest import message_boxes


def test_work_runs_off_the_ui_thread_and_the_result_arrives_on_it(qtbot):
    runner = TaskRunner()
    seen = {}

    def work(a, b, *, c):
        seen["worker"] = threading.get_ident()
        return a + b + c

    runner.run(work, 1, 2, c=3, on_done=lambda r: seen.update(result=r,
                                                                ui=QThread.currentThread()))
    assert runner.wait_idle(5000)
    assert seen["result"] == 6
    assert seen["worker"] != threading.get_ident()
    assert seen["ui"] is QThread.currentThread()


def test_a_refusal_becomes_a_calm_dialog_unless_the_caller_handles_it(qtbot):
    runner = TaskRunner()

    def refuse():
        raise RuleViolation("This session is full.")

    handled = []
    runner.run(refuse, on_error=handled.append)
    runner.wait_idle(5000)
    assert [str(e) for e in handled] == ["This session is full."]
    assert not message_boxes()
    runner.run(refuse)
    runner.wait_idle(5000)
    boxes = message_boxes()
    assert [b.text() for b in boxes] == ["This session is full."]
    assert boxes[0].windowTitle() == "That cannot be done"
    for box in boxes:
        box.close()


def test_long_work_can_be_cancelled_from_the_progress_dialog(qtbot):
    runner = TaskRunner()
    started = threading.Event()
    outcome = []

    def long_work(*, progress):
        started.set()
        for done in range(10_000):
            if not progress(done, 10_000):
                raise Cancelled("The import was stopped; nothing was kept.")
            threading.Event().wait(0.001)
        return "finished"

    runner.run_with_progress(None, "Importing…", long_work, on_done=outcome.append,
                             on_error=outcome.append)
    assert started.wait(5)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog))
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert runner.wait_idle(10_000)
    assert isinstance(outcome[0], Cancelled)


def test_a_million_rows_open_with_one_page_fetched(qtbot):
    asked = []

    def fetch(offset, limit):
        asked.append((offset, limit))
        return list(range(offset, min(offset + limit, 1_000_000)))

    model = PagedTableModel([Column("Row", lambda r: r, "row")], fetch, page_size=100)
    model.reset_with()
    assert asked == [(0, 100)]
    assert model.rowCount() == 100
    assert model.canFetchMore(QModelIndex())
    assert model.index(99, 0).data() == "99"
    assert model.index(5, 0).data(Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert (model.sort_key, model.descending) == ("row", True)
    assert asked[-1] == (0, 100)  # sorting asks again from the start


@pytest.mark.parametrize("spec", [("Name", str, None), Column("Name", str)])
def test_columns_as_tuples_or_column_objects(spec, qtbot):
    model = PagedTableModel([spec], lambda o, n: ["a", "b"][o:o + n])
    model.reset_with()
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["a", "b"]
    model.sort(0)  # no sort key: nothing happens
    assert model.sort_key is None

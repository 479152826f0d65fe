"""Buttons whose clicked(bool) once arrived as a folder, a note or a name (issue 15, items 1-2)."""

import ast
from datetime import date, timedelta
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QPushButton

import pscp_training.ui
from pscp_training.domain.enums import Attendance
from pscp_training.services.bookings import bookings
from pscp_training.services.follow_up import charges
from pscp_training.services.follow_up.non_attendance import list_reasons
from pscp_training.services.people import people
from pscp_training.services.sessions import attendance
from pscp_training.ui.follow_up.charges_page import ChargesPage
from pscp_training.ui.follow_up.reason_dialog import ReasonListDialog
from pscp_training.ui.settings.settings_dialog import SectorsBox
from tests import factories as f
from tests.factories import NOW

Q1 = (date(2022, 4, 1), date(2022, 6, 30))


def _ledger_page(ctx, qtbot) -> ChargesPage:
    s = f.session(ctx.db, capacity=3)
    absent = bookings.book(ctx.db, session_id=s.id, delegate_id=f.delegate(ctx.db, "Zoë", "Adams").id,
                           now=NOW)
    attendance.mark(ctx.db, absent.id, Attendance.ABSENT, now=NOW + timedelta(days=15))
    page = ChargesPage(ctx)
    qtbot.addWidget(page)
    page.set_period(*Q1)
    page.tabs.setCurrentIndex(1)
    page.ledger_view.selectRow(0)
    return page


def test_pdf_statements_button_asks_for_a_folder_and_writes_there(ctx, qtbot, tmp_path,
                                                                  monkeypatch, error_boxes):
    page = _ledger_page(ctx, qtbot)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    page.pdf_button.click()
    assert error_boxes() == []
    assert len(list(tmp_path.glob("*.pdf"))) == 1
    assert page.last_message == f"Wrote 1 statement to {tmp_path}."


def test_export_xlsx_button_asks_for_a_file_and_writes_it(ctx, qtbot, tmp_path, monkeypatch,
                                                          error_boxes):
    page = _ledger_page(ctx, qtbot)
    target = tmp_path / "ledger.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.xlsx_button.click()
    assert error_boxes() == []
    assert load_workbook(target)["Charges"].max_row == 2


def test_waive_button_asks_why_and_keeps_the_note(ctx, qtbot, monkeypatch):
    page = _ledger_page(ctx, qtbot)
    asked = []
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, **k: (asked.append(a[2]) or ("Agreed with the head", True)))
    page.waive_button.click()
    assert asked and "Why is the £50.00 charge for Zoë Adams waived?" in asked[0]
    (charge,) = charges.ledger(ctx.db, *Q1)
    assert (charge.waived, charge.waiver_note) == (True, "Agreed with the head")


def test_waive_button_cancelled_or_blank_waives_nothing(ctx, qtbot, monkeypatch):
    page = _ledger_page(ctx, qtbot)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    page.waive_button.click()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("   ", True))
    page.waive_button.click()
    (charge,) = charges.ledger(ctx.db, *Q1)
    assert not charge.waived
    assert page.last_message == "The charge is still due: a waiver needs a note saying why."


def test_sector_add_and_rename_buttons_prompt_for_the_name(ctx, qtbot, monkeypatch, error_boxes):
    box = SectorsBox(ctx)
    qtbot.addWidget(box)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Faith groups", True))
    box.add_button.click()
    names = [s.name for s in people.list_sectors(ctx.db)]
    assert "Faith groups" in names and "False" not in names
    box.list.setCurrentRow(names.index("Faith groups"))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Faith communities", True))
    box.rename_button.click()
    assert error_boxes() == []
    names = [s.name for s in people.list_sectors(ctx.db)]
    assert "Faith communities" in names and "Faith groups" not in names
    assert box.last_message == "'Faith groups' is now called 'Faith communities'."


def test_sector_add_cancelled_adds_nothing(ctx, qtbot, monkeypatch):
    box = SectorsBox(ctx)
    qtbot.addWidget(box)
    before = box.list.count()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    box.add_button.click()
    assert box.list.count() == before


def test_reason_add_button_prompts_for_the_label(ctx, qtbot, monkeypatch):
    dialog = ReasonListDialog(ctx)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Childcare problems", True))
    add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Add…")
    add.click()
    labels = [r.label for r in list_reasons(ctx.db)]
    assert "Childcare problems" in labels and "False" not in labels


# Qt's own signals that pass a value the slot did not ask for (clicked's `checked`, a new
# index or text). Our own signals carry what their slots take, defaults included.
QT_SIGNALS_WITH_VALUES = {
    "clicked", "triggered", "toggled", "pressed", "released", "stateChanged",
    "currentIndexChanged", "currentTextChanged", "valueChanged", "textChanged", "textEdited",
    "activated", "itemChanged", "dateChanged", "currentRowChanged", "timeout",
}


def _slots_with_defaults() -> list[str]:
    """Every `signal.connect(self.method)` in ui/ whose method takes an argument with a default.

    Qt passes a signal's arguments (clicked's `checked`, toggled's state) into such a method,
    where they stand in for the default: the bug class of issue 15.
    """
    found = []
    for path in Path(pscp_training.ui.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defaults = {
            node.name for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and (node.args.defaults or node.args.kw_defaults
                                                      and any(node.args.kw_defaults))
        }
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "connect" and node.args
                    and isinstance(node.func.value, ast.Attribute)
                    and node.func.value.attr in QT_SIGNALS_WITH_VALUES
                    and isinstance(node.args[0], ast.Attribute)
                    and node.args[0].attr in defaults):
                found.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    return found


def test_no_signal_is_connected_to_a_slot_with_a_default_argument():
    assert _slots_with_defaults() == []


def _row_of(box, name) -> int:
    return next(n for n in range(box.list.count())
                if box.list.item(n).data(Qt.ItemDataRole.UserRole + 1) == name)


def test_sector_merge_retire_and_remove_from_settings(ctx, qtbot, monkeypatch, error_boxes):
    f.organisation(ctx.db, "St Mary's Church", sector="Faith grups")
    box = SectorsBox(ctx)
    qtbot.addWidget(box)
    box.list.setCurrentRow(_row_of(box, "Faith grups"))
    offered = []
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda _p, _t, _l, items, *a, **k: (offered.extend(items)
                                                             or ("Voluntary & Community", True)))
    box.merge_button.click()
    assert "Faith grups" not in offered and "Voluntary & Community" in offered
    assert box.last_message == "'Faith grups' is merged into 'Voluntary & Community'."
    (org,) = [o for o in people.list_organisations(ctx.db) if o.name == "St Mary's Church"]
    assert org.sector == "Voluntary & Community"

    box.list.setCurrentRow(_row_of(box, "Police"))
    assert box.retire_button.text() == "Retire"
    box.retire_button.click()
    assert "Police" not in [s.name for s in people.list_sectors(ctx.db)]
    assert box.list.item(_row_of(box, "Police")).text() == "Police (retired)"
    box.list.setCurrentRow(_row_of(box, "Police"))
    assert box.retire_button.text() == "Bring back"

    box.list.setCurrentRow(_row_of(box, "Voluntary & Community"))
    box.remove_button.click()  # in use: refused with a reason, nothing removed
    assert any("cannot be removed" in text for text in error_boxes())
    assert "Voluntary & Community" in [s.name for s in people.list_sectors(ctx.db)]

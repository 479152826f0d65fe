"""File › Data protection…: the retention rule, erasure on request and subject access, in the window.

Every action goes through the same services as `pscp-training privacy …`; the yearly
figures are compared before and after each anonymisation.
"""

import json
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select

from pscp_training.db.models_audit import AuditEntry
from pscp_training.domain.enums import Attendance
from pscp_training.domain.years import FinancialYear, now_utc
from pscp_training.reports.workforce import compute
from pscp_training.services.bookings import bookings
from pscp_training.services.people import people
from pscp_training.services.privacy import retention
from pscp_training.services.sessions import attendance
from pscp_training.ui.privacy.data_protection_dialog import DataProtectionDialog
from pscp_training.ui.shell.main_window import MainWindow
from tests import factories

OLD = datetime(2015, 10, 7, 9, 30, tzinfo=UTC)  # 2015-16: past any retention period
RECENT = now_utc() - timedelta(days=40)  # never due, whatever today is
ANN_PHONE = "01632 960 001"


def _trained(db, session_id, start, person, attended=True):
    booking = bookings.book(db, session_id=session_id, delegate_id=person.id,
                            now=start - timedelta(days=20))
    mark = Attendance.ATTENDED if attended else Attendance.ABSENT
    attendance.mark_register(db, session_id, {booking.id: mark}, now=start)
    return booking


@pytest.fixture
def history(db):
    """Ann trained only in 2015; Ben in 2015 and lately; Cat lately."""
    course = factories.course(db)
    old = factories.session(db, course_id=course.id, start=OLD, capacity=10)
    recent = factories.session(db, course_id=course.id, start=RECENT, capacity=10)
    ann = factories.delegate(db, "Ann", "Oldham", email="ann@example.org", phone=ANN_PHONE)
    ben = factories.delegate(db, "Ben", "Both", org="Harbour Health Centre", sector="Health",
                             phone="+44 (0)1632 960 002")
    cat = factories.delegate(db, "Cat", "Recent")
    _trained(db, old.id, OLD, ann)
    _trained(db, old.id, OLD, ben, attended=False)
    _trained(db, recent.id, RECENT, ben)
    _trained(db, recent.id, RECENT, cat)
    return {"ann": ann, "ben": ben, "cat": cat, "old": old, "recent": recent}


def _reports(db):
    this = FinancialYear.of(now_utc())
    return [compute(db, FinancialYear.parse("2015-16"), years=1),
            compute(db, FinancialYear.of(RECENT), years=3),
            compute(db, this, years=10)]


@pytest.fixture
def dialog(ctx, qtbot, history, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: None))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.privacy_action.trigger()
    found = window.findChild(DataProtectionDialog)
    assert found is not None and found.isVisible()
    return found


def _answer(monkeypatch, button):
    asked = []

    def question(_parent, _title, text, *a, **k):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def _table(tab):
    return [[tab.table.item(r, c).text() for c in range(tab.table.columnCount())]
            for r in range(tab.table.rowCount())]


def test_the_rule_lists_who_and_why_then_applies_after_a_yes(ctx, dialog, history,
                                                             monkeypatch):
    tab = dialog.retention
    assert _table(tab) == [["Ann Oldham", "Arundel Court Primary School", "1",
                            f"Last training Wed 07 Oct 2015, before {tab.cutoff_text()}"]]
    assert "1 delegate has had no training since" in tab.summary.text()
    before = _reports(ctx.db)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot_click(tab.apply_button)
    assert "cannot be undone" in asked[0] and "1 delegate" in asked[0]
    assert _reports(ctx.db) == before  # every yearly figure the same
    ann = people.get_delegate(ctx.db, history["ann"].id)
    assert (ann.first_name, ann.email, ann.phone) == ("Anonymised", None, None)
    assert people.search_delegates(ctx.db, "01632 960 001") == []
    assert people.get_delegate(ctx.db, history["ben"].id).phone == "+44 (0)1632 960 002"
    assert _table(tab) == [] and not tab.apply_button.isEnabled()
    assert tab.summary.text().startswith("Anonymised 1 delegate")


def qtbot_click(button):
    assert button.isEnabled()
    button.click()


def test_saying_no_changes_nobody(ctx, dialog, history, monkeypatch):
    _answer(monkeypatch, QMessageBox.StandardButton.No)
    qtbot_click(dialog.retention.apply_button)
    assert people.get_delegate(ctx.db, history["ann"].id).phone == ANN_PHONE
    assert len(_table(dialog.retention)) == 1


def test_a_longer_period_lists_nobody(ctx, dialog, qtbot):
    tab = dialog.retention
    tab.years.setValue(20)
    qtbot.waitUntil(lambda: "Nobody is due" in tab.summary.text(), timeout=3000)
    assert _table(tab) == [] and not tab.apply_button.isEnabled()


def _choose(tab, qtbot, text):
    tab.search.setFocus()
    qtbot.keyClicks(tab.search, text)
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert len(tab.matches) == 1
    return tab.chosen()


def test_erase_one_delegate_on_request_with_the_reason_in_the_history(ctx, dialog, qtbot,
                                                                      history):
    tab = dialog.delegate
    dialog.tabs.setCurrentWidget(tab)
    before = _reports(ctx.db)
    # Ben has had his recent training; he holds no place to come.
    chosen = _choose(tab, qtbot, "Ben Both")
    assert chosen.id == history["ben"].id and "+44 (0)1632 960 002" in tab.details.text()
    qtbot.mouseClick(tab.erase_button, Qt.MouseButton.LeftButton)
    erase = tab.erase_dialog
    assert erase.isVisible() and not erase.erase_button.isEnabled()  # a reason is needed
    erase.reason.setPlainText("Email to the training team, 2 December")
    assert erase.erase_button.isEnabled()
    erase.erase_button.click()
    assert _reports(ctx.db) == before
    ben = people.get_delegate(ctx.db, history["ben"].id)
    assert (ben.first_name, ben.email, ben.phone, ben.organisation) == (
        "Anonymised", None, None, None)
    with ctx.db.read() as session:
        trail = [json.loads(c) for c in session.scalars(
            select(AuditEntry.changes).where(AuditEntry.delegate_id == ben.id,
                                             AuditEntry.action == "anonymised"))]
        everything = " ".join(session.scalars(
            select(AuditEntry.changes).where(AuditEntry.delegate_id == ben.id)))
    assert trail == [{"reason": [None, "their request: Email to the training team, 2 December"]}]
    assert "1632 960 002" not in everything  # nor does the history keep the number
    assert retention.erasure_of(ctx.db, ben.id)[1] == "request"


def test_erasure_is_refused_while_they_hold_a_place_to_come(ctx, dialog, qtbot, history,
                                                            error_boxes):
    upcoming = factories.session(ctx.db, start=now_utc() + timedelta(days=10), capacity=5)
    bookings.book(ctx.db, session_id=upcoming.id, delegate_id=history["cat"].id)
    tab = dialog.delegate
    _choose(tab, qtbot, "Cat Recent")
    tab.erase()
    tab.erase_dialog.reason.setPlainText("Phoned on Monday")
    tab.erase_dialog.erase_button.click()
    assert any("Cancel their upcoming bookings first" in t for t in error_boxes())
    assert people.get_delegate(ctx.db, history["cat"].id).first_name == "Cat"


def _save_to(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Close))


def test_subject_access_as_json_and_pdf_holds_her_phone_and_nobody_elses(
        ctx, dialog, qtbot, history, tmp_path, monkeypatch):
    tab = dialog.delegate
    _choose(tab, qtbot, "Ann Oldham")
    _save_to(monkeypatch, tmp_path / "ann")  # typed without a file type
    qtbot.mouseClick(tab.json_button, Qt.MouseButton.LeftButton)
    data = json.loads((tmp_path / "ann.json").read_text(encoding="utf-8"))
    assert data["details"]["phone"] == ANN_PHONE and data["details"]["first_name"] == "Ann"
    assert "960 002" not in (tmp_path / "ann.json").read_text(encoding="utf-8")
    _save_to(monkeypatch, tmp_path / "ann.pdf")
    qtbot.mouseClick(tab.pdf_button, Qt.MouseButton.LeftButton)
    text = "\n".join(p.extract_text() for p in PdfReader(str(tmp_path / "ann.pdf")).pages)
    assert ANN_PHONE in text and "Oldham" in text
    assert "960 002" not in text


def test_after_erasure_the_export_shows_only_that_they_were_anonymised(
        ctx, dialog, qtbot, history, tmp_path, monkeypatch):
    retention.erase_delegate(ctx.db, history["ann"].id)
    tab = dialog.delegate
    _choose(tab, qtbot, "Anonymised")
    assert "personal details removed" in tab.details.text()
    assert not tab.erase_button.isEnabled()
    _save_to(monkeypatch, tmp_path / "after.json")
    qtbot.mouseClick(tab.json_button, Qt.MouseButton.LeftButton)
    text = (tmp_path / "after.json").read_text(encoding="utf-8")
    assert ANN_PHONE not in text and "Oldham" not in text
    assert json.loads(text)["anonymised"]["reason"] == "request"


def test_erasing_lists_the_copies_left_and_removes_the_apps_own_on_request(
        ctx, dialog, qtbot, history, tmp_path, monkeypatch):
    from pscp_training.services.messages.settings import MailSettings, save_mail_settings

    outbox = tmp_path / "outbox"
    outbox.mkdir()
    save_mail_settings(ctx.db, MailSettings(eml_folder=str(outbox), from_address="t@example.org"))
    (outbox / "to-ann.eml").write_text("To: ann@example.org\r\n\r\nYour place", "utf-8")
    (outbox / "to-someone.eml").write_text("To: x@example.org\r\n\r\nYour place", "utf-8")
    asked = []

    def question(_parent, _title, text, *_a, **_k):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    tab = dialog.delegate
    _choose(tab, qtbot, "Ann Oldham")
    tab.erase()
    tab.erase_dialog.reason.setPlainText("Letter of 1 December")
    tab.erase_dialog.erase_button.click()
    assert any(f"1 message to them in the outbox folder {outbox}" in t for t in asked)
    assert any("Remove the app's own copies" in t for t in asked)
    assert not (outbox / "to-ann.eml").exists() and (outbox / "to-someone.eml").exists()

"""The session screen's Print buttons write real PDFs through the PDF services."""

from datetime import timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from pscp_training.domain.enums import Attendance
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.sessions import attendance
from pscp_training.ui.sessions.session_page import SessionPage
from tests import factories


@pytest.fixture
def page(ctx, qtbot, monkeypatch):
    # Say "Close" to the "Saved. Open it now?" question: no viewer in tests.
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Close))
    widget = SessionPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _text(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def test_sign_in_sheet_to_a_chosen_file(ctx, page, qtbot, tmp_path, monkeypatch, only_sqlite):
    session = factories.session(ctx.db, capacity=5, start=now_utc() + timedelta(days=4))
    person = factories.delegate(ctx.db, "Zoë", "Łukasz-Brown")
    bookings.book(ctx.db, session_id=session.id, delegate_id=person.id)
    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PDF (*.pdf)")))
    page.show_session(session.id)
    assert page.print_button.isVisible() and page.sign_in_action.isVisible()
    page.sign_in_action.trigger()
    assert "Zoë Łukasz-Brown" in _text(target)


def _attended_session(ctx, *names):
    session = factories.session(ctx.db, capacity=5, start=now_utc() + timedelta(minutes=1))
    for first, last, phone in names:
        person = factories.delegate(ctx.db, first, last, phone=phone)
        booking = bookings.book(ctx.db, session_id=session.id, delegate_id=person.id)
        attendance.mark(ctx.db, booking.id, Attendance.ATTENDED)
    return session


def _write_certificates(page, qtbot, folder, *, combined: bool):
    page.certificates_action.trigger()
    dialog = page.certificates_dialog
    assert dialog.isVisible() and dialog.one_each.isChecked()  # one each unless asked
    dialog.folder.setText(str(folder))
    if combined:
        dialog.combined.setChecked(True)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_certificates_one_pdf_per_delegate_by_default(ctx, page, qtbot, tmp_path, only_sqlite):
    session = _attended_session(ctx, ("Amira", "Khan", "07700 900123"), ("Ben", "Ode", None))
    page.show_session(session.id)
    _write_certificates(page, qtbot, tmp_path, combined=False)
    written = sorted(tmp_path.glob("*.pdf"))
    assert len(written) == 2
    texts = [_text(p) for p in written]
    assert any("Amira Khan" in t for t in texts) and any("Ben Ode" in t for t in texts)
    assert not any("07700" in t for t in texts)  # a phone number is never printed for others


def test_certificates_in_one_combined_pdf_to_print(ctx, page, qtbot, tmp_path, only_sqlite):
    session = _attended_session(ctx, ("Amira", "Khan", "07700 900123"), ("Ben", "Ode", None),
                                ("Cai", "Rees", None))
    page.show_session(session.id)
    _write_certificates(page, qtbot, tmp_path, combined=True)
    written = sorted(tmp_path.glob("*.pdf"))
    assert len(written) == 1
    reader = PdfReader(str(written[0]))
    assert len(reader.pages) == 3
    pages = [p.extract_text() for p in reader.pages]
    assert ["Amira Khan" in pages[0], "Ben Ode" in pages[1], "Cai Rees" in pages[2]] == [True] * 3
    assert "07700" not in "".join(pages)


def test_cancelling_the_certificates_dialog_writes_nothing(ctx, page, qtbot, tmp_path,
                                                           only_sqlite):
    session = _attended_session(ctx, ("Amira", "Khan", None))
    page.show_session(session.id)
    page.certificates_action.trigger()
    out = tmp_path / "out"
    out.mkdir()
    page.certificates_dialog.folder.setText(str(out))
    page.certificates_dialog.reject()
    assert list(out.iterdir()) == []


def test_session_summary_for_trainers_to_a_chosen_file(ctx, page, qtbot, tmp_path, monkeypatch):
    session = _attended_session(ctx, ("Amira", "Khan", "07700 900123"), ("Zoë", "Łukasz", None))
    target = tmp_path / "for the trainers"  # typed without .pdf
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PDF (*.pdf)")))
    page.show_session(session.id)
    assert page.summary_action.isVisible()
    page.summary_action.trigger()
    text = _text(tmp_path / "for the trainers.pdf")
    assert "Amira Khan" in text and "Zoë Łukasz" in text
    assert "Attended" in text
    assert "07700" not in text  # the trainers' copy carries no phone numbers

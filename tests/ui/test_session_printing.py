"""The session screen's Print buttons write real PDFs through the PDF services."""

from datetime import timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

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
    assert page.sign_in_button.isVisible()
    qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
    assert "Zoë Łukasz-Brown" in _text(target)


def test_certificates_to_a_chosen_folder(ctx, page, qtbot, tmp_path, monkeypatch, only_sqlite):
    session = factories.session(ctx.db, capacity=5, start=now_utc() + timedelta(minutes=1))
    person = factories.delegate(ctx.db, "Amira", "Khan")
    booking = bookings.book(ctx.db, session_id=session.id, delegate_id=person.id)
    attendance.mark(ctx.db, booking.id, Attendance.ATTENDED)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(tmp_path)))
    page.show_session(session.id)
    qtbot.mouseClick(page.certificates_button, Qt.MouseButton.LeftButton)
    written = sorted(tmp_path.glob("*.pdf"))
    assert len(written) == 1
    assert "Amira Khan" in _text(written[0])

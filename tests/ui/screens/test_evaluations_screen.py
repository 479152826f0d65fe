"""The Evaluations tab on the demo: readable tables, a list that keeps its width, a PDF whose
footer stays on the page (issue 15, item 6)."""

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from sqlalchemy import func, select

from pscp_training.db.models import Booking, Course, TrainingSession
from pscp_training.db.models_evaluation import Evaluation
from pscp_training.pdf.fonts import REGULAR, register_fonts
from pscp_training.pdf.styles import MARGIN


def _evaluated_session(db, title_like: str) -> int:
    with db.read() as session:
        return session.scalar(
            select(TrainingSession.id)
            .join(Course, Course.id == TrainingSession.course_id)
            .join(Booking, Booking.session_id == TrainingSession.id)
            .join(Evaluation, Evaluation.booking_id == Booking.id)
            .where(Course.title.like(title_like))
            .group_by(TrainingSession.id)
            .order_by(func.count(Evaluation.id).desc(), TrainingSession.id)
            .limit(1)
        )


@pytest.fixture
def evaluations_tab(demo_window):
    def open_tab(title_like: str):
        page = demo_window.open_session(_evaluated_session(demo_window.ctx.db, title_like))
        page.tabs.setCurrentWidget(page.evaluations)
        return page.evaluations
    return open_tab


def test_the_confidence_scores_are_never_squeezed_a_letter_a_line(demo_window, evaluations_tab):
    demo_window.resize(1280, 720)
    tab = evaluations_tab("Working Together%")
    text = tab.summary.toPlainText()
    # No table of eleven score columns beside the question; the scores are a row each.
    assert "Confidence before the course" not in text.split("Confidence out of 10, before")[0] \
        .split("How delegates scored")[1]
    assert "Score" in text and "Before the course" in text and "After the course" in text


def test_save_and_next_keeps_the_attendee_list_wide_enough(demo_window, evaluations_tab):
    demo_window.resize(1280, 720)
    tab = evaluations_tab("Working Together%")
    names = [tab.people.item(n).text() for n in range(tab.people.count())]
    widest = max(tab.people.fontMetrics().horizontalAdvance(n) for n in names)
    tab.people.setCurrentRow(0)
    widths = [tab.people.width()]
    for _ in range(4):
        tab.save()
        widths.append(tab.people.width())
    assert min(widths) >= widest + 8, (widths, widest)
    assert tab.who.wordWrap()


def test_the_summary_pdf_footer_stays_on_the_page(demo_window, evaluations_tab, tmp_path,
                                                  monkeypatch):
    tab = evaluations_tab("Missing, exploited%")
    target = tmp_path / "summary.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    tab.pdf_button.click()
    assert tab.saved_note.text() == f"Saved {target}"
    register_fonts()
    runs = []

    def visit(text, _cm, tm, _font, size):
        if text.strip() and tm[5] < 30:  # the footer line, 8 mm from the foot of the page
            runs.append((tm[4], text, size))

    for page in PdfReader(Path(target)).pages:
        page.extract_text(visitor_text=visit)
    footer = [(x, t) for x, t, _ in runs if not t.strip().startswith("Page")]
    numbers = [x for x, t, _ in runs if t.strip().startswith("Page")]
    assert footer and numbers
    for x, text in footer:
        right = x + stringWidth(text.strip(), REGULAR, 8)
        assert right < min(numbers) - 4, (text, right, min(numbers))
        assert right <= A4[0] - MARGIN

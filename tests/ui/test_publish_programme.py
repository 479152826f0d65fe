"""File › Publish programme…: presets fill the dates, the file follows the format, and it is written."""

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from pscp_training.domain.enums import Agency
from pscp_training.services.sessions import catalogue
from pscp_training.ui.courses.course_dialog import CourseDialog
from pscp_training.ui.programme.publish_dialog import CHOSEN_DATES, PublishProgrammeDialog
from tests import factories

TODAY = date(2026, 12, 3)


@pytest.fixture
def dialog(ctx, qtbot, monkeypatch, tmp_path):
    # "Close" to "Saved. Open it now?": there is no viewer in tests.
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Close))
    widget = PublishProgrammeDialog(ctx, today=TODAY)
    widget._folder = tmp_path
    widget._preset_chosen()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_presets_fill_the_dates_and_typed_dates_say_so(dialog, only_sqlite):
    assert dialog.period.currentText() == "2026-27"
    assert (dialog.first.date(), dialog.last.date()) == (QDate(2026, 4, 1), QDate(2027, 3, 31))
    labels = [dialog.period.itemText(i) for i in range(dialog.period.count())]
    assert labels[:3] == ["2026-27", "2027-28", "Autumn term 2026"]
    assert "Summer term 2026" not in labels  # over before today
    dialog.period.setCurrentIndex(labels.index("Autumn term 2026"))
    assert (dialog.first.date(), dialog.last.date()) == (QDate(2026, 9, 1), QDate(2026, 12, 31))
    dialog.last.setDate(QDate(2026, 12, 18))
    assert dialog.period.currentText() == CHOSEN_DATES
    dialog.last.setDate(QDate(2026, 8, 1))
    assert not dialog.publish_button.isEnabled() and "before the first" in dialog.span.text()


def test_the_file_follows_the_format_until_one_is_typed(dialog, tmp_path, only_sqlite):
    assert dialog.file.text() == str(tmp_path / "Training programme 2026-27.pdf")
    dialog.format.setCurrentIndex(dialog.format.findData("ics"))
    assert dialog.file.text().endswith("Training programme 2026-27.ics")
    dialog.file.textEdited.emit("x")
    dialog.file.setText(str(tmp_path / "for the website.ics"))
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    assert dialog.file.text() == str(tmp_path / "for the website.html")


def test_publishing_writes_the_chosen_format(ctx, dialog, tmp_path):
    course = factories.course(ctx.db, title="Domestic abuse and its impact on children")
    factories.session(ctx.db, course_id=course.id,
                      start=datetime(2026, 12, 8, 9, 30, tzinfo=UTC))
    dialog.publish()
    pdf = tmp_path / "Training programme 2026-27.pdf"
    assert dialog.published == pdf
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Tuesday 8 December 2026" in " ".join(text.split())
    again = PublishProgrammeDialog(ctx, today=TODAY)
    again.file.setText(str(tmp_path / "feed.ics"))
    again._typed = True
    again.format.setCurrentIndex(again.format.findData("ics"))
    again.publish()
    [event] = Calendar.from_ical((tmp_path / "feed.ics").read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Domestic abuse and its impact on children"


def test_a_missing_folder_is_said_and_nothing_is_written(dialog, tmp_path, error_boxes,
                                                        only_sqlite):
    dialog.file.setText(str(tmp_path / "nowhere" / "p.pdf"))
    dialog.publish()
    [message] = error_boxes()
    assert "does not exist" in message and dialog.published is None


def test_the_course_dialog_edits_what_the_programme_says(ctx, qtbot, error_boxes):
    course = catalogue.save_course(ctx.db, catalogue.CourseForm(
        code="DA", title="Domestic abuse", agency=Agency.MULTI))
    dialog = CourseDialog(ctx, catalogue.get_course(ctx.db, course.id))
    qtbot.addWidget(dialog)
    dialog.audience.setPlainText("Practitioners in every agency")
    dialog.outcomes.setPlainText("describe the impact\nuse the DASH checklist")
    dialog.how_to_book.setText("phone Jo")
    dialog.save()
    assert "neither a web address" in error_boxes()[0]
    dialog.how_to_book.setText("https://training.example.org/book")
    dialog.save()
    saved = catalogue.get_course(ctx.db, course.id)
    assert saved.audience == "Practitioners in every agency"
    assert saved.learning_outcomes == "describe the impact\nuse the DASH checklist"
    assert saved.how_to_book == "https://training.example.org/book"
    reopened = CourseDialog(ctx, saved)
    qtbot.addWidget(reopened)
    assert reopened.how_to_book.text() == "https://training.example.org/book"


def test_the_file_menu_opens_it(ctx, qtbot, only_sqlite):
    from PySide6.QtWidgets import QApplication

    from pscp_training.ui.shell.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.publish_programme_action.text() == "&Publish programme…"
    window.publish_programme_action.trigger()
    assert any(isinstance(w, PublishProgrammeDialog) and w.isVisible()
               for w in QApplication.topLevelWidgets())

"""The Evaluations tab and the Reports screen's evaluation section, over a real database."""

from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from pscp_training.domain.enums import Attendance
from pscp_training.domain.evaluation_records import EvaluationForm
from pscp_training.domain.years import FinancialYear
from pscp_training.services.bookings import bookings
from pscp_training.services.evaluations import evaluations
from pscp_training.services.sessions import attendance
from pscp_training.ui.evaluations.evaluation_import_dialog import EvaluationImportDialog
from pscp_training.ui.evaluations.evaluation_summary_view import EvaluationSummaryView, save_summary
from pscp_training.ui.evaluations.evaluations_tab import EvaluationsTab
from tests import factories as f
from tests.factories import NOW

START = datetime(2022, 6, 15, 9, 30, tzinfo=UTC)


def _session(db):
    course = f.course(db, code="DSL-REF", title="DSL Refresher")
    s = f.session(db, course_id=course.id, start=START, capacity=10)
    made = []
    # The same people as the import fixtures in tests/fixtures/evaluations.
    for first, email, mark in [("Ann", "ann.archer@school.org", Attendance.ATTENDED),
                               ("Bob", "bob.baker@health.nhs.uk", Attendance.ATTENDED),
                               ("Cat", "cat.cole@police.uk", Attendance.ABSENT),
                               ("Dan", "dan.dyer@school.org", Attendance.ATTENDED)]:
        person = f.delegate(db, first=first, last="Example", email=email)
        booking = bookings.book(db, session_id=s.id, delegate_id=person.id, now=NOW)
        attendance.mark(db, booking.id, mark, now=START + timedelta(days=1))
        made.append(booking)
    return s, made


def _tab(ctx, qtbot, session_id):
    tab = EvaluationsTab(ctx, session_id)
    qtbot.addWidget(tab)
    return tab


def _fill(tab, overall, before, after, practice="", consent=False):
    tab.ratings["overall_rating"].setValue(overall)
    tab.ratings["confidence_before"].setValue(before)
    tab.ratings["confidence_after"].setValue(after)
    tab.texts["practice_change"].setPlainText(practice)
    tab.consent.setChecked(consent)


def test_attendees_are_listed_and_saving_moves_to_the_next_one_without_an_evaluation(ctx, qtbot):
    s, made = _session(ctx.db)
    tab = _tab(ctx, qtbot, s.id)
    assert [tab.people.item(i).text().strip() for i in range(tab.people.count())] == [
        "Ann Example", "Bob Example", "Dan Example"]  # Cat was absent
    assert tab.count_label.text() == "0 of 3 evaluations in (0%)"
    assert tab.people.currentRow() == 0
    _fill(tab, 5, 3, 8, "I will record concerns the same day.", consent=True)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    saved = evaluations.get_evaluation(ctx.db, made[0].id)
    assert (saved.overall_rating, saved.confidence_before, saved.confidence_after) == (5, 3, 8)
    assert saved.objectives_met is None  # left at the dash: not answered
    assert tab.people.currentRow() == 1 and "Bob Example" in tab.who.text()
    assert tab.ratings["overall_rating"].score() is None  # a clean form for Bob
    assert tab.count_label.text() == "1 of 3 evaluations in (33%)"
    assert tab.people.item(0).text().startswith("✓")


def test_the_form_is_gone_through_with_the_tab_key_in_question_order(ctx, qtbot):
    s, _ = _session(ctx.db)
    tab = _tab(ctx, qtbot, s.id)
    fields = {*tab.ratings.values(), *tab.texts.values(), tab.consent}
    order, widget = [], tab.ratings["overall_rating"]
    while len(order) < 7:
        if widget in fields and widget not in order:
            order.append(widget)
        widget = widget.nextInFocusChain()
    assert [w.objectName() for w in order] == [
        "overall_rating", "objectives_met", "confidence_before", "confidence_after",
        "practice_change", "other_comments", "consent_to_quote"]
    assert tab.texts["practice_change"].tabChangesFocus()


def test_an_empty_form_is_refused_with_a_sentence_and_nothing_saved(ctx, qtbot, error_boxes):
    s, made = _session(ctx.db)
    tab = _tab(ctx, qtbot, s.id)
    tab.save()
    assert error_boxes() == ["The evaluation has no answers at all."]
    assert evaluations.get_evaluation(ctx.db, made[0].id) is None


def test_the_chase_list_copies_the_missing_emails_and_the_summary_hides_unconsented_comments(
    ctx, qtbot
):
    s, made = _session(ctx.db)
    evaluations.save_evaluation(ctx.db, made[0].id, EvaluationForm(
        overall_rating=4, practice_change="Quote me on this", consent_to_quote=True))
    evaluations.save_evaluation(ctx.db, made[1].id, EvaluationForm(
        overall_rating=2, practice_change="Do not quote me", consent_to_quote=False))
    tab = _tab(ctx, qtbot, s.id)
    assert [tab.chase.item(i).text() for i in range(tab.chase.count())] == [
        "Dan Example — dan.dyer@school.org"]
    assert not tab.chase_state.is_empty
    tab.copy_emails()
    assert QGuiApplication.clipboard().text() == "dan.dyer@school.org"
    shown = tab.summary.toPlainText()
    assert "Quote me on this" in shown
    assert "Do not quote me" not in shown
    assert "2 (67% response rate)" in shown


def test_the_hold_back_setting_is_switched_from_the_tab(ctx, qtbot):
    s, _ = _session(ctx.db)
    tab = _tab(ctx, qtbot, s.id)
    assert not tab.hold_back.isChecked()
    tab.hold_back.setChecked(True)
    assert evaluations.hold_back_certificates(ctx.db) is True


def test_the_reports_section_shows_a_year_and_saves_it(ctx, qtbot, tmp_path):
    s, made = _session(ctx.db)
    evaluations.save_evaluation(ctx.db, made[0].id, EvaluationForm(overall_rating=4))
    view = EvaluationSummaryView(ctx)
    qtbot.addWidget(view)
    assert view.course.itemText(1) == "DSL-REF DSL Refresher"
    view.year.setCurrentIndex(view.year.findText("2022-23"))
    view.show_selected()
    assert "Financial year 2022-23" in view.panel.toPlainText()
    assert "1 (33% response rate)" in view.panel.toPlainText()
    assert view.xlsx_button.isEnabled()
    path = save_summary(ctx.db, view.panel.summary, str(tmp_path / "year.xlsx"))
    assert load_workbook(path)["Summary"]["A1"].value == "Evaluations: Financial year 2022-23"
    view.year.setCurrentIndex(0)  # all years, every course: nothing chosen
    view.show_selected()
    assert "Choose a course" in view.note.text()
    assert FinancialYear.parse("2022-23") == view.year.itemData(view.year.findText("2022-23"))
    QApplication.processEvents()


FIXTURES = __import__("pathlib").Path(__file__).parent.parent / "fixtures" / "evaluations"


def _dialog(ctx, qtbot, path):
    dialog = EvaluationImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(FIXTURES / path))
    return dialog


def test_the_import_dialog_checks_then_imports_and_the_tab_follows(ctx, qtbot):
    s, made = _session(ctx.db)
    tab = _tab(ctx, qtbot, s.id)
    tab.show()  # a hidden tab waits until it is shown to reload
    dialog = _dialog(ctx, qtbot, "unmatched.csv")
    dialog.check()
    assert not dialog.import_button.isEnabled()
    assert "could not be matched" in dialog.verdict.text()
    # Words for the person at the screen: no command-line flag, no file of the source tree.
    assert "--" not in dialog.verdict.text() and "docs/" not in dialog.mapping.placeholderText()
    assert [dialog.problems.row_texts(r)[0] for r in range(dialog.problems.rowCount())] == [
        "3", "4", "5", "6"]
    dialog.skip.setChecked(True)
    dialog.check()
    assert dialog.verdict.text() == (
        "The file has 5 responses: 1 new evaluation would be saved, 0 are already in. "
        "4 responses set aside (listed below).")
    assert dialog.problems.rowCount() == 4
    assert evaluations.get_evaluation(ctx.db, made[0].id) is None  # a check saves nothing
    assert tab.count_label.text() == "0 of 3 evaluations in (0%)"
    dialog.run()
    assert dialog.verdict.text().startswith("Imported: 1 new evaluation saved")
    assert evaluations.get_evaluation(ctx.db, made[0].id).overall_rating == 5
    assert tab.count_label.text() == "1 of 3 evaluations in (33%)"  # the tab followed


def test_the_import_dialog_lists_problems_by_line_and_imports_with_a_mapping(ctx, qtbot):
    s, made = _session(ctx.db)
    tab = _tab(ctx, qtbot, s.id)
    dialog = _dialog(ctx, qtbot, "invalid.csv")
    dialog.check()
    lines = {dialog.problems.row_texts(r)[0] for r in range(dialog.problems.rowCount())}
    assert lines == {"2", "3", "4", "5", "6"}
    dialog.path.setText(str(FIXTURES / "online-form.xlsx"))
    dialog.mapping.setText(str(FIXTURES / "online-form-mapping.txt"))
    dialog.check()
    assert dialog.import_button.isEnabled()
    dialog.run()
    assert dialog.verdict.text().startswith("Imported: 2 new evaluations saved")
    assert evaluations.get_evaluation(ctx.db, made[0].id).overall_rating == 5
    assert tab.count_label.text() == "0 of 3 evaluations in (0%)"  # hidden: not reloaded yet
    tab.show()
    assert tab.count_label.text() == "2 of 3 evaluations in (67%)"


def test_moving_to_another_attendee_offers_to_save_what_was_typed(ctx, qtbot, monkeypatch):
    s, made = _session(ctx.db)
    tab = _tab(ctx, qtbot, s.id)
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard,
                    QMessageBox.StandardButton.Save])
    asked = []

    def question(parent, title, text, *args):
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", question)
    _fill(tab, 4, 2, 6)
    tab.people.setCurrentRow(1)  # Cancel: stay on Ann, her answers still typed in
    assert asked == ["Save Ann Example's evaluation before moving on?"]
    assert tab.people.currentRow() == 0 and tab.ratings["overall_rating"].score() == 4
    tab.people.setCurrentRow(1)  # Discard: Bob shown, nothing saved for Ann
    assert "Bob Example" in tab.who.text()
    assert evaluations.get_evaluation(ctx.db, made[0].id) is None
    tab.people.setCurrentRow(0)  # nothing typed for Bob: no question
    assert len(asked) == 2
    _fill(tab, 3, 5, 5)
    tab.people.setCurrentRow(2)  # Save: Ann's saved, then Dan shown
    assert evaluations.get_evaluation(ctx.db, made[0].id).overall_rating == 3
    assert "Dan Example" in tab.who.text()


def test_an_empty_chase_list_says_why(ctx, qtbot):
    s, made = _session(ctx.db)
    tab = _tab(ctx, qtbot, s.id)
    for booking in (made[0], made[1], made[3]):  # the three who attended
        evaluations.save_evaluation(ctx.db, booking.id, EvaluationForm(overall_rating=5))
    tab.refresh()
    assert tab.chase.count() == 0 and tab.chase_state.is_empty
    assert tab.chase_state.empty_label.text() == "Every attendee's evaluation is in."

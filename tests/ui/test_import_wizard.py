"""The import wizard over a real database and real files: a bad file (nothing written), a good one."""

import csv

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWizard

from pscp_training.register.columns import BOOKING_COLUMN_NAMES
from pscp_training.services.people import organisation_list, training_record
from pscp_training.services.sessions import catalogue
from pscp_training.ui.imports.import_wizard import ORGANISATIONS, ImportWizard

SESSION = ["DSL-NEW", "DSL: new to role", "DSL", "multi", "", "2022-05-10 09:30",
           "2022-05-10 12:30", "in_person", "Civic Offices", "12", "A Trainer", "scheduled"]


def _register(path, people):
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(BOOKING_COLUMN_NAMES)
        for first, last, email, status, attendance in people:
            out.writerow(SESSION + [first, last, email, "Teacher", "", "Arundel Court Primary School",
                                    "Education", status, "2022-04-20 10:00", "", attendance,
                                    "no", ""])
    return path


GOOD = [("Zoë", "O'Brien", "zoe@example.org", "booked", "attended"),
        ("Amir", "Patel", "amir@example.org", "booked", "absent"),
        ("Mei", "Chen", "", "waitlisted", "")]


def _wizard(ctx, qtbot):
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def test_a_bad_file_shows_its_problems_and_writes_nothing_then_checks_again(
        ctx, qtbot, tmp_path):
    path = _register(tmp_path / "register.csv", [
        ("Zoë", "O'Brien", "zoe@example", "booked", "attended"),
        ("Amir", "Patel", "amir@example.org", "maybe", ""),
    ])
    wizard = _wizard(ctx, qtbot)
    wizard.resize(640, 560)  # narrow, so the longer sentences need more than one line
    wizard.choose_file(path)
    assert wizard.choose_page.isComplete()
    wizard.next()
    page = wizard.check_page
    assert "was not imported: it has 2 problems" in page.headline.text()
    assert not page.isComplete()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    rows = [page.problems.row_texts(r) for r in range(page.problems.rowCount())]
    assert [(r[0], r[1], r[2]) for r in rows] == [("2", "email", "zoe@example"),
                                                  ("3", "booking_status", "maybe")]
    assert all(r[3] for r in rows)  # each says what was expected
    # Each sentence is shown whole: its row is tall enough for it at the column's width.
    view = page.problem_view
    for row, texts in enumerate(rows):
        needed = view.fontMetrics().boundingRect(
            0, 0, view.columnWidth(3) - 8, 10_000, Qt.TextFlag.TextWordWrap, texts[3]).height()
        assert view.rowHeight(row) >= needed
    assert view.rowHeight(1) > view.verticalHeader().defaultSectionSize()  # it did wrap
    assert training_record.count_delegates(ctx.db) == 0
    assert catalogue.list_courses(ctx.db) == []

    # The person corrects the file and checks again, without leaving the page.
    _register(path, GOOD)
    page.check_again.click()
    assert page.isComplete() and page.problems.rowCount() == 0
    assert "The file has no problems" in page.headline.text()
    assert training_record.count_delegates(ctx.db) == 0  # still only a check


def test_a_good_file_is_imported_with_a_summary(ctx, qtbot, tmp_path):
    changes = []
    ctx.changes.changed.connect(changes.append)
    wizard = _wizard(ctx, qtbot)
    wizard.choose_file(_register(tmp_path / "register.csv", GOOD))
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "Check"
    wizard.next()
    assert wizard.check_page.isComplete()
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "Import"
    wizard.next()
    page = wizard.import_page
    assert page.isComplete()
    assert "Imported register.csv: 3 rows." in page.summary.text()
    assert wizard.imported is not None and wizard.imported.added["bookings"] == 3
    assert changes == ["all"]
    people = training_record.list_delegates(ctx.db)
    assert sorted(p.delegate.last_name for p in people) == ["Chen", "O'Brien", "Patel"]
    assert {p.delegate.last_name: p.attended for p in people}["O'Brien"] == 1

    # The same file again changes nothing, and the check says so.
    again = _wizard(ctx, qtbot)
    again.choose_file(tmp_path / "register.csv")
    again.next()
    assert "would change nothing" in again.check_page.headline.text()


def test_the_organisation_register(ctx, qtbot, tmp_path):
    path = tmp_path / "organisations.csv"
    path.write_text("name,sector,type\nArundel Court Primary School,Education,Primary school\n"
                    "Milton Park Primary,Education,Primary school\n", encoding="utf-8")
    wizard = _wizard(ctx, qtbot)
    wizard.choose_file(path, ORGANISATIONS)
    wizard.next()
    assert wizard.check_page.isComplete()
    wizard.next()
    assert wizard.import_page.isComplete()
    listed = organisation_list.list_organisations_page(ctx.db)
    assert [(o.organisation.name, o.registered) for o in listed] == [
        ("Arundel Court Primary School", True), ("Milton Park Primary", True)]


def test_a_missing_file_is_explained(ctx, qtbot, tmp_path):
    wizard = _wizard(ctx, qtbot)
    wizard.choose_file(tmp_path / "nowhere.csv")
    wizard.next()
    assert "There is no file" in wizard.check_page.headline.text()
    assert not wizard.check_page.isComplete()


def test_cancelling_the_import_writes_nothing(ctx, qtbot, tmp_path):
    wizard = _wizard(ctx, qtbot)
    wizard.choose_file(_register(tmp_path / "register.csv", GOOD))
    wizard.next()

    attempts = []

    def press_cancel():
        attempts.append(1)
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.parent() is wizard:
                widget.findChild(QPushButton).click()
                return
        if len(attempts) < 500:
            QTimer.singleShot(0, press_cancel)  # the progress dialog is not up yet

    # The import runs on this thread in tests; the progress callback lets events through,
    # which is when the person's click on Cancel arrives.
    QTimer.singleShot(0, press_cancel)
    wizard.next()
    page = wizard.import_page
    assert page.title() == "Not imported"
    assert "The import was stopped; nothing was written." in page.summary.text()
    assert training_record.count_delegates(ctx.db) == 0
    assert catalogue.list_courses(ctx.db) == []

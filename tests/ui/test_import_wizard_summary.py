"""The import wizard's summary: a readable table, each warning once, a progress bar, and a
window that stays on the screen (issue 15, item 9)."""

import csv

from PySide6.QtWidgets import QApplication, QWizard

from pscp_training.register.columns import BOOKING_COLUMN_NAMES
from pscp_training.ui.imports.import_wizard import ImportWizard

SESSION = {"course_code": "DSL-NEW", "course_title": "DSL: new to role", "course_category": "DSL",
           "agency": "multi", "session_start": "2022-05-10 09:30",
           "session_end": "2022-05-10 12:30", "delivery": "in_person",
           "venue": "Civic Offices", "capacity": "12", "trainer": "A Trainer",
           "session_status": "scheduled"}


def _excel_csv(path, n=40):
    """A register as Excel on Windows saves "CSV (Comma delimited)": Windows-1252."""
    with path.open("w", encoding="cp1252", newline="") as handle:
        out = csv.DictWriter(handle, BOOKING_COLUMN_NAMES, restval="")
        out.writeheader()
        for k in range(n):
            out.writerow(SESSION | {
                "first_name": f"Zoë{k}", "last_name": "O’Brien", "email": f"zoe{k}@example.org",
                "job_role": "Teacher",
                "organisation": "Arundel Court Primary School Academy Trust Federation",
                "sector": "Education", "booking_status": "booked",
                "booked_at": "2022-04-20 10:00", "attendance": "attended", "walk_in": "no"})
    return path


def _long_folder(tmp_path):
    folder = tmp_path / ("a-very-long-folder-name-with-no-spaces-in-it-" * 4)
    folder.mkdir()
    return folder


def test_check_and_import_show_a_table_each_warning_once_and_a_progress_bar(ctx, qtbot,
                                                                           tmp_path):
    path = _excel_csv(_long_folder(tmp_path) / "register-saved-by-excel.csv")
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.choose_file(path)
    wizard.next()
    check = wizard.check_page
    assert "<table" in check.headline.text() and "<pre>" not in check.headline.text()
    warnings = [check.warnings.item(n).text() for n in range(check.warnings.count())]
    assert len([w for w in warnings if "Windows-1252" in w]) == 1
    assert "Windows-1252" not in check.headline.text()  # listed once, under Warnings

    values = []
    wizard.import_page.progress.valueChanged.connect(values.append)
    wizard.next()
    page = wizard.import_page
    assert page.done and page.title() == "Imported"
    assert values and max(values) == page.progress.maximum() and page.progress.maximum() > 1
    text = page.summary.text()
    assert "<table" in text and "<pre>" not in text
    assert "Imported register-saved-by-excel.csv: 40 rows." in text
    assert str(path.parent) not in text
    warnings = [page.warnings.item(n).text() for n in range(page.warnings.count())]
    assert len([w for w in warnings if "Windows-1252" in w]) == 1 and "Windows-1252" not in text

    QApplication.processEvents()
    screen = wizard.screen().availableGeometry()
    assert wizard.frameGeometry().width() <= screen.width()
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isVisible()
    right = finish.mapTo(wizard, finish.rect().topRight()).x()
    assert right <= wizard.width()
    assert wizard.width() <= 860  # it opened at most 860 wide and did not grow


def test_checking_shows_a_bar_that_fills_then_gives_way_to_the_verdict(ctx, qtbot, tmp_path):
    path = _excel_csv(tmp_path / "register.csv", n=5000)
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.choose_file(path)
    bar = wizard.check_page.progress
    values = []
    bar.valueChanged.connect(values.append)
    wizard.next()
    # A tick each 2,000 rows checked, then planning: the bar moved several times, to full.
    assert len(set(values)) >= 4 and values == sorted(values) and max(values) == bar.maximum()
    assert not bar.isVisible() and wizard.check_page.passed

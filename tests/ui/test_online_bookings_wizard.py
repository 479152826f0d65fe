"""File › Import › Bookings from another system, over a real database and real exports."""

from datetime import timedelta

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QMessageBox, QWizard

from pscp_training.domain.enums import BookingStatus
from pscp_training.domain.online_bookings import BookingMapping
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.imports import booking_mappings
from pscp_training.ui.imports.online_bookings_wizard import OnlineBookingsWizard
from tests import factories as f
from tests.integration.online_files import (
    eventbrite_csv,
    eventbrite_row,
    google_forms_csv,
)
from tests.ui.layout_check import clipped


def _wizard(ctx, qtbot):
    wizard = OnlineBookingsWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def test_an_eventbrite_export_is_mapped_previewed_matched_and_imported(ctx, qtbot, tmp_path):
    db = ctx.db
    f.organisation(db, "Saint Marys Primary School", "Education")
    training = f.session(db, start=now_utc() + timedelta(days=10), capacity=1)
    path = eventbrite_csv(tmp_path / "attendees.csv", [
        eventbrite_row("1", "2022-05-02 09:00", "Ann", "Archer", "ann@school.org", "Attending",
                       "St. Mary's Primary"),
        eventbrite_row("2", "2022-05-03 09:00", "Cat", "Cole", "cat@nursery.org", "Attending",
                       "Riverside Nursery"),
    ])
    wizard = _wizard(ctx, qtbot)
    page = wizard.file_page
    page.open_file(str(path))
    assert page.mapping.currentText() == "Eventbrite attendees"  # offered for its columns
    page.session.setCurrentIndex(page.session.findData(training.id))
    assert page.isComplete()
    wizard.next()
    mapping = wizard.mapping_page
    assert mapping.fields["email"].currentText() == "Email"
    assert mapping.fields["status"].currentText() == "Attendee Status"
    preview = mapping.preview_model
    assert preview.rowCount() == 2
    assert [preview.item(0, c).text() for c in range(6)] == [
        "2", "Ann", "Archer", "ann@school.org", "St. Mary's Primary", "booked"]
    assert mapping.isComplete()
    wizard.next()
    organisations = wizard.organisations_page
    assert list(organisations.checks) == ["St. Mary's Primary"]
    assert not organisations.isComplete()  # Riverside Nursery needs its sector
    box = organisations.sectors["Riverside Nursery"]
    box.setCurrentIndex(box.findData("Education"))
    assert organisations.isComplete()
    wizard.next()
    assert wizard.done_page.isComplete(), wizard.done_page.text.text()
    assert "bookings added: 2 (of them on the waiting list: 1)" in wizard.done_page.text.text()
    statuses = {b.email: b.status for b in bookings.list_bookings(db, training.id)}
    assert statuses == {"ann@school.org": BookingStatus.BOOKED,
                        "cat@nursery.org": BookingStatus.WAITLISTED}
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()


def test_a_new_form_is_mapped_by_hand_saved_and_offered_next_time(ctx, qtbot, tmp_path):
    db = ctx.db
    training = f.session(db, start=now_utc() + timedelta(days=10), capacity=10)
    path = google_forms_csv(tmp_path / "responses.csv", [
        ["02/05/2022 09:00:00", "ann@school.org", "Ann", "Archer", "Oak School", "Education"],
    ])
    # A form of our own whose columns no ready-made mapping expects.
    path.write_text(path.read_text().replace("Timestamp", "Sent").replace(
        "Email Address", "Work email"), encoding="utf-8")
    wizard = _wizard(ctx, qtbot)
    wizard.file_page.open_file(str(path))
    assert wizard.file_page.mapping.currentText() == "(a new mapping)"
    wizard.file_page.session.setCurrentIndex(wizard.file_page.session.findData(training.id))
    wizard.next()
    page = wizard.mapping_page
    page.fields["email"].setCurrentText("Work email")
    page.fields["booked_at"].setCurrentText("Sent")
    page.fields["first_name"].setCurrentText("First name")
    page.fields["last_name"].setCurrentText("Last name")
    page.fields["organisation"].setCurrentText("Organisation")
    page.fields["sector"].setCurrentText("Which sector do you work in?")
    assert page.preview_model.item(0, 6).text() == "2022-05-02 09:00"
    page.save_name.setText("Our booking form")
    page.save_button.click()
    assert "was saved" in page.general.text()
    offered = booking_mappings.offered_mapping(db, wizard.table.header)
    assert offered is not None and offered.name == "Our booking form"
    wizard.next()
    assert wizard.organisations_page.isComplete()  # the sector came from the file
    wizard.next()
    assert "bookings added: 1" in wizard.done_page.text.text()


def test_every_step_fits_a_laptop_at_150_percent(ctx, qtbot, tmp_path):
    """1280×720 at 150 % leaves 853×480 logical pixels; the wizard takes 813×420 of it. The
    fields scroll down inside the page; nothing is cut off or pushed below the buttons."""
    f.organisation(ctx.db, "Saint Marys Primary School", "Education")
    training = f.session(ctx.db, start=now_utc() + timedelta(days=10), capacity=1)
    path = eventbrite_csv(tmp_path / "attendees.csv", [
        eventbrite_row("1", "2022-05-02 09:00", "Ann", "Archer", "ann@school.org", "Attending",
                       "St. Mary's Primary"),
        eventbrite_row("2", "2022-05-03 09:00", "Cat", "Cole", "cat@nursery.org", "Attending",
                       "Riverside Nursery"),
    ])
    wizard = _wizard(ctx, qtbot)
    wizard.resize(813, 420)
    wizard.file_page.open_file(str(path))
    wizard.file_page.session.setCurrentIndex(wizard.file_page.session.findData(training.id))
    for step in ("file", "mapping", "organisations"):
        qtbot.wait(1)
        assert wizard.size() == QSize(813, 420), step
        assert wizard.minimumSizeHint().height() <= 420, step
        assert clipped(wizard) == [], step
        wizard.next()
    fields = wizard.mapping_page.fields
    assert all(box.width() >= box.minimumSizeHint().width() for box in fields.values())


def test_a_saved_mapping_can_be_forgotten_after_a_yes_and_a_ready_made_one_cannot(
        ctx, qtbot, monkeypatch):
    booking_mappings.save_mapping(ctx.db, BookingMapping(
        "Our MS Forms booking form", {"first_name": ("Forename",), "last_name": ("Surname",)}))
    page = _wizard(ctx, qtbot).file_page
    page.mapping.setCurrentText("Eventbrite attendees")
    assert not page.forget.isEnabled()
    page.mapping.setCurrentText("Our MS Forms booking form")
    assert page.forget.isEnabled()
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    page.forget.click()  # No: kept
    assert "Our MS Forms booking form" in [m.name for m in booking_mappings.list_mappings(ctx.db)]
    page.forget.click()  # Yes: gone, from the database and the drop-down
    assert "Our MS Forms booking form" not in [
        m.name for m in booking_mappings.list_mappings(ctx.db)]
    assert page.mapping.findText("Our MS Forms booking form") == -1
    assert "was deleted" in page.about.text()

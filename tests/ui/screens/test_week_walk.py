"""A week of the team's work done through the main window on the demo data, checking what a
person would read at each step: book by phone, waiting list, late cancellation, transfer,
merge, register, walk-in, reason for absence, statements, sectors, import, report."""

import csv
import os
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox
from sqlalchemy import func, select

from pscp_training.db.models import Booking, TrainingSession
from pscp_training.domain.enums import Attendance, BookingStatus
from pscp_training.domain.years import now_utc
from pscp_training.register.columns import BOOKING_COLUMN_NAMES
from pscp_training.services.bookings import bookings
from pscp_training.services.people import people
from pscp_training.ui.bookings.transfer_dialog import TransferDialog
from pscp_training.ui.bookings.walk_in_dialog import WalkInDialog
from pscp_training.ui.follow_up.reason_dialog import ReasonDialog
from pscp_training.ui.imports.import_wizard import ImportWizard
from pscp_training.ui.people.merge_dialog import MergeDialog
from pscp_training.ui.settings.settings_dialog import SettingsDialog


def _shot(widget, name: str) -> None:
    """With PSCP_SHOTS=<folder> (a run under Xvfb), keep a screenshot of each step to look at."""
    folder = os.environ.get("PSCP_SHOTS")
    if folder:
        QApplication.processEvents()
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def _upcoming(db, *, full: bool):
    """An upcoming session (full or with places) whose course runs another upcoming session."""
    now = now_utc()
    with db.read() as session:
        booked = (select(Booking.session_id, func.count().label("n"))
                  .where(Booking.status == "booked").group_by(Booking.session_id).subquery())
        rows = session.execute(
            select(TrainingSession.id, TrainingSession.course_id, TrainingSession.capacity,
                   func.coalesce(booked.c.n, 0))
            .outerjoin(booked, booked.c.session_id == TrainingSession.id)
            .where(TrainingSession.start_at > now + timedelta(days=3),
                   TrainingSession.status == "scheduled", TrainingSession.capacity.is_not(None))
            .order_by(TrainingSession.start_at)).all()
    courses = [r.course_id for r in rows]
    for sid, course, capacity, n in rows:
        if (n >= capacity) == full and courses.count(course) > 1:
            return sid
    raise AssertionError("the demo has no such session")


def test_a_week_of_work_through_the_main_window(demo_window, tmp_path, monkeypatch, qtbot):
    window, db = demo_window, demo_window.ctx.db

    # Monday: a phone call. A new person is booked on a session with places.
    page = window.open_session(_upcoming(db, full=False))
    box = page.book_box
    qtbot.keyClicks(box.search, "Ffion Zephaniah-Walker")
    box.book_chosen()
    assert box.hint.text() == "Nobody matches “Ffion Zephaniah-Walker”: add them as a new delegate below."
    box.new_form.email.setText("ffion.zw@example.org")
    box.new_form.organisation.setCurrentText("Arundel Court Primary School")
    box.new_form.sector.setCurrentText("Education")
    box.new_form.book_button.click()
    assert box.hint.text() == "Ffion Zephaniah-Walker has a place."
    assert page.fill_label.text().startswith("Scheduled · ")
    _shot(window, "01-booked-by-phone")

    # The same caller's colleague, on a full session: the waiting list, in the order of asking.
    full_page = window.open_session(_upcoming(db, full=True))
    full_id = full_page.session.id
    waiting_before = full_page.session.waitlisted
    box = full_page.book_box
    qtbot.keyClicks(box.search, "Gwilym Quarrington")
    box.book_chosen()
    box.new_form.organisation.setCurrentText("Arundel Court Primary School")
    box.new_form.sector.setCurrentText("Education")
    box.new_form.book_button.click()
    assert box.hint.text() == (f"The session is full: Gwilym Quarrington is number "
                               f"{waiting_before + 1} on the waiting list.")
    assert full_page.fill_label.text().startswith("Full · ")
    _shot(window, "02-waiting-list")

    # Tuesday: someone with a place on the full session cancels; the first waiting moves up.
    holder = next(b for b in bookings.list_bookings(db, full_id, BookingStatus.BOOKED))
    first_waiting = bookings.list_bookings(db, full_id, BookingStatus.WAITLISTED)[0]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, title, text, *a, **k: (
        asked.append((title, text)) or QMessageBox.StandardButton.Yes))
    # The confirmation that carries "tell the delegate" is a box of its own, run with exec().
    monkeypatch.setattr(QMessageBox, "exec", lambda box: (
        asked.append((box.windowTitle(), box.text())) or QMessageBox.StandardButton.Yes))
    full_page.bookings.select_booking(holder.id)
    full_page.cancel_booking_button.click()
    assert asked[-1][1].startswith(f"Cancel {holder.full_name}'s booking?")
    assert f"{first_waiting.full_name} on the waiting list takes the place." in asked[-1][1]
    assert full_page.last_message.startswith(f"{holder.full_name}'s booking is cancelled")
    assert f"{first_waiting.full_name} moves up from the waiting list" in full_page.last_message
    _shot(window, "03-cancelled")

    # Gwilym cannot wait: transferred to another session of the same course.
    gwilym = next(b for b in bookings.list_bookings(db, full_id) if b.full_name == "Gwilym Quarrington")
    dialog = TransferDialog(window.ctx, full_page.session, gwilym, full_page)
    qtbot.addWidget(dialog)
    said = []
    dialog.transferred.connect(said.append)
    dialog.view.selectRow(0)
    dialog.accept()
    assert said and said[0].startswith("Gwilym Quarrington")
    _shot(window, "04-transferred")

    # Wednesday: Ffion was also entered twice by a colleague; the two records are merged.
    twin = people.save_delegate(db, delegate_id=None, first_name="Ffion",
                                last_name="Zephaniah-Walker")
    (ffion,) = [d for d in people.search_delegates(db, "ffion.zw@example.org", limit=5)]
    merge = MergeDialog(window.ctx, people.get_delegate(db, ffion.id),
                        people.get_delegate(db, twin.id))
    qtbot.addWidget(merge)
    assert "will be removed" in merge.summary.text()
    _shot(merge, "05-merge")
    merge.merge_button.click()
    assert merge.merged is not None and merge.merged.id == ffion.id

    # Thursday: a session that has run: its register, a walk-in.
    with db.read() as session:
        ran = session.scalar(
            select(TrainingSession.id).join(Booking, Booking.session_id == TrainingSession.id)
            .where(TrainingSession.start_at < now_utc(), Booking.attendance == "unmarked",
                   Booking.status == "booked")
            .order_by(TrainingSession.start_at.desc()).limit(1))
    ran_page = window.open_session(ran)
    assert "register to mark" in ran_page.fill_label.text()
    ran_page.tabs.setCurrentIndex(ran_page.register_index)
    for booking in list(ran_page.register_model.rows):
        ran_page.mark(booking, Attendance.ABSENT if booking is ran_page.register_model.rows[0]
                      else Attendance.ATTENDED)
    assert ran_page.fill_label.text().startswith("Ran · marked")
    _shot(window, "06-register")
    walk_in = WalkInDialog(window.ctx, ran_page.session, ran_page)
    qtbot.addWidget(walk_in)
    walk_in.first_name.setText("Iolo")
    walk_in.last_name.setText("Pennant")
    walk_in.organisation.setCurrentText("Arundel Court Primary School")
    walk_in.sector.setCurrentText("Education")
    _shot(walk_in, "07-walk-in")
    walk_in.accept()
    assert any(b.full_name == "Iolo Pennant" and b.walk_in for b in bookings.list_bookings(db, ran))

    # The one marked absent: a reason, with the notice to the delegate and their manager.
    absent = next(b for b in bookings.list_bookings(db, ran) if b.attendance == Attendance.ABSENT)
    reason = ReasonDialog(window.ctx, absent.id, absent.full_name, ran_page)
    qtbot.addWidget(reason)
    heard = []
    reason.recorded.connect(heard.append)
    reason.reason.setCurrentIndex(reason.reason.findText("Illness"))
    reason.manager.setText("manager@example.org")
    reason.send_notice.setChecked(False)
    _shot(reason, "08-reason")
    reason.accept()
    assert heard == [f"Recorded 'Illness' for {absent.full_name}."]

    # Friday: statements for finance, a new sector, an import, the report.
    charges_page = window.show_page("charges")
    charges_page.tabs.setCurrentIndex(1)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    if charges_page.ledger_model.rowCount():
        charges_page.pdf_button.click()
        assert charges_page.last_message.startswith("Wrote ")
        assert list(tmp_path.glob("*.pdf"))
    _shot(window, "09-statements")

    settings = SettingsDialog(window.ctx, window)
    qtbot.addWidget(settings)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Faith communities", True))
    settings.sectors.add_button.click()
    assert settings.sectors.last_message == "Added the sector 'Faith communities'."
    _shot(settings, "10-sectors")
    assert "Faith communities" in [s.name for s in people.list_sectors(db)]

    register = tmp_path / "from-the-venue.csv"
    with register.open("w", encoding="cp1252", newline="") as handle:
        out = csv.DictWriter(handle, BOOKING_COLUMN_NAMES, restval="")
        out.writeheader()
        out.writerow({
            "course_code": "VENUE-1", "course_title": "Safer recruitment", "course_category": "SR",
            "agency": "multi", "session_start": "2023-05-10 09:30",
            "session_end": "2023-05-10 12:30", "delivery": "in_person", "venue": "Civic Offices",
            "capacity": "12", "trainer": "A Trainer", "session_status": "scheduled",
            "first_name": "Siân", "last_name": "Hughes", "email": "sian.hughes@example.org",
            "job_role": "Teacher", "organisation": "St Mary's Church",
            "sector": "Faith communities", "booking_status": "booked",
            "booked_at": "2023-04-20 10:00", "attendance": "attended", "walk_in": "no"})
    wizard = ImportWizard(window.ctx, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.choose_file(register)
    wizard.next()
    assert "The file has no problems" in wizard.check_page.headline.text()
    wizard.next()
    assert "Imported from-the-venue.csv: 1 row." in wizard.import_page.summary.text()
    _shot(wizard, "11-import")

    reports = window.show_page("reports")
    qtbot.waitUntil(lambda: reports.report is not None, timeout=20_000)
    assert reports.sectors.rowCount() > 0
    _shot(window, "12-report")
    assert "False" not in [s.name for s in people.list_sectors(db, include_retired=True)]

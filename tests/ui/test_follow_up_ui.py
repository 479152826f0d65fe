"""The follow-up screens over a real database: walk-ins, substitutes, reasons, charges, messages."""

import email
from datetime import date, timedelta
from email import policy

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QWidget

from pscp_training.domain.enums import Attendance, BookingStatus
from pscp_training.domain.follow_up_records import MessageKind
from pscp_training.domain.years import now_utc
from pscp_training.services import messages
from pscp_training.services.bookings import bookings
from pscp_training.services.follow_up import charges
from pscp_training.services.follow_up.non_attendance import (
    follow_ups,
    get_manager_email,
    list_reasons,
)
from pscp_training.services.sessions import attendance, catalogue
from pscp_training.ui.bookings.substitute_dialog import SubstituteDialog
from pscp_training.ui.bookings.walk_in_dialog import WalkInDialog
from pscp_training.ui.follow_up.charges_page import ChargesPage, PolicyDialog, quarter_of
from pscp_training.ui.follow_up.reason_dialog import ReasonDialog, ReasonListDialog
from pscp_training.ui.settings.message_settings_dialog import (
    MessageSettingsDialog,
    send_due_reminders,
    session_email_menu,
)
from pscp_training.ui.shell.main_window import MainWindow
from tests import factories as f
from tests.factories import NOW

Q1 = (date(2022, 4, 1), date(2022, 6, 30))
AFTER = NOW + timedelta(days=15)


def _past_session_with_a_no_show(db):
    s = f.session(db, capacity=3)
    absent = bookings.book(db, session_id=s.id, delegate_id=f.delegate(db, "Zoë", "Adams").id,
                           now=NOW)
    attendance.mark(db, absent.id, Attendance.ABSENT, now=AFTER)
    return s, absent


def _eml_settings(db, tmp_path):
    messages.save_mail_settings(db, messages.MailSettings(
        transport="eml", eml_folder=str(tmp_path / "outbox"), from_address="training@pscp.example"))
    return tmp_path / "outbox"


def test_walk_in_dialog_adds_the_person_to_the_register(ctx, qtbot):
    s = f.session(ctx.db, start=NOW - timedelta(days=1))
    heard = []
    ctx.changes.changed.connect(heard.append)
    dialog = WalkInDialog(ctx, s)
    qtbot.addWidget(dialog)
    dialog.first_name.setText("Łukasz")
    qtbot.keyClicks(dialog.last_name, "Nowak")
    dialog.organisation.setCurrentText("Trafalgar School")
    dialog.sector.setCurrentText("Education")
    dialog.accept()
    (booking,) = bookings.list_bookings(ctx.db, s.id)
    assert (booking.full_name, booking.walk_in, booking.attendance) == (
        "Łukasz Nowak", True, Attendance.ATTENDED)
    assert "bookings" in heard and dialog.result() == WalkInDialog.DialogCode.Accepted


def test_walk_in_dialog_shows_a_refusal_and_stays_open(ctx, qtbot, error_boxes):
    s = f.session(ctx.db, start=now_utc() + timedelta(days=30))  # not yet happened
    dialog = WalkInDialog(ctx, s)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.first_name, "A")
    qtbot.keyClicks(dialog.last_name, "B")
    dialog.accept()
    assert any("has not happened yet" in text for text in error_boxes())
    assert dialog.isVisible() and bookings.list_bookings(ctx.db, s.id) == []


def test_substitute_dialog_passes_the_place_to_a_listed_colleague(ctx, qtbot):
    s = f.session(ctx.db, start=now_utc() + timedelta(days=30), capacity=1)
    holder = f.delegate(ctx.db, "Priya", "Shah")
    colleague = f.delegate(ctx.db, "Tom", "Reed")
    place = bookings.book(ctx.db, session_id=s.id, delegate_id=holder.id)
    dialog = SubstituteDialog(ctx, place)
    qtbot.addWidget(dialog)
    said = []
    dialog.substituted.connect(said.append)
    labels = [dialog.colleague.itemText(n) for n in range(dialog.colleague.count())]
    assert any(label.startswith("Tom Reed") for label in labels)
    assert not any(label.startswith("Priya Shah") for label in labels)
    dialog.colleague.setCurrentIndex(next(n for n, t in enumerate(labels) if t.startswith("Tom")))
    assert not dialog.first_name.isEnabled()
    dialog.accept()
    states = {b.delegate_id: b.status for b in bookings.list_bookings(ctx.db, s.id)}
    assert states == {holder.id: BookingStatus.SUBSTITUTED, colleague.id: BookingStatus.BOOKED}
    assert said == ["Tom Reed now holds Priya Shah's place."]


def test_reason_dialog_records_the_reason_and_sends_the_notice(ctx, qtbot, tmp_path):
    outbox = _eml_settings(ctx.db, tmp_path)
    _s, absent = _past_session_with_a_no_show(ctx.db)
    dialog = ReasonDialog(ctx, absent.id, absent.full_name)
    qtbot.addWidget(dialog)
    said = []
    dialog.recorded.connect(said.append)
    dialog.reason.setCurrentIndex(dialog.reason.findText("Work pressures"))
    qtbot.keyClicks(dialog.manager, "head@arundel.example.org")
    dialog.accept()
    (record,) = follow_ups(ctx.db, session_id=absent.session_id)
    assert record.reason == "Work pressures"
    assert get_manager_email(ctx.db, absent.id) == "head@arundel.example.org"
    (path,) = outbox.glob("*.eml")
    notice = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert notice["Cc"] == "head@arundel.example.org"
    # Written as an .eml file for Outlook: not called sent.
    assert said == ["Recorded 'Work pressures' for Zoë Adams. The notice to Zoë Adams and "
                    f"their manager is written for Outlook in {outbox}: open it and press Send."]
    assert not dialog.isVisible()


def test_reason_list_dialog_adds_and_retires_reasons(ctx, qtbot, monkeypatch):
    dialog = ReasonListDialog(ctx)
    qtbot.addWidget(dialog)
    before = dialog.list.count()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Childcare problems", True))
    dialog.add()
    assert dialog.list.count() == before + 1
    dialog.list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert "Illness" not in [r.label for r in list_reasons(ctx.db)]


def test_charges_page_ledger_waive_and_exports(ctx, qtbot, tmp_path):
    _past_session_with_a_no_show(ctx.db)
    page = ChargesPage(ctx)
    qtbot.addWidget(page)
    page.set_period(*Q1)
    assert page.follow_model.rowCount() == 1
    assert page.ledger_model.rowCount() == 1
    assert page.total.text() == "1 charge to 1 organisation · due £50.00"
    assert not page.waive_button.isEnabled() and not page.reason_button.isEnabled()
    page.ledger_view.selectRow(0)
    assert page.waive_button.isEnabled() and not page.reinstate_button.isEnabled()
    page.waive("First time; agreed with the head")
    assert page.total.text() == "1 charge to 1 organisation · due £0.00 · waived £50.00"
    page.ledger_view.selectRow(0)
    assert page.reinstate_button.isEnabled() and not page.waive_button.isEnabled()
    page.export_xlsx(str(tmp_path / "ledger.xlsx"))
    sheet = load_workbook(tmp_path / "ledger.xlsx")["Charges"]
    assert sheet.cell(2, 11).value == "First time; agreed with the head"
    page.export_pdfs(str(tmp_path / "pdf"))
    assert len(list((tmp_path / "pdf").glob("*.pdf"))) == 1
    assert page.last_message == f"Wrote 1 statement to {tmp_path / 'pdf'}."


def test_quarters_are_financial_quarters():
    assert quarter_of(date(2022, 5, 17)) == (date(2022, 4, 1), date(2022, 6, 30))
    assert quarter_of(date(2022, 11, 2)) == (date(2022, 10, 1), date(2022, 12, 31))
    assert quarter_of(date(2023, 3, 31)) == (date(2023, 1, 1), date(2023, 3, 31))


def test_policy_dialog_saves_pounds_as_pence_and_refuses_nonsense(ctx, qtbot, error_boxes):
    dialog = PolicyDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.no_show.setText("fifty")
    dialog.accept()
    assert any("'fifty' is not an amount of money" in t for t in error_boxes())
    assert charges.get_policy(ctx.db).no_show_pence == 5000
    dialog.no_show.setText("£60")
    dialog.late.setText("12.50")
    dialog.accept()
    saved = charges.get_policy(ctx.db)
    assert (saved.no_show_pence, saved.late_cancellation_pence) == (6000, 1250)
    assert saved.exempt_reasons == frozenset({"safeguarding-emergency"})


@pytest.mark.parametrize("subject, accepted", [("Booked: {course_title}", True),
                                               ("Booked: {course_tilte}", False)])
def test_message_settings_dialog_saves_sending_and_templates(ctx, qtbot, tmp_path, error_boxes,
                                                             subject, accepted):
    dialog = MessageSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.by_eml.setChecked(True)
    dialog.folder.setText(str(tmp_path / "outbox"))
    dialog.from_address.setText("training@pscp.example")
    dialog.reminder_days.setValue(5)
    dialog.kind.setCurrentIndex(dialog.kind.findData(MessageKind.CONFIRMATION.value))
    dialog.subject.setText(subject)
    dialog.kind.setCurrentIndex(dialog.kind.findData(MessageKind.REMINDER.value))  # switch away
    dialog.accept()
    saved = messages.get_mail_settings(ctx.db)
    template = messages.get_templates(ctx.db)[MessageKind.CONFIRMATION]
    if accepted:
        assert (saved.transport, saved.reminder_days) == ("eml", 5)
        assert template.subject == subject
    else:
        assert any("{course_tilte}" in t for t in error_boxes())
        assert saved.from_address is None and template.subject != subject


def test_the_session_screen_and_main_window_offer_the_follow_up_actions(ctx, qtbot):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert isinstance(window.show_page("charges"), ChargesPage)
    s, absent = _past_session_with_a_no_show(ctx.db)
    page = window.open_session(s.id)
    assert page.walk_in_button.isEnabled()
    dialog = page.add_walk_in()
    dialog.first_name.setText("Amara")
    dialog.last_name.setText("Okafor")
    dialog.accept()
    assert page.register_note.text() == "Amara Okafor is on the register as a walk-in."
    row = page.register_model.rows.index(
        next(b for b in page.register_model.rows if b.id == absent.id))
    page.register.selectRow(row)
    assert isinstance(page.record_reason(), ReasonDialog)


def test_the_email_menu_sends_confirmations_and_cancellation_notices(ctx, qtbot, tmp_path):
    outbox = _eml_settings(ctx.db, tmp_path)
    s = f.session(ctx.db, start=now_utc() + timedelta(days=30))
    booking = bookings.book(ctx.db, session_id=s.id, delegate_id=f.delegate(ctx.db).id)
    said, current = [], {"session": catalogue.get_session(ctx.db, s.id), "booking": booking}
    menu = session_email_menu(ctx, None, lambda: current["booking"], lambda: current["session"],
                              said.append)
    confirm, offered, booking_cancelled, _sep, changed, cancelled = menu.actions()
    menu.aboutToShow.emit()
    assert confirm.isEnabled() and not cancelled.isEnabled() and not booking_cancelled.isEnabled()
    confirm.trigger()
    confirm.trigger()
    # An .eml file is a draft for Outlook, not a sent email: the line says so.
    written = f"1 message written in {outbox} for Outlook, not sent yet: open it and press Send."
    assert said == [written, "1 already sent before (not sent again)."]
    assert not any(line.startswith("1 sent") for line in said)
    assert changed.isEnabled()
    changed.trigger()  # the calendar already says what the session says
    assert said[-1] == "1 already sent before (not sent again)."

    catalogue.cancel_session(ctx.db, s.id)
    current["session"] = catalogue.get_session(ctx.db, s.id)
    current["booking"] = None
    menu.aboutToShow.emit()
    assert cancelled.isEnabled() and not confirm.isEnabled()
    cancelled.trigger()
    assert said[-1] == written
    assert len(list(outbox.glob("*.eml"))) == 2


def test_sending_without_settings_says_what_to_do(ctx, qtbot, error_boxes):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    send_due_reminders(ctx, parent)
    assert any("Choose the folder for .eml files in File > Messages first." in t
               for t in error_boxes())

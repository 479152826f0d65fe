"""Follow-up screens say and do exactly what happened (issue 15: items 7 and 8)."""

import email
from dataclasses import replace
from datetime import timedelta
from email import policy

from PySide6.QtWidgets import QMessageBox

from pscp_training.domain.enums import Attendance
from pscp_training.domain.years import to_local
from pscp_training.services import messages
from pscp_training.services.bookings import bookings
from pscp_training.services.follow_up import charges
from pscp_training.services.people import people
from pscp_training.services.sessions import attendance
from pscp_training.ui.follow_up.charges_page import PolicyDialog
from pscp_training.ui.follow_up.reason_dialog import ReasonDialog
from pscp_training.ui.sessions.session_page import SessionPage
from tests import factories as f
from tests.factories import NOW


def test_manager_gets_the_notice_when_the_delegate_has_no_email(ctx, qtbot, tmp_path):
    messages.save_mail_settings(ctx.db, messages.MailSettings(
        transport="eml", eml_folder=str(tmp_path / "outbox"), from_address="training@pscp.example"))
    s = f.session(ctx.db, capacity=3)
    nobody = people.save_delegate(ctx.db, delegate_id=None, first_name="Zoë", last_name="Adams",
                                  organisation_id=f.organisation(ctx.db).id)
    absent = bookings.book(ctx.db, session_id=s.id, delegate_id=nobody.id, now=NOW)
    attendance.mark(ctx.db, absent.id, Attendance.ABSENT, now=NOW + timedelta(days=15))
    dialog = ReasonDialog(ctx, absent.id, "Zoë Adams")
    qtbot.addWidget(dialog)
    said = []
    dialog.recorded.connect(said.append)
    dialog.reason.setCurrentIndex(dialog.reason.findText("Work pressures"))
    qtbot.keyClicks(dialog.manager, "head@arundel.example.org")
    assert dialog.send_notice.isChecked()
    dialog.accept()
    (path,) = (tmp_path / "outbox").glob("*.eml")
    notice = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert notice["To"] == "head@arundel.example.org" and notice["Cc"] is None
    assert "Zoë" in notice.get_content()
    assert said == ["Recorded 'Work pressures' for Zoë Adams. Zoë Adams has no email address, "
                    "so the notice to their manager only (head@arundel.example.org) is written "
                    f"for Outlook in {tmp_path / 'outbox'}: open it and press Send."]


def _late_session(ctx, qtbot, *, waiting: bool):
    """A full session starting tomorrow: Zoë Adams holds a place, Chen Wei may be waiting."""
    from pscp_training.domain.years import now_utc

    s = f.session(ctx.db, capacity=1, start=now_utc() + timedelta(days=1))
    zoe = bookings.book(ctx.db, session_id=s.id,
                        delegate_id=f.delegate(ctx.db, "Zoë", "Adams").id)
    if waiting:
        bookings.book(ctx.db, session_id=s.id, delegate_id=f.delegate(ctx.db, "Chen", "Wei").id)
    page = SessionPage(ctx)
    qtbot.addWidget(page)
    page.show_session(s.id)
    page.bookings.select_booking(zoe.id)
    return s, zoe, page


def _asked(monkeypatch, answer=QMessageBox.StandardButton.Yes):
    asked = []

    def question(_parent, title, text, *_args, **_kwargs):
        asked.append((title, text))
        return answer

    def exec_(box):  # a confirmation with the "tell the delegate" box
        asked.append((box.windowTitle(), box.text()))
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def test_a_late_cancellation_says_so_and_what_will_be_charged(ctx, qtbot, monkeypatch):
    s, zoe, page = _late_session(ctx, qtbot, waiting=False)
    asked = _asked(monkeypatch, QMessageBox.StandardButton.No)
    page.cancel_booking_button.click()
    ((title, text),) = asked
    assert title == "Late cancellation"
    assert text == ("Cancel Zoë Adams's booking? This is a late cancellation: less than 2 "
                    "working days' notice before the session. Under the charging policy "
                    "Arundel Court Primary School will be charged £25.00, unless a reason "
                    "that is not charged is recorded.")
    assert bookings.list_bookings(ctx.db, s.id)[0].status.value == "booked"  # No: nothing done


def test_a_late_cancellation_refilled_from_the_waiting_list_is_not_charged_by_default(
        ctx, qtbot, monkeypatch):
    s, zoe, page = _late_session(ctx, qtbot, waiting=True)
    asked = _asked(monkeypatch)
    page.cancel_booking_button.click()
    ((title, text),) = asked
    assert text.endswith("Chen Wei on the waiting list takes the place. As the place is "
                         "refilled, the charging policy makes no charge.")
    assert "Chen Wei moves up from the waiting list" in page.last_message
    day = to_local(s.start).date()
    assert charges.ledger(ctx.db, day, day) == []


def test_the_policy_can_charge_a_refilled_late_cancellation(ctx, qtbot, monkeypatch):
    policy = charges.get_policy(ctx.db)
    dialog = PolicyDialog(ctx)
    qtbot.addWidget(dialog)
    assert not dialog.charge_refilled.isChecked()  # the default: not charged
    dialog.charge_refilled.setChecked(True)
    dialog.accept()
    assert charges.get_policy(ctx.db) == replace(policy, charge_refilled_late_cancellations=True)
    s, zoe, page = _late_session(ctx, qtbot, waiting=True)
    asked = _asked(monkeypatch)
    page.cancel_booking_button.click()
    assert asked[0][1].endswith("Chen Wei on the waiting list takes the place. Under the "
                                "charging policy Arundel Court Primary School will be charged "
                                "£25.00, unless a reason that is not charged is recorded.")
    day = to_local(s.start).date()
    (charge,) = charges.ledger(ctx.db, day, day)
    assert (charge.delegate, charge.amount_pence) == ("Zoë Adams", 2500)


def test_a_cancellation_in_good_time_is_plain(ctx, qtbot, monkeypatch):
    from pscp_training.domain.years import now_utc

    s = f.session(ctx.db, capacity=3, start=now_utc() + timedelta(days=30))
    zoe = bookings.book(ctx.db, session_id=s.id, delegate_id=f.delegate(ctx.db, "Zoë", "Adams").id)
    page = SessionPage(ctx)
    qtbot.addWidget(page)
    page.show_session(s.id)
    page.bookings.select_booking(zoe.id)
    asked = _asked(monkeypatch)
    page.cancel_booking_button.click()
    assert asked == [("Cancel booking", "Cancel Zoë Adams's booking?")]

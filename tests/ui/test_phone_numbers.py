"""A delegate's phone number where the team rings people, and nowhere meant for others."""

from datetime import timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from pscp_training.domain.enums import BookingStatus
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.people import people
from pscp_training.ui.bookings.book_delegate_box import describe
from pscp_training.ui.people.delegate_dialog import DelegateDialog
from pscp_training.ui.people.people_page import PeoplePage
from pscp_training.ui.shell.main_window import MainWindow
from tests import factories

PHONE = "+44 (0)1632 960 123"


@pytest.fixture
def window(ctx, qtbot):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win


def test_the_delegate_form_saves_a_phone_number_and_refuses_a_wrong_one(ctx, qtbot,
                                                                       error_boxes):
    person = factories.delegate(ctx.db, "Jo", "Bloggs")
    dialog = DelegateDialog(ctx, people.get_delegate(ctx.db, person.id))
    qtbot.addWidget(dialog)
    dialog.phone.setText("01632 960 12x")
    dialog.save()
    assert any("is not a phone number" in t for t in error_boxes())
    assert people.get_delegate(ctx.db, person.id).phone is None  # nothing saved
    dialog.phone.setText(f"  {PHONE} ")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert people.get_delegate(ctx.db, person.id).phone == PHONE
    # And clearing the box clears the number.
    again = DelegateDialog(ctx, people.get_delegate(ctx.db, person.id))
    qtbot.addWidget(again)
    assert again.phone.text() == PHONE
    again.phone.clear()
    again.save()
    assert people.get_delegate(ctx.db, person.id).phone is None


def test_the_training_record_shows_the_phone_number(ctx, qtbot):
    person = factories.delegate(ctx.db, "Ann", "Lee", phone=PHONE)
    page = PeoplePage(ctx)
    qtbot.addWidget(page)
    page.show_delegate(person.id)
    assert PHONE in page.record_title.text()


def test_the_booking_box_matches_show_the_phone_and_a_new_person_keeps_theirs(window, ctx,
                                                                             qtbot):
    session = factories.session(ctx.db, capacity=5, start=now_utc() + timedelta(days=3))
    factories.delegate(ctx.db, "Priya", "Shah", email="priya@school.example", phone=PHONE)
    page = window.open_session(session.id)
    box = page.book_box
    box.search.setFocus()
    qtbot.keyClicks(box.search, "Priya")
    qtbot.waitUntil(lambda: len(box.matches) == 1, timeout=3000)
    assert box.suggestions.stringList() == [
        f"Priya Shah, Arundel Court Primary School, {PHONE}, priya@school.example"]
    # Someone new rings up: their number is taken with the booking.
    box.reset()
    qtbot.keyClicks(box.search, "Rhys Evans")
    qtbot.keyClick(box.search, Qt.Key.Key_Return)
    assert box.new_form.isVisible() and box.new_form.phone.text() == ""
    qtbot.keyClicks(box.new_form.phone, "07700 900 456")
    box.new_form.organisation.setCurrentText("Arundel Court Primary School")
    qtbot.mouseClick(box.new_form.book_button, Qt.MouseButton.LeftButton)
    [rhys] = [b for b in page.bookings.records(BookingStatus.BOOKED) if b.last_name == "Evans"]
    assert people.get_delegate(ctx.db, rhys.delegate_id).phone == "07700 900 456"
    assert "07700 900 456" in describe(people.get_delegate(ctx.db, rhys.delegate_id))


def test_a_bad_phone_in_the_booking_box_books_nobody(window, ctx, qtbot, error_boxes):
    session = factories.session(ctx.db, capacity=5, start=now_utc() + timedelta(days=3))
    page = window.open_session(session.id)
    box = page.book_box
    qtbot.keyClicks(box.search, "Rhys Evans")
    qtbot.keyClick(box.search, Qt.Key.Key_Return)
    qtbot.keyClicks(box.new_form.phone, "ring reception")
    qtbot.mouseClick(box.new_form.book_button, Qt.MouseButton.LeftButton)
    assert any("is not a phone number" in t for t in error_boxes())
    assert page.bookings.records(BookingStatus.BOOKED) == []


def test_the_people_to_tell_list_gives_phone_numbers(window, ctx, qtbot):
    session = factories.session(ctx.db, capacity=1, start=now_utc() + timedelta(days=6))
    with_both = factories.delegate(ctx.db, "Amy", "Told", email="amy@example.org", phone=PHONE)
    phone_only = factories.delegate(ctx.db, "Bob", "Ring", email="", phone="01632 960 777")
    neither = factories.delegate(ctx.db, "Cy", "Unreachable", email="")
    for person in (with_both, phone_only, neither):  # the last two wait
        bookings.book(ctx.db, session_id=session.id, delegate_id=person.id)
    page = window.open_session(session.id)
    page.cancel_session(confirm=False)
    lines = page.people_to_tell.listing.toPlainText().splitlines()
    assert sorted(lines) == [
        f"Amy Told (Arundel Court Primary School, amy@example.org, {PHONE})",
        "Bob Ring (Arundel Court Primary School, 01632 960 777)",
        "Cy Unreachable (Arundel Court Primary School, no email or phone)",
    ]
    assert page.people_to_tell.emails == "amy@example.org"


def test_the_sign_in_sheet_carries_no_phone_numbers(ctx, qtbot, tmp_path, monkeypatch,
                                                    window):
    from pscp_training.ui.sessions import printing

    if printing.sign_in_sheets() is None:
        pytest.skip("sign-in sheets not landed")
    session = factories.session(ctx.db, capacity=5, start=now_utc() + timedelta(days=4))
    person = factories.delegate(ctx.db, "Zoë", "Brown", phone=PHONE)
    bookings.book(ctx.db, session_id=session.id, delegate_id=person.id)
    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PDF (*.pdf)")))
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Close))
    page = window.open_session(session.id)
    page.sign_in_action.trigger()
    text = "\n".join(p.extract_text() for p in PdfReader(str(target)).pages)
    assert "Zoë Brown" in text and "1632" not in text

"""The session screen over a real database: booking, the waiting list, cancelling, the register."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from pscp_training.domain.enums import Agency, Attendance, BookingStatus
from pscp_training.domain.years import local_to_utc, now_utc, to_local
from pscp_training.services.bookings import bookings
from pscp_training.services.sessions import catalogue
from pscp_training.ui.courses.course_dialog import CourseDialog
from pscp_training.ui.sessions.session_dialog import SessionDialog
from pscp_training.ui.shell.main_window import MainWindow
from tests import factories


@pytest.fixture
def window(ctx, qtbot):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def yes_to_questions(monkeypatch):
    """Answer Yes to confirmation questions (Qt's static dialog would wait for a click)."""
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    # The confirmations with a "tell the delegate" box are QMessageBox objects run with exec().
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Yes)


def days_ahead_at(days: int, hour: int):
    """A whole hour, London time, some days ahead (a session the dialogs can show exactly)."""
    local = to_local(now_utc() + timedelta(days=days)).replace(hour=hour, minute=0, second=0,
                                                               microsecond=0)
    return local_to_utc(local.replace(tzinfo=None))


def book_by_typing(qtbot, page, text: str) -> None:
    box = page.book_box
    box.search.setFocus()
    qtbot.keyClicks(box.search, text)
    qtbot.waitUntil(lambda: len(box.matches) == 1, timeout=3000)
    qtbot.keyClick(box.search, Qt.Key.Key_Return)


def test_create_course_and_session_then_book_three_on_two_places(window, ctx, qtbot,
                                                                  yes_to_questions):
    # A new course through the Courses page's dialog.
    dialog = window.new_course()
    assert isinstance(dialog, CourseDialog)
    qtbot.keyClicks(dialog.code, "NEG1")
    qtbot.keyClicks(dialog.title, "Neglect: Recognise and Respond")
    dialog.category.setCurrentText("Neglect")
    dialog.capacity.setValue(2)
    dialog.save()
    assert dialog.result() == CourseDialog.DialogCode.Accepted
    assert [c.code for c in catalogue.list_courses(ctx.db)] == ["NEG1"]
    courses = window.pages["courses"]
    assert courses.model.records()[0].title == "Neglect: Recognise and Respond"

    # Ctrl+N: a new session of it, next week, taking the course's usual capacity.
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.pages["sessions"].findChildren(SessionDialog)[-1]
    assert dialog.capacity.value() == 2
    dialog.day.setDate(dialog.day.date().addDays(7))
    qtbot.keyClicks(dialog.venue, "Civic Offices")
    dialog.save()
    assert dialog.result() == SessionDialog.DialogCode.Accepted
    sessions_page = window.pages["sessions"]
    sessions_page.year.setCurrentIndex(0)  # all years: next week may be next financial year
    assert sessions_page.model.rowCount() == 1
    assert sessions_page.model.record_at(0).venue == "Civic Offices"

    # Three delegates, booked by typing part of their email and pressing Enter.
    people = [factories.delegate(ctx.db, "Zoë", "Brown", email="zoe.brown@school.example"),
              factories.delegate(ctx.db, "Łukasz", "Nowak", email="lukasz@police.example"),
              factories.delegate(ctx.db, "Siobhán", "O’Brien", email="siobhan@nhs.example")]
    sessions_page.view.selectRow(0)
    qtbot.keyClick(sessions_page.view, Qt.Key.Key_Return)
    page = window.session_page
    assert window.stack.currentWidget() is page
    for person in ("zoe.brown", "lukasz@", "siobhan@"):
        book_by_typing(qtbot, page, person)

    tabs = page.bookings
    assert tabs.names(BookingStatus.BOOKED) == ["Zoë Brown", "Łukasz Nowak"]
    assert tabs.names(BookingStatus.WAITLISTED) == ["Siobhán O’Brien"]
    assert "number 1 on the waiting list" in page.book_box.hint.text()
    assert page.fill_label.text().startswith("Full · 2 of 2 places booked · 1 on the waiting list")
    assert tabs.tabText(1) == "&Waiting list (1)"
    assert people[2].id == tabs.records(BookingStatus.WAITLISTED)[0].delegate_id

    # Cancel Łukasz: Siobhán moves up from the waiting list, on screen.
    tabs.show_status(BookingStatus.BOOKED)
    tabs.views[BookingStatus.BOOKED].selectRow(1)
    assert page.cancel_booking_button.isEnabled()
    qtbot.mouseClick(page.cancel_booking_button, Qt.MouseButton.LeftButton)
    assert tabs.names(BookingStatus.BOOKED) == ["Zoë Brown", "Siobhán O’Brien"]
    assert tabs.names(BookingStatus.WAITLISTED) == []
    assert tabs.names(BookingStatus.CANCELLED) == ["Łukasz Nowak"]
    assert "Siobhán O’Brien moves up from the waiting list" in page.book_box.hint.text()
    assert tabs.selected().full_name == "Siobhán O’Brien"
    assert page.fill_label.text().startswith("Full · 2 of 2 places booked")
    # The Sessions list shows the same fill when we go back.
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert sessions_page.model.record_at(0).booked == 2


def test_a_refused_booking_shows_a_calm_message_and_changes_nothing(window, ctx, qtbot,
                                                                     error_boxes):
    session = factories.session(ctx.db, capacity=5, start=now_utc() + timedelta(days=3))
    person = factories.delegate(ctx.db, "Amira", "Khan", email="amira@example.org")
    bookings.book(ctx.db, session_id=session.id, delegate_id=person.id)
    page = window.open_session(session.id)
    book_by_typing(qtbot, page, "amira@")
    assert any("Amira Khan already has a place" in text for text in error_boxes())
    assert page.bookings.names(BookingStatus.BOOKED) == ["Amira Khan"]


def test_new_delegate_inline_when_nobody_matches(window, ctx, qtbot):
    session = factories.session(ctx.db, capacity=5, start=now_utc() + timedelta(days=3))
    factories.organisation(ctx.db, "Milton Park Primary School", "Education")
    page = window.open_session(session.id)
    box = page.book_box
    qtbot.keyClicks(box.search, "Rhiannon ")
    box.search.insert("Ŵyn")  # QTest cannot type letters outside Latin-1
    qtbot.keyClick(box.search, Qt.Key.Key_Return)
    assert box.new_form.isVisible()
    assert "Nobody matches" in box.hint.text()
    assert box.new_form.first_name.text() == "Rhiannon"
    assert box.new_form.last_name.text() == "Ŵyn"
    qtbot.keyClicks(box.new_form.email, "rhiannon@milton.example")
    box.new_form.organisation.setCurrentText("Milton Park Primary School")
    qtbot.mouseClick(box.new_form.book_button, Qt.MouseButton.LeftButton)
    assert page.bookings.names(BookingStatus.BOOKED) == ["Rhiannon Ŵyn"]
    assert page.bookings.records(BookingStatus.BOOKED)[0].organisation == (
        "Milton Park Primary School")
    assert not box.new_form.isVisible()


def test_mark_the_register_with_the_keyboard(window, ctx, qtbot):
    # A session starting in a minute: still bookable now, and its register is open today.
    start = now_utc() + timedelta(minutes=1)
    session = factories.session(ctx.db, capacity=10, start=start)
    names = [("Ada", "Adams"), ("Ben", "Baker"), ("Cara", "Cole")]
    for first, last in names:
        person = factories.delegate(ctx.db, first, last)
        bookings.book(ctx.db, session_id=session.id, delegate_id=person.id)
    page = window.open_session(session.id)
    page.tabs.setCurrentIndex(1)
    register = page.register
    assert register.isEnabled()
    register.setFocus()
    register.setCurrentIndex(page.register_model.index(0, 0))
    qtbot.keyClick(register, Qt.Key.Key_Space)            # Ada attended
    qtbot.keyClick(register, Qt.Key.Key_Down)
    qtbot.keyClick(register, Qt.Key.Key_Space)            # Ben attended...
    qtbot.keyClick(register, Qt.Key.Key_Space)            # ...no, absent
    qtbot.keyClick(register, Qt.Key.Key_Down)
    qtbot.keyClick(register, Qt.Key.Key_A)                # Cara attended

    saved = {b.full_name: b.attendance for b in bookings.list_bookings(ctx.db, session.id)}
    assert saved == {"Ada Adams": Attendance.ATTENDED, "Ben Baker": Attendance.ABSENT,
                     "Cara Cole": Attendance.ATTENDED}
    model = page.register_model
    shown = [model.index(row, 2).data() for row in range(model.rowCount())]
    assert shown == ["✓  Attended", "✗  Absent", "✓  Attended"]
    assert page.register_note.text() == "2 attended, 1 absent, 0 not marked, of 3 people."
    assert "2 attended" in page.fill_label.text()
    assert register.currentIndex().row() == 2  # the keyboard keeps its place


def test_the_register_tab_takes_the_keys_at_once(window, ctx, qtbot):
    session = factories.session(ctx.db, capacity=10, start=now_utc() + timedelta(minutes=1))
    for first in ("Ada", "Ben"):
        bookings.book(ctx.db, session_id=session.id,
                      delegate_id=factories.delegate(ctx.db, first, "Adams").id)
    window.activateWindow()
    page = window.open_session(session.id)
    page.tabs.setCurrentIndex(page.register_index)
    qtbot.waitUntil(page.register.hasFocus, timeout=2000)
    qtbot.keyClick(page.register, Qt.Key.Key_A)  # no click first: the first row is marked
    saved = {b.full_name: b.attendance for b in bookings.list_bookings(ctx.db, session.id)}
    assert saved == {"Ada Adams": Attendance.ATTENDED, "Ben Adams": Attendance.UNMARKED}


def test_mark_all_attended_and_the_register_closed_before_the_day(window, ctx, qtbot):
    today = factories.session(ctx.db, capacity=10, start=now_utc() + timedelta(minutes=1))
    for _ in range(3):
        bookings.book(ctx.db, session_id=today.id, delegate_id=factories.delegate(ctx.db).id)
    page = window.open_session(today.id)
    qtbot.mouseClick(page.mark_all_button, Qt.MouseButton.LeftButton)
    assert page.register_note.text() == "3 attended, 0 absent, 0 not marked, of 3 people."

    later = factories.session(ctx.db, capacity=10, start=now_utc() + timedelta(days=3))
    bookings.book(ctx.db, session_id=later.id, delegate_id=factories.delegate(ctx.db).id)
    page = window.open_session(later.id)
    assert not page.register.isEnabled()
    assert not page.mark_all_button.isEnabled()
    assert page.register_note.text().startswith("The register can be marked from")


def test_copy_emails_and_raising_capacity_promotes_on_screen(window, ctx, qtbot):
    session = factories.session(ctx.db, capacity=1, start=days_ahead_at(5, 10))
    people = [factories.delegate(ctx.db, first, last, email=f"{first.lower()}@example.org")
              for first, last in (("Amy", "One"), ("Bob", "Two"), ("Cat", "Three"))]
    for person in people:
        bookings.book(ctx.db, session_id=session.id, delegate_id=person.id)
    page = window.open_session(session.id)
    qtbot.mouseClick(page.emails_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "amy@example.org"

    dialog = page.edit()
    dialog.capacity.setValue(2)
    dialog.save()
    assert page.bookings.names(BookingStatus.WAITLISTED) == ["Cat Three"]
    assert page.fill_label.text() == "Full · 2 of 2 places booked · 1 on the waiting list"
    qtbot.mouseClick(page.emails_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "amy@example.org; bob@example.org"


def test_give_a_place_is_refused_calmly_when_full(window, ctx, qtbot, error_boxes):
    session = factories.session(ctx.db, capacity=1, start=now_utc() + timedelta(days=5))
    for name in ("Amy", "Bob", "Cat"):
        person = factories.delegate(ctx.db, name, "Person")
        bookings.book(ctx.db, session_id=session.id, delegate_id=person.id)
    page = window.open_session(session.id)
    page.bookings.show_status(BookingStatus.WAITLISTED)
    page.bookings.views[BookingStatus.WAITLISTED].selectRow(1)   # Cat, number 2
    assert page.promote_button.isEnabled()
    qtbot.mouseClick(page.promote_button, Qt.MouseButton.LeftButton)
    assert any("is full" in text for text in error_boxes())
    assert page.bookings.names(BookingStatus.WAITLISTED) == ["Bob Person", "Cat Person"]


def test_an_empty_place_list_offers_the_booking_box_only_when_there_is_one(window, ctx):
    coming = factories.session(ctx.db, start=now_utc() + timedelta(days=3))
    page = window.open_session(coming.id)
    empty = page.bookings.holders[BookingStatus.BOOKED]
    assert empty.is_empty and "Book someone with the box above" in empty.empty_label.text()
    started = factories.session(ctx.db, start=now_utc() - timedelta(hours=1))
    page = window.open_session(started.id)
    assert not page.book_box.search.isEnabled()
    assert empty.empty_label.text() == "Nobody has a place on this session."


def test_single_agency_headcounts(window, ctx, qtbot):
    factories.organisation(ctx.db, "Portsmouth Hospitals NHS Trust", "Health")
    session = factories.session(ctx.db, agency=Agency.SINGLE, capacity=None,
                                start=now_utc() + timedelta(minutes=1))
    page = window.open_session(session.id)
    assert page.tabs.isTabVisible(page.headcounts_index)
    view = page.headcounts
    view.organisation.setCurrentText("Portsmouth Hospitals NHS Trust")
    view.count.setValue(14)
    qtbot.mouseClick(view.set_button, Qt.MouseButton.LeftButton)
    assert [(r.organisation, r.count) for r in view.model.records()] == [
        ("Portsmouth Hospitals NHS Trust", 14)]
    assert view.note.text() == "14 unnamed attendees in all."
    # The session's header counts them too, not only the (few or no) bookings.
    assert page.fill_label.text() == "Scheduled · 0 people booked (no limit) · 14 counted at the headcount"
    # Its Evaluations tab does not say nobody attended: those counted are not named.
    page.tabs.setCurrentWidget(page.evaluations)
    assert page.evaluations.count_label.text() == (
        "Nobody named is marked attended; the 14 counted at the headcount are not named.")


def test_transfer_to_another_session_of_the_same_course(window, ctx, qtbot):
    course = factories.course(ctx.db, code="DSL2")
    here = factories.session(ctx.db, course_id=course.id, capacity=1, start=days_ahead_at(4, 10))
    there = factories.session(ctx.db, course_id=course.id, capacity=5, start=days_ahead_at(11, 10))
    factories.session(ctx.db, capacity=5, start=days_ahead_at(6, 10))  # another course
    amy = factories.delegate(ctx.db, "Amy", "Moved")
    ben = factories.delegate(ctx.db, "Ben", "Waiting")
    for person in (amy, ben):
        bookings.book(ctx.db, session_id=here.id, delegate_id=person.id)
    page = window.open_session(here.id)
    page.bookings.views[BookingStatus.BOOKED].selectRow(0)
    dialog = page.transfer()
    assert [s.id for s in dialog.model.records()] == [there.id]
    dialog.accept()
    assert page.bookings.names(BookingStatus.BOOKED) == ["Ben Waiting"]
    assert page.bookings.names(BookingStatus.CANCELLED) == ["Amy Moved"]
    assert "Amy Moved moved: a place on the other session." in page.book_box.hint.text()
    assert "Ben Waiting moves up from the waiting list here." in page.book_box.hint.text()
    assert [b.full_name for b in bookings.list_bookings(ctx.db, there.id)] == ["Amy Moved"]


def test_keyboard_marking_keeps_pace_when_saves_run_in_the_background(ctx, qtbot):
    from pscp_training.ui.common.context import AppContext
    from pscp_training.ui.common.tasks import TaskRunner

    threaded = AppContext(db=ctx.db, tasks=TaskRunner(), changes=ctx.changes,
                          settings=ctx.settings)
    session = factories.session(ctx.db, capacity=10, start=now_utc() + timedelta(minutes=1))
    for first in ("Ada", "Ben", "Cara", "Dev"):
        bookings.book(ctx.db, session_id=session.id,
                      delegate_id=factories.delegate(ctx.db, first, "Quick").id)
    win = MainWindow(threaded)
    qtbot.addWidget(win)
    win.show()
    page = win.open_session(session.id)
    page.tabs.setCurrentIndex(1)
    register = page.register
    register.setFocus()
    register.setCurrentIndex(page.register_model.index(0, 0))
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Down, Qt.Key.Key_X, Qt.Key.Key_Down,
                Qt.Key.Key_Space, Qt.Key.Key_Space, Qt.Key.Key_Down, Qt.Key.Key_Space):
        qtbot.keyClick(register, key)  # no waiting between keys
    assert threaded.tasks.wait_idle(10_000)
    saved = [b.attendance for b in sorted(bookings.list_bookings(ctx.db, session.id),
                                          key=lambda b: b.first_name)]
    assert saved == [Attendance.ATTENDED, Attendance.ABSENT, Attendance.ABSENT,
                     Attendance.ATTENDED]
    assert register.currentIndex().row() == 3
    assert page.register_note.text() == "2 attended, 2 absent, 0 not marked, of 4 people."


def test_choose_among_several_matches_from_the_completer(window, ctx, qtbot):
    session = factories.session(ctx.db, capacity=5, start=now_utc() + timedelta(days=3))
    factories.delegate(ctx.db, "Kirsty", "Brown", org="Victory Primary School")
    wanted = factories.delegate(ctx.db, "Zoë", "Brown", org="Arundel Court Primary School")
    page = window.open_session(session.id)
    window.activateWindow()
    box = page.book_box
    box.search.setFocus()
    qtbot.keyClicks(box.search, "brown")
    qtbot.waitUntil(lambda: len(box.matches) == 2, timeout=3000)
    shown = box.suggestions.stringList()
    assert shown[1].startswith("Zoë Brown, Arundel Court Primary School")
    popup = box.completer.popup()
    if not popup.isVisible():
        # The list opens only for the focused box; in a long test run another window may
        # hold the (offscreen) focus, so open it as typing into the focused box does.
        box.completer.complete()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)   # chooses Zoë, and the Enter books her
    assert [b.delegate_id for b in page.bookings.records(BookingStatus.BOOKED)] == [wanted.id]


def test_cancel_the_session_from_its_screen(window, ctx, qtbot):
    session = factories.session(ctx.db, capacity=3, start=days_ahead_at(6, 10))
    bookings.book(ctx.db, session_id=session.id,
                  delegate_id=factories.delegate(ctx.db, "Amy", "Told").id)
    page = window.open_session(session.id)
    assert page.book_box.search.isEnabled()
    page.cancel_session(confirm=False)
    assert "Amy Told" in page.people_to_tell.listing.toPlainText()
    assert "CANCELLED" in page.title.text()
    assert not page.book_box.search.isEnabled()
    assert page.book_box.hint.text() == "This session is cancelled, so it takes no bookings."
    assert not page.cancel_session_button.isEnabled()
    assert page.bookings.names(BookingStatus.CANCELLED) == ["Amy Told"]

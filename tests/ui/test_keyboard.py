"""The window from the keyboard alone: Tab through tables, Enter saves, Esc asks, tabs by key."""

from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QMessageBox,
    QTableView,
    QTextBrowser,
)

from pscp_training.domain.enums import Agency, Attendance, BookingStatus
from pscp_training.domain.follow_up_records import PersonDetails
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.bookings.substitution import substitute
from pscp_training.services.sessions import attendance, catalogue
from pscp_training.ui.common.date_entry import DateEntry
from pscp_training.ui.common.form_dialog import DISCARD_TITLE
from pscp_training.ui.people.organisation_dialog import OrganisationDialog
from pscp_training.ui.sessions.session_dialog import SessionDialog
from pscp_training.ui.shell.guide_dialog import GUIDE_PAGES, GuideDialog
from pscp_training.ui.shell.main_window import MainWindow
from tests import factories


@pytest.fixture
def window(ctx, qtbot):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    return win


def _discard_questions() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible() and w.windowTitle() == DISCARD_TITLE]


def _new_session_dialog(ctx, qtbot) -> SessionDialog:
    factories.course(ctx.db, code="DSL1", title="Designated Safeguarding Lead")
    dialog = SessionDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # keys and focus changes go to the active window
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    return dialog


# --- tables ----------------------------------------------------------------------------------


def test_tab_leaves_every_table_on_home_and_reaches_the_lists_below(window, ctx, qtbot):
    factories.session(ctx.db, start=now_utc() + timedelta(days=3))
    window.pages["home"].refresh()
    home = window.pages["home"]
    upcoming = home.findChild(QAbstractItemView, "next_four_weeks")
    upcoming.setFocus()
    assert upcoming.hasFocus()
    qtbot.keyClick(upcoming, Qt.Key.Key_Tab)
    assert not upcoming.hasFocus()  # Tab walked out of the table instead of along its cells
    views = window.findChildren(QAbstractItemView)
    assert views and all(not v.tabKeyNavigation() for v in views if v.objectName() != "sidebar")
    # Each table frames itself when it has the keyboard focus.
    assert all("focus" in v.styleSheet() for v in home.findChildren(QTableView))


def test_alt_letter_on_a_home_heading_puts_the_keys_on_its_list(window, ctx, qtbot):
    factories.session(ctx.db, start=now_utc() + timedelta(days=3))
    home = window.pages["home"]
    home.refresh()
    upcoming = home.findChild(QAbstractItemView, "next_four_weeks")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert upcoming.hasFocus()


# --- dialogs: Enter submits, Esc asks ---------------------------------------------------------


def test_enter_in_a_field_of_new_session_saves_it(ctx, qtbot):
    dialog = _new_session_dialog(ctx, qtbot)
    qtbot.keyClicks(dialog.venue, "Civic Offices")
    qtbot.keyClick(dialog.venue, Qt.Key.Key_Return)
    assert dialog.saved is not None and dialog.saved.venue == "Civic Offices"
    assert not dialog.isVisible()


def test_esc_on_a_half_filled_dialog_asks_and_keeps_it_until_told_to_discard(ctx, qtbot):
    dialog = _new_session_dialog(ctx, qtbot)
    qtbot.keyClicks(dialog.venue, "Civic Offices")
    dialog.notes.setPlainText("Bring the projector")
    qtbot.keyClick(dialog.venue, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    [question] = _discard_questions()
    question.button(QMessageBox.StandardButton.Cancel).click()  # "Keep editing"
    assert dialog.isVisible() and dialog.venue.text() == "Civic Offices"

    qtbot.keyClick(dialog.venue, Qt.Key.Key_Escape)
    [question] = _discard_questions()
    question.button(QMessageBox.StandardButton.Discard).click()
    assert not dialog.isVisible() and dialog.saved is None
    assert catalogue.list_sessions(ctx.db) == []


def test_esc_on_an_untouched_dialog_closes_it_at_once(ctx, qtbot):
    dialog = OrganisationDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and _discard_questions() == []


def test_form_labels_have_no_colons(ctx, qtbot):
    dialog = _new_session_dialog(ctx, qtbot)
    for row in range(dialog.rows.rowCount()):
        item = dialog.rows.itemAt(row, dialog.rows.ItemRole.LabelRole)
        if item is not None and item.widget() is not None:
            assert not item.widget().text().endswith(":")


# --- typed dates -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["14/01/2027", "14 Jan 2027", "2027-01-14"])
def test_a_day_can_be_typed_into_new_session(ctx, qtbot, typed):
    dialog = _new_session_dialog(ctx, qtbot)
    dialog.day.edit.setFocus()
    dialog.day.edit.selectAll()
    qtbot.keyClicks(dialog.day.edit, typed)
    qtbot.keyClick(dialog.day.edit, Qt.Key.Key_Tab)  # leaving the field reads the day
    assert dialog.day.date() == QDate(2027, 1, 14)
    assert dialog.day.edit.text() == "Thu 14 Jan 2027"
    qtbot.keyClick(dialog.venue, Qt.Key.Key_Return)
    assert dialog.saved is not None
    assert dialog.saved.start.date().isoformat() == "2027-01-14"


def test_an_impossible_day_is_named_and_nothing_is_saved(ctx, qtbot, error_boxes):
    dialog = _new_session_dialog(ctx, qtbot)
    dialog.day.edit.setFocus()
    dialog.day.edit.selectAll()
    qtbot.keyClicks(dialog.day.edit, "31/02/2027")
    qtbot.keyClick(dialog.day.edit, Qt.Key.Key_Tab)
    assert "There is no 31 February 2027" in dialog.day.problem()
    assert dialog.day.edit.text() == "31/02/2027"  # kept for correcting
    qtbot.keyClick(dialog.venue, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.saved is None
    assert any("There is no 31 February 2027" in text for text in error_boxes())
    assert catalogue.list_sessions(ctx.db) == []


def test_up_and_down_move_the_day_one_at_a_time(qtbot):
    entry = DateEntry(QDate(2027, 1, 31))
    qtbot.addWidget(entry)
    qtbot.keyClick(entry.edit, Qt.Key.Key_Up)
    assert entry.date() == QDate(2027, 2, 1)
    qtbot.keyClick(entry.edit, Qt.Key.Key_Down)
    qtbot.keyClick(entry.edit, Qt.Key.Key_PageDown)
    assert entry.date() == QDate(2026, 12, 31)


# --- the main window's keys --------------------------------------------------------------------


def test_ctrl_tab_moves_between_a_sessions_tabs_and_the_tabs_have_mnemonics(window, ctx, qtbot):
    s = factories.session(ctx.db, start=now_utc() + timedelta(days=3))
    page = window.open_session(s.id)
    assert page.tabs.currentIndex() == 0
    qtbot.keyClick(window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentIndex() == page.register_index
    qtbot.keyClick(window, Qt.Key.Key_Backtab,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert page.tabs.currentIndex() == 0
    assert [page.tabs.tabText(i).count("&") for i in range(page.tabs.count())] == [1] * 5
    letters = [page.tabs.tabText(i).split("&")[1][0].lower() for i in range(page.tabs.count())]
    letters += [page.bookings.tabText(i).split("&")[1][0].lower()
                for i in range(page.bookings.count())]
    assert len(set(letters)) == len(letters)  # no two tabs answer to the same Alt+letter
    assert not set(letters) & set("fegh")  # nor take the menus' letters


def test_a_register_to_mark_opens_on_the_register_and_back_returns_home(window, ctx, qtbot):
    s = factories.session(ctx.db, start=now_utc() - timedelta(days=2))
    booking = bookings.book(ctx.db, session_id=s.id, delegate_id=factories.delegate(ctx.db).id,
                            now=now_utc() - timedelta(days=10))
    home = window.pages["home"]
    home.refresh()
    unmarked = home.findChild(QAbstractItemView, "registers_to_mark")
    unmarked.setFocus()
    unmarked.setCurrentIndex(home.unmarked.index(0, 0))
    qtbot.keyClick(unmarked, Qt.Key.Key_Return)
    page = window.session_page
    assert window.current_page() is page and page.session.id == s.id
    assert page.tabs.currentIndex() == page.register_index
    assert page.register.hasFocus()
    qtbot.keyClick(page.register, Qt.Key.Key_A)
    assert page.register_model.rows[0].attendance == Attendance.ATTENDED
    assert page.back_button.text() == "← Back to Home"
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_page() is home
    assert booking.id


def test_back_from_a_session_opened_from_sessions_returns_to_sessions(window, ctx, qtbot):
    s = factories.session(ctx.db, start=now_utc() + timedelta(days=3))
    sessions = window.show_page("sessions")
    sessions.year.setCurrentIndex(0)
    sessions.open_row(0)
    assert window.session_page.session.id == s.id
    assert window.session_page.back_button.text() == "← Back to Sessions"
    window.session_page.back_button.click()
    assert window.current_page() is sessions


def test_the_go_menu_shows_the_ampersand_and_help_has_a_guide(window):
    go = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Go")
    labels = [a.text() for a in go.actions()]
    assert "Delegates && organisations" in labels  # shown as "Delegates & organisations"
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert [a.text() for a in help_menu.actions() if a.text()][0] == "&Guide"


def test_the_guide_opens_offline_and_covers_the_main_jobs(window, qtbot):
    dialog = window.open_guide()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, GuideDialog)
    text = dialog.browser.toPlainText()
    for job in ("Booking someone by phone", "The waiting list", "Marking the register",
                "Certificates", "The yearly workforce report", "Importing a booking register"):
        assert job in text
    for page in GUIDE_PAGES:
        other = GuideDialog(page=page)
        qtbot.addWidget(other)
        assert isinstance(other.browser, QTextBrowser)
        assert "← Contents" in other.browser.toPlainText()
    dialog.browser.setSource(dialog.browser.source().resolved("booking.html"))
    assert "Book a delegate" in dialog.browser.toPlainText()


# --- Enter in the session page's own boxes -----------------------------------------------------


def test_enter_in_the_inline_new_delegate_form_books_them(window, ctx, qtbot):
    s = factories.session(ctx.db, start=now_utc() + timedelta(days=5), capacity=5)
    factories.organisation(ctx.db)
    page = window.open_session(s.id)
    page.book_box.search.setText("Amara Okafor")
    page.book_box.show_new_form()
    form = page.book_box.new_form
    assert form.isVisible() and form.first_name.text() == "Amara"
    form.email.setText("amara@example.org")
    form.organisation.setCurrentText("Arundel Court Primary School")
    qtbot.keyClick(form.email, Qt.Key.Key_Return)
    assert [b.full_name for b in bookings.list_bookings(ctx.db, s.id)] == ["Amara Okafor"]
    assert "Amara Okafor has a place." in page.book_box.hint.text()
    assert page.book_box.hint.wordWrap()


def test_enter_in_the_headcount_box_sets_the_headcount(window, ctx, qtbot):
    s = factories.session(ctx.db, start=now_utc() - timedelta(hours=4), agency=Agency.SINGLE)
    factories.organisation(ctx.db, "Trafalgar School")
    page = window.open_session(s.id)
    page.show_tab("headcounts")
    box = page.headcounts
    box.organisation.setCurrentText("Trafalgar School")
    box.count.lineEdit().selectAll()
    qtbot.keyClicks(box.count.lineEdit(), "25")
    qtbot.keyClick(box.count.lineEdit(), Qt.Key.Key_Return)
    assert [(h.organisation, h.count) for h in attendance.list_headcounts(ctx.db, s.id)] == [
        ("Trafalgar School", 25)]
    assert box.total == 25


# --- what the lists say ------------------------------------------------------------------------


def test_a_single_agency_session_shows_its_headcount_in_the_sessions_list(window, ctx):
    s = factories.session(ctx.db, start=now_utc() - timedelta(days=1), agency=Agency.SINGLE)
    factories.organisation(ctx.db, "Trafalgar School")
    attendance.set_headcount(ctx.db, s.id, "Trafalgar School", 25)
    sessions = window.show_page("sessions")
    sessions.year.setCurrentIndex(0)
    assert sessions.model.record_at(0).headcount == 25
    booked = sessions.model.index(0, 6).data()
    assert booked == "25 counted"


def test_the_passed_to_a_colleague_tab_says_who_took_the_place(window, ctx):
    s = factories.session(ctx.db, start=now_utc() + timedelta(days=5), capacity=5)
    first = factories.delegate(ctx.db, "Zoë", "Brown")
    place = bookings.book(ctx.db, session_id=s.id, delegate_id=first.id)
    substitute(ctx.db, place.id, PersonDetails(first_name="Tom", last_name="Hughes"))
    page = window.open_session(s.id)
    page.bookings.show_status(BookingStatus.SUBSTITUTED)  # a tab's list is read when shown
    model = page.bookings.models[BookingStatus.SUBSTITUTED]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    column = headers.index("Place taken by")
    assert model.index(0, 0).data() == "Zoë Brown"
    assert model.index(0, column).data() == "Tom Hughes"


def test_the_sessions_list_opens_at_today_not_at_april(window, ctx, qtbot):
    course = factories.course(ctx.db)
    for days in (-200, -150, -100, -60, -30, -10):
        factories.session(ctx.db, course_id=course.id, start=now_utc() + timedelta(days=days))
    upcoming = factories.session(ctx.db, course_id=course.id, start=now_utc() + timedelta(days=2))
    for days in (9, 16, 23, 30, 37):
        factories.session(ctx.db, course_id=course.id, start=now_utc() + timedelta(days=days))
    window.resize(1280, 720)
    sessions = window.show_page("sessions")
    sessions.year.setCurrentIndex(0)  # every year, in date order
    assert sessions.current_session().id == upcoming.id
    sessions.model.page_size = 2  # even when today is beyond the first page fetched
    sessions.apply_filters()
    assert sessions.current_session().id == upcoming.id
    sessions.view.setFixedHeight(120)  # room for a few rows only: today must be scrolled to
    sessions.apply_filters()
    qtbot.wait(1)
    top = sessions.view.rowAt(sessions.view.rowHeight(0) // 2)
    assert sessions.model.record_at(top).id == upcoming.id  # the top row is today's
    window.show_page("home")
    window.show_page("sessions")  # shown again (and fetched again): still at today
    assert sessions.current_session().id == upcoming.id


def test_usual_length_steps_in_half_hours_shown_as_hours_and_minutes(ctx, qtbot):
    from pscp_training.ui.courses.course_dialog import CourseDialog

    dialog = CourseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    spin = dialog.duration
    assert spin.text() == "Not set" and spin.minutes() is None
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert spin.value() == 180 and spin.text() == "3 h"  # a half-day, not 89 minutes
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert spin.text() == "3 h 30 min"
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "6:15")
    spin.interpretText()
    assert spin.value() == 375
    spin.setValue(0)
    qtbot.keyClick(dialog.capacity, Qt.Key.Key_Up)
    assert dialog.capacity.value() == 20  # from "Not set" to a usual class, not 0 places


def test_the_certificates_folder_chooser_opens_on_a_folder_that_exists(ctx, tmp_path):
    from pscp_training.ui.common.folders import existing_folder, remember_folder, starting_folder

    kept = tmp_path / "Certificates"
    kept.mkdir()
    remember_folder(ctx.settings, "certificates", kept)
    assert starting_folder(ctx.settings, "certificates") == str(kept)
    kept.rmdir()  # the memory stick was taken out since
    folder = starting_folder(ctx.settings, "certificates")
    assert folder != str(kept) and tmp_path.exists()
    from pathlib import Path

    assert Path(folder).is_dir()
    assert existing_folder(tmp_path / "missing", None, tmp_path) == str(tmp_path)


# --- the remembered window -----------------------------------------------------------------------


def test_the_window_keeps_its_size_on_screen_after_the_scale_changes():
    from pscp_training.ui.shell.window_geometry import size_for_scale

    screen, minimum = QSize(1600, 1000), QSize(960, 600)
    # Saved at 150 % as 1066×666 (the whole 1600×1000 screen): at 100 % it is 1599×999 again.
    assert size_for_scale(QSize(1066, 666), 1.5, 1.0, screen, minimum) == QSize(1599, 999)
    # Saved at 100 % as 1280×800: at 150 % it never drops under the window's minimum…
    assert size_for_scale(QSize(1280, 800), 1.0, 1.5, QSize(1066, 666), minimum) == QSize(960, 600)
    # …nor grows past the screen.
    assert size_for_scale(QSize(3000, 2000), 1.0, 1.0, screen, minimum) == screen


def test_a_window_saved_at_another_scale_reopens_at_the_same_physical_size(ctx, qtbot):
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.resize(1000, 700)
    first.save_layout()
    assert ctx.settings.value("window/ratio") == first.devicePixelRatioF()
    # As if saved at 50 % (every logical pixel half as big): 1600×1200 logical then is the
    # same on the screen as 800×600 now, which the window's minimum then widens.
    ctx.settings.setValue("window/ratio", first.devicePixelRatioF() / 2)
    ctx.settings.setValue("window/size", QSize(1600, 1200))
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert again.size() == QSize(960, 600)


def test_run_again_and_merge_are_as_tall_as_what_they_say(ctx, qtbot):
    from pscp_training.services.people import people
    from pscp_training.ui.people.merge_dialog import MergeDialog
    from pscp_training.ui.sessions.session_dialog import RunAgainDialog

    s = factories.session(ctx.db, start=now_utc() + timedelta(days=3))
    again = RunAgainDialog(ctx, catalogue.get_session(ctx.db, s.id))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.height() <= again.layout_.totalHeightForWidth(again.width()) + 2

    first, second = factories.delegate(ctx.db, "Amara", "Okafor"), factories.delegate(
        ctx.db, "Amara", "Okafor")
    merge = MergeDialog(ctx, people.get_delegate(ctx.db, first.id),
                        people.get_delegate(ctx.db, second.id))
    qtbot.addWidget(merge)
    merge.show()
    qtbot.waitExposed(merge)
    assert not merge.clashes.isVisible()
    # A line or so of slack at most, not the 600 pixels it opened with, half of them empty.
    assert merge.height() <= merge.layout().totalHeightForWidth(merge.width()) + 30

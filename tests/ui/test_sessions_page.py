"""The Sessions page over a real database: paging, sorting and filtering in SQL, cancel, run again."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from pscp_training.domain.enums import BookingStatus, SessionStatus
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.sessions import catalogue
from pscp_training.ui.sessions.session_dialog import RunAgainDialog
from pscp_training.ui.sessions.sessions_page import SessionsPage
from tests import factories


@pytest.fixture
def page(ctx, qtbot):
    widget = SessionsPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    widget.year.setCurrentIndex(0)  # all years
    return widget


def _future(days: int):
    return now_utc() + timedelta(days=days)


def test_the_list_fetches_a_page_at_a_time_in_the_databases_order(ctx, page, qtbot):
    course_a = factories.course(ctx.db, code="AAA", title="Alpha")
    course_b = factories.course(ctx.db, code="BBB", title="Beta")
    for n in range(12):
        factories.session(ctx.db, course_id=(course_a if n % 2 else course_b).id,
                          start=_future(n + 1))
    page.model.page_size = 5
    page.apply_filters()
    assert page.model.rowCount() == 5
    assert page.model.canFetchMore()
    assert page.count_label.text() == "12 sessions"
    page.model.fetchMore()
    page.model.fetchMore()
    assert page.model.rowCount() == 12
    assert not page.model.canFetchMore()
    starts = [s.start for s in page.model.records()]
    assert starts == sorted(starts)

    # Clicking the Code header asks the database again, sorted by code, from the first page.
    header = page.view.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.viewport().rect().topLeft() + _centre_of(header, 1))
    assert page.model.sort_key == "course_code"
    assert page.model.rowCount() == 5
    shown = [page.model.index(r, 1).data() for r in range(5)]
    assert shown == ["AAA"] * 5
    page.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert [page.model.index(r, 1).data() for r in range(5)] == ["BBB"] * 5


def _centre_of(header, section):
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, 5)


def test_filters_search_and_remembered(ctx, page, qtbot, ui_settings):
    dsl = factories.course(ctx.db, code="DSL1", title="Designated Safeguarding Lead")
    neglect = factories.course(ctx.db, code="NEG", title="Neglect")
    catalogue.create_session(ctx.db, catalogue.SessionForm(
        course_id=dsl.id, start=_future(3), venue="Guildhall", capacity=10))
    other = catalogue.create_session(ctx.db, catalogue.SessionForm(
        course_id=neglect.id, start=_future(4), venue="Civic Offices", capacity=10))
    catalogue.cancel_session(ctx.db, other.id)
    page.refresh()
    assert page.model.rowCount() == 2

    page.course.setCurrentIndex(page.course.findData(dsl.id))
    assert [s.course_code for s in page.model.records()] == ["DSL1"]
    page.course.setCurrentIndex(0)
    page.status.setCurrentIndex(page.status.findData(SessionStatus.CANCELLED.value))
    assert [s.venue for s in page.model.records()] == ["Civic Offices"]
    assert page.model.index(0, 8).data() == "Cancelled"
    page.status.setCurrentIndex(0)
    qtbot.keyClicks(page.search_box, "guildhall")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.model.record_at(0).venue == "Guildhall"

    # Another visit to the page starts with the same filters.
    again = SessionsPage(ctx)
    qtbot.addWidget(again)
    assert again.search_box.text() == "guildhall"
    assert again.model.rowCount() == 1

    qtbot.keyClicks(page.search_box, " nothing-like-this")
    qtbot.waitUntil(lambda: page.table.is_empty, timeout=2000)
    assert page.table.empty_label.text() == "No sessions match these filters."


def test_cancel_a_session_lists_the_people_to_tell(ctx, page, qtbot, monkeypatch):
    session = factories.session(ctx.db, capacity=1, start=_future(10))
    amy = factories.delegate(ctx.db, "Amy", "Booked", email="amy@example.org")
    ben = factories.delegate(ctx.db, "Ben", "Waiting", email="ben@example.org")
    for person in (amy, ben):
        bookings.book(ctx.db, session_id=session.id, delegate_id=person.id)
    page.refresh()
    page.view.selectRow(0)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    dialog = page.people_to_tell
    assert dialog.isVisible()
    listing = dialog.listing.toPlainText()
    assert "Amy Booked" in listing and "Ben Waiting" in listing
    assert dialog.emails == "amy@example.org; ben@example.org"
    assert page.model.record_at(0).status == SessionStatus.CANCELLED
    assert not page.cancel_button.isEnabled()
    statuses = {b.full_name: b.status for b in bookings.list_bookings(ctx.db, session.id)}
    assert statuses == {"Amy Booked": BookingStatus.CANCELLED,
                        "Ben Waiting": BookingStatus.CANCELLED}
    copy = [b for b in dialog.findChildren(type(page.new_button)) if b.text() == "Copy emails"][0]
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "amy@example.org; ben@example.org"


def test_run_again_on_another_day_copies_the_details_not_the_bookings(ctx, page, qtbot):
    session = factories.session(ctx.db, capacity=12, start=_future(2))
    bookings.book(ctx.db, session_id=session.id, delegate_id=factories.delegate(ctx.db).id)
    page.refresh()
    page.view.selectRow(0)
    dialog = page.run_again()
    assert isinstance(dialog, RunAgainDialog)
    dialog.day.setDate(dialog.day.date().addDays(14))
    dialog.save()
    assert dialog.saved is not None
    copy = catalogue.get_session(ctx.db, dialog.saved.id)
    assert (copy.course_id, copy.venue, copy.capacity, copy.duration_minutes) == (
        session.course_id, session.venue, session.capacity, session.duration_minutes)
    assert copy.booked == 0
    assert page.model.rowCount() == 2


def test_an_empty_list_says_how_to_add_a_session_or_that_the_filters_hide_them(ctx, page):
    assert page.table.is_empty
    assert page.table.empty_label.text().startswith("No sessions yet. Add one with")
    page.year.setCurrentIndex(1)  # this financial year
    assert page.table.empty_label.text().startswith(
        f"No sessions in {page.year.currentText()} yet.")
    factories.session(ctx.db, start=_future(3))
    page.search_box.setText("no such venue")
    page.apply_filters()
    assert page.table.is_empty
    assert page.table.empty_label.text() == "No sessions match these filters."

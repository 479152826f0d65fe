"""Nothing cut off: every page and dialog at 1280×720 and at 150 % of a 1600×1000 screen.

At 150 % a 1600×1000 screen is 1066×666 logical pixels: the window is laid out in that
room, so testing the logical size catches what the scale factor clips ("Financial yea").
"""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QTableView

from pscp_training.domain.enums import Agency, BookingStatus
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.sessions import attendance
from pscp_training.ui.people.delegate_dialog import DelegateDialog
from pscp_training.ui.people.organisation_dialog import OrganisationDialog
from pscp_training.ui.shell.main_window import PAGES, MainWindow
from tests import factories
from tests.ui.layout_check import clipped

SIZES = {"1280x720": (1280, 720), "150% of 1600x1000": (1066, 666)}


def _settle(qtbot) -> None:
    qtbot.wait(1)


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def window(request, ctx, qtbot):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(*SIZES[request.param])
    win.show()
    qtbot.waitExposed(win)
    return win


def _data(db):
    course = factories.course(db, code="WT-FOUND",
                              title="Working Together: multi-agency safeguarding foundation")
    session = factories.session(db, course_id=course.id, start=now_utc() + timedelta(days=5),
                                capacity=3)
    for n in range(4):
        person = factories.delegate(db, "Siobhán", f"O’Brien-Nguyễn {n}")
        bookings.book(db, session_id=session.id, delegate_id=person.id)
    single = factories.session(db, start=now_utc() - timedelta(hours=3), agency=Agency.SINGLE,
                               capacity=None)
    # A register still to mark, so that Home's lower lists are measured with a row in each.
    past = factories.session(db, course_id=course.id, start=now_utc() - timedelta(days=3))
    bookings.book(db, session_id=past.id, delegate_id=factories.delegate(db, "Ann", "Past").id,
                  now=now_utc() - timedelta(days=9))
    factories.organisation(db, "Portsmouth Hospitals University NHS Trust", "Health")
    attendance.set_headcount(db, single.id, "Portsmouth Hospitals University NHS Trust", 25)
    return session, single


def _check(name: str, widget, qtbot, found: dict) -> None:
    _settle(qtbot)
    problems = clipped(widget)
    if problems:
        found[name] = problems


def test_no_label_or_button_is_cut_off_on_any_page_or_dialog(window, ctx, qtbot):
    session, single = _data(ctx.db)
    found: dict[str, list[str]] = {}
    for key, _label, _factory in PAGES:
        page = window.show_page(key)
        _check(key, window, qtbot, found)
        tabs = getattr(page, "tabs", None)
        for index in range(1, tabs.count() if tabs is not None else 0):
            tabs.setCurrentIndex(index)
            _check(f"{key} tab {index}", window, qtbot, found)

    # Home's lists show every column without scrolling sideways; the course title gives way.
    home = window.show_page("home")
    _settle(qtbot)
    for view in home.findChildren(QTableView):
        header = view.horizontalHeader()
        used = sum(header.sectionSize(c) for c in range(header.count()))
        assert used <= view.viewport().width(), view.objectName()

    # The Reports page scrolls as one: nothing in it wider than the window, and the
    # evaluations below grow with their text rather than scrolling inside the page.
    reports = window.show_page("reports")
    scroll = reports.findChild(QScrollArea)
    _settle(qtbot)
    assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()
    assert reports.evaluations.panel.verticalScrollBarPolicy() == \
        Qt.ScrollBarPolicy.ScrollBarAlwaysOff

    page = window.open_session(session.id)
    for index in range(page.tabs.count()):
        if page.tabs.isTabVisible(index):
            page.tabs.setCurrentIndex(index)
            _check(f"session tab {index}", window, qtbot, found)
    page.tabs.setCurrentIndex(0)
    page.book_box.search.setText("Amara Okafor")
    page.book_box.show_new_form()
    _check("new delegate form", window, qtbot, found)
    page.book_box.new_form.hide()
    window.open_session(single.id).show_tab("headcounts")
    _check("single-agency session", window, qtbot, found)

    window.open_session(session.id)
    page.bookings.show_status(BookingStatus.BOOKED)
    page.bookings.views[BookingStatus.BOOKED].selectRow(0)
    dialogs = {
        "edit session": page.edit, "run again": page.run_again, "walk-in": page.add_walk_in,
        "pass to a colleague": page.substitute, "transfer": page.transfer,
        "new session": window.new_session, "new course": window.new_course,
        "settings": window.open_settings, "guide": window.open_guide,
        "import": window.import_file,
        "delegate": lambda: DelegateDialog(ctx, None, window),
        "organisation": lambda: OrganisationDialog(ctx, None, window),
    }
    for name, make in dialogs.items():
        dialog = make()
        dialog.show()
        qtbot.waitExposed(dialog)
        _check(name, dialog, qtbot, found)
        dialog.hide()
        dialog.deleteLater()
    assert found == {}

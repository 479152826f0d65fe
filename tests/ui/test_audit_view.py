"""The History tab: a session's changes listed by who, when and what, refreshed, and exported."""

import csv

import pytest

from pscp_training.db.audit import acting_as
from pscp_training.domain.enums import Attendance
from pscp_training.services.bookings import bookings
from pscp_training.services.sessions import attendance, catalogue
from pscp_training.ui.common.audit_view import AuditView
from pscp_training.ui.shell.main_window import MainWindow
from tests import factories


@pytest.fixture
def window(ctx, qtbot):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win


def _rows(view: AuditView) -> list[list[str]]:
    model = view.model
    return [
        [str(model.index(r, c).data() or "") for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_the_session_screen_lists_who_changed_what(window, ctx, qtbot, tmp_path):
    training = factories.session(ctx.db, capacity=3, start=factories.NOW)
    person = factories.delegate(ctx.db, "Zoë", "Brown")
    with acting_as("Jo Bloggs"):
        booking = bookings.book(
            ctx.db,
            session_id=training.id,
            delegate_id=person.id,
            now=factories.NOW.replace(hour=6),
        )
        attendance.mark(ctx.db, booking.id, Attendance.ATTENDED, now=factories.NOW)

    page = window.open_session(training.id)
    page.tabs.setCurrentWidget(page.history)
    history = page.history
    qtbot.waitUntil(lambda: history.model.rowCount() == 3, timeout=3000)
    newest = _rows(history)[0]
    assert newest[1:4] == ["Jo Bloggs", "Changed", "Booking of Zoë Brown"]
    assert newest[4] == "the attendance: unmarked → attended"
    assert "by Jo Bloggs" in history.note.text()

    # Someone else's change arrives: the tab shows it after the change news (or F5).
    form = catalogue.SessionForm(
        course_id=training.course_id,
        start=training.start,
        end=training.end,
        venue="Guildhall",
        capacity=3,
    )
    with acting_as("Sam Admin"):
        catalogue.update_session(ctx.db, training.id, form)
    ctx.changes.changed.emit("sessions")
    qtbot.waitUntil(lambda: history.model.rowCount() == 4, timeout=3000)
    assert _rows(history)[0][1] == "Sam Admin"

    history.export_to(tmp_path / "history.csv")
    with (tmp_path / "history.csv").open(encoding="utf-8-sig") as handle:
        exported = list(csv.DictReader(handle))
    assert {"who": "Sam Admin", "before": "Civic Offices", "after": "Guildhall"}.items() <= (
        exported[-1].items()
    )


def test_a_delegates_history_opens_from_the_delegates_page(ctx, qtbot):
    from pscp_training.services.people import people
    from pscp_training.ui.people.people_page import PeoplePage

    person = factories.delegate(ctx.db, "Ann", "Lee")
    with acting_as("Jo Bloggs"):
        people.save_delegate(
            ctx.db,
            delegate_id=person.id,
            first_name="Ann",
            last_name="Lee",
            email=person.email,
            job_role="School nurse",
            organisation_id=person.organisation_id,
        )
    page = PeoplePage(ctx)
    qtbot.addWidget(page)
    page.show_delegate(person.id)
    assert page.history_button.isEnabled()
    dialog = page.show_history()
    qtbot.addWidget(dialog)
    rows = _rows(dialog.history)
    assert [row[1:3] for row in rows] == [["Jo Bloggs", "Changed"], [rows[1][1], "Added"]]
    assert rows[0][4] == "the job role: (blank) → School nurse"
    assert dialog.windowTitle() == "History of Ann Lee"


def test_a_long_change_is_shown_whole_on_a_taller_row(window, ctx, qtbot):
    training = factories.session(ctx.db, capacity=3, start=factories.NOW)
    with acting_as("Jo Bloggs"):
        bookings.book(ctx.db, session_id=training.id,
                      delegate_id=factories.delegate(ctx.db, "Zoë", "Brown").id,
                      now=factories.NOW.replace(hour=6))
    window.resize(1000, 700)  # the booking's created values need more than one line here
    page = window.open_session(training.id)
    page.tabs.setCurrentWidget(page.history)
    history = page.history
    qtbot.waitUntil(lambda: history.model.rowCount() >= 1, timeout=3000)
    view = history.view
    added = next(r for r in range(history.model.rowCount())
                 if history.model.index(r, 2).data() == "Added")
    assert view.rowHeight(added) > view.verticalHeader().defaultSectionSize()
    assert view.rowHeight(added) >= view.sizeHintForRow(added)

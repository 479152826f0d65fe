"""Two PCs marking one register: the second save over marks it has not seen is refused."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from pscp_training.db.audit import acting_as
from pscp_training.db.engine import Database
from pscp_training.domain.enums import Attendance
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.ui.common.context import AppContext, ChangeHub
from pscp_training.ui.common.tasks import TaskRunner
from pscp_training.ui.sessions.session_page import SessionPage
from tests import factories


@pytest.fixture
def other_pc(db_url, ui_settings):
    """A second PC's app on the same database: its own connection pool and its own change news."""
    database = Database(db_url)
    yield AppContext(db=database, tasks=TaskRunner(synchronous=True), changes=ChangeHub(),
                     settings=ui_settings)
    database.dispose()


@pytest.fixture
def todays_session(ctx):
    """A session starting in a minute (its register is open) with three confirmed places."""
    session = factories.session(ctx.db, capacity=10, start=now_utc() + timedelta(minutes=1))
    for first, last in (("Ada", "Adams"), ("Ben", "Baker"), ("Cara", "Cole")):
        person = factories.delegate(ctx.db, first, last)
        bookings.book(ctx.db, session_id=session.id, delegate_id=person.id)
    return session


def open_register(qtbot, ctx, session_id: int) -> SessionPage:
    page = SessionPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.show_session(session_id)
    page.tabs.setCurrentIndex(1)  # the Register tab
    page.register.setFocus()
    return page


def press_on_row(qtbot, page: SessionPage, row: int, key) -> None:
    page.register.setCurrentIndex(page.register_model.index(row, 0))
    qtbot.keyClick(page.register, key)


def shown_marks(page: SessionPage) -> list[str]:
    model = page.register_model
    return [model.index(row, 2).data() for row in range(model.rowCount())]


def saved_marks(db, session_id: int) -> dict[str, Attendance]:
    return {b.full_name: b.attendance for b in bookings.list_bookings(db, session_id)}


def test_a_mark_over_someone_elses_is_refused_and_the_register_reloads(
        ctx, other_pc, todays_session, qtbot, error_boxes):
    mine = open_register(qtbot, ctx, todays_session.id)
    theirs = open_register(qtbot, other_pc, todays_session.id)

    with acting_as("Jo Bloggs"):
        press_on_row(qtbot, theirs, 0, Qt.Key.Key_A)       # Jo: Ada attended
    assert shown_marks(mine)[0] == "–  Not marked"           # my register has not heard yet
    press_on_row(qtbot, mine, 0, Qt.Key.Key_X)              # me: Ada absent, from the old version

    assert saved_marks(ctx.db, todays_session.id)["Ada Adams"] == Attendance.ATTENDED
    [message] = error_boxes()
    assert message.startswith(
        "Someone else saved a change to Ada Adams's attendance while you were editing it.")
    assert "Jo Bloggs changed" in message
    # The register has already reloaded: the message says so instead of asking for a reload.
    assert message.endswith(
        "The register now shows their change; make yours again if it is still needed.")
    assert "Reload" not in message
    # My register now shows Jo's mark, keeps its place, and marking again from it is accepted.
    assert shown_marks(mine) == ["✓  Attended", "–  Not marked", "–  Not marked"]
    assert mine.register.currentIndex().row() == 0
    qtbot.keyClick(mine.register, Qt.Key.Key_X)
    assert saved_marks(ctx.db, todays_session.id)["Ada Adams"] == Attendance.ABSENT
    assert shown_marks(mine)[0] == "✗  Absent"


def test_marking_one_row_quickly_is_not_taken_for_someone_else(
        ctx, todays_session, qtbot, error_boxes):
    # Saves run in the background, as in the app: keys come faster than the saves return.
    quick = AppContext(db=ctx.db, tasks=TaskRunner(), changes=ChangeHub(), settings=ctx.settings)
    mine = open_register(qtbot, quick, todays_session.id)
    press_on_row(qtbot, mine, 1, Qt.Key.Key_Space)          # attended
    qtbot.keyClick(mine.register, Qt.Key.Key_Space)         # absent
    qtbot.keyClick(mine.register, Qt.Key.Key_Space)         # attended
    qtbot.keyClick(mine.register, Qt.Key.Key_Space)         # absent
    assert quick.tasks.wait_idle(10_000)
    assert error_boxes() == []
    assert saved_marks(ctx.db, todays_session.id)["Ben Baker"] == Attendance.ABSENT
    assert shown_marks(mine)[1] == "✗  Absent"


def test_mark_all_attended_refused_when_someone_marked_one_meanwhile(
        ctx, other_pc, todays_session, qtbot, error_boxes):
    mine = open_register(qtbot, ctx, todays_session.id)
    theirs = open_register(qtbot, other_pc, todays_session.id)
    press_on_row(qtbot, theirs, 1, Qt.Key.Key_X)            # the other PC: Ben absent

    qtbot.mouseClick(mine.mark_all_button, Qt.MouseButton.LeftButton)

    # All or nothing: Ben stays absent and nobody else was marked by my click.
    assert saved_marks(ctx.db, todays_session.id) == {
        "Ada Adams": Attendance.UNMARKED, "Ben Baker": Attendance.ABSENT,
        "Cara Cole": Attendance.UNMARKED}
    [message] = error_boxes()
    assert "Ben Baker's attendance while you were editing it" in message
    assert shown_marks(mine) == ["–  Not marked", "✗  Absent", "–  Not marked"]
    # From the reloaded register, Mark all attended leaves Ben's absence alone.
    qtbot.mouseClick(mine.mark_all_button, Qt.MouseButton.LeftButton)
    assert saved_marks(ctx.db, todays_session.id) == {
        "Ada Adams": Attendance.ATTENDED, "Ben Baker": Attendance.ABSENT,
        "Cara Cole": Attendance.ATTENDED}

"""Live refresh: a booking made on another PC shows on this PC's open pages by itself."""

from datetime import timedelta

import pytest

from pscp_training.db.audit import acting_as
from pscp_training.db.engine import Database
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.ui.home.home_page import HomePage
from pscp_training.ui.sessions.sessions_page import SessionsPage
from pscp_training.ui.shell.live_refresh import LiveRefresh
from tests import factories


@pytest.fixture
def live(ctx):
    refresh = LiveRefresh(ctx.changes).start(ctx.db)
    yield refresh
    refresh.stop()


def _shared_database_only(ctx):
    if ctx.db.dialect != "postgresql":
        pytest.skip("live refresh is for a shared PostgreSQL database")


def test_on_an_sqlite_file_nothing_listens(ctx, live, only_sqlite):
    # One PC on its own SQLite file: nobody else to hear from, no thread started.
    assert not live.listening and live.listener._thread is None


def test_another_pcs_booking_refreshes_home_and_sessions_by_itself(ctx, db_url, live, qtbot):
    _shared_database_only(ctx)
    assert live.listener.listening.wait(10)
    session = factories.session(ctx.db, capacity=5, start=now_utc() + timedelta(days=2))
    home = HomePage(ctx)
    sessions = SessionsPage(ctx)
    for page in (home, sessions):
        qtbot.addWidget(page)
        page.show()
    sessions.year.setCurrentIndex(0)  # all years
    assert home.upcoming.index(0, 3).data() == "0 / 5"
    assert sessions.model.record_at(0).booked == 0

    other_pc = Database(db_url)
    try:
        with acting_as("Jo Bloggs"):
            bookings.book(other_pc, session_id=session.id,
                          delegate_id=factories.delegate(other_pc).id)
    finally:
        other_pc.dispose()

    qtbot.waitUntil(lambda: home.upcoming.index(0, 3).data() == "1 / 5", timeout=10_000)
    qtbot.waitUntil(lambda: sessions.model.record_at(0).booked == 1, timeout=10_000)


def test_this_pcs_own_saves_are_not_heard_again(ctx, db_url, live, qtbot):
    _shared_database_only(ctx)
    assert live.listener.listening.wait(10)
    heard: list[str] = []
    ctx.changes.changed.connect(heard.append)
    session = factories.session(ctx.db, capacity=5, start=now_utc() + timedelta(days=2))
    bookings.book(ctx.db, session_id=session.id, delegate_id=factories.delegate(ctx.db).id)
    # News arrives in commit order: when another PC's later save is heard and nothing came
    # before it, this PC's own booking was never announced back to it.
    other_pc = Database(db_url)
    try:
        factories.delegate(other_pc)
    finally:
        other_pc.dispose()
    qtbot.waitUntil(lambda: heard == ["delegates"], timeout=10_000)

"""The Home page over a real database: what is coming up, what needs doing, the year so far."""

from datetime import timedelta

from PySide6.QtCore import Qt

from pscp_training.domain.years import FinancialYear, now_utc
from pscp_training.services.bookings import bookings
from pscp_training.ui.home.home_page import HomePage
from tests import factories


def _page(ctx, qtbot) -> HomePage:
    page = HomePage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page


def test_an_empty_database_shows_calm_empty_states(ctx, qtbot):
    page = _page(ctx, qtbot)
    holders = {label: holder for label, holder in _holders(page).items()}
    assert holders["No sessions in the next four weeks."].is_empty
    assert holders["Every register is marked."].is_empty
    assert holders["Nobody is waiting for a place."].is_empty
    year = FinancialYear.of(now_utc()).label
    assert f"{year} so far:" in page.totals.text()
    assert "0 sessions run · 0 bookings · 0 attended · attendance –" in page.totals.text()


def _holders(page):
    from pscp_training.ui.common.table_view import EmptyStateTable

    return {h.empty_label.text(): h for h in page.findChildren(EmptyStateTable)}


def test_upcoming_waiting_lists_and_registers_to_mark_open_their_session(ctx, qtbot):
    now = now_utc()
    soon = factories.session(ctx.db, capacity=1, start=now + timedelta(days=2))
    factories.session(ctx.db, capacity=5, start=now + timedelta(days=40))
    past = factories.session(ctx.db, capacity=5, start=now - timedelta(days=3))
    for _ in range(2):
        person = factories.delegate(ctx.db)
        bookings.book(ctx.db, session_id=soon.id, delegate_id=person.id)
        bookings.book(ctx.db, session_id=past.id, delegate_id=person.id,
                      now=now - timedelta(days=10))
    page = _page(ctx, qtbot)
    assert [s.id for s in page.upcoming.records()] == [soon.id]
    assert page.upcoming.index(0, 3).data() == "1 / 1"
    assert page.upcoming.index(0, 4).data() == "1"
    assert [s.id for s in page.waiting.records()] == [soon.id]
    assert [(u.session.id, u.unmarked) for u in page.unmarked.records()] == [(past.id, 2)]
    assert "1 session run · 2 bookings · 0 attended" in page.totals.text()
    assert page.totals.text().endswith("attendance 0.0% — 1 register still to mark")

    opened = []
    # A register to mark opens on its Register tab.
    ctx.changes.open_session_on.connect(lambda session_id, tab: opened.append((session_id, tab)))
    views = {h.empty_label.text(): h.view for h in _holders(page).values()}
    view = views["Every register is marked."]
    view.selectRow(0)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened == [(past.id, "register")]

    # A booking elsewhere refreshes the page.
    bookings.book(ctx.db, session_id=soon.id, delegate_id=factories.delegate(ctx.db).id)
    ctx.changes.changed.emit("bookings")
    assert page.upcoming.index(0, 4).data() == "2"

"""Long lists read what is shown (issue 24): the Sessions list opens at today from one page
or two, not every session before it; the rows above come when scrolled up to; a session's
booking tabs read their list when first shown."""

from datetime import timedelta

from pscp_training.domain.enums import BookingStatus
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.sessions import catalogue
from pscp_training.ui.sessions.session_page import SessionPage
from pscp_training.ui.sessions.sessions_page import SessionsPage
from tests import factories


def test_all_years_opens_at_today_reading_a_page_either_side_not_every_session(ctx, qtbot):
    course = factories.course(ctx.db)
    for days in range(-60, 0):
        factories.session(ctx.db, course_id=course.id, start=now_utc() + timedelta(days=days))
    today = factories.session(ctx.db, course_id=course.id, start=now_utc() + timedelta(days=1))
    for days in range(2, 40):
        factories.session(ctx.db, course_id=course.id, start=now_utc() + timedelta(days=days))
    page = SessionsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 400)
    page.show()
    qtbot.waitExposed(page)
    page.model.page_size = 20
    page.year.setCurrentIndex(0)  # all years: 99 sessions, 60 of them before today
    model = page.model
    before = model.rows_fetched
    page.apply_filters()
    assert model.rows_fetched - before == 40  # a page before today's session and one from it
    assert model.first_offset == 40
    assert page.current_session().id == today.id
    assert page.count_label.text() == "99 sessions"

    # Scrolled to the top, the list reads the sessions above a page at a time, the rows in
    # sight staying in sight, until it reaches the first.
    view = page.view
    for _ in range(40):
        top = model.record_at(view.rowAt(0))
        view.scrollToTop()
        qtbot.wait(1)
        if model.first_offset:
            assert model.record_at(view.rowAt(0)) == top
        else:
            break
    assert model.first_offset == 0
    while model.canFetchMore():
        model.fetchMore()
    shown = model.records()
    assert [s.id for s in shown] == [s.id for s in catalogue.list_sessions(ctx.db)]
    assert model.rows_fetched - before == 99  # each session read once


def test_a_sessions_booking_tabs_read_their_list_when_first_shown(ctx, qtbot):
    session = factories.session(ctx.db, capacity=1, start=now_utc() + timedelta(days=5))
    names = ("Amy", "Ben", "Cat", "Dan")
    places = [bookings.book(ctx.db, session_id=session.id,
                            delegate_id=factories.delegate(ctx.db, name, "Person").id)
              for name in names]
    bookings.cancel(ctx.db, places[3].id)
    page = SessionPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.show_session(session.id)
    tabs = page.bookings
    read = {status: model.rows_fetched for status, model in tabs.models.items()}
    assert read[BookingStatus.BOOKED] == 1  # the register and the emails need them
    assert read[BookingStatus.WAITLISTED] == read[BookingStatus.CANCELLED] == 0
    assert tabs.tabText(1) == "&Waiting list (2)"  # the counts, though, from the start

    tabs.show_status(BookingStatus.WAITLISTED)
    assert tabs.models[BookingStatus.WAITLISTED].rows_fetched == 2
    assert [tabs.models[BookingStatus.WAITLISTED].index(r, 1).data() for r in range(2)] == [
        "Ben Person", "Cat Person"]
    assert tabs.models[BookingStatus.CANCELLED].rows_fetched == 0
    tabs.show_status(BookingStatus.CANCELLED)
    assert tabs.names(BookingStatus.CANCELLED) == ["Dan Person"]
    tabs.show_status(BookingStatus.BOOKED)
    tabs.show_status(BookingStatus.CANCELLED)  # shown again: not read again
    assert tabs.models[BookingStatus.CANCELLED].rows_fetched == 1

    # After a change the lists are read again, each when next shown.
    bookings.cancel(ctx.db, places[0].id)  # Ben moves up from the waiting list
    page.show_session(session.id)
    assert tabs.names(BookingStatus.CANCELLED) == ["Amy Person", "Dan Person"]
    assert tabs.names(BookingStatus.BOOKED) == ["Ben Person"]
    assert tabs.names(BookingStatus.WAITLISTED) == ["Cat Person"]


def test_a_long_tab_is_read_a_page_at_a_time_in_the_lists_order(ctx, qtbot):
    session = factories.session(ctx.db, capacity=20, start=now_utc() + timedelta(days=5))
    for name in ("Zed", "amy", "Bob", "cat", "Dan", "Eve", "fay"):
        place = bookings.book(ctx.db, session_id=session.id,
                              delegate_id=factories.delegate(ctx.db, "A", name).id)
        bookings.cancel(ctx.db, place.id)
    page = SessionPage(ctx)
    qtbot.addWidget(page)
    page.show()
    tabs = page.bookings
    model = tabs.models[BookingStatus.CANCELLED]
    model.page_size = 3
    page.show_session(session.id)
    tabs.show_status(BookingStatus.CANCELLED)
    assert model.rowCount() == 3
    while model.canFetchMore():
        model.fetchMore()
    assert model.rows_fetched == 7
    expected = bookings.list_bookings(ctx.db, session.id, BookingStatus.CANCELLED)
    assert [b.id for b in model.records()] == [b.id for b in expected]
    assert [b.last_name for b in expected] == ["amy", "Bob", "cat", "Dan", "Eve", "fay", "Zed"]


def test_shown_again_the_list_reads_the_rows_around_those_in_sight_not_all_scrolled_past(
        ctx, qtbot):
    course = factories.course(ctx.db)
    for days in range(-60, 0):
        factories.session(ctx.db, course_id=course.id, start=now_utc() + timedelta(days=days))
    page = SessionsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 300)
    page.show()
    qtbot.waitExposed(page)
    model = page.model
    model.page_size = 5
    page.year.setCurrentIndex(0)  # all years, opened at the last session
    page.apply_filters()
    view = page.view
    for _ in range(30):  # up to the first session
        view.scrollToTop()
        qtbot.wait(1)
    assert model.first_offset == 0 and model.rowCount() == 60
    view.scrollTo(model.index(30, 0), view.ScrollHint.PositionAtTop)
    in_sight = model.record_at(view.rowAt(0))
    before = model.rows_fetched
    page.refresh()  # as when the page is shown again
    assert model.rows_fetched - before == 25  # five pages around the rows in sight
    assert model.record_at(view.rowAt(0)).id == in_sight.id

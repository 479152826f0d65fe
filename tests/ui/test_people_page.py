"""The Delegates & organisations page over a real database: lists, search, sort, record, edits."""

from datetime import timedelta

from PySide6.QtCore import Qt

from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.people import people
from pscp_training.services.sessions import attendance
from pscp_training.ui.people.delegate_dialog import DelegateDialog
from pscp_training.ui.people.organisation_dialog import OrganisationDialog
from pscp_training.ui.people.people_page import PeoplePage
from tests import factories as f
from tests.factories import NOW


def _page(ctx, qtbot):
    page = PeoplePage(ctx)
    qtbot.addWidget(page)
    return page


def _column(model, column):
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_delegates_are_listed_searched_and_sorted_by_the_database(ctx, qtbot):
    db = ctx.db
    busy = f.delegate(db, "Priya", "Shah", email="priya.shah@school.example")
    f.delegate(db, "Tom", "Abbott", org="Solent NHS Trust", sector="Health")
    f.delegate(db, "Zoë", "Nguyễn", org=None)
    for _ in range(2):
        bookings.book(db, session_id=f.session(db).id, delegate_id=busy.id, now=NOW)
    page = _page(ctx, qtbot)
    names = page.delegates
    assert _column(names, 0) == ["Abbott, Tom", "Nguyễn, Zoë", "Shah, Priya"]
    assert page.delegate_count.text() == "3 delegates"

    page.delegate_view.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # Bookings
    assert _column(names, 0)[0] == "Shah, Priya"
    assert _column(names, 4)[0] == "2"
    assert names.data(names.index(0, 4), Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight

    page.delegate_search.setText("solent")
    qtbot.waitUntil(lambda: _column(names, 0) == ["Abbott, Tom"])
    assert page.delegate_count.text() == "1 delegate matching “solent”"
    page.delegate_search.setText("tom health")  # a name and a sector
    page.apply_delegate_search()
    assert _column(names, 0) == ["Abbott, Tom"]
    page.delegate_search.setText("nobody-like-this")
    page.apply_delegate_search()
    assert names.rowCount() == 0
    assert page.delegate_count.text() == "No delegate matches “nobody-like-this”."


def test_an_empty_database_says_what_to_do(ctx, qtbot):
    page = _page(ctx, qtbot)
    assert "No delegates yet" in page.delegate_count.text()
    assert "No organisations yet" in page.organisation_count.text()


def test_the_list_fetches_a_page_at_a_time(ctx, qtbot):
    for n in range(12):
        f.delegate(ctx.db, "Sam", f"Person{n:02d}", org=None)
    page = _page(ctx, qtbot)
    page.delegates.page_size = 5
    page.apply_delegate_search()
    assert page.delegates.rowCount() == 5 and page.delegates.canFetchMore()
    page.delegates.fetchMore()
    page.delegates.fetchMore()
    assert page.delegates.rowCount() == 12 and not page.delegates.canFetchMore()
    assert page.delegate_count.text() == "12 delegates"


def test_training_record_shows_every_booking_and_opens_a_session(ctx, qtbot):
    db = ctx.db
    person = f.delegate(db, "Ann", "Lee")
    past = f.session(db, start=NOW - timedelta(days=400), capacity=5)  # 2021-22
    cancelled_on = f.session(db, capacity=5)
    full = f.session(db, capacity=0)
    b = bookings.book(db, session_id=past.id, delegate_id=person.id, now=NOW - timedelta(days=500))
    attendance.mark(db, b.id, "attended", now=NOW)
    c = bookings.book(db, session_id=cancelled_on.id, delegate_id=person.id, now=NOW)
    bookings.cancel(db, c.id, now=NOW)
    bookings.book(db, session_id=full.id, delegate_id=person.id, now=NOW)

    page = _page(ctx, qtbot)
    page.show_delegate(person.id)
    record = page.record
    assert record.rowCount() == 3
    outcomes = sorted(_column(record, 3))
    assert outcomes == ["Attended", "Cancelled", "Waiting list (1)"]
    assert set(_column(record, 1)) == {"2021-22", "2022-23"}
    assert "3 bookings, 1 attended, over 2 financial years" in page.record_title.text()

    page.show()
    qtbot.waitExposed(page)
    view = page.record_view
    row = [record.session_at(r).id for r in range(3)].index(past.id)
    where = view.visualRect(record.index(row, 2)).center()
    with qtbot.waitSignal(ctx.changes.open_session) as opened:
        # Qt's test double-click needs the press of a first click before it, as a person's has.
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened.args == [past.id]


def test_a_place_on_a_session_that_ran_unmarked_says_so(ctx, qtbot):
    db = ctx.db
    person = f.delegate(db, "Ann", "Lee")
    ran = f.session(db, start=NOW - timedelta(days=2), capacity=5)
    bookings.book(db, session_id=ran.id, delegate_id=person.id, now=NOW - timedelta(days=9))
    coming = f.session(db, start=now_utc() + timedelta(days=9), capacity=5)
    bookings.book(db, session_id=coming.id, delegate_id=person.id)
    page = _page(ctx, qtbot)
    page.show_delegate(person.id)
    record = page.record
    shown = dict(zip([record.session_at(r).id for r in range(record.rowCount())],
                     _column(record, 3), strict=True))
    assert shown == {ran.id: "Booked, not marked", coming.id: "Booked"}


def test_editing_a_delegate_saves_and_refreshes_the_list(ctx, qtbot):
    person = f.delegate(ctx.db, "Jo", "Bloggs", email="jo@a.example")
    page = _page(ctx, qtbot)
    dialog = DelegateDialog(ctx, people.get_delegate(ctx.db, person.id), page)
    qtbot.addWidget(dialog)
    assert dialog.organisation.currentText() == "Arundel Court Primary School (Education)"
    dialog.email.setText("jo.bloggs@b.example")
    dialog.job_role.setText("Head teacher")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert people.get_delegate(ctx.db, person.id).email == "jo.bloggs@b.example"
    assert _column(page.delegates, 1) == ["jo.bloggs@b.example"]


def test_a_bad_email_is_explained_and_nothing_is_saved(ctx, qtbot, error_boxes):
    person = f.delegate(ctx.db, "Jo", "Bloggs", email="jo@a.example")
    dialog = DelegateDialog(ctx, people.get_delegate(ctx.db, person.id))
    qtbot.addWidget(dialog)
    dialog.email.setText("not an address")
    dialog.save()
    assert error_boxes() == ["'not an address' is not an email address."]
    assert people.get_delegate(ctx.db, person.id).email == "jo@a.example"


def test_organisations_new_and_edit(ctx, qtbot, error_boxes):
    f.organisation(ctx.db, "Portsmouth Hospitals University NHS Trust", "Health")
    page = _page(ctx, qtbot)
    page.tabs.setCurrentIndex(1)
    dialog = OrganisationDialog(ctx, None, page)
    qtbot.addWidget(dialog)
    dialog.name.setText("Little Acorns Nursery")
    dialog.sector.setCurrentText("Early Years")
    dialog.org_type.setText("Day nursery")
    dialog.save()
    orgs = page.organisations
    assert _column(orgs, 0) == ["Little Acorns Nursery", "Portsmouth Hospitals University NHS Trust"]
    assert _column(orgs, 1)[0] == "Early Years" and _column(orgs, 2)[0] == "Day nursery"
    assert page.organisation_count.text() == "2 organisations"

    again = OrganisationDialog(ctx, None, page)
    qtbot.addWidget(again)
    again.name.setText("little acorns nursery ")
    again.save()
    assert error_boxes() == ["There is already an organisation called 'Little Acorns Nursery'."]
    assert orgs.rowCount() == 2

    page.organisation_search.setText("health")
    page.apply_organisation_search()
    assert _column(orgs, 0) == ["Portsmouth Hospitals University NHS Trust"]


def test_two_people_editing_the_same_delegate(ctx, qtbot, error_boxes):
    person = people.get_delegate(ctx.db, f.delegate(ctx.db, "Jo", "Bloggs").id)
    first, second = DelegateDialog(ctx, person), DelegateDialog(ctx, person)
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    first.job_role.setText("Head teacher")
    first.save()
    second.job_role.setText("Deputy head")
    second.save()
    [message] = error_boxes()
    assert message.startswith("Someone else saved a change to Jo Bloggs while you were editing")
    assert people.get_delegate(ctx.db, person.id).job_role == "Head teacher"


def test_two_people_editing_the_same_organisation(ctx, qtbot, error_boxes):
    f.organisation(ctx.db, "Łódź House Nursery", "Early Years")
    page = _page(ctx, qtbot)
    page.tabs.setCurrentIndex(1)
    [shown] = people.list_organisations(ctx.db)
    first, second = OrganisationDialog(ctx, shown, page), OrganisationDialog(ctx, shown, page)
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    first.org_type.setText("Day nursery")
    first.save()
    assert first.result() == first.DialogCode.Accepted
    second.active.setChecked(False)
    second.save()
    [message] = error_boxes()
    assert message.startswith("Someone else saved a change to Łódź House Nursery while you were")
    assert second.result() != second.DialogCode.Accepted  # still open, to reload and redo
    [kept] = people.list_organisations(ctx.db)
    assert (kept.org_type, kept.active) == ("Day nursery", True)
    assert _column(page.organisations, 2) == ["Day nursery"]


def test_a_delegate_edited_from_an_out_of_date_list_is_not_saved_over(ctx, qtbot, error_boxes):
    """The form shows the record as listed: its values and its version go together."""
    listed = people.get_delegate(ctx.db, f.delegate(ctx.db, "Zoë", "Nguyễn").id)
    people.save_delegate(ctx.db, delegate_id=listed.id, first_name="Zoë", last_name="Nguyễn",
                         email=listed.email, job_role="Headteacher",
                         organisation_id=listed.organisation_id)  # another PC, meanwhile
    dialog = DelegateDialog(ctx, listed)
    qtbot.addWidget(dialog)
    assert dialog.job_role.text() == ""  # what the list showed
    dialog.email.setText("zoe.nguyen@example.org")
    dialog.save()
    [message] = error_boxes()
    assert message.startswith("Someone else saved a change to Zoë Nguyễn while you were editing")
    assert people.get_delegate(ctx.db, listed.id).job_role == "Headteacher"

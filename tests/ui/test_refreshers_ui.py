"""The refreshers screens over a real database: the page, the Home tile, Settings, the role."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from pscp_training.services.people import people
from pscp_training.services.refreshers import currency, refresher_settings, requirements
from pscp_training.ui.bookings.book_delegate_box import BookDelegateBox
from pscp_training.ui.home.home_page import HomePage
from pscp_training.ui.people.delegate_dialog import DelegateDialog
from pscp_training.ui.refreshers.refreshers_page import RefreshersPage
from pscp_training.ui.refreshers.settings_tab import RefreshersTab
from tests import factories
from tests.integration.refresher_data import NOW, story


@pytest.fixture
def data(ctx, monkeypatch):
    monkeypatch.setattr(currency, "now_utc", lambda: NOW)
    return story(ctx.db)


def _shown(widget, qtbot):
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_page_lists_organisations_by_due_date_filters_and_shows_people(ctx, qtbot, data):
    page = _shown(RefreshersPage(ctx), qtbot)
    names = [o.name for o in page.organisations.records()]
    assert names == ["Cottage Grove Secondary", "Bramble Infant School",
                     "Arundel Court Primary School"]
    assert "1 of 3" in page.summary.text()
    # Sorting by the status column re-sorts the whole list, not a part of it.
    page.org_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [o.name for o in page.organisations.records()][0] == "Cottage Grove Secondary"
    page.org_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [o.name for o in page.organisations.records()][0] == "Arundel Court Primary School"
    page.org_view.selectRow(1)  # Bramble
    assert [p.full_name for p in page.people.records()] == ["Cat Cole", "Fay Ford"]
    assert page.people.index(1, 4).data() == "02 Oct 2026"
    assert page.people.index(0, 5).data() == "Never trained"
    page.org_type.setCurrentText("Secondary")
    page.refresh()
    assert [o.name for o in page.organisations.records()] == ["Cottage Grove Secondary"]


def test_letters_from_the_page_for_the_chosen_organisation(ctx, qtbot, data, tmp_path,
                                                            monkeypatch):
    page = _shown(RefreshersPage(ctx), qtbot)
    row = next(n for n, o in enumerate(page.organisations.records())
               if o.name == "Bramble Infant School")
    page.org_view.selectRow(row)
    assert page.letters_button.isEnabled()
    import pscp_training.ui.refreshers.refreshers_page as module

    opened = []
    monkeypatch.setattr(module, "offer_to_open", lambda *args: opened.append(args))
    page.write_letters(str(tmp_path / "letters"))
    assert [p.name for p in (tmp_path / "letters").iterdir()] == [
        "DSL training - Bramble Infant School.pdf"]
    assert "Wrote 1 letter" in page.status.text() and opened


def test_home_tile_lists_who_is_due_this_term(ctx, qtbot, data):
    page = _shown(HomePage(ctx), qtbot)
    tile = page.refreshers
    assert [p.full_name for p in tile.model.records()] == ["Cat Cole", "Fay Ford"]
    assert "(2; 1 overdue)" in tile.title.text()
    assert tile.model.index(0, 2).data() == "Never trained"
    opened = []
    ctx.changes.open_delegate.connect(opened.append)
    tile.view.doubleClicked.emit(tile.model.index(1, 0))
    assert opened == [data.fay.id]


def test_delegate_record_sets_the_role(ctx, qtbot, data):
    dialog = _shown(DelegateDialog(ctx, people.get_delegate(ctx.db, data.dan.id)), qtbot)
    assert dialog.role.role() is None
    dialog.role.set_role("deputy_dsl")
    dialog.save()
    assert people.get_delegate(ctx.db, data.dan.id).safeguarding_role == "deputy_dsl"
    (dan,) = currency.delegate_currency(ctx.db, data.dan.id)
    assert dan.due.isoformat() == "2027-09-09"  # his DSL-NEW on 9 September 2025 now counts


def test_booking_box_suggests_the_role_from_a_recognised_job_role(ctx, qtbot, data):
    session = factories.session(ctx.db, course_id=data.ref_course.id,
                                start=NOW + timedelta(days=30), capacity=5)
    box = _shown(BookDelegateBox(ctx), qtbot)
    box.set_session(session.id, True)
    box.search.setText("Gil Grant")
    box.show_new_form()
    form = box.new_form
    form.organisation.setCurrentText("Cottage Grove Secondary")
    form.job_role.setText("Designated Safeguarding Lead")
    form.job_role.editingFinished.emit()
    assert form.role.role() == "dsl"
    box.book_new()
    gil = people.search_delegates(ctx.db, "Gil Grant", limit=5)[0]
    assert gil.safeguarding_role == "dsl"


def test_settings_tab_saves_wordings_and_edits_requirements(ctx, qtbot, data):
    tab = _shown(RefreshersTab(ctx), qtbot)
    assert tab.list.count() == 1 and "DSL training: 2 years" in tab.list.item(0).text()
    tab.wordings[next(iter(tab.wordings))].setText("Designated Safeguarding Lead; DSL; Safeguarding lead")
    tab.months.setValue(6)
    tab.save_settings()
    saved = refresher_settings.get_refresher_settings(ctx.db)
    assert saved.due_soon_months == 6
    assert "Safeguarding lead" in next(iter(saved.wordings.values()))
    tab.list.setCurrentRow(0)
    dialog = tab.edit()
    dialog.years.setValue(3)
    dialog.save()
    assert requirements.list_requirements(ctx.db)[0].period_years == 3
    assert "3 years" in tab.list.item(0).text()

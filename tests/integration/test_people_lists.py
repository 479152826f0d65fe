"""The delegate and organisation lists as the services give them: paged, sorted and searched in SQL."""

from datetime import timedelta

import pytest

from pscp_training.domain.errors import InputError
from pscp_training.services.bookings import bookings
from pscp_training.services.people import organisation_list, people, training_record
from tests import factories as f
from tests.factories import NOW


def _names(rows):
    return [r.delegate.last_name for r in rows]


def test_delegates_sorted_by_counts_with_blanks_last_and_ties_by_name(db):
    busy, idle, some = f.delegate(db, last="Busy"), f.delegate(db, last="Idle"), \
        f.delegate(db, last="Some")
    people.save_delegate(db, delegate_id=None, first_name="No", last_name="Email")
    early = f.session(db, start=NOW + timedelta(days=3), capacity=5)
    late = f.session(db, start=NOW + timedelta(days=30), capacity=5)
    for s in (early, late):
        bookings.book(db, session_id=s.id, delegate_id=busy.id, now=NOW)
    bookings.book(db, session_id=late.id, delegate_id=some.id, now=NOW)

    by_bookings = training_record.list_delegates(db, sort="bookings", descending=True)
    assert _names(by_bookings) == ["Busy", "Some", "Email", "Idle"]
    assert [(r.bookings, r.attended) for r in by_bookings][:2] == [(2, 0), (1, 0)]
    assert by_bookings[0].last_session == late.start
    # Never-booked delegates have no latest session: last, whichever way round.
    for descending in (False, True):
        latest = training_record.list_delegates(db, sort="last_session", descending=descending)
        assert _names(latest)[2:] == ["Email", "Idle"]
    by_email = training_record.list_delegates(db, sort="email")
    assert _names(by_email)[-1] == "Email"  # no email: last
    assert idle.id in [r.delegate.id for r in by_email]


def test_delegate_pages_and_search(db):
    for n in range(7):
        f.delegate(db, "Sam", f"Page{n}", org="Solent NHS Trust", sector="Health")
    f.delegate(db, "Sam", "Teacher")
    pages = [training_record.list_delegates(db, "sam health", offset=o, limit=3)
             for o in (0, 3, 6)]
    assert [_names(p) for p in pages] == [["Page0", "Page1", "Page2"], ["Page3", "Page4", "Page5"],
                                          ["Page6"]]
    assert training_record.count_delegates(db, "sam health") == 7
    assert training_record.count_delegates(db, "SAM") == 8
    f.delegate(db, "Ann", "Under_score")
    f.delegate(db, "Ann", "Underxscore")
    assert _names(training_record.list_delegates(db, "under_")) == ["Under_score"]
    with pytest.raises(InputError, match="cannot be sorted by 'shoe size'"):
        training_record.list_delegates(db, sort="shoe size")


def test_organisations_sorted_by_delegates_and_searched_by_sector(db):
    f.delegate(db, org="Solent NHS Trust", sector="Health")
    f.delegate(db, org="Solent NHS Trust", sector="Health")
    f.delegate(db, org="Little Acorns Nursery", sector="Early Years")
    f.organisation(db, "Empty Charity", "Voluntary & Community")
    rows = organisation_list.list_organisations_page(db, sort="delegates", descending=True)
    assert [(r.organisation.name, r.delegates) for r in rows] == [
        ("Solent NHS Trust", 2), ("Little Acorns Nursery", 1), ("Empty Charity", 0)]
    by_sector = organisation_list.list_organisations_page(db, sort="sector")
    assert [r.organisation.sector for r in by_sector] == [
        "Early Years", "Health", "Voluntary & Community"]  # the sector list's own order
    assert [r.organisation.name for r in
            organisation_list.list_organisations_page(db, "early years")] == ["Little Acorns Nursery"]
    assert organisation_list.count_organisations(db, "nhs") == 1
    second = organisation_list.list_organisations_page(db, offset=1, limit=1)
    assert [r.organisation.name for r in second] == ["Little Acorns Nursery"]

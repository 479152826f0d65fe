"""Finding people by names in any script, typed in any case, on SQLite as on PostgreSQL."""

import pytest

from pscp_training.services.people import organisation_list, people, training_record
from tests import factories as f


@pytest.fixture
def staff(db):
    org = people.save_organisation(db, organisation_id=None, name="Łódź House Crèche",
                                   sector="Santé", org_type="Crèche")
    # Siobhán works elsewhere, so that "ó" cannot find her through Łódź.
    harbour = people.save_organisation(db, organisation_id=None, name="Harbour Crèche",
                                       sector="Santé", org_type="Crèche")
    made = {}
    for first, last, email in (
        ("Zoë", "O'Brien", "zoe.obrien@example.org"),
        ("Łukasz", "Wiśniewski", None),
        ("Siobhán", "Ó Súilleabháin", "s.osuilleabhain@example.org"),
        ("Thảo", "Nguyễn", "thao.nguyen@example.org"),
        ("Zoe", "Smith", "zoe.smith@example.org"),
    ):
        made[first] = people.save_delegate(db, delegate_id=None, first_name=first, last_name=last,
                                           email=email,
                                           organisation_id=(harbour if first == "Siobhán" else org).id)
    f.delegate(db, "Ann", "Archer", org="Solent NHS Trust", sector="Health")
    return made


def _found(rows) -> set[str]:
    return {f"{r.first_name} {r.last_name}" for r in rows}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Łukasz", {"Łukasz Wiśniewski"}),
        ("łukasz", {"Łukasz Wiśniewski"}),
        ("ŁUKASZ WIŚNIEWSKI", {"Łukasz Wiśniewski"}),
        ("ó súilleabháin", {"Siobhán Ó Súilleabháin"}),
        ("SIOBHÁN", {"Siobhán Ó Súilleabháin"}),
        ("NGUYỄN", {"Thảo Nguyễn"}),
        ("zoë", {"Zoë O'Brien"}),  # ë is not e: Zoe Smith is another person
        ("ZOË o'brien", {"Zoë O'Brien"}),
        ("zoe", {"Zoe Smith", "Zoë O'Brien"}),  # Zoë's email is zoe.obrien@
    ],
)
def test_delegates_are_found_by_accented_names_in_any_case(db, staff, typed, expected):
    assert _found(people.search_delegates(db, typed)) == expected
    listed = training_record.list_delegates(db, typed)
    assert _found(r.delegate for r in listed) == expected
    assert training_record.count_delegates(db, typed) == len(expected)


def test_a_name_search_does_not_match_the_organisation_a_delegate_had(db, staff):
    """The stored name key ends with the organisation as it was; searching names never uses it."""
    renamed = people.list_organisations(db, "łódź")[0]
    people.save_organisation(db, organisation_id=renamed.id, name="Riverside Crèche",
                             sector="Santé", org_type="Crèche")
    assert people.search_delegates(db, "łódź") == []
    assert training_record.count_delegates(db, "łódź") == 0
    assert len(people.search_delegates(db, "riverside")) == 4
    assert people.search_delegates(db, "100%") == []  # typed wildcards are themselves


def test_delegates_and_organisations_are_found_by_accented_sector_and_type(db, staff):
    assert training_record.count_delegates(db, "SANTÉ") == 5
    assert training_record.count_delegates(db, "crèche łukasz") == 1
    assert [o.organisation.name for o in organisation_list.list_organisations_page(db, "ŁÓDŹ")] \
        == ["Łódź House Crèche"]
    for typed, expected in (("SANTÉ", 2), ("CRÈCHE", 2), ("łódź house", 1), ("ŁÓDŹ", 1)):
        assert organisation_list.count_organisations(db, typed) == expected, typed
    assert organisation_list.count_organisations(db, "health") == 1
    assert organisation_list.count_organisations(db, "santé health") == 0

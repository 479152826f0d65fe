"""Delegates and organisations on two PCs: records carry their version, a stale save is refused."""

import pytest

from pscp_training.db.audit import acting_as
from pscp_training.db.engine import Database
from pscp_training.domain.errors import StaleRecord
from pscp_training.services.people import organisation_list, people, training_record
from tests import factories as f


@pytest.fixture
def second_pc(db_url):
    """Another office PC: its own engine and connections on the same database."""
    other = Database(db_url)
    yield other
    other.dispose()


def _save_org(db, shown, **changes):
    values = {"name": shown.name, "sector": shown.sector, "org_type": shown.org_type,
              "active": shown.active, **changes}
    return people.save_organisation(db, organisation_id=shown.id,
                                    expected_version=shown.version, **values)


def test_the_second_save_of_an_organisation_is_refused_and_says_who_changed_what(db, second_pc):
    f.organisation(db, "Łódź House Nursery", "Early Years")
    # Both PCs show the organisation list.
    [here] = [o.organisation for o in organisation_list.list_organisations_page(db)]
    [there] = people.list_organisations(second_pc)
    assert here == there and here.version == 1

    with acting_as("Siobhán Ó Súilleabháin"):
        saved = _save_org(second_pc, there, org_type="Day nursery")
    assert saved.version == 2
    with pytest.raises(StaleRecord) as refused:
        _save_org(db, here, active=False)
    message = str(refused.value)
    assert message.startswith("Someone else saved a change to Łódź House Nursery while you were")
    assert "Siobhán Ó Súilleabháin changed the organisation type from (blank) to Day nursery" \
        in message
    [kept] = people.list_organisations(db)
    assert (kept.org_type, kept.active, kept.version) == ("Day nursery", True, 2)

    # After reloading, the same edit goes through; without a version, a save is not checked.
    assert _save_org(db, kept, active=False).version == 3
    unchecked = people.save_organisation(db, organisation_id=kept.id, name=kept.name,
                                         sector=kept.sector, org_type=None)
    assert unchecked.version == 4 and unchecked.org_type is None


def test_a_delegate_record_carries_the_version_a_save_must_start_from(db, second_pc):
    person = f.delegate(db, "Łukasz", "Wiśniewski", email="lukasz@example.org")
    [listed] = training_record.list_delegates(db, "łukasz")
    assert listed.delegate == person and person.version == 1
    assert training_record.delegate_for_editing(db, person.id) == (person, 1)

    with acting_as("Kate Marsh"):
        people.save_delegate(second_pc, delegate_id=person.id, first_name="Łukasz",
                             last_name="Wiśniewski", email="l.wisniewski@example.org",
                             organisation_id=person.organisation_id,
                             expected_version=listed.delegate.version)
    with pytest.raises(StaleRecord, match="Kate Marsh changed the email"):
        people.save_delegate(db, delegate_id=person.id, first_name="Łukasz",
                             last_name="Wiśniewski", email="lukasz@example.org",
                             job_role="Youth worker", organisation_id=person.organisation_id,
                             expected_version=listed.delegate.version)
    now = people.get_delegate(db, person.id)
    assert (now.email, now.job_role, now.version) == ("l.wisniewski@example.org", None, 2)

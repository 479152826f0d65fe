"""Who is due a refresher, counted by hand (tests/integration/refresher_data.py)."""

from datetime import date

import pytest

from pscp_training.domain.errors import InputError
from pscp_training.domain.refreshers import Currency
from pscp_training.services.refreshers import currency, requirements
from tests.integration.refresher_data import NOW, story


@pytest.fixture
def data(db):
    return story(db)


def _by_name(people):
    return {p.first_name: p for p in people}


def test_each_persons_last_qualifying_attendance_due_date_and_status(db, data):
    orgs = currency.organisations(db, now=NOW, sort="name")
    people = _by_name(currency.people_of(orgs))
    assert set(people) == {"Ann", "Ben", "Cat", "Fay"}  # Dan has no role; Eve is in Health
    assert people["Ann"].last_attended == date(2025, 3, 3)
    assert people["Ann"].due == date(2027, 3, 3)  # exactly two years
    # Due by 3 April 2027 (3 Dec 2026 + four months): due soon, still in date.
    assert people["Ann"].status is Currency.DUE_SOON and people["Ann"].status.counts_as_in_date
    assert people["Ben"].status is Currency.IN_DATE
    # The early refresher restarts the clock (the 29 February attendance no longer decides).
    assert people["Ben"].last_attended == date(2025, 12, 1)
    assert people["Ben"].last_course_code == "DSL-REF"
    assert people["Ben"].due == date(2027, 12, 1)
    # Absent, another course, a cancelled session: none counts.
    assert people["Cat"].last_attended is None and people["Cat"].due is None
    assert people["Cat"].status is Currency.NEVER_TRAINED
    assert people["Fay"].due == date(2026, 10, 2)
    assert people["Fay"].status is Currency.OVERDUE


def test_organisations_with_and_without_someone_in_date(db, data):
    orgs = {o.name: o for o in currency.organisations(db, now=NOW)}
    assert set(orgs) == {"Arundel Court Primary School", "Bramble Infant School",
                         "Cottage Grove Secondary"}
    assert orgs["Arundel Court Primary School"].has_in_date
    assert orgs["Arundel Court Primary School"].in_date_until == date(2027, 12, 1)
    assert not orgs["Bramble Infant School"].has_in_date
    assert orgs["Bramble Infant School"].summary == "Overdue"
    assert orgs["Cottage Grove Secondary"].summary == "Nobody in the role recorded"
    # Sorted by due date: nobody trained (no date) first, then the soonest.
    order = [o.name for o in currency.organisations(db, now=NOW, sort="next_due")]
    assert order == ["Cottage Grove Secondary", "Bramble Infant School",
                     "Arundel Court Primary School"]


def test_filter_by_type_and_sector(db, data):
    primary = currency.organisations(db, now=NOW, org_type="primary")
    assert {o.name for o in primary} == {"Arundel Court Primary School", "Bramble Infant School"}
    assert currency.organisations(db, now=NOW, sector="Health") == []


def test_leap_day_attendance_is_due_on_28_february(db, data):
    # Ben before his early refresher: counted as at 1 June 2025, his 29 Feb 2024 session decides.
    with db.read() as session:
        ben = currency.read_people(session, data.requirement, today=date(2025, 6, 1),
                                   due_soon_months=4, delegate_id=data.ben.id)
    assert ben[0].last_attended == date(2024, 2, 29)
    assert ben[0].due == date(2026, 2, 28)


def test_due_before_is_strict_and_includes_overdue_and_never_trained(db, data):
    names = [p.first_name for p in currency.due_before(db, date(2027, 3, 3), now=NOW)]
    assert names == ["Cat", "Fay"]  # never trained first, then the soonest; Ann's 3 March is not before
    names = [p.first_name for p in currency.due_before(db, date(2027, 3, 4), now=NOW)]
    assert names == ["Cat", "Fay", "Ann"]


def test_due_this_term(db, data):
    term, people = currency.due_this_term(db, now=NOW)
    assert term.end == date(2026, 12, 31)
    assert [p.first_name for p in people] == ["Cat", "Fay"]


def test_delegate_currency_for_the_training_record(db, data):
    (ann,) = currency.delegate_currency(db, data.ann.id, now=NOW)
    assert ann.requirement == "DSL training" and ann.due == date(2027, 3, 3)
    assert currency.delegate_currency(db, data.dan.id, now=NOW) == []


def test_requirement_checks(db, data):
    form = requirements.RequirementForm("DSL training", 2, ("DSL-NEW",))
    with pytest.raises(InputError, match="already a requirement"):
        requirements.save_requirement(db, form)
    with pytest.raises(InputError, match="no course with the code NOPE"):
        requirements.save_requirement(db, requirements.RequirementForm("X", 2, ("NOPE",)))
    with pytest.raises(InputError, match="1 to 20 years"):
        requirements.save_requirement(db, requirements.RequirementForm("X", 0, ("DSL-NEW",)))
    with pytest.raises(InputError, match="at least one course"):
        requirements.save_requirement(db, requirements.RequirementForm("X", 2, ()))
    changed = requirements.save_requirement(
        db, requirements.RequirementForm("DSL training", 3, ("DSL-NEW", "DSL-REF"), ("dsl",),
                                         ("Education",)),
        requirement_id=data.requirement.id, expected_version=data.requirement.version)
    assert changed.period_years == 3 and changed.roles[0].value == "dsl"
    fay = _by_name(currency.people_of(currency.organisations(db, now=NOW)))
    assert "Ben" not in fay  # deputies no longer covered
    assert fay["Fay"].due == date(2027, 10, 2)
    requirements.delete_requirement(db, data.requirement.id)
    assert requirements.list_requirements(db) == []

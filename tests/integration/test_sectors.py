"""The sector list: a near miss in a register is an error; merge, retire and remove keep figures."""

from datetime import UTC, datetime

import pytest

from pscp_training.domain.errors import RuleViolation, ValidationFailed
from pscp_training.domain.years import FinancialYear
from pscp_training.register.validation import sector_near_miss
from pscp_training.reports.workforce import compute
from pscp_training.services.follow_up import charges
from pscp_training.services.imports.register_import import import_register
from pscp_training.services.people import people, sectors
from tests.integration.register_data import row, snapshot, write_rows

LISTED = ["Education", "Early Years", "Portsmouth City Council", "Health", "Police",
          "Voluntary & Community", "Other"]
Y2223 = FinancialYear(2022)
LATER = datetime(2023, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize("typed, resembles", [
    ("Educaton", "Education"), ("EarlyYears", "Early Years"), ("Early-Years", "Early Years"),
    ("Voluntary &Community", "Voluntary & Community"), ("Polce", "Police"),
    ("Eduaction", "Education"),  # two letters swapped
    ("Portsmouth City Counsel", "Portsmouth City Council"),
])
def test_a_near_miss_names_the_listed_sector(typed, resembles):
    assert sector_near_miss(typed, LISTED) == resembles


@pytest.mark.parametrize("typed", ["education", "  EARLY   years ", "Faith groups", "Housing",
                                   "Sport", "Voluntary and Community"])
def test_the_same_sector_or_a_new_one_is_not_a_near_miss(typed):
    assert sector_near_miss(typed, LISTED) is None


def test_a_register_with_a_near_miss_is_refused_naming_the_sector(db, tmp_path):
    before = snapshot(db)
    path = write_rows(tmp_path / "typo.csv", [row(), row(email="b@example.org",
                                                         organisation="Mayfield School",
                                                         sector="Educaton")])
    with pytest.raises(ValidationFailed) as failed:
        import_register(db, path)
    (problem,) = failed.value.problems
    assert (problem.line, problem.column, problem.value) == (3, "sector", "Educaton")
    assert "nearly 'Education'" in problem.message
    assert snapshot(db) == before
    assert "Educaton" not in [s.name for s in people.list_sectors(db, include_retired=True)]


def test_a_new_sector_unlike_any_is_added_with_a_warning(db, tmp_path):
    result = import_register(db, write_rows(tmp_path / "new.csv", [row(sector="Faith groups")]))
    assert any("'Faith groups'" in w and "added" in w for w in result.warnings)
    assert "Faith groups" in [s.name for s in people.list_sectors(db)]


def _by_sector(db):
    return compute(db, Y2223, years=1, now=LATER).to_dict()["attendance_by_sector"]["2022-23"]


def _sector_id(db, name):
    return next(s.id for s in people.list_sectors(db, include_retired=True) if s.name == name)


def test_merging_a_sector_moves_its_organisations_and_past_figures(db, tmp_path):
    import_register(db, write_rows(tmp_path / "faith.csv", [
        row(sector="Faith groups", organisation="St Mary's Church")]))
    assert _by_sector(db)["Faith groups"] == 1
    policy = charges.get_policy(db)
    charges.save_policy(db, type(policy)(exempt_reasons=policy.exempt_reasons,
                                         exempt_sectors=frozenset({"Faith groups"})))
    kept = sectors.merge_sector(db, _sector_id(db, "Faith groups"),
                                _sector_id(db, "Voluntary & Community"))
    assert kept.name == "Voluntary & Community"
    figures = _by_sector(db)
    assert "Faith groups" not in figures and figures["Voluntary & Community"] == 1
    (org,) = [o for o in people.list_organisations(db) if o.name == "St Mary's Church"]
    assert org.sector == "Voluntary & Community"
    assert charges.get_policy(db).exempt_sectors == frozenset({"Voluntary & Community"})


def test_a_retired_sector_keeps_past_figures_and_is_not_offered(db, tmp_path):
    import_register(db, write_rows(tmp_path / "faith.csv", [
        row(sector="Faith groups", organisation="St Mary's Church")]))
    faith = _sector_id(db, "Faith groups")
    retired = sectors.set_sector_retired(db, faith, True)
    assert retired.retired
    assert "Faith groups" not in [s.name for s in people.list_sectors(db)]
    assert _by_sector(db)["Faith groups"] == 1
    # A year with no figure under it does not show it at all.
    empty_year = compute(db, FinancialYear(2021), years=1, now=LATER).to_dict()
    assert "Faith groups" not in empty_year["attendance_by_sector"]["2021-22"]
    assert "Police" in empty_year["attendance_by_sector"]["2021-22"]
    sectors.set_sector_retired(db, faith, False)
    assert "Faith groups" in [s.name for s in people.list_sectors(db)]


def test_a_sector_in_use_cannot_be_removed_an_unused_one_can(db, tmp_path):
    import_register(db, write_rows(tmp_path / "one.csv", [row()]))
    with pytest.raises(RuleViolation, match="Merge it into another sector, or retire it"):
        sectors.remove_sector(db, _sector_id(db, "Education"))
    assert sectors.remove_sector(db, _sector_id(db, "Police")) == "Police"
    assert "Police" not in [s.name for s in people.list_sectors(db, include_retired=True)]

"""The organisation register: who is on it (the engagement denominator), updated in place."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from pscp_training.db.models import Organisation
from pscp_training.domain.errors import ValidationFailed
from pscp_training.domain.years import FinancialYear
from pscp_training.reports.workforce import compute
from pscp_training.services.imports.register_import import import_organisations, import_register
from pscp_training.services.people import people
from tests.integration.register_data import row, snapshot, write_rows


def _write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _registered(db):
    with db.read() as session:
        return {
            name: (registered, org_type)
            for name, registered, org_type in session.execute(
                select(Organisation.name, Organisation.registered, Organisation.org_type)
            )
        }


SCHOOLS = [
    "Name,Sector,Type",
    "Arundel Court Primary School,Education,Primary school",
    "Mayfield School,Education,All-through school",
    "Portsmouth College,Education,FE college",
    "Solent NHS Trust,Health,",
]


def test_every_organisation_in_the_file_goes_on_the_register(db, tmp_path):
    summary = import_organisations(db, _write(tmp_path / "orgs.csv", SCHOOLS))
    assert (summary.added["organisations"], summary.updated["organisations"]) == (4, 0)
    assert _registered(db) == {
        "Arundel Court Primary School": (True, "Primary school"),
        "Mayfield School": (True, "All-through school"),
        "Portsmouth College": (True, "FE college"),
        "Solent NHS Trust": (True, None),
    }
    before = snapshot(db)
    assert not import_organisations(db, _write(tmp_path / "orgs.csv", SCHOOLS)).changed
    assert snapshot(db) == before


def test_an_organisation_named_by_bookings_is_updated_in_place_and_linked_by_name(db, tmp_path):
    import_register(db, write_rows(tmp_path / "register.csv", [row()]))
    assert _registered(db)["Arundel Court Primary School"] == (False, None)
    lines = ["name,sector,type", "  arundel court  PRIMARY school ,Education,Primary school"]
    summary = import_organisations(db, _write(tmp_path / "orgs.csv", lines))
    assert (summary.added["organisations"], summary.updated["organisations"]) == (0, 1)
    assert _registered(db) == {"arundel court PRIMARY school": (True, "Primary school")}
    again = import_register(db, write_rows(tmp_path / "register.csv", [row()]))
    assert again.added["organisations"] == 0


def test_a_new_sector_is_added_with_a_warning_and_duplicates_merge(db, tmp_path):
    lines = ["name,sector", "St Mary's Church,Faith Groups", "  St Mary's  Church , Faith Groups ",
             "Fratton Foodbank,Voluntary & Community", "Fratton Foodbank,Other"]
    summary = import_organisations(db, _write(tmp_path / "orgs.csv", lines))
    assert summary.added == {**summary.added, "organisations": 2, "sectors": 1}
    assert summary.merged_duplicates == 1
    assert any("'Faith Groups'" in w and "line 2" in w for w in summary.warnings)
    assert any("Fratton Foodbank" in w and "lines 4 and 5" in w for w in summary.warnings)
    foodbank = [o for o in people.list_organisations(db) if o.name == "Fratton Foodbank"][0]
    assert foodbank.sector == "Other"


@pytest.mark.parametrize(
    ("lines", "line", "column"),
    [
        (["name,sector", "Arundel Court Primary School,Education", " ,Education"], 3, "name"),
        (["name,sector,type", "Mayfield School,,All-through school"], 2, "sector"),
        (["name,type", "Mayfield School,School"], 1, "sector"),
    ],
)
def test_a_blank_name_or_sector_is_refused_by_line_and_nothing_is_written(
    db, tmp_path, lines, line, column
):
    import_organisations(db, _write(tmp_path / "first.csv", SCHOOLS[:2]))
    before = snapshot(db)
    with pytest.raises(ValidationFailed) as failed:
        import_organisations(db, _write(tmp_path / "orgs.csv", lines))
    assert [(p.line, p.column) for p in failed.value.problems] == [(line, column)]
    assert snapshot(db) == before


def test_the_register_is_the_denominator_of_engagement(db, tmp_path):
    import_organisations(db, _write(tmp_path / "orgs.csv", SCHOOLS))
    rows = [row(category="DSL"),
            row(email="", first_name="Amy", last_name="Poole", organisation="Mayfield School",
                attendance="absent")]
    import_register(db, write_rows(tmp_path / "register.csv", rows))
    report = compute(db, FinancialYear(2022), now=datetime(2024, 1, 1, tzinfo=UTC)).to_dict()
    assert report["engagement"] == [
        {"year": "2022-23", "category": "DSL", "sector": "Education", "organisations": 3,
         "engaged": 1, "pct": 33.3}
    ]

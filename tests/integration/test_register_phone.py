"""The register's optional `phone` column: checked, imported, exported, and never wiped by a blank."""

import csv

import pytest

from pscp_training.domain.errors import ValidationFailed
from pscp_training.domain.years import FinancialYear
from pscp_training.register.columns import BOOKING_COLUMN_NAMES
from pscp_training.services.imports.register_export import export_register
from pscp_training.services.imports.register_import import import_register
from pscp_training.services.people import people
from tests.integration.register_data import headcount_row, row, write_rows

YEAR = FinancialYear(2022)


def _zoe(db):
    [found] = people.search_delegates(db, "zoe.obrien@example.org")
    return found


def test_a_phone_number_is_imported_as_typed(db, tmp_path):
    path = write_rows(tmp_path / "in.csv", [row(phone=" +44 (0)1632 960-123 ")])
    import_register(db, path)
    assert _zoe(db).phone == "+44 (0)1632 960-123"


def test_a_wrong_phone_number_is_an_error_naming_the_line_and_nothing_is_written(db, tmp_path):
    path = write_rows(tmp_path / "in.csv", [
        row(), row(first_name="Amir", last_name="Khan", email="amir@example.org",
                   phone="ext. 204"),
    ])
    with pytest.raises(ValidationFailed) as failed:
        import_register(db, path)
    [problem] = [str(p) for p in failed.value.problems]
    assert "line 3" in problem and "phone" in problem and "ext. 204" in problem
    assert people.search_delegates(db, "") == []


def test_a_headcount_row_cannot_carry_a_phone_number(db, tmp_path):
    path = write_rows(tmp_path / "in.csv", [headcount_row(phone="01632 960 123")])
    with pytest.raises(ValidationFailed, match="headcount"):
        import_register(db, path)


def test_a_blank_phone_or_a_file_without_the_column_keeps_the_stored_number(db, tmp_path):
    import_register(db, write_rows(tmp_path / "a.csv", [row(phone="01632 960 123")]))
    import_register(db, write_rows(tmp_path / "b.csv", [row(phone="", venue="Guildhall")]))
    assert _zoe(db).phone == "01632 960 123"
    without = [c for c in BOOKING_COLUMN_NAMES if c != "phone"]
    import_register(db, write_rows(tmp_path / "c.csv", [row(venue="Town Hall")], columns=without))
    assert _zoe(db).phone == "01632 960 123"
    # A new number in a file replaces the old one, as other details do.
    import_register(db, write_rows(tmp_path / "d.csv", [row(phone="07700 900 456")]))
    assert _zoe(db).phone == "07700 900 456"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_export_writes_the_phone_column_and_reads_back(db, tmp_path, suffix):
    import_register(db, write_rows(tmp_path / "in.csv", [
        row(phone="+44 1632 960 123"),
        row(first_name="Amir", last_name="Khan", email="amir@example.org", phone=""),
    ]))
    out = export_register(db, YEAR, tmp_path / f"out{suffix}")
    assert out == 2
    if suffix == ".csv":
        with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert list(rows[0])[:len(BOOKING_COLUMN_NAMES)] == list(BOOKING_COLUMN_NAMES)
        phones = {r["last_name"]: r["phone"] for r in rows}
        # A leading + is guarded from spreadsheets as a formula; the import takes it off again.
        assert phones["Khan"] == "" and phones["O'Brien"].lstrip("'") == "+44 1632 960 123"
    # The exported file reads back into the same numbers.
    zoe = _zoe(db)
    people.save_delegate(db, delegate_id=zoe.id, first_name=zoe.first_name,
                         last_name=zoe.last_name, email=zoe.email, job_role=zoe.job_role,
                         organisation_id=zoe.organisation_id, expected_version=zoe.version,
                         phone="01632 000 000")
    import_register(db, tmp_path / f"out{suffix}")
    assert _zoe(db).phone == "+44 1632 960 123"

"""Bad booking registers: every problem named by line and column, and nothing written."""

import pytest

from pscp_training.domain.errors import ValidationFailed
from pscp_training.services.imports.register_import import import_register
from tests.integration.register_data import (
    ERROR_CASES,
    headcount_row,
    row,
    snapshot,
    write_rows,
)


def _import_fails(db, path):
    with pytest.raises(ValidationFailed) as failed:
        import_register(db, path)
    return failed.value


def test_every_error_class_names_its_line_and_column_and_writes_nothing(db, tmp_path):
    import_register(db, write_rows(tmp_path / "earlier.csv", [row(), headcount_row()]))
    before = snapshot(db)
    for number, (what, rows, columns, line, column) in enumerate(ERROR_CASES):
        path = write_rows(tmp_path / f"case{number}.csv", rows, columns=columns)
        failed = _import_fails(db, path)
        where = [(p.line, p.column) for p in failed.problems]
        assert (line, column) in where, f"{what}: expected line {line} column {column}, got {where}"
        assert all(str(p) for p in failed.problems)
        assert snapshot(db) == before, f"{what}: the database changed"


def test_a_conflicting_duplicate_names_both_lines(db, tmp_path):
    path = write_rows(tmp_path / "dupes.csv", [row(), row(email="x@example.org"), row(attendance="no")])
    problem = _import_fails(db, path).problems[0]
    assert problem.line == 4
    assert "line 2" in problem.message and "attendance" in problem.message


def test_every_problem_is_reported_not_only_the_first(db, tmp_path):
    rows = [row(agency="mult"), row(email="b@example.org"), row(email="c@", capacity="x"),
            row(email="d@example.org", session_start="")]
    failed = _import_fails(db, write_rows(tmp_path / "bad.csv", rows))
    assert sorted((p.line, p.column) for p in failed.problems) == [
        (2, "agency"), (4, "capacity"), (4, "email"), (5, "session_start")
    ]
    assert "4 problems" in failed.summary and "nothing was written" in failed.summary
    assert snapshot(db)["bookings"] == []


def test_the_allowed_values_are_listed_in_the_message(db, tmp_path):
    failed = _import_fails(db, write_rows(tmp_path / "bad.csv", [row(booking_status="confirmed")]))
    text = str(failed.problems[0])
    assert text.startswith("line 2, column 'booking_status' (value 'confirmed')")
    assert "“booked”, “waitlisted”, “cancelled” or “substituted”" in text


def test_a_course_whose_agency_differs_from_the_database_is_refused(db, tmp_path):
    import_register(db, write_rows(tmp_path / "first.csv", [row()]))
    before = snapshot(db)
    later = row(agency="single", commissioning_organisation="Mayfield School",
                session_start="2023-01-10 09:30", session_end="", email="new@example.org")
    failed = _import_fails(db, write_rows(tmp_path / "later.csv", [later]))
    assert [(p.line, p.column) for p in failed.problems] == [(2, "agency")]
    assert "already in the app as “multi”" in failed.problems[0].message
    assert snapshot(db) == before


def test_an_empty_file_and_a_binary_file_are_refused_with_a_sentence(db, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "empty" in _import_fails(db, empty).problems[0].message
    header_only = write_rows(tmp_path / "header.csv", [])
    assert "no rows" in _import_fails(db, header_only).problems[0].message
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary" in _import_fails(db, binary).problems[0].message
    fake_workbook = tmp_path / "register.xlsx"
    fake_workbook.write_bytes(b"course_code,course_title\n")
    assert "not an Excel workbook" in _import_fails(db, fake_workbook).problems[0].message
    assert snapshot(db)["training_sessions"] == []


def test_a_file_separated_by_semicolons_gets_a_hint(db, tmp_path):
    path = tmp_path / "semicolons.csv"
    path.write_text("course_code;course_title;agency\nDSL;DSL Level 3;multi\n", encoding="utf-8")
    failed = _import_fails(db, path)
    assert failed.problems[0].line == 1 and "semicolons" in failed.problems[0].message


@pytest.mark.parametrize("written, says", [
    ("31/02/2023 09:30", "There is no 31 February 2023: February 2023 has 28 days."),
    ("2023-02-29 09:30", "There is no 29 February 2023: February 2023 has 28 days."),
    ("2023-04-31", "There is no 31 April 2023: April 2023 has 30 days."),
])
def test_an_impossible_date_is_named_rather_than_met_with_the_format(db, tmp_path, written, says):
    failed = _import_fails(db, write_rows(tmp_path / "bad.csv", [row(session_start=written)]))
    problem = next(p for p in failed.problems if p.column == "session_start")
    assert problem.message == says


def test_a_date_in_another_form_is_told_the_form_and_no_message_shows_backticks(db, tmp_path):
    rows = [row(session_start="next Tuesday"), row(email="b@example.org", agency="mult")]
    failed = _import_fails(db, write_rows(tmp_path / "bad.csv", rows))
    start = next(p for p in failed.problems if p.column == "session_start")
    assert "write it as YYYY-MM-DD HH:MM" in start.message
    assert not any("`" in str(p) for p in failed.problems)

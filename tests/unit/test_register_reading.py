"""The file reader's rules on their own: encodings, header names, damaged copies, problem bounds."""

import pytest

from pscp_training.domain.errors import Problem, ValidationFailed
from pscp_training.register.damage import DamageIndex, is_damaged_copy
from pscp_training.register.problems import KEPT, ProblemLog
from pscp_training.register.reading import cell_text, column_name, read_table
from pscp_training.register.text_files import Unreadable, decode


@pytest.mark.parametrize(
    ("title", "name"),
    [("Course Code", "course_code"), (" course-code ", "course_code"), ("COURSE_CODE", "course_code"),
     ("Booked  at", "booked_at"), ("walk in", "walk_in")],
)
def test_header_names_are_matched_whatever_their_spacing(title, name):
    assert column_name(title) == name


def test_encodings_are_read_only_when_cleanly_one():
    assert decode("Zoë".encode("utf-8-sig")) == ("Zoë", None)
    assert decode("Zoë".encode("utf-16"))[0] == "Zoë"
    text, warning = decode("Zoë\nMüller".encode("cp1252"))
    assert text == "Zoë\nMüller" and "Windows-1252" in warning
    with pytest.raises(Unreadable) as mixed:
        decode("Zoë\n".encode() + "Müller\n".encode("cp1252"))
    assert mixed.value.problem.line == 2
    with pytest.raises(Unreadable) as undefined:  # 0x81 is no letter in Windows-1252
        decode(b"ok\nbad \x81 byte")
    assert undefined.value.problem.line == 2
    with pytest.raises(Unreadable) as second_bom:
        decode("a\n".encode("utf-8-sig") + "b\n".encode("utf-8-sig"))
    assert second_bom.value.problem.line == 2


@pytest.mark.parametrize(
    ("stored", "value", "damaged"),
    [("Paweł", "Pawe?", True), ("Paweł", "PaweÅ‚", True), ("Paweł", "Pawe³", True),
     ("Paweł", "Pawel", True), ("Nguyễn", "Nguy?n", True), ("Siobhán", "Siobh\ufffdn", True),
     ("Zoe", "Zoë", False), ("Zoë", "Zoey", False), ("Paweł", "Pawełek", False),
     ("Paweł", "Paweł", False), ("Smith", "Sm?th", False)],
)
def test_a_damaged_copy_differs_only_at_the_stored_letters_beyond_ascii(stored, value, damaged):
    assert is_damaged_copy(stored, value) is damaged


def test_the_index_finds_the_stored_value_a_copy_was_made_from():
    index = DamageIndex(["Szkoła Łódź Academy", "Arundel Court"])
    assert index.original_of("Szko?a ?ód? Academy") == "Szkoła Łódź Academy"
    assert index.original_of("Szkola Lodz Academy") == "Szkoła Łódź Academy"
    assert index.original_of("Arundel Court") is None and index.original_of("New School") is None


def test_the_problem_log_counts_everything_but_keeps_and_lists_a_bounded_number():
    log = ProblemLog()
    for line in range(2, 2 + KEPT + 500):
        log.append(Problem(line, "booked_at", "13/31/2022", "This is not a date and time."))
    assert len(log) == KEPT + 500 and len(list(log)) == KEPT
    report = log.report()
    assert report[0].line is None and f"{KEPT + 500:,} lines" in report[0].message
    assert len([p for p in report if p.line is not None]) == 100
    assert f"{KEPT + 500:,} problems in all" in report[-1].message


def test_a_date_cell_keeps_midnight_and_whole_numbers_lose_their_point():
    from datetime import date, datetime

    assert cell_text(datetime(2022, 6, 1, 0, 0)) == "2022-06-01 00:00"
    assert cell_text(datetime(2022, 6, 1, 9, 29, 59, 999_000)) == "2022-06-01 09:30"
    assert cell_text(date(2022, 6, 1)) == "2022-06-01 00:00"
    assert cell_text(20.0) == "20" and cell_text(None) == ""


def test_other_file_kinds_are_refused_with_a_hint(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ValidationFailed) as refused:
        read_table(path)
    assert ".ods" in refused.value.problems[0].message and ".xlsx workbook" in str(refused.value)

"""Reading the answers of an online evaluation form: ratings, consent, dates, mappings."""

from datetime import date, time

import pytest

from pscp_training.domain.errors import ValidationFailed
from pscp_training.domain.evaluation_records import EvaluationForm
from pscp_training.register.evaluation_import import (
    parse_consent,
    parse_rating,
    parse_session_date,
    read_mapping,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("4", 4), ("4.0", 4), ("5 - Excellent", 5), ("1 (Poor)", 1), ("", None), ("3 Good", 3)],
)
def test_ratings_as_forms_write_them(text, expected):
    assert parse_rating(text, "overall_rating") == expected


@pytest.mark.parametrize("text", ["0", "6", "4.5", "Good", "-1", "45"])
def test_ratings_out_of_range_are_refused_with_the_range(text):
    with pytest.raises(ValueError, match="whole number from 1 to 5"):
        parse_rating(text, "overall_rating")


def test_confidence_goes_from_0_to_10():
    assert parse_rating("0", "confidence_before") == 0
    assert parse_rating("10", "confidence_after") == 10
    with pytest.raises(ValueError, match="from 0 to 10"):
        parse_rating("11", "confidence_after")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("yes", True), ("Yes, I agree", True), ("Y", True), ("TRUE", True), ("1", True),
     ("no", False), ("", False), ("No", False), ("0", False)],
)
def test_consent_blank_means_no(text, expected):
    assert parse_consent(text) is expected


def test_consent_that_is_neither_yes_nor_no_is_refused():
    with pytest.raises(ValueError, match="yes or no"):
        parse_consent("maybe")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-06-15", (date(2022, 6, 15), None)),
        ("15/06/2022", (date(2022, 6, 15), None)),
        ("15/06/22", (date(2022, 6, 15), None)),
        ("15 June 2022", (date(2022, 6, 15), None)),
        ("2022-06-15 00:00", (date(2022, 6, 15), None)),
        ("15/06/2022 09:30", (date(2022, 6, 15), time(9, 30))),
        ("2022-06-15T13:00:00", (date(2022, 6, 15), time(13, 0))),
    ],
)
def test_session_dates_day_first(text, expected):
    assert parse_session_date(text) == expected


@pytest.mark.parametrize("text", ["06/15/2022", "next tuesday", "2022-06-15 half past"])
def test_what_is_not_a_date_is_refused(text):
    with pytest.raises(ValueError):
        parse_session_date(text)


def test_a_mapping_file_problem_is_named_by_line(tmp_path):
    path = tmp_path / "mapping.txt"
    path.write_text("# comment\nemail = Email address\nrating: Overall\nscore = Overall\n")
    with pytest.raises(ValidationFailed) as caught:
        read_mapping(path)
    assert [(p.line, p.value) for p in caught.value.problems] == [
        (3, "rating: Overall"),
        (4, "score"),
    ]
    path.write_text("Email = Email address\ncourse code = Course\n")
    assert read_mapping(path) == {"email": "Email address", "course_code": "Course"}


def test_a_form_with_no_answers_and_answers_out_of_range():
    assert [p.message for p in EvaluationForm().problems(7)] == [
        "The evaluation has no answers at all."
    ]
    problems = EvaluationForm(overall_rating=9, confidence_before=-1).problems(7)
    assert [(p.line, p.column, p.value) for p in problems] == [
        (7, "Overall rating", "9"),
        (7, "Confidence before the course", "-1"),
    ]

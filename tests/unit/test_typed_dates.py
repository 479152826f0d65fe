"""Dates as people type them into the forms, and what they are told when one cannot be."""

from datetime import date

import pytest

from pscp_training.domain.errors import InputError
from pscp_training.domain.typed_dates import ImpossibleDate, parse_typed_date
from pscp_training.domain.wording import plural

TODAY = date(2026, 12, 31)


@pytest.mark.parametrize("typed", [
    "14/01/2027", "14/1/2027", "14-01-2027", "14.01.2027", "14/01/27", "2027-01-14",
    "2027-1-14", "14 Jan 2027", "14 jan 2027", "14 January 2027", "14th January 2027",
    "Thu 14 Jan 2027", "Thursday, 14 January 2027", "Jan 14, 2027", "14 Jan 27",
    "  14  Jan  2027 ",
])
def test_the_usual_ways_of_writing_a_day_all_read_as_it(typed):
    assert parse_typed_date(typed, TODAY) == date(2027, 1, 14)


def test_a_year_left_out_means_this_year_and_sept_is_september():
    assert parse_typed_date("14 Sept", TODAY) == date(2026, 9, 14)
    assert parse_typed_date("14/09", TODAY) == date(2026, 9, 14)


def test_the_day_comes_before_the_month_the_british_way():
    assert parse_typed_date("03/04/2027", TODAY) == date(2027, 4, 3)


def test_the_last_day_of_a_month_is_accepted_and_the_day_after_is_not():
    assert parse_typed_date("29/02/2028", TODAY) == date(2028, 2, 29)  # a leap year
    assert parse_typed_date("28/02/2023", TODAY) == date(2023, 2, 28)
    with pytest.raises(ImpossibleDate, match="There is no 29 February 2023: February 2023 has 28"):
        parse_typed_date("29/02/2023", TODAY)


def test_an_impossible_day_is_named_not_met_with_a_format_lecture():
    with pytest.raises(ImpossibleDate) as caught:
        parse_typed_date("31/02/2023", TODAY)
    assert str(caught.value).startswith("There is no 31 February 2023")
    assert "YYYY" not in str(caught.value)
    with pytest.raises(ImpossibleDate, match="There is no 31 April 2027"):
        parse_typed_date("31 Apr 2027", TODAY)
    with pytest.raises(ImpossibleDate, match="There is no month 13"):
        parse_typed_date("01/13/2027", TODAY)
    with pytest.raises(ImpossibleDate, match="There is no 0 January"):
        parse_typed_date("2027-01-00", TODAY)


@pytest.mark.parametrize("typed, says", [
    ("", "Type a date"),
    ("next Tuesday", "is not a date the app can read"),
    ("14 Janvier 2027", "“janvier” is not a month"),
])
def test_text_that_is_no_date_says_how_to_write_one(typed, says):
    with pytest.raises(InputError, match=says) as caught:
        parse_typed_date(typed, TODAY)
    assert not isinstance(caught.value, ImpossibleDate)
    if typed:
        assert "14/01/2027, 14 Jan 2027 or 2027-01-14" in str(caught.value)


def test_plurals_count_one_none_and_many():
    assert plural(1, "certificate") == "1 certificate"
    assert plural(0, "certificate") == "0 certificates"
    assert plural(2400, "person", "people") == "2,400 people"
    assert plural(1, "person", "people") == "1 person"

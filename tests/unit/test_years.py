"""Financial years: labels, boundaries in London time, and parsing what people type."""

from datetime import UTC, date, datetime

import pytest

from pscp_training.domain.errors import InputError
from pscp_training.domain.years import FinancialYear, local_to_utc, to_local


@pytest.mark.parametrize("label", ["2022-23", "2022/23", " 2022-2023 "])
def test_labels_people_write_are_understood(label):
    assert FinancialYear.parse(label) == FinancialYear(2022)
    assert FinancialYear.parse(label).label == "2022-23"


@pytest.mark.parametrize("label", ["2022", "2022-24", "twenty-two", "", "2099-00x"])
def test_anything_else_is_refused_with_an_example(label):
    with pytest.raises(InputError, match="2022-23|as in"):
        FinancialYear.parse(label)


def test_the_century_turns():
    assert FinancialYear.parse("1999-00") == FinancialYear(1999)
    assert FinancialYear(1999).label == "1999-00"


def test_31_march_and_1_april():
    assert FinancialYear.of(date(2023, 3, 31)) == FinancialYear(2022)
    assert FinancialYear.of(date(2023, 4, 1)) == FinancialYear(2023)
    # 23:30 UTC on 31 March 2024 is 00:30 BST on 1 April: the next year.
    assert FinancialYear.of(datetime(2024, 3, 31, 23, 30, tzinfo=UTC)) == FinancialYear(2024)


def test_utc_bounds_follow_british_summer_time():
    lo, hi = FinancialYear(2022).utc_bounds()
    assert lo == datetime(2022, 3, 31, 23, 0, tzinfo=UTC)  # 1 April 2022 is in BST
    assert hi == datetime(2023, 3, 31, 23, 0, tzinfo=UTC)


def test_local_times_round_trip():
    local = datetime(2022, 12, 1, 9, 30)
    assert to_local(local_to_utc(local)).replace(tzinfo=None) == local
    assert local_to_utc(datetime(2022, 7, 1, 9, 30)).hour == 8

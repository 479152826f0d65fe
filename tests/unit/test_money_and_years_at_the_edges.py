"""Money, charging policies and financial-year labels at their edges (each kills a planted bug)."""

from datetime import UTC, datetime

import pytest

from pscp_training.domain.charging import (
    MAX_CHARGE_PENCE,
    ChargingPolicy,
    format_pence,
    parse_pounds,
)
from pscp_training.domain.errors import InputError
from pscp_training.domain.years import FinancialYear, to_local


@pytest.mark.parametrize(
    ("text", "pence"),
    [("£50", 5000), ("50.00", 5000), ("12.5", 1250), (" £ 0.05 ", 5), ("999999.99", 99999999),
     ("0", 0)],
)
def test_amounts_of_money_as_the_team_types_them(text, pence):
    assert parse_pounds(text) == pence


@pytest.mark.parametrize("text", ["", None, "fifty", "12.345", "-5", "1234567", "£", "5,00"])
def test_what_is_not_an_amount_is_refused_naming_it(text):
    with pytest.raises(InputError) as refused:
        parse_pounds(text, "no-show charge")
    assert str(refused.value) == (f"'{(text or '').strip()}' is not an amount of money for the "
                                  "no-show charge; write it like 50 or 12.50.")


@pytest.mark.parametrize(
    ("pence", "shown"),
    [(5000, "£50.00"), (5, "£0.05"), (123456, "£1,234.56"), (-500, "-£5.00"), (0, "£0.00")],
)
def test_amounts_are_written_in_pounds_and_pence(pence, shown):
    assert format_pence(pence) == shown


def test_a_policy_takes_amounts_from_nothing_to_the_most_and_no_further():
    assert ChargingPolicy(no_show_pence=0, late_cancellation_pence=MAX_CHARGE_PENCE)
    for bad in (-1, MAX_CHARGE_PENCE + 1):
        with pytest.raises(InputError, match="must be between £0.00 and"):
            ChargingPolicy(no_show_pence=bad)
        with pytest.raises(InputError, match=r"^The late-cancellation charge must be between"):
            ChargingPolicy(late_cancellation_pence=bad)
    for not_pence in (True, 50.0, "50"):
        with pytest.raises(InputError, match="whole number of pence"):
            ChargingPolicy(no_show_pence=not_pence)


def test_a_saved_policy_reads_back_whole_and_an_unreadable_one_gives_the_defaults():
    policy = ChargingPolicy(no_show_pence=4000, late_cancellation_pence=1500,
                            exempt_reasons=frozenset({"illness"}),
                            exempt_sectors=frozenset({"Voluntary"}))
    assert ChargingPolicy.from_json(policy.to_json()) == policy
    without_lists = '{"no_show_pence": 4000, "late_cancellation_pence": 1500}'
    read = ChargingPolicy.from_json(without_lists)
    assert (read.no_show_pence, read.late_cancellation_pence) == (4000, 1500)
    assert read.exempt_reasons == frozenset() and read.exempt_sectors == frozenset()
    for broken in ("{", '{"no_show_pence": "x"}', '{"no_show_pence": -5, '
                   '"late_cancellation_pence": 1}', None, ""):
        assert ChargingPolicy.from_json(broken) == ChargingPolicy()


@pytest.mark.parametrize(
    ("label", "start"),
    [("2022-23", 2022), ("2022/23", 2022), (" 2022 - 2023 ", 2022), ("1999-00", 1999),
     ("2099-2100", 2099)],
)
def test_financial_years_as_people_write_them(label, start):
    assert FinancialYear.parse(label).start_year == start


@pytest.mark.parametrize("label", ["2022-24", "2022-2024", "2022", "22-23", "", "2022-22"])
def test_a_label_that_is_not_a_financial_year_is_refused(label):
    with pytest.raises(InputError, match="financial year"):
        FinancialYear.parse(label)


def test_a_year_that_does_not_follow_is_shown_the_one_that_would():
    with pytest.raises(InputError) as refused:
        FinancialYear.parse("2022-24")
    assert str(refused.value) == ("'2022-24' is not a financial year: the second year must "
                                  "follow the first, as in 2022-23.")
    with pytest.raises(InputError) as refused:
        FinancialYear.parse(None)
    assert str(refused.value) == "'None' is not a financial year; write it like 2022-23."


def test_the_year_before_and_its_bounds_in_utc():
    year = FinancialYear.parse("2023-24")
    assert year.previous().label == "2022-23" and year.previous(3).label == "2020-21"
    lo, hi = year.utc_bounds()
    assert lo == datetime(2023, 3, 31, 23, 0, tzinfo=UTC)  # 00:00 BST on 1 April
    assert hi == datetime(2024, 3, 31, 23, 0, tzinfo=UTC)
    assert lo.utcoffset().total_seconds() == 0 and hi.utcoffset().total_seconds() == 0


def test_a_naive_time_is_taken_as_utc_and_shown_in_london():
    summer = to_local(datetime(2026, 7, 1, 8, 30))
    assert (summer.hour, summer.minute, summer.utcoffset().total_seconds()) == (9, 30, 3600)
    aware = to_local(datetime(2026, 1, 1, 8, 30, tzinfo=UTC))
    assert (aware.hour, aware.utcoffset().total_seconds()) == (8, 0)

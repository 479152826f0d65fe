"""The refresher date rules, counted by hand at their edges."""

from datetime import date

import pytest

from pscp_training.domain.refreshers import (
    DEFAULT_ROLE_WORDINGS,
    Currency,
    SafeguardingRole,
    add_months,
    currency,
    due_date,
    is_due_before,
    parse_role,
    role_from_job_role,
    school_term,
)


def test_exactly_two_years_after_3_march_2025_is_3_march_2027():
    assert due_date(date(2025, 3, 3), 2) == date(2027, 3, 3)


def test_from_29_february_the_due_date_is_28_february():
    assert due_date(date(2024, 2, 29), 2) == date(2026, 2, 28)
    assert due_date(date(2024, 2, 29), 3) == date(2027, 2, 28)
    # Four years on there is a 29 February again.
    assert due_date(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_never_trained_has_no_due_date_and_is_always_due():
    assert due_date(None, 2) is None
    assert currency(None, date(2026, 1, 1)) is Currency.NEVER_TRAINED
    assert is_due_before(None, date(1990, 1, 1))


def test_in_date_on_the_due_day_and_overdue_the_day_after():
    due = date(2027, 3, 3)
    assert currency(due, date(2027, 3, 2), 4) is Currency.DUE_SOON
    assert currency(due, date(2027, 3, 3), 4) is Currency.DUE_SOON
    assert currency(due, date(2027, 3, 4), 4) is Currency.OVERDUE
    assert currency(due, date(2027, 3, 3), 4).counts_as_in_date
    assert not currency(due, date(2027, 3, 4), 4).counts_as_in_date


def test_due_within_n_months_boundary():
    # Four months before 3 March 2027 is 3 November 2026: due soon from that day.
    due = date(2027, 3, 3)
    assert currency(due, date(2026, 11, 2), 4) is Currency.IN_DATE
    assert currency(due, date(2026, 11, 3), 4) is Currency.DUE_SOON
    # No 'due soon' window: in date up to the day, then overdue.
    assert currency(due, date(2027, 3, 2), 0) is Currency.IN_DATE
    assert currency(due, date(2027, 3, 3), 0) is Currency.DUE_SOON


def test_add_months_keeps_to_the_end_of_a_short_month():
    assert add_months(date(2026, 10, 31), 4) == date(2027, 2, 28)
    assert add_months(date(2027, 10, 31), 4) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)


def test_due_before_is_strict():
    assert not is_due_before(date(2027, 3, 3), date(2027, 3, 3))
    assert is_due_before(date(2027, 3, 2), date(2027, 3, 3))


def test_job_roles_read_only_when_they_are_exactly_a_recognised_wording():
    w = DEFAULT_ROLE_WORDINGS
    assert role_from_job_role("Designated Safeguarding Lead", w) is SafeguardingRole.DSL
    assert role_from_job_role("  designated   safeguarding lead ", w) is SafeguardingRole.DSL
    assert role_from_job_role("D.S.L.", w) is None
    assert role_from_job_role("DSL", w) is SafeguardingRole.DSL
    assert role_from_job_role("deputy dsl", w) is SafeguardingRole.DEPUTY_DSL
    assert role_from_job_role("Deputy Designated Safeguarding Lead", w) is SafeguardingRole.DEPUTY_DSL
    assert role_from_job_role("DSL and head teacher", w) is None
    assert role_from_job_role("Teacher", w) is None
    assert role_from_job_role(None, w) is None


def test_roles_parse_from_stored_and_shown_values():
    assert parse_role("dsl") is SafeguardingRole.DSL
    assert parse_role("Deputy DSL") is SafeguardingRole.DEPUTY_DSL
    assert parse_role("") is None
    with pytest.raises(ValueError):
        parse_role("head")


def test_school_terms():
    assert school_term(date(2026, 12, 3)).end == date(2026, 12, 31)
    assert school_term(date(2027, 1, 1)).name == "Spring"
    assert school_term(date(2027, 3, 31)).end == date(2027, 3, 31)
    assert school_term(date(2027, 4, 1)).name == "Summer"
    assert school_term(date(2027, 8, 31)).end == date(2027, 8, 31)
    assert school_term(date(2027, 9, 1)).name == "Autumn"

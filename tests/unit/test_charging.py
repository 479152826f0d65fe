"""The charging policy: amounts in pence, exemptions by reason and sector, none for single-agency."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pscp_training.domain.charging import (
    ChargingPolicy,
    charge_for,
    format_pence,
    parse_pounds,
)
from pscp_training.domain.enums import Agency
from pscp_training.domain.errors import InputError
from pscp_training.domain.follow_up_records import ChargeKind, MessageKind
from pscp_training.domain.message_templates import (
    DEFAULT_TEMPLATES,
    MessageTemplate,
    check_template,
    render,
)

POLICY = ChargingPolicy()


def test_the_default_policy():
    assert charge_for(POLICY, ChargeKind.NO_SHOW, Agency.MULTI) == 5000
    assert charge_for(POLICY, ChargeKind.LATE_CANCELLATION, Agency.MULTI) == 2500
    assert charge_for(POLICY, ChargeKind.NO_SHOW, Agency.SINGLE) == 0
    assert charge_for(POLICY, ChargeKind.LATE_CANCELLATION, Agency.SINGLE) == 0


def test_exempt_reasons_and_sectors():
    policy = ChargingPolicy(exempt_reasons=frozenset({"illness"}),
                            exempt_sectors=frozenset({"Voluntary & Community"}))
    assert charge_for(policy, ChargeKind.NO_SHOW, Agency.MULTI, reason_code="illness") == 0
    assert charge_for(policy, ChargeKind.NO_SHOW, Agency.MULTI, reason_code="work-pressures") == 5000
    assert charge_for(policy, ChargeKind.NO_SHOW, Agency.MULTI, sector=" voluntary & community") == 0
    assert charge_for(policy, ChargeKind.NO_SHOW, Agency.MULTI, sector="Health") == 5000
    assert charge_for(POLICY, ChargeKind.NO_SHOW, Agency.MULTI,
                      reason_code="safeguarding-emergency") == 0


def test_the_policy_survives_settings_and_bad_settings_fall_back_to_defaults():
    policy = ChargingPolicy(7500, 1000, frozenset({"illness"}), frozenset({"Health"}))
    assert ChargingPolicy.from_json(policy.to_json()) == policy
    assert ChargingPolicy.from_json("{not json") == ChargingPolicy()
    assert ChargingPolicy.from_json(None) == ChargingPolicy()


def test_amounts_are_checked():
    with pytest.raises(InputError, match="no-show charge must be between"):
        ChargingPolicy(no_show_pence=-1)
    with pytest.raises(InputError, match="whole number of pence"):
        ChargingPolicy(late_cancellation_pence=25.0)


@pytest.mark.parametrize(
    "text, pence",
    [("50", 5000), ("£50.00", 5000), (" £12.5 ", 1250), ("0.05", 5), ("1234", 123400)],
)
def test_pounds_are_read_as_pence(text, pence):
    assert parse_pounds(text) == pence


@pytest.mark.parametrize("text", ["", "fifty", "12.345", "-5", "£"])
def test_bad_amounts_are_refused_with_a_sentence(text):
    with pytest.raises(InputError, match="is not an amount of money for the no-show charge"):
        parse_pounds(text, "no-show charge")


@given(st.integers(min_value=0, max_value=99_999_999))
def test_format_and_parse_round_trip(pence):
    assert parse_pounds(format_pence(pence).replace(",", "")) == pence


def test_templates_render_known_placeholders_and_refuse_unknown_ones():
    assert render("Dear {first_name}, {x} {}", {"first_name": "Zoë"}) == "Dear Zoë, {x} {}"
    with pytest.raises(InputError, match=r"uses \{frist_name\}, which the app does not know"):
        check_template(MessageKind.REMINDER, MessageTemplate("Hi {frist_name}", "Body"))
    with pytest.raises(InputError, match="needs a subject"):
        check_template(MessageKind.REMINDER, MessageTemplate("  ", "Body"))
    for kind, template in DEFAULT_TEMPLATES.items():
        assert check_template(kind, template).subject

"""The charging policy as pure functions: who is charged what, in integer pence."""

import json
import re
from dataclasses import dataclass, field

from pscp_training.domain.enums import Agency
from pscp_training.domain.errors import InputError
from pscp_training.domain.follow_up_records import ChargeKind

DEFAULT_NO_SHOW_PENCE = 5000
DEFAULT_LATE_CANCELLATION_PENCE = 2500
DEFAULT_EXEMPT_REASONS: tuple[str, ...] = ("safeguarding-emergency",)
DEFAULT_EXEMPT_SECTORS: tuple[str, ...] = ()
MAX_CHARGE_PENCE = 100_000  # £1,000: anything above is a typing slip, not a policy

_MONEY = re.compile(r"^\s*£?\s*(\d{1,6})(?:\.(\d{1,2}))?\s*$")


@dataclass(frozen=True)
class ChargingPolicy:
    """The partnership's charging policy; single-agency sessions are never charged."""

    no_show_pence: int = DEFAULT_NO_SHOW_PENCE
    late_cancellation_pence: int = DEFAULT_LATE_CANCELLATION_PENCE
    exempt_reasons: frozenset[str] = field(
        default_factory=lambda: frozenset(DEFAULT_EXEMPT_REASONS)
    )
    exempt_sectors: frozenset[str] = field(
        default_factory=lambda: frozenset(DEFAULT_EXEMPT_SECTORS)
    )
    # A late cancellation whose place went to the waiting list cost the partnership nothing:
    # by default it is not charged (the team may choose to charge it all the same).
    charge_refilled_late_cancellations: bool = False

    def __post_init__(self) -> None:
        for amount, what in (
            (self.no_show_pence, "no-show charge"),
            (self.late_cancellation_pence, "late-cancellation charge"),
        ):
            if not isinstance(amount, int) or isinstance(amount, bool):
                raise InputError(f"The {what} must be a whole number of pence.")
            if not 0 <= amount <= MAX_CHARGE_PENCE:
                raise InputError(
                    f"The {what} must be between £0.00 and {format_pence(MAX_CHARGE_PENCE)}."
                )

    def to_json(self) -> str:
        return json.dumps(
            {
                "no_show_pence": self.no_show_pence,
                "late_cancellation_pence": self.late_cancellation_pence,
                "exempt_reasons": sorted(self.exempt_reasons),
                "exempt_sectors": sorted(self.exempt_sectors),
                "charge_refilled_late_cancellations": self.charge_refilled_late_cancellations,
            }
        )

    @classmethod
    def from_json(cls, text: str | None) -> "ChargingPolicy":
        """The policy saved in settings; the defaults when none (or an unreadable one) is saved."""
        if not text:
            return cls()
        try:
            data = json.loads(text)
            return cls(
                no_show_pence=int(data["no_show_pence"]),
                late_cancellation_pence=int(data["late_cancellation_pence"]),
                exempt_reasons=frozenset(data.get("exempt_reasons", [])),
                exempt_sectors=frozenset(data.get("exempt_sectors", [])),
                charge_refilled_late_cancellations=data.get(
                    "charge_refilled_late_cancellations") is True,
            )
        except (ValueError, KeyError, TypeError, InputError):
            return cls()


def sector_is_exempt(policy: ChargingPolicy, sector: str | None) -> bool:
    if not sector:
        return False
    wanted = sector.strip().casefold()
    return any(s.strip().casefold() == wanted for s in policy.exempt_sectors)


def charge_for(
    policy: ChargingPolicy,
    kind: ChargeKind,
    agency: Agency,
    *,
    reason_code: str | None = None,
    sector: str | None = None,
    refilled: bool = False,
) -> int:
    """The charge in pence for a no-show or a late cancellation; 0 when none is due.

    Nothing is charged on a single-agency session (the organisation commissioned
    it), for an exempt reason, or to an organisation in an exempt sector; nor, unless the
    policy says so, for a late cancellation whose place was `refilled` from the waiting list.
    """
    if Agency(agency) is Agency.SINGLE:
        return 0
    if reason_code is not None and reason_code in policy.exempt_reasons:
        return 0
    if sector_is_exempt(policy, sector):
        return 0
    if ChargeKind(kind) is ChargeKind.NO_SHOW:
        return policy.no_show_pence
    if refilled and not policy.charge_refilled_late_cancellations:
        return 0
    return policy.late_cancellation_pence


def parse_pounds(text: str | None, what: str = "amount") -> int:
    """'£50', '50.00' or '12.5' as pence (5000, 5000, 1250). Raises InputError."""
    match = _MONEY.match(text or "")
    if not match:
        raise InputError(
            f"'{(text or '').strip()}' is not an amount of money for the {what}; "
            "write it like 50 or 12.50."
        )
    pence = (match.group(2) or "0").ljust(2, "0")
    return int(match.group(1)) * 100 + int(pence)


def format_pence(pence: int) -> str:
    """5000 as '£50.00'; negative amounts as '-£5.00'."""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(int(pence)), 100)
    return f"{sign}£{pounds:,}.{rest:02d}"

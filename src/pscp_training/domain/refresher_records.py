"""Frozen records of the refreshers area: requirements, each person's currency, organisations."""

from dataclasses import dataclass
from datetime import date, datetime

from pscp_training.domain.refreshers import Currency, SafeguardingRole


@dataclass(frozen=True)
class RequirementRecord:
    """A named requirement: its period, the courses that satisfy it, who it applies to.

    No roles means everyone in its sectors; no sectors means every sector.
    """

    id: int
    name: str
    period_years: int
    course_codes: tuple[str, ...]
    roles: tuple[SafeguardingRole, ...]
    sectors: tuple[str, ...]
    version: int

    @property
    def applies_to(self) -> str:
        who = " and ".join(r.label + "s" for r in self.roles) or "Everyone"
        where = ", ".join(self.sectors) or "every sector"
        return f"{who} of {where} organisations"


@dataclass(frozen=True)
class PersonCurrency:
    """One person a requirement applies to: their last qualifying attendance and when it runs out."""

    delegate_id: int
    first_name: str
    last_name: str
    email: str | None
    organisation_id: int | None
    organisation: str | None
    sector: str | None
    org_type: str | None
    role: SafeguardingRole | None
    requirement: str
    last_session_id: int | None
    last_course_code: str | None
    last_course_title: str | None
    last_session_start: datetime | None
    last_attended: date | None
    due: date | None
    status: Currency

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class OrganisationCurrency:
    """An organisation's people under one requirement, and whether one of them is in date."""

    organisation_id: int
    name: str
    sector: str | None
    org_type: str | None
    people: tuple[PersonCurrency, ...]

    @property
    def has_in_date(self) -> bool:
        return any(p.status.counts_as_in_date for p in self.people)

    @property
    def next_due(self) -> date | None:
        """The soonest anyone's training runs out (someone never trained is due now)."""
        dues = [p.due for p in self.people if p.due is not None]
        return min(dues) if dues else None

    @property
    def anyone_untrained(self) -> bool:
        return any(p.due is None for p in self.people)

    @property
    def in_date_until(self) -> date | None:
        """The day the organisation stops having anyone in date, if nobody trains again."""
        dues = [p.due for p in self.people if p.status.counts_as_in_date]
        return max(dues) if dues else None

    @property
    def summary(self) -> str:
        if not self.people:
            return "Nobody in the role recorded"
        if self.has_in_date:
            return "In date"
        if all(p.status is Currency.NEVER_TRAINED for p in self.people):
            return "Never trained"
        return "Overdue"

    def needing_training(self) -> tuple[PersonCurrency, ...]:
        """People due soon, overdue or never trained (who a letter names)."""
        return tuple(p for p in self.people if p.status is not Currency.IN_DATE)


@dataclass(frozen=True)
class QualifyingSession:
    """A session to come of a course that satisfies the requirement, with its places left."""

    session_id: int
    course_code: str
    course_title: str
    start: datetime
    venue: str | None
    places_left: int | None  # None: no limit


@dataclass(frozen=True)
class CoverageRow:
    """Organisations on the register in one group (sector and type, or year) and how many have
    someone in the role in date."""

    label: str
    sector: str | None
    org_type: str | None
    organisations: int
    in_date: int

    @property
    def pct(self) -> float | None:
        return None if not self.organisations else round(self.in_date / self.organisations * 100, 1)


@dataclass(frozen=True)
class CoverageReport:
    requirement: str
    as_of: date
    by_type: tuple[CoverageRow, ...]
    by_year: tuple[CoverageRow, ...]  # label = financial year, as at its last day (or today)
    note: str = ""

    def sentence(self) -> str:
        """'On 3 December 2026, 83.1% of the organisations ... (69 of 83) had someone ...'"""
        total = self.by_type[-1] if self.by_type else None
        if total is None or not total.organisations:
            return f"No organisation on the register is covered by {self.requirement} yet."
        pct = f"{total.pct:.1f}".rstrip("0").rstrip(".")
        return (
            f"On {self.as_of.day} {self.as_of:%B %Y}, {pct}% of the organisations on the "
            f"register that {self.requirement} applies to ({total.in_date:,} of "
            f"{total.organisations:,}) had someone in the role whose training was in date."
        )

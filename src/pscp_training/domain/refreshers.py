"""Refresher rules as pure functions: due dates, 'due within N months', statuses, school terms.

A requirement's training runs out on the last qualifying attendance plus its
period in whole years (a session on 29 February is due on 28 February). The
training is in date up to and including that day; from the day after, overdue.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pscp_training.domain.identity import clean

DEFAULT_DUE_SOON_MONTHS = 4  # one school term
MAX_PERIOD_YEARS = 20


class SafeguardingRole(StrEnum):
    DSL = "dsl"
    DEPUTY_DSL = "deputy_dsl"

    @property
    def label(self) -> str:
        return {"dsl": "DSL", "deputy_dsl": "Deputy DSL"}[self.value]


class Currency(StrEnum):
    IN_DATE = "in_date"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NEVER_TRAINED = "never_trained"

    @property
    def label(self) -> str:
        return {
            "in_date": "In date",
            "due_soon": "Due soon",
            "overdue": "Overdue",
            "never_trained": "Never trained",
        }[self.value]

    @property
    def counts_as_in_date(self) -> bool:
        """Still in date today (a refresher due soon has not run out yet)."""
        return self in (Currency.IN_DATE, Currency.DUE_SOON)


# The job-role wordings the register import reads as a safeguarding role (a team setting).
DEFAULT_ROLE_WORDINGS: dict[SafeguardingRole, tuple[str, ...]] = {
    SafeguardingRole.DSL: ("Designated Safeguarding Lead", "DSL"),
    SafeguardingRole.DEPUTY_DSL: ("Deputy DSL", "Deputy Designated Safeguarding Lead"),
}


def parse_role(value: str | None) -> SafeguardingRole | None:
    """A stored or typed role ('dsl', 'Deputy DSL', ...); None for blank. Raises ValueError."""
    text = (clean(value) or "").casefold().replace(" ", "_").replace("-", "_")
    if not text or text == "none":
        return None
    for role in SafeguardingRole:
        if text in (role.value, role.label.casefold().replace(" ", "_")):
            return role
    raise ValueError(value)


def _wording_key(text: str | None) -> str:
    return " ".join((text or "").replace(".", " ").split()).casefold()


def role_from_job_role(
    job_role: str | None, wordings: dict[SafeguardingRole, tuple[str, ...]]
) -> SafeguardingRole | None:
    """The role a job title names when it is exactly one of the recognised wordings (case and
    spacing aside); anything else, even 'DSL and head teacher', is not read as a role."""
    wanted = _wording_key(job_role)
    if not wanted:
        return None
    for role, words in wordings.items():
        if any(_wording_key(w) == wanted for w in words):
            return role
    return None


def add_years(day: date, years: int) -> date:
    """The same day `years` years on; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """The same day `months` months on, or the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(last_attended: date | None, period_years: int) -> date | None:
    """When training taken on `last_attended` runs out; None for someone never trained."""
    return None if last_attended is None else add_years(last_attended, period_years)


def currency(due: date | None, today: date, due_soon_months: int = DEFAULT_DUE_SOON_MONTHS) -> Currency:
    """In date, due soon (due on or before `today` + N months), overdue (due before today),
    or never trained. On the due day itself the training is still in date, and due."""
    if due is None:
        return Currency.NEVER_TRAINED
    if due < today:
        return Currency.OVERDUE
    if due <= add_months(today, due_soon_months):
        return Currency.DUE_SOON
    return Currency.IN_DATE


def is_due_before(due: date | None, cutoff: date) -> bool:
    """Whether someone needs training before `cutoff` (strictly): never trained counts too."""
    return due is None or due < cutoff


@dataclass(frozen=True)
class Term:
    """A school term, as the team plans a term's courses."""

    name: str
    start: date
    end: date  # the last day

    @property
    def label(self) -> str:
        return f"{self.name} term {self.start.year}"


def school_term(today: date) -> Term:
    """The term `today` falls in: autumn (September to December), spring (January to March),
    summer (April to August). Easter moves; the team plans by these fixed quarters."""
    year = today.year
    if today.month >= 9:
        return Term("Autumn", date(year, 9, 1), date(year, 12, 31))
    if today.month <= 3:
        return Term("Spring", date(year, 1, 1), date(year, 3, 31))
    return Term("Summer", date(year, 4, 1), date(year, 8, 31))


def check_period_years(years: int) -> int:
    """Raises ValueError outside 1..MAX_PERIOD_YEARS."""
    if not 1 <= int(years) <= MAX_PERIOD_YEARS:
        raise ValueError(years)
    return int(years)

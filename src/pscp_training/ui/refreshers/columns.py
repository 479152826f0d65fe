"""How organisations' and people's currency read in the refreshers tables."""

from datetime import date

from PySide6.QtGui import QColor

from pscp_training.domain.refresher_records import OrganisationCurrency, PersonCurrency
from pscp_training.domain.refreshers import Currency
from pscp_training.ui.common.paged_table_model import Column

RED = QColor("#a61b1b")
AMBER = QColor("#8a5a00")
GREEN = QColor("#1e6b34")


def day(value: date | None) -> str:
    return "" if value is None else value.strftime("%d %b %Y")


def person_colour(person: PersonCurrency):
    return {Currency.OVERDUE: RED, Currency.NEVER_TRAINED: RED, Currency.DUE_SOON: AMBER}.get(
        person.status)


def organisation_colour(org: OrganisationCurrency):
    if not org.has_in_date:
        return RED
    return AMBER if org.next_due and any(p.status is not Currency.IN_DATE for p in org.people) else None


ORGANISATIONS = [
    Column("Organisation", lambda o: o.name, "name"),
    Column("Sector", lambda o: o.sector, "sector"),
    Column("Type", lambda o: o.org_type),
    Column("In the role", lambda o: len(o.people), align_right=True),
    Column("In date", lambda o: sum(1 for p in o.people if p.status.counts_as_in_date),
           align_right=True),
    Column("Next due", lambda o: "Now" if o.anyone_untrained else day(o.next_due), "next_due",
           tooltip=lambda o: "Someone in the role has no qualifying training on record"
           if o.anyone_untrained else None),
    Column("In date until", lambda o: day(o.in_date_until), "in_date_until"),
    Column("Status", lambda o: o.summary, "status"),
]

PEOPLE = [
    Column("Name", lambda p: p.full_name),
    Column("Role", lambda p: p.role.label if p.role else ""),
    Column("Last qualifying session", lambda p: day(p.last_attended)),
    Column("Course", lambda p: p.last_course_code or ""),
    Column("Due", lambda p: day(p.due)),
    Column("Status", lambda p: p.status.label),
]

DUE = [
    Column("Name", lambda p: p.full_name),
    Column("Organisation", lambda p: p.organisation or ""),
    Column("Due", lambda p: day(p.due) or "Never trained"),
]

"""The delegate's record: their safeguarding role and whether their required training is in date."""

from html import escape

from pscp_training.domain.refresher_records import PersonCurrency
from pscp_training.domain.refreshers import Currency, parse_role
from pscp_training.services.bookings import bookings
from pscp_training.services.refreshers import currency
from pscp_training.ui.refreshers.columns import day

COLOURS = {Currency.OVERDUE: "#a61b1b", Currency.NEVER_TRAINED: "#a61b1b",
           Currency.DUE_SOON: "#8a5a00", Currency.IN_DATE: "#1e6b34"}


def record_and_currency(db, delegate_id: int):
    """The training record's sessions and the delegate's currency, in one trip off the UI thread."""
    return (bookings.delegate_bookings(db, delegate_id),
            currency.delegate_currency(db, delegate_id))


def _line(p: PersonCurrency) -> str:
    if p.status is Currency.NEVER_TRAINED:
        said = "no qualifying training on record"
    elif p.status is Currency.OVERDUE:
        said = f"overdue since {day(p.due)} (last {p.last_course_code}, {day(p.last_attended)})"
    else:
        said = (f"{p.status.label.lower()}, until {day(p.due)} "
                f"(last {p.last_course_code}, {day(p.last_attended)})")
    return (f"<span style='color: {COLOURS[p.status]}'>{escape(p.requirement)}: "
            f"{escape(said)}</span>")


def currency_lines(delegate, people: tuple | list) -> str:
    """'<br>DSL of their organisation · DSL training: in date, until 03 Mar 2027 ...'"""
    try:
        role = parse_role(getattr(delegate, "safeguarding_role", None))
    except ValueError:
        role = None
    parts = ([f"{role.label} of their organisation"] if role else []) + [_line(p) for p in people]
    return "<br>" + " · ".join(parts) if parts else ""

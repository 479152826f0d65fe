"""Reading a date as people type it: 14/01/2027, 14 Jan 2027, Thu 14 January 2027, 2027-01-14."""

import calendar
import re
from datetime import date

from pscp_training.domain.errors import InputError

# In English whatever the computer's locale (Qt sets the C library's locale, which would
# change what `calendar.month_name` says).
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
MONTHS = {name.casefold(): number for number, name in enumerate(MONTH_NAMES, start=1)}
MONTHS.update({name[:3].casefold(): number for number, name in enumerate(MONTH_NAMES, start=1)})
MONTHS["sept"] = 9
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "mon", "tue", "tues", "wed", "weds", "thu", "thur", "thurs", "fri", "sat", "sun"}

EXAMPLES = "14/01/2027, 14 Jan 2027 or 2027-01-14"

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})(?:[/.\-](\d{2}|\d{4}))?$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:\s+(\d{2}|\d{4}))?$")
_WORDS_US = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?(?:\s+(\d{2}|\d{4}))?$")


class ImpossibleDate(InputError):
    """The parts read as a date but the calendar has no such day (31 February, month 13)."""


def _year(text: str | None, today: date) -> int:
    if text is None:
        return today.year
    number = int(text)
    return 2000 + number if len(text) == 2 else number


def _make(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise ImpossibleDate(f"There is no month {month}: months run from 1 to 12.")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ImpossibleDate(
            f"There is no {day} {MONTH_NAMES[month - 1]} {year}: "
            f"{MONTH_NAMES[month - 1]} {year} has {last} days."
        )
    return date(year, month, day)


def _month(word: str, typed: str) -> int:
    number = MONTHS.get(word)
    if number is None:
        raise InputError(f"“{typed}” is not a date: “{word}” is not a month. "
                         f"Type a date as {EXAMPLES}.")
    return number


def parse_typed_date(text: str, today: date) -> date:
    """The date in `text`, read the British way (day before month).

    A year left out means this year (`today`'s); two digits mean 20xx. A weekday in
    front (as the app writes dates) is ignored. Raises InputError saying what is wrong,
    ImpossibleDate (an InputError) for a day the calendar does not have.
    """
    typed = text.strip()
    folded = re.sub(r"\s+", " ", typed.casefold().replace(",", " ")).strip()
    if not folded:
        raise InputError(f"Type a date, for example {EXAMPLES}.")
    first, _, rest = folded.partition(" ")
    if first.rstrip(".") in WEEKDAYS and rest:
        folded = rest
    if match := _ISO.match(folded):
        year, month, day = (int(part) for part in match.groups())
        return _make(year, month, day)
    if match := _UK.match(folded):
        day, month, year = match.groups()
        return _make(_year(year, today), int(month), int(day))
    if match := _WORDS.match(folded):
        day, word, year = match.groups()
        return _make(_year(year, today), _month(word, typed), int(day))
    if match := _WORDS_US.match(folded):
        word, day, year = match.groups()
        return _make(_year(year, today), _month(word, typed), int(day))
    raise InputError(f"“{typed}” is not a date the app can read: type it as {EXAMPLES}.")

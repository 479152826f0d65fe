"""The register's columns and how each value is read: enumerations, synonyms, dates, numbers."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum

from pscp_training.domain.enums import Agency, Attendance, BookingStatus, Delivery, SessionStatus
from pscp_training.domain.errors import InputError
from pscp_training.domain.typed_dates import ImpossibleDate, parse_typed_date
from pscp_training.domain.years import local_to_utc, to_local


@dataclass(frozen=True)
class Column:
    name: str
    # "yes": must be present with a value; "present": must be present (the row kind decides
    # whether a value is needed); "single": needed by single-agency rows; "no": optional.
    required: str


BOOKING_COLUMNS: tuple[Column, ...] = (
    Column("course_code", "yes"),
    Column("course_title", "yes"),
    Column("course_category", "no"),
    Column("agency", "yes"),
    Column("commissioning_organisation", "single"),
    Column("session_start", "yes"),
    Column("session_end", "no"),
    Column("delivery", "yes"),
    Column("venue", "no"),
    Column("capacity", "no"),
    Column("trainer", "no"),
    Column("session_status", "no"),
    Column("first_name", "present"),
    Column("last_name", "present"),
    Column("email", "no"),
    Column("job_role", "no"),
    Column("organisation", "present"),
    Column("sector", "present"),
    Column("booking_status", "present"),
    Column("booked_at", "no"),
    Column("cancelled_at", "no"),
    Column("attendance", "no"),
    Column("walk_in", "no"),
    Column("headcount", "no"),
)

BOOKING_COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in BOOKING_COLUMNS)

ORGANISATION_COLUMNS: tuple[Column, ...] = (
    Column("name", "yes"),
    Column("sector", "yes"),
    Column("type", "no"),
)

# Values people write for the enumerations, after case-folding, beside the stored value.
_SYNONYMS: dict[type[StrEnum], dict[str, str]] = {
    Delivery: {"in person": "in_person", "in-person": "in_person"},
    Attendance: {"yes": "attended", "no": "absent", "dna": "absent"},
}

# The allowed values shown in messages; `unmarked` is written as a blank attendance.
_SHOWN: dict[type[StrEnum], str] = {
    Agency: "“multi” or “single”",
    Delivery: "“in_person” or “online”",
    SessionStatus: "“scheduled” or “cancelled”",
    BookingStatus: "“booked”, “waitlisted”, “cancelled” or “substituted”",
    Attendance: "“attended”, “absent” or blank (register not yet marked)",
}


def allowed(enum_type: type[StrEnum]) -> str:
    return _SHOWN[enum_type]


_parsed: dict[tuple[type[StrEnum], str], StrEnum | None] = {}


def parse_enum(enum_type: type[StrEnum], text: str):
    """The member a value names (case-insensitive, synonyms resolved), or None if none does."""
    # A register repeats a handful of spellings a hundred thousand times: remember them.
    found = _parsed.get((enum_type, text), _parsed)
    if found is _parsed:
        found = _parse_enum(enum_type, text)
        if len(_parsed) < 10_000:  # a file of odd values must not grow it without end
            _parsed[(enum_type, text)] = found
    return found


def _parse_enum(enum_type: type[StrEnum], text: str):
    folded = text.casefold()
    folded = _SYNONYMS.get(enum_type, {}).get(folded, folded)
    if enum_type is Attendance and folded == Attendance.UNMARKED.value:
        return Attendance.UNMARKED
    try:
        return enum_type(folded)
    except ValueError:
        return None


def parse_yes_no(text: str) -> bool | None:
    """`yes` -> True, `no` or blank -> False, anything else -> None."""
    folded = text.casefold()
    if folded in ("", "no"):
        return False
    if folded == "yes":
        return True
    return None


_DATE_TIME = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?([+-]\d{2}:\d{2}|Z)?)?$"
)
DATE_TIME_FORM = "YYYY-MM-DD HH:MM (for example 2022-09-14 09:30)"


def not_a_date_time(text: str) -> str:
    """Why a register's date cannot be read: a day the calendar lacks is named as such."""
    day_part = re.sub(r"[ T]\d{1,2}:\d{2}(?::\d{2})?\S*$", "", text.strip())
    try:
        parse_typed_date(day_part, date(2000, 1, 1))
    except ImpossibleDate as exc:
        return str(exc)
    except InputError:
        pass
    return f"This is not a date and time: write it as {DATE_TIME_FORM}."


def parse_local_date_time(text: str) -> datetime | None:
    """A London date-time as written in the register, as an aware UTC instant; None if invalid.

    A date alone means 09:00, the usual start of a training day. An ISO offset
    (`+01:00`) is accepted: export writes one only in the hour that happens twice
    when the clocks go back, the one local time that cannot say which it is.
    """
    match = _DATE_TIME.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        local = datetime(
            int(year),
            int(month),
            int(day),
            int(hour) if hour is not None else 9,
            int(minute) if minute is not None else 0,
            int(second) if second is not None else 0,
        )
    except ValueError:
        return None
    if offset:
        zone = UTC if offset == "Z" else timezone(
            (1 if offset[0] == "+" else -1)
            * timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
        )
        return local.replace(tzinfo=zone).astimezone(UTC)
    return local_to_utc(local)


def local_text(moment: datetime) -> str:
    """An aware date-time as the register writes it: London time, YYYY-MM-DD HH:MM[:SS].

    In the repeated hour when the clocks go back the offset is added (`+01:00`/`+00:00`).
    """
    local = to_local(moment)
    text = local.strftime("%Y-%m-%d %H:%M:%S" if local.second else "%Y-%m-%d %H:%M")
    if is_ambiguous(local):
        offset = local.strftime("%z")
        text += f"{offset[:3]}:{offset[3:]}"
    return text


def is_ambiguous(local: datetime) -> bool:
    """Whether a London wall-clock time happens twice (the hour when the clocks go back)."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


_WHOLE = re.compile(r"^[+-]?\d+$")


def parse_whole_number(text: str) -> int | None:
    """A whole number written as text (`20`, or `20.0` as a spreadsheet may hold it)."""
    if _WHOLE.match(text):
        return int(text)
    if re.match(r"^[+-]?\d+\.0*$", text):
        return int(text.split(".")[0])
    return None


# Characters that make a spreadsheet treat a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(text: str) -> str:
    """A text cell as exported: a leading `'` before anything a spreadsheet would run."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unguard_formula(text: str) -> str:
    """The value as it was before guard_formula; any other leading `'` is kept."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text

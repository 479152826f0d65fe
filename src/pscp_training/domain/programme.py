"""The published training programme: its period, its frozen records and how its dates read."""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from pscp_training.domain.enums import Delivery, SessionStatus
from pscp_training.domain.errors import InputError
from pscp_training.domain.identity import clean, is_email
from pscp_training.domain.years import LONDON, FinancialYear, to_local

FORMATS = ("pdf", "html", "ics")
SUFFIXES = {"pdf": ".pdf", "html": ".html", "ics": ".ics"}
OTHER_THEME = "Other courses"
_WEB = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


# --- the period ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammePeriod:
    """London days from `first_day` to `last_day`, both included."""

    first_day: date
    last_day: date
    name: str = ""  # "Autumn term 2026", "2026-27", or empty for dates typed in

    def __post_init__(self) -> None:
        if not self.name:
            year = FinancialYear.of(self.first_day)
            if (self.first_day, self.last_day) == (year.first_day, year.last_day):
                object.__setattr__(self, "name", year.label)
        if self.last_day < self.first_day:
            raise InputError(
                f"The programme cannot end ({long_day(self.last_day)}) before it starts "
                f"({long_day(self.first_day)})."
            )

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware UTC instants: London midnight of the first day and the day after."""
        lo = datetime.combine(self.first_day, time(0), LONDON).astimezone(UTC)
        hi = datetime.combine(self.last_day + timedelta(days=1), time(0), LONDON).astimezone(UTC)
        return lo, hi

    @property
    def label(self) -> str:
        span = f"{long_day(self.first_day)} to {long_day(self.last_day)}"
        return f"{self.name}: {span}" if self.name else span


def financial_year_period(year: FinancialYear) -> ProgrammePeriod:
    return ProgrammePeriod(year.first_day, year.last_day, year.label)


# Terms as a safeguarding training programme is usually planned around the school year.
TERMS = (
    ("Autumn term", 9, 1, 12, 31),
    ("Spring term", 1, 1, 3, 31),
    ("Summer term", 4, 1, 8, 31),
)


def term_periods(year: FinancialYear) -> list[ProgrammePeriod]:
    """The three terms inside a financial year: summer, autumn (its start year), spring."""
    periods = []
    for name, m1, d1, m2, d2 in (TERMS[2], TERMS[0], TERMS[1]):
        calendar_year = year.start_year if m1 >= 4 else year.start_year + 1
        periods.append(
            ProgrammePeriod(
                date(calendar_year, m1, d1), date(calendar_year, m2, d2),
                f"{name} {calendar_year}",
            )
        )
    return periods


# --- how the programme writes things -------------------------------------------------------


# English whatever the machine's locale (strftime's %A and %B follow the locale).
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def month_year(day: date | datetime) -> str:
    """December 2026 (an aware date-time is taken in London time)."""
    if isinstance(day, datetime) and day.tzinfo is not LONDON:
        day = to_local(day)
    return f"{_MONTHS[day.month - 1]} {day.year}"


def long_day(day: date | datetime) -> str:
    """Tuesday 8 December 2026 (an aware date-time is taken in London time)."""
    if isinstance(day, datetime) and day.tzinfo is not LONDON:
        day = to_local(day)
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def clock(moment: datetime) -> str:
    """09:30, in London time."""
    local = to_local(moment)
    return f"{local.hour:02d}:{local.minute:02d}"


def length_text(minutes: int | None) -> str:
    """180 -> '3 hours', 90 -> '1 hour 30 minutes', None -> ''."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour" + ("" if hours == 1 else "s"))
    if rest:
        parts.append(f"{rest} minutes")
    return " ".join(parts)


def booking_link(how_to_book: str | None) -> str | None:
    """The address a reader follows to book: the web address itself, or mailto: an email."""
    text = clean(how_to_book)
    if text is None:
        return None
    if _WEB.match(text):
        return text
    if is_email(text):
        return f"mailto:{text}"
    return None


def check_how_to_book(how_to_book: str | None) -> str | None:
    """The how-to-book text as stored. Raises InputError unless a web address or an email."""
    text = clean(how_to_book)
    if text is not None and booking_link(text) is None:
        raise InputError(
            f"'{text}' is neither a web address (starting https://) nor an email address; "
            "the programme needs one of them to say how to book."
        )
    return text


def outcome_lines(outcomes: str | None) -> list[str]:
    """The learning outcomes, one a line, without bullets people type at the start."""
    lines = []
    for line in (outcomes or "").splitlines():
        line = line.strip().lstrip("-•*–").strip()
        if line:
            lines.append(line)
    return lines


# --- the records ---------------------------------------------------------------------------


class _once:
    """A property worked out on first use and then kept in the instance (functools'
    cached_property takes a lock on every read under Python 3.11: a year's brochure, page and
    feed read these texts tens of thousands of times)."""

    def __init__(self, compute):
        self._compute = compute
        self._name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = self._compute(instance)
        instance.__dict__[self._name] = value  # read from the instance from now on
        return value


@dataclass(frozen=True)
class ProgrammeSession:
    id: int
    start: datetime  # aware UTC
    end: datetime | None
    delivery: Delivery
    venue: str | None
    status: SessionStatus
    capacity: int | None
    booked: int
    sequence: int  # how many times it (or its course) changed since it was published
    updated_at: datetime | None = None
    past: bool = False  # it started before the programme was produced

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.booked, 0)

    @_once
    def where(self) -> str:
        if self.delivery == Delivery.ONLINE:
            return f"Online ({self.venue})" if self.venue else "Online"
        return self.venue or "Venue to be confirmed"

    @_once
    def availability(self) -> str:
        if self.status == SessionStatus.CANCELLED:
            return "cancelled"
        if self.past:
            return "has taken place"
        left = self.places_left
        if left is None:
            return "places available"
        if left == 0:
            return "waiting list"
        return f"{left} place" + ("" if left == 1 else "s") + " left"

    @_once
    def _local_start(self) -> datetime:
        return to_local(self.start)

    @_once
    def date_text(self) -> str:
        return long_day(self._local_start)

    @_once
    def month_text(self) -> str:
        return month_year(self._local_start)

    @_once
    def start_clock(self) -> str:
        local = self._local_start
        return f"{local.hour:02d}:{local.minute:02d}"

    @_once
    def time_text(self) -> str:
        return self.start_clock + (f"–{clock(self.end)}" if self.end else "")


@dataclass(frozen=True)
class ProgrammeCourse:
    id: int
    code: str
    title: str
    theme: str
    on_request: bool  # a single-agency course, delivered when an organisation asks
    description: str | None
    audience: str | None
    learning_outcomes: tuple[str, ...]
    length_minutes: int | None
    how_to_book: str | None
    sessions: tuple[ProgrammeSession, ...] = ()

    @property
    def booking_link(self) -> str | None:
        return booking_link(self.how_to_book)

    @property
    def length(self) -> str:
        return length_text(self.length_minutes)


@dataclass(frozen=True)
class ProgrammeTheme:
    name: str
    courses: tuple[ProgrammeCourse, ...]

    @property
    def anchor(self) -> str:
        return "theme-" + (re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "other")


@dataclass(frozen=True)
class DateEntry:
    """A line of the index of dates (or of the feed): a session with its course."""

    session: ProgrammeSession
    course: "ProgrammeCourse"

    @property
    def course_title(self) -> str:
        return self.course.title

    @property
    def theme(self) -> str:
        return self.course.theme


@dataclass(frozen=True)
class Programme:
    period: ProgrammePeriod
    partnership_name: str
    logo_png: bytes | None
    produced: date
    themes: tuple[ProgrammeTheme, ...]
    cancelled: tuple[DateEntry, ...] = field(default=())  # in the feed only

    @property
    def title(self) -> str:
        return f"Training programme {self.period.name or self.period.label}"

    @property
    def short_title(self) -> str:
        """For footers: the period's name, or its days without weekdays."""
        period = self.period
        if period.name:
            return f"Training programme {period.name}"
        first, last = period.first_day, period.last_day
        return (f"Training programme {first.day} {first:%B %Y} to {last.day} {last:%B %Y}")

    def dates(self) -> list[DateEntry]:
        """Every published (not cancelled) session in date order."""
        return list(self._dates)

    @_once
    def _dates(self) -> tuple[DateEntry, ...]:
        entries = [
            DateEntry(s, c)
            for t in self.themes
            for c in t.courses
            for s in c.sessions
            if s.status == SessionStatus.SCHEDULED
        ]
        entries.sort(key=lambda e: (e.session.start, e.course.title, e.session.id))
        return tuple(entries)

    @property
    def session_count(self) -> int:
        return len(self._dates)

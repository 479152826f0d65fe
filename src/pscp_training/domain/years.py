"""UK financial years (1 April to 31 March) and the local time zone they are counted in."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from pscp_training.domain.errors import InputError

LONDON = ZoneInfo("Europe/London")

_LABEL = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*$")


@dataclass(frozen=True, order=True)
class FinancialYear:
    """The financial year that starts on 1 April of `start_year`; labelled `2022-23`."""

    start_year: int

    @classmethod
    def parse(cls, label: str) -> "FinancialYear":
        match = _LABEL.match(label or "")
        if not match:
            raise InputError(f"'{label}' is not a financial year; write it like 2022-23.")
        start = int(match.group(1))
        end = match.group(2)
        follows = int(end) == start + 1 if len(end) == 4 else int(end) == (start + 1) % 100
        if not follows:
            raise InputError(
                f"'{label}' is not a financial year: the second year must follow the first, "
                f"as in {start}-{(start + 1) % 100:02d}."
            )
        return cls(start)

    @classmethod
    def of(cls, moment: date | datetime) -> "FinancialYear":
        """The year a date (or an aware date-time, taken in London time) belongs to."""
        if isinstance(moment, datetime):
            moment = to_local(moment).date()
        return cls(moment.year if moment.month >= 4 else moment.year - 1)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def first_day(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def last_day(self) -> date:
        return date(self.start_year + 1, 3, 31)

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) of the year as aware UTC instants: London midnight on 1 April."""
        lo = datetime.combine(self.first_day, time(0), LONDON).astimezone(UTC)
        hi = datetime.combine(date(self.start_year + 1, 4, 1), time(0), LONDON).astimezone(UTC)
        return lo, hi

    def previous(self, count: int = 1) -> "FinancialYear":
        return FinancialYear(self.start_year - count)

    def __str__(self) -> str:
        return self.label


def to_local(moment: datetime) -> datetime:
    """An aware date-time shown in Europe/London; a naive one is taken to be UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LONDON)


def local_to_utc(moment: datetime) -> datetime:
    """A naive local (London) date-time, as a person writes it, to an aware UTC instant."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment.astimezone(UTC)


_fixed_now: datetime | None = None


def now_utc() -> datetime:
    """The time now, in UTC; the fixed moment while `fixed_clock` is in force (tests)."""
    return _fixed_now if _fixed_now is not None else datetime.now(UTC)


@contextmanager
def fixed_clock(moment: datetime) -> Iterator[datetime]:
    """Within the block, `now_utc()` is `moment` (an aware datetime): tests that must not
    depend on the minute they run in (a session "in a minute" near midnight)."""
    global _fixed_now
    before, _fixed_now = _fixed_now, moment.astimezone(UTC)
    try:
        yield _fixed_now
    finally:
        _fixed_now = before

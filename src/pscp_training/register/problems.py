"""Problems found in a file, kept within a bound: a summary per column, then the first lines.

A sheet of 600,000 bad lines must not become 600,000 messages: the log counts
every problem but keeps only the first KEPT, and the report lists a summary per
column that fails on many lines, then at most MAX_LISTED lines, then the total.
"""

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pscp_training.domain.errors import Problem
from pscp_training.register.reading import MAX_LISTED

KEPT = 5_000  # problems remembered in full; the rest are only counted
SUMMARY_FROM = 5  # a column failing on this many lines gets a summary line first
_SAMPLES = 50


@dataclass
class _Column:
    lines: list[int] = field(default_factory=list)
    count: int = 0
    values: list[str] = field(default_factory=list)
    message: str = ""


class ProblemLog:
    """Problems in the order found; len() is how many there were, iteration the ones kept."""

    def __init__(self, problems: Iterable[Problem] = ()):
        self._kept: list[Problem] = []
        self._count = 0
        self._columns: dict[str, _Column] = {}
        self.extend(problems)

    def append(self, problem: Problem) -> None:
        self._count += 1
        if len(self._kept) < KEPT:
            self._kept.append(problem)
        if problem.column and problem.line is not None:
            column = self._columns.setdefault(problem.column, _Column(message=problem.message))
            column.count += 1
            if problem.line not in column.lines:
                bisect.insort(column.lines, problem.line)  # the first lines, whatever the order
                del column.lines[6:]
            if problem.message != column.message:
                column.message = _common_ending(column.message, problem.message)
            if problem.value and len(column.values) < _SAMPLES:
                column.values.append(problem.value)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._kept)

    def report(self) -> list[Problem]:
        """Summaries per column, the first MAX_LISTED lines' problems, and the total count."""
        out: list[Problem] = []
        for name, column in self._columns.items():
            if column.count < SUMMARY_FROM:
                continue
            shown = ", ".join(str(line) for line in column.lines)
            cause = likely_cause(column.values)
            out.append(Problem(
                None, name, None,
                f"{column.count:,} lines fail in this column (lines {shown}"
                f"{', …' if column.count > len(column.lines) else ''}): "
                + (f"the likely cause is {cause}." if cause
                   else column.message or "each line is listed below."),
            ))
        ordered = sorted(self._kept, key=lambda p: (p.line is not None, p.line or 0))
        listed: list[Problem] = []
        lines: set[int | None] = set()
        for problem in ordered:
            if problem.line not in lines and len(lines) >= MAX_LISTED:
                break
            lines.add(problem.line)
            listed.append(problem)
        out.extend(listed)
        if self._count > len(listed):
            out.append(Problem(
                None, None, None,
                f"… {self._count:,} problems in all; the first {len(listed):,} are listed above.",
            ))
        return out


def _common_ending(one: str, other: str) -> str:
    """The whole sentences two messages end with ("" when none), for a column's summary."""
    if other.endswith(one):
        return one
    if one.endswith(other):
        return other
    size = 0
    for a, b in zip(reversed(one), reversed(other), strict=False):
        if a != b:
            break
        size += 1
    ending = one[len(one) - size:] if size else ""
    start = ending.find(". ")
    return ending[start + 2:] if start >= 0 else ""


_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2,4})")


def likely_cause(values: list[str]) -> str | None:
    """Why many values of one column fail, when the values say so."""
    if not values:
        return None
    if all(_NUMBER.match(v) for v in values):
        if all(20_000 <= float(v) <= 80_000 for v in values):
            return ("the column is formatted as numbers (spreadsheet serial dates): format it "
                    "as dates, YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM, and save again")
        return "the column is formatted as numbers"
    slashed = [m for m in map(_SLASHED.match, values) if m]
    if len(slashed) == len(values):
        if any(len(m.group(3)) == 2 for m in slashed):
            return "years written with two digits: write them in full (DD/MM/YYYY)"
        if any(int(m.group(2)) > 12 for m in slashed):
            return ("dates written month first (as a US spreadsheet does): write them day "
                    "first, DD/MM/YYYY, or as YYYY-MM-DD")
    return None

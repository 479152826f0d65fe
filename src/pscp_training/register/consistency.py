"""Rules across the lines of a register: identities, merged duplicates, disagreeing details."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from pscp_training.domain import identity
from pscp_training.domain.errors import Problem
from pscp_training.domain.identity import delegate_name_key, email_key
from pscp_training.domain.import_records import RegisterRow, RowKind
from pscp_training.domain.years import to_local
from pscp_training.register.header import lines_text

SessionKey = tuple[str, datetime]

PROGRESS_STEP = 2000  # rows passed between two ticks of a progress bar


def in_steps(rows: list, tick: Callable[[int], None] | None) -> Iterable:
    """The rows, telling `tick(PROGRESS_STEP)` after each PROGRESS_STEP of them (a progress
    bar's pace: a hundred thousand rows move it fifty times per pass)."""
    if tick is None:
        yield from rows
        return
    step = PROGRESS_STEP
    for start in range(0, len(rows), step):
        yield from rows[start : start + step]
        tick(min(step, len(rows) - start))

_COMPARED = tuple(name for name in RegisterRow.__slots__ if name != "line")


# A register names the same organisations, sectors and courses on thousands of rows, and
# checking and planning ask for each row's keys several times: remember the recent ones.
key = lru_cache(maxsize=1 << 16)(identity.key)


def session_key(row: RegisterRow) -> SessionKey:
    return key(row.course_code), row.session_start


def delegate_key(row: RegisterRow) -> str:
    """A delegate's identity: their email, else first name, last name and organisation."""
    return _delegate_key(row.email, row.first_name, row.last_name, row.organisation)


@lru_cache(maxsize=1 << 17)
def _delegate_key(email, first_name, last_name, organisation) -> str:
    found = email_key(email)
    if found:
        return "@" + found
    return "#" + delegate_name_key(first_name, last_name, organisation)


def describe_session(row: RegisterRow) -> str:
    return f"{row.course_code} on {to_local(row.session_start).strftime('%d %b %Y %H:%M')}"


def _values(row: RegisterRow) -> tuple:
    return tuple(getattr(row, name) for name in _COMPARED)


@dataclass
class _Details:
    """The lines that gave an entity's details, and whether any of them disagreed."""

    values: tuple
    lines: list[int] = field(default_factory=list)
    disagree: bool = False

    def see(self, values: tuple, line: int) -> None:
        if values != self.values:
            self.disagree = True
            self.values = values
        self.lines.append(line)


@dataclass
class Consistent:
    rows: list[RegisterRow]
    problems: list[Problem]
    warnings: list[str]
    merged_duplicates: int


def check_consistency(
    rows: list[RegisterRow], tick: Callable[[int], None] | None = None
) -> Consistent:
    """Drop identical duplicates; errors for conflicting ones and for a course's agency.

    `tick(count)` is told of the rows passed, every PROGRESS_STEP of them.
    """
    problems: list[Problem] = []
    warnings: list[str] = []
    kept: list[RegisterRow] = []
    merged = 0
    agencies: dict[str, RegisterRow] = {}
    courses: dict[str, _Details] = {}
    sessions: dict[SessionKey, _Details] = {}
    delegates: dict[str, _Details] = {}
    entries: dict[tuple, RegisterRow] = {}
    for row in in_steps(rows, tick):
        course = key(row.course_code)
        first = agencies.setdefault(course, row)
        if first.agency is not row.agency:
            problems.append(
                Problem(
                    row.line, "agency", row.agency.value,
                    f"Course {row.course_code} is “{first.agency}” on line {first.line}; a course's "
                    "agency must be the same on every row, because it decides which table of the "
                    "yearly report its sessions count in.",
                )
            )
        _see(courses, course, (row.course_title, row.course_category), row.line)
        skey = (course, row.session_start)
        _see(
            sessions, skey,
            (row.session_end, row.delivery, row.venue, row.capacity, row.trainers,
             row.session_status, key(row.commissioning_organisation) or None),
            row.line,
        )
        if row.kind is RowKind.SESSION:
            kept.append(row)
            continue
        if row.kind is RowKind.BOOKING:
            person = delegate_key(row)
            _see(delegates, person, (row.first_name, row.last_name, row.job_role), row.line)
            identity = (skey, person)
        else:
            identity = (skey, "org", key(row.organisation))
        earlier = entries.get(identity)
        if earlier is None:
            entries[identity] = row
            kept.append(row)
        elif _values(earlier) == _values(row):
            merged += 1
        else:
            if row.kind is RowKind.BOOKING:
                what = f"{row.first_name} {row.last_name}'s booking on {describe_session(row)}"
            else:
                what = f"the headcount of {row.organisation} on {describe_session(row)}"
            differing = [
                name for name in _COMPARED if getattr(earlier, name) != getattr(row, name)
            ]
            problems.append(
                Problem(
                    row.line, None, None,
                    f"This row and line {earlier.line} are both {what}, but they differ "
                    f"({', '.join(differing)}); keep the right one of the two.",
                )
            )
    for course, details in courses.items():
        if details.disagree:
            warnings.append(
                f"Course {agencies[course].course_code}: {lines_text(details.lines)} give different "
                f"titles or categories; the last one (line {details.lines[-1]}) was used."
            )
    for details in sessions.values():
        if details.disagree:
            warnings.append(
                f"{lines_text(details.lines)} name the same session but disagree on its details "
                f"(end, delivery, venue, capacity, trainer, status or commissioning organisation); "
                f"the last one (line {details.lines[-1]}) was used."
            )
    for details in delegates.values():
        if details.disagree:
            warnings.append(
                f"{lines_text(details.lines)} name the same delegate with different names or job "
                f"roles; the last one (line {details.lines[-1]}) was used."
            )
    return Consistent(kept, problems, warnings, merged)


def _see(table: dict, entity, values: tuple, line: int) -> None:
    details = table.get(entity)
    if details is None:
        table[entity] = _Details(values, [line])
    else:
        details.see(values, line)

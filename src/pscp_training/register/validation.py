"""Checking each line of a booking register and turning it into a normalised RegisterRow."""

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter

from pscp_training.domain.enums import Agency, Attendance, BookingStatus, Delivery, SessionStatus
from pscp_training.domain.errors import Problem
from pscp_training.domain.identity import PHONE_FORM, is_email, is_phone
from pscp_training.domain.import_records import RegisterRow, RowKind
from pscp_training.register.columns import (
    BOOKING_COLUMNS,
    allowed,
    not_a_date_time,
    parse_enum,
    parse_local_date_time,
    parse_serial_date_time,
    parse_whole_number,
    parse_yes_no,
)
from pscp_training.register.consistency import PROGRESS_STEP
from pscp_training.register.header import match_header
from pscp_training.register.problems import ProblemLog, likely_cause
from pscp_training.register.reading import Table
from pscp_training.register.safe_cells import unguard_formula

# Values that make a row a booking row; a headcount row must leave them blank.
_DELEGATE_COLUMNS = ("first_name", "last_name", "email", "job_role", "phone")
_BOOKING_ONLY = ("booking_status", "attendance", "walk_in")
_BOOKING_SIGNS = (*_DELEGATE_COLUMNS, "organisation", "sector", "booking_status",
                  "booked_at", "cancelled_at", "attendance")


# The course and session columns, the same on every row of one session.
_SESSION_COLUMNS = ("course_code", "course_title", "course_category", "agency",
                    "commissioning_organisation", "session_start", "session_end", "delivery",
                    "venue", "capacity", "trainer", "session_status")

_BOOKING_STATE = ("booking_status", "booked_at", "cancelled_at", "attendance", "walk_in")


def _getter(index: dict[str, int], columns: tuple[str, ...]) -> Callable[[list[str]], tuple]:
    """A function giving a line's cells in those of the columns the file has, as a tuple."""
    positions = [index[c] for c in columns if c in index]
    if len(positions) >= 2:
        return itemgetter(*positions)
    if positions:
        only = positions[0]
        return lambda row: (row[only],)
    return lambda row: ()


def _label(column: str) -> str:
    return column.replace("_", " ")


@dataclass
class CheckedRows:
    """The valid rows of a register in file order, and the problems and warnings found."""

    rows: list[RegisterRow] = field(default_factory=list)
    problems: ProblemLog = field(default_factory=ProblemLog)
    warnings: list[str] = field(default_factory=list)
    present: frozenset[str] = frozenset()


class _RowChecker:
    """Reads one line's values; every problem is collected, none stops the others."""

    def __init__(self, index: dict[str, int], problems: ProblemLog, *, serials: bool = False):
        self.serials = serials  # a spreadsheet's number cells in a date column are dates
        self.index = index
        self.problems = problems
        self.present = frozenset(index)
        self._dates: dict[str, object] = {}
        self._names = tuple(index)
        self._all = _getter(index, self._names)
        self._session_cells = _getter(index, _SESSION_COLUMNS)
        self._state_cells = _getter(index, _BOOKING_STATE)
        self._sign_cells = _getter(index, _BOOKING_SIGNS)
        self._sessions: dict[tuple, dict] = {}
        self._states: dict[tuple, dict] = {}

    def problem(self, line: int, column: str, value: str | None, message: str) -> None:
        self.problems.append(Problem(line, column, value, message))

    def cells(self, values: list[str]) -> dict[str, str]:
        """The row's value in each column present, formula guards removed (read once per row)."""
        texts = self._all(values)
        cells = dict(zip(self._names, texts, strict=True))
        if "'" in "".join(texts):  # rare: only then look for a guard cell by cell
            for column, value in cells.items():
                if value[:1] == "'":
                    cells[column] = unguard_formula(value)
        return cells

    def required(self, values, line, column, why="every row needs one") -> str | None:
        value = values.get(column, "")
        if not value:
            self.problem(line, column, None, f"The {_label(column)} is blank; {why}.")
            return None
        return value

    def enum(self, line, column, value, enum_type):
        member = parse_enum(enum_type, value)
        if member is None:
            self.problem(line, column, value, f"The {_label(column)} must be {allowed(enum_type)}.")
        return member

    def date_time(self, line, column, value):
        if value not in self._dates:
            moment = parse_local_date_time(value)
            if moment is None and self.serials:
                moment = parse_serial_date_time(value)
            if len(self._dates) < 100_000:
                self._dates[value] = moment
        else:
            moment = self._dates[value]
        if moment is None:
            cause = likely_cause([value])
            self.problem(
                line, column, value,
                not_a_date_time(value) + (f" The likely cause: {cause}." if cause else ""),
            )
        return moment

    def optional_date_time(self, values, line, column):
        value = values.get(column, "")
        return self.date_time(line, column, value) if value else None

    def whole(self, line, column, value, lowest):
        number = parse_whole_number(value)
        if number is None or number < lowest:
            self.problem(
                line, column, value,
                f"The {_label(column)} must be a whole number of {lowest} or more.",
            )
            return None
        return number

    def check(self, row: list[str], line: int) -> RegisterRow | None:
        before = len(self.problems)
        values = self.cells(row)
        # A register repeats a session's columns on each of its rows: check them once.
        cells = self._session_cells(row)
        session = self._sessions.get(cells)
        if session is None:
            session = self._session(values, line)
            if len(self.problems) == before and len(self._sessions) < 100_000:
                self._sessions[cells] = session
        agency = session["agency"]

        headcount_text = values.get("headcount", "")
        if headcount_text:
            kind = RowKind.HEADCOUNT
        elif any(self._sign_cells(row)) or parse_yes_no(values.get("walk_in", "")):
            kind = RowKind.BOOKING
        else:
            kind = RowKind.SESSION
        person: dict = {}
        if kind is RowKind.HEADCOUNT:
            person = self._headcount(values, line, agency, headcount_text)
        elif kind is RowKind.BOOKING:
            person = self._booking(values, line, row)
        if len(self.problems) > before:
            return None
        return RegisterRow(line=line, kind=kind, **session, **person)

    def _session(self, values, line) -> dict:
        """The course and session columns of one row, checked."""
        code = self.required(values, line, "course_code")
        title = self.required(values, line, "course_title")
        agency_text = self.required(values, line, "agency")
        agency = self.enum(line, "agency", agency_text, Agency) if agency_text else None
        start_text = self.required(values, line, "session_start")
        start = self.date_time(line, "session_start", start_text) if start_text else None
        end = self.optional_date_time(values, line, "session_end")
        if start and end and end < start:
            self.problem(line, "session_end", values.get("session_end", ""),
                         "The session ends before it starts.")
        delivery_text = self.required(values, line, "delivery")
        delivery = self.enum(line, "delivery", delivery_text, Delivery) if delivery_text else None
        capacity_text = values.get("capacity", "")
        capacity = self.whole(line, "capacity", capacity_text, 0) if capacity_text else None
        status_text = values.get("session_status", "")
        session_status = (
            self.enum(line, "session_status", status_text, SessionStatus)
            if status_text
            else (SessionStatus.SCHEDULED if "session_status" in self.present else None)
        )
        commissioner = values.get("commissioning_organisation", "") or None
        if agency is Agency.SINGLE and not commissioner and "commissioning_organisation" in self.index:
            self.required(values, line, "commissioning_organisation",
                          "a single-agency session needs the organisation it was delivered for")
        if agency is Agency.MULTI:
            commissioner = None
        return {
            "course_code": code, "course_title": title,
            "course_category": values.get("course_category", "") or None, "agency": agency,
            "commissioning_organisation": commissioner, "session_start": start,
            "session_end": end, "delivery": delivery, "venue": values.get("venue", "") or None,
            "capacity": capacity, "trainers": values.get("trainer", "") or None,
            "session_status": session_status,
        }

    def _headcount(self, values, line, agency, headcount_text) -> dict:
        count = self.whole(line, "headcount", headcount_text, 1)
        if agency is Agency.MULTI:
            self.problem(
                line, "headcount", headcount_text,
                "Headcounts of unnamed attendees are only for single-agency sessions; "
                "this course is “multi”, so name each delegate on a row of their own.",
            )
        for column in (*_DELEGATE_COLUMNS, *_BOOKING_ONLY):
            value = values.get(column, "")
            if value and not (column == "walk_in" and parse_yes_no(value) is False):
                self.problem(
                    line, column, value,
                    "A headcount row counts unnamed attendees, so it cannot also name a delegate "
                    f"or a booking: leave the {_label(column)} blank or put the person on a row "
                    "of their own.",
                )
        organisation = self.required(values, line, "organisation", "a headcount row needs one")
        sector = self.required(values, line, "sector", "a headcount row needs one")
        return {"organisation": organisation, "sector": sector, "headcount": count}

    def _booking(self, values, line, row) -> dict:
        why = "a booking row needs one"
        first = self.required(values, line, "first_name", why)
        last = self.required(values, line, "last_name", why)
        organisation = self.required(values, line, "organisation", why)
        sector = self.required(values, line, "sector", why)
        email = values.get("email", "") or None
        if email and not is_email(email):
            self.problem(line, "email", email, "This is not an email address.")
        phone = values.get("phone", "") or None
        if phone and not is_phone(phone):
            self.problem(line, "phone", phone, f"This is not a phone number: use {PHONE_FORM}.")
        # Thousands of bookings share a status, dates and attendance: check each mix once.
        before = len(self.problems)
        cells = self._state_cells(row)
        state = self._states.get(cells)
        if state is None:
            state = self._booking_state(values, line)
            if len(self.problems) == before and len(self._states) < 100_000:
                self._states[cells] = state
        return {
            "first_name": first, "last_name": last, "email": email,
            "job_role": values.get("job_role", "") or None, "phone": phone,
            "organisation": organisation, "sector": sector, **state,
        }

    def _booking_state(self, values, line) -> dict:
        """A booking's status, dates, attendance and walk-in, checked against each other."""
        why = "a booking row needs one"
        status_text = self.required(values, line, "booking_status", why)
        status = self.enum(line, "booking_status", status_text, BookingStatus) if status_text else None
        booked_at = self.optional_date_time(values, line, "booked_at")
        cancelled_at = self.optional_date_time(values, line, "cancelled_at")
        if cancelled_at and status and status is not BookingStatus.CANCELLED:
            self.problem(
                line, "cancelled_at", values.get("cancelled_at", ""),
                f"A cancellation date is only for a “cancelled” booking; this one is “{status}”.",
            )
        attendance_text = values.get("attendance", "")
        attendance = (
            self.enum(line, "attendance", attendance_text, Attendance)
            if attendance_text
            else (Attendance.UNMARKED if "attendance" in self.present else None)
        )
        if attendance in (Attendance.ATTENDED, Attendance.ABSENT) and status not in (
            None, BookingStatus.BOOKED
        ):
            self.problem(
                line, "attendance", attendance_text,
                f"Only a “booked” place can be marked attended or absent; this booking is “{status}”.",
            )
        walk_in_text = values.get("walk_in", "")
        walk_in = parse_yes_no(walk_in_text)
        if walk_in is None:
            self.problem(line, "walk_in", walk_in_text, "The walk in value must be “yes”, “no” or blank.")
        elif walk_in and not (status is BookingStatus.BOOKED and attendance is Attendance.ATTENDED):
            self.problem(
                line, "walk_in", walk_in_text,
                "A walk-in is someone who attended without booking: their booking status must be "
                "“booked” and their attendance “attended”.",
            )
        if "walk_in" not in self.present:
            walk_in = None
        return {
            "booking_status": status, "booked_at": booked_at, "cancelled_at": cancelled_at,
            "attendance": attendance, "walk_in": walk_in,
        }


def check_rows(table: Table, tick: Callable[[int], None] | None = None) -> CheckedRows:
    """Every line checked on its own (cross-line rules are in register.consistency)."""
    header = match_header(table, BOOKING_COLUMNS)
    result = CheckedRows(
        problems=ProblemLog(header.problems), warnings=[*table.warnings, *header.warnings]
    )
    if header.problems:
        return result
    if not table.rows:
        result.problems.append(
            Problem(None, None, None, "The file has a header row but no rows of data.")
        )
        return result
    result.present = frozenset(header.index)
    checker = _RowChecker(header.index, result.problems, serials=table.spreadsheet)
    for number, (values, line) in enumerate(zip(table.rows, table.lines, strict=True), start=1):
        row = checker.check(values, line)
        if row is not None:
            result.rows.append(row)
        if tick is not None and number % PROGRESS_STEP == 0:
            tick(number)
    if "commissioning_organisation" not in header.index:
        singles = [r.line for r in result.rows if r.agency is Agency.SINGLE]
        if singles:
            result.problems.append(
                Problem(
                    1, "commissioning_organisation", None,
                    "The column 'commissioning_organisation' is missing from the header row; it is "
                    f"needed because line {singles[0]} is a single-agency session.",
                )
            )
    return result


# --- a sector that is nearly one already listed -----------------------------------------------


def _letters(name: str) -> str:
    """A name with case, spacing and punctuation gone: what is left to compare letter by letter."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _distance(a: str, b: str, limit: int) -> int:
    """Letters inserted, dropped, changed or swapped to make `a` into `b` (stops past `limit`)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, row = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, row = row, current
    return row[-1]


def sector_near_miss(name: str, listed: list[str]) -> str | None:
    """The listed sector that `name` is nearly (punctuation, spacing, one or two letters), if any.

    A name that is a listed one but for case and spacing *is* that sector (names are compared
    so everywhere) and is not a near miss; nor is a name unlike every listed one (a new sector).
    """
    wanted = " ".join(name.split()).casefold()
    if any(" ".join(s.split()).casefold() == wanted for s in listed):
        return None
    letters = _letters(name)
    for sector in listed:
        theirs = _letters(sector)
        if letters == theirs:
            return sector
        limit = 2 if min(len(letters), len(theirs)) >= 6 else 1
        if min(len(letters), len(theirs)) >= 4 and _distance(letters, theirs, limit) <= limit:
            return sector
    return None

"""Reading another system's booking export through a mapping: every line checked, none written.

The file is read by `read_table` (any encoding and separator, .xlsx, .ods,
title rows); the mapping (domain/online_bookings.py) says where our fields
are. Problems are collected per line (register/problems.py) so the person
fixes the whole file, or the mapping, in one go.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pscp_training.domain.errors import Problem, ValidationFailed
from pscp_training.domain.identity import clean, email_key, is_email, is_phone, key
from pscp_training.domain.online_bookings import FIELDS, Arrival, ArrivalRow, BookingMapping
from pscp_training.domain.years import local_to_utc, to_local
from pscp_training.register.columns import (
    DATE_TIME_FORM,
    parse_local_date_time,
    parse_serial_date_time,
)
from pscp_training.register.header import lines_text
from pscp_training.register.problems import ProblemLog
from pscp_training.register.reading import Table, read_table
from pscp_training.register.safe_cells import unguard_formula

# How other systems write the time of asking, beyond what the register reads
# (ISO with an offset, YYYY-MM-DD HH:MM, DD/MM/YYYY HH:MM).
_MORE_TIMES = ("%b %d, %Y %I:%M %p", "%B %d, %Y %I:%M %p", "%b %d, %Y %H:%M", "%d %b %Y %H:%M",
               "%d %B %Y %H:%M", "%Y/%m/%d %H:%M:%S")


def read_file(path: str | Path) -> Table:
    """The file's header and rows (for the wizard's drop-downs and preview)."""
    return read_table(path)


def positions(header: list[str], mapping: BookingMapping) -> dict[str, int]:
    """Where each mapped field is in the file: the first of its headers that the file has."""
    by_key: dict[str, int] = {}
    for index, title in enumerate(header):
        by_key.setdefault(key(title), index)
    found: dict[str, int] = {}
    for name in FIELDS:
        for title in mapping.columns.get(name, ()):
            if key(title) in by_key:
                found[name] = by_key[key(title)]
                break
    if "first_name" in found and "last_name" in found:
        found.pop("full_name", None)  # two name columns beat one
    elif "full_name" in found:
        found.pop("first_name", None)
        found.pop("last_name", None)
    return found


def fits(header: list[str], mapping: BookingMapping) -> bool:
    """Whether a file with this header is the kind the mapping was made for."""
    keys = {key(h) for h in header}
    if mapping.header and not {key(h) for h in mapping.header} <= keys:
        return False
    return _names_found(positions(header, mapping))


def _names_found(found: dict[str, int]) -> bool:
    return "full_name" in found or ("first_name" in found and "last_name" in found)


def parse_asked_at(text: str, spreadsheet: bool) -> datetime | None:
    """The time of asking as an aware UTC instant; London time unless the text gives an offset."""
    text = text.strip()
    moment = parse_local_date_time(text)
    if moment is None and spreadsheet:
        moment = parse_serial_date_time(text)
    if moment is None:
        for fmt in _MORE_TIMES:
            try:
                return local_to_utc(datetime.strptime(text, fmt))
            except ValueError:
                continue
    return moment


def split_name(text: str) -> tuple[str, str] | None:
    """A full name as first and last: the last word is the last name ("Mary Ann O'Neil")."""
    words = text.split()
    if len(words) < 2:
        return None
    return " ".join(words[:-1]), words[-1]


@dataclass
class CheckedArrivals:
    """The valid rows of the file, the lines' problems and what is worth a warning."""

    table: Table
    rows: list[ArrivalRow] = field(default_factory=list)
    problems: ProblemLog = field(default_factory=ProblemLog)
    warnings: list[str] = field(default_factory=list)
    shown: list[tuple[int, dict[str, str], list[str]]] = field(default_factory=list)


class _Line:
    def __init__(self, checked: CheckedArrivals, found: dict[str, int], header: list[str]):
        self.checked = checked
        self.found = found
        self.header = header

    def problem(self, line: int, name: str, value: str | None, message: str) -> None:
        title = self.header[self.found[name]] if name in self.found else FIELDS.get(name, name)
        self.checked.problems.append(Problem(line, title, value, message))


def check_arrivals(
    table: Table, mapping: BookingMapping, *, session_id: int | None = None, preview: int = 0,
) -> CheckedArrivals:
    """Every line read through the mapping; the first `preview` lines kept as they would be stored."""
    checked = CheckedArrivals(table, warnings=list(table.warnings))
    found = positions(table.header, mapping)
    line_of_header = table.header_line
    if not _names_found(found):
        checked.problems.append(Problem(line_of_header, None, None,
            "The mapping names no column for the delegates' names: choose the first and last "
            "name columns (or one full-name column)."))
    if session_id is None and "session" not in found:
        checked.problems.append(Problem(line_of_header, None, None,
            "Choose the session these bookings are for (or the column that names it)."))
    if checked.problems:
        return checked
    if not table.rows:
        checked.problems.append(Problem(None, None, None, "The file has a header row but no rows."))
        return checked
    reader = _Line(checked, found, table.header)
    statuses = {key(k): v for k, v in mapping.values.get("status", {}).items()}
    sessions = {key(k): v for k, v in mapping.values.get("session", {}).items()}
    for values, line in zip(table.rows, table.lines, strict=True):
        cells = {name: unguard_formula(values[index].strip()) for name, index in found.items()}
        before = len(checked.problems)
        row = _row(reader, line, cells, statuses, sessions, session_id, table.spreadsheet)
        if len(checked.shown) < preview:
            messages = [p.message for p in list(checked.problems)[before:]]
            checked.shown.append((line, _as_stored(row, cells), messages))
        if row is not None:
            checked.rows.append(row)
    checked.rows = _latest_per_person(checked.rows, checked.warnings)
    return checked


def _row(reader: _Line, line, cells, statuses, sessions, session_id, spreadsheet):
    problems_before = len(reader.checked.problems)
    if "full_name" in cells:
        names = split_name(cells["full_name"])
        if names is None:
            reader.problem(line, "full_name", cells["full_name"] or None,
                           "A first and a last name are needed.")
            names = ("", "")
    else:
        names = (cells.get("first_name", ""), cells.get("last_name", ""))
        for name, value in zip(("first_name", "last_name"), names, strict=True):
            if not value:
                reader.problem(line, name, None, f"The {FIELDS[name].lower()} is blank.")
    email = clean(cells.get("email"))
    if email and not is_email(email):
        reader.problem(line, "email", email, "This is not an email address.")
    phone = clean(cells.get("phone"))
    if phone and not is_phone(phone):
        phone = None  # a form's free text ("ask reception"): not worth refusing the booking
    arrival = Arrival.BOOKED
    if "status" in cells:
        text = cells["status"]
        wanted = statuses.get(key(text)) or (key(text) if key(text) in set(Arrival) else None)
        if wanted is None:
            reader.problem(line, "status", text or None,
                           "The mapping does not say what this status means: translate it to "
                           "booked, attended or cancelled.")
        else:
            arrival = Arrival(wanted)
    asked = None
    if cells.get("booked_at"):
        asked = parse_asked_at(cells["booked_at"], spreadsheet)
        if asked is None:
            reader.problem(line, "booked_at", cells["booked_at"],
                           f"This is not a date and time: write it as {DATE_TIME_FORM}.")
    target = session_id
    if "session" in cells:
        text = cells["session"]
        chosen = sessions.get(key(text)) or (text if text.isdigit() else None)
        if chosen is not None:
            target = int(chosen)
        elif target is None:
            reader.problem(line, "session", text or None,
                           "Say which session this value names (the mapping has no session "
                           "for it).")
    if len(reader.checked.problems) > problems_before:
        return None
    return ArrivalRow(
        line=line, first_name=names[0], last_name=names[1], email=email,
        organisation=clean(cells.get("organisation")), sector=clean(cells.get("sector")),
        job_role=clean(cells.get("job_role")), phone=phone, arrival=arrival,
        booked_at=asked, session_id=target,
    )


def _as_stored(row: ArrivalRow | None, cells: dict[str, str]) -> dict[str, str]:
    """A row as the preview shows it: our fields, as they would be stored."""
    if row is None:
        return {name: cells.get(name, "") for name in ("first_name", "last_name", "email",
                                                       "organisation", "status", "booked_at")}
    return {
        "first_name": row.first_name,
        "last_name": row.last_name,
        "email": row.email or "",
        "organisation": row.organisation or "",
        "status": row.arrival.value,
        "booked_at": to_local(row.booked_at).strftime("%Y-%m-%d %H:%M") if row.booked_at else "",
    }


def person_key(row: ArrivalRow) -> str:
    """Who a row is: their email (any case), else their names and organisation."""
    found = email_key(row.email)
    if found:
        return "@" + found
    return "#" + "|".join((key(row.first_name), key(row.last_name), key(row.organisation)))


def _latest_per_person(rows: list[ArrivalRow], warnings: list[str]) -> list[ArrivalRow]:
    """One row per person and session: the latest order (a rebooking after a cancellation)."""
    chosen: dict[tuple[int, str], ArrivalRow] = {}
    lines: dict[tuple[int, str], list[int]] = {}
    for row in rows:
        who = (row.session_id, person_key(row))
        lines.setdefault(who, []).append(row.line)
        held = chosen.get(who)
        if held is None or _later(row, held):
            chosen[who] = row
    for who, seen in lines.items():
        if len(seen) > 1:
            row = chosen[who]
            warnings.append(
                f"{row.first_name} {row.last_name} is on {lines_text(seen)}: the latest order "
                f"(line {row.line}, {row.arrival.value}) is the one imported."
            )
    return sorted(chosen.values(), key=lambda r: r.line)


def _later(row: ArrivalRow, held: ArrivalRow) -> bool:
    if row.booked_at and held.booked_at and row.booked_at != held.booked_at:
        return row.booked_at > held.booked_at
    return row.line > held.line


def read_arrivals(
    path: str | Path, mapping: BookingMapping, *, session_id: int | None = None
) -> CheckedArrivals:
    """The file read and checked in full; ValidationFailed listing every line's problems."""
    checked = check_arrivals(read_table(path), mapping, session_id=session_id)
    if checked.problems:
        count = len(checked.problems)
        raise ValidationFailed(
            f"{checked.table.name} was not imported: it has {count:,} problem"
            f"{'s' if count != 1 else ''} (nothing was written). Correct the file or the "
            "mapping and import it again.",
            checked.problems.report(),
            checked.warnings,
        )
    return checked


def distinct_values(table: Table, title: str, most: int = 50) -> list[str]:
    """The different values of one column, in the order first seen (for value translations)."""
    if title not in table.header:
        return []
    index = table.header.index(title)
    seen: dict[str, str] = {}
    for values in table.rows:
        text = values[index].strip()
        if text and key(text) not in seen:
            seen[key(text)] = text
            if len(seen) >= most:
                break
    return list(seen.values())

"""The one file reader: a .csv, .xlsx or .ods as rows of trimmed text, with the lines people see.

`read_table(path, required=...)` is what every import builds on (booking
register, organisation register, evaluations, online-form exports). It refuses
what is not cleanly readable (mixed encodings, a NUL, a second byte-order mark,
torn rows), finds the separator and the header (title rows above it are
skipped), and keeps to a memory bound: at most MAX_COLUMNS columns, a sheet
read within the cells it really holds, and at most MAX_LISTED problem lines.
"""

import csv
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from pscp_training.domain.errors import Problem, ValidationFailed
from pscp_training.register import text_files, workbooks
from pscp_training.register.text_files import SAVE_AGAIN, SEPARATOR_NAMES, Unreadable

SUFFIXES = (".csv", ".xlsx", ".ods")  # read; the register is written as .csv or .xlsx
MAX_COLUMNS = 200  # a header wider than this is refused before any row is read
HEADER_SEARCH = 10  # title rows above the header: the header is within the first ten rows
MAX_LISTED = 100  # problem lines listed; the total is always counted
READ_STEP = 2000  # lines read between two ticks of a progress bar


@dataclass
class Table:
    """A file's header and data rows as text; `lines[i]` is the line of `rows[i]`.

    Lines are those a spreadsheet shows (the first row is line 1, title rows
    included). `spreadsheet` is True for .xlsx/.ods, whose number cells may be
    date serials; `columns` are the header's names normalised by column_name.
    """

    name: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    warnings: list[str] = field(default_factory=list)
    spreadsheet: bool = False
    header_line: int = 1

    @property
    def columns(self) -> list[str]:
        return [column_name(title) for title in self.header]


_SPACING = re.compile(r"[\s_\-]+")


def column_name(title: str) -> str:
    """A header cell as a column name: `Course Code`, `course-code` -> `course_code`."""
    return _SPACING.sub("_", str(title).strip().casefold()).strip("_")


def refusal(name: str, problems: list[Problem]) -> ValidationFailed:
    return ValidationFailed(f"{name} cannot be imported.", problems)


def read_table(
    path: str | Path, *, required: Sequence[str] = (),
    tick: Callable[[int, int], None] | None = None,
) -> Table:
    """The first visible sheet (or the CSV) as text. Raises ValidationFailed, naming the line.

    `required` are column names (as column_name gives them) that identify the
    header row among title rows; without them the first row is the header.
    `tick(lines read, lines in the file)` is told every READ_STEP lines of a .csv.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        hint = " Save it from Excel as an .xlsx workbook." if suffix == ".xls" else ""
        raise refusal(path.name, [Problem(None, None, None,
            f"Only .csv, .xlsx and .ods files can be imported, not '{suffix or path.name}'.{hint}")])
    if not path.is_file():
        raise refusal(path.name, [Problem(None, None, None, f"There is no file {path}.")])
    try:
        raw = path.read_bytes()
    except OSError as error:  # open in Excel with a lock, no permission, a share gone away
        raise refusal(path.name, [Problem(None, None, None,
            f"The file could not be read ({error.strerror or error}).")]) from error
    if not raw.strip():
        raise refusal(path.name, [Problem(None, None, None,
            "The file is empty: it needs a header row and at least one row.")])
    wanted = frozenset(required)
    try:
        if suffix == ".csv":
            return _read_csv(path.name, raw, wanted, tick)
        reader = workbooks.read_xlsx if suffix == ".xlsx" else workbooks.read_ods
        return _read_sheet(path.name, reader(path, raw, MAX_COLUMNS + 1), wanted)
    except Unreadable as error:
        raise refusal(path.name, [error.problem]) from None


def _names_required(cells: Iterable, wanted: frozenset[str]) -> bool:
    names = {column_name(c) for c in cells if isinstance(c, str)}
    return bool(wanted) and wanted <= names


def _header_at(first_rows: list[list[str]], wanted: frozenset[str]) -> int:
    """The index of the header among the first rows (0 where none names the required columns)."""
    for index, cells in enumerate(first_rows[:HEADER_SEARCH]):
        if _names_required(cells, wanted):
            return index
    for index, cells in enumerate(first_rows[:HEADER_SEARCH]):
        if any(str(c).strip() for c in cells):
            return index  # the first row that is not blank
    return 0


def _too_wide(line: int, width: int) -> Unreadable:
    return Unreadable(Problem(line, None, None,
        f"The header row has {width:,} columns; the register has {MAX_COLUMNS} at most, so "
        "this is not a register (or the file is damaged)."))


class _Torn:
    """Lines whose number of values is not the header's; the first MAX_LISTED are named."""

    def __init__(self, width: int, sep: str):
        self.width, self.sep = width, sep
        self.problems: list[Problem] = []
        self.count = 0

    def see(self, line: int, values: int) -> None:
        self.count += 1
        if len(self.problems) < MAX_LISTED:
            what = "fewer" if values < self.width else "more"
            hint = (
                "the line is cut off (a torn or incomplete file)" if values < self.width
                else f"check for {SEPARATOR_NAMES[self.sep]} inside a value that is not in quotes"
            )
            self.problems.append(Problem(line, None, None,
                f"This line has {values} values, {what} than the header's {self.width}: {hint}."))

    def raise_if_any(self, name: str) -> None:
        if self.count:
            problems = list(self.problems)
            if self.count > len(problems):
                problems.append(Problem(None, None, None,
                    f"... {self.count:,} lines in all have the wrong number of values."))
            raise refusal(name, problems)


def _read_csv(name: str, raw: bytes, wanted: frozenset[str], tick=None) -> Table:
    text, warning = text_files.decode(raw)
    in_all = text.count("\n") + 1  # for a progress bar: the lines, near enough
    first_lines = text.split("\n", HEADER_SEARCH)[:HEADER_SEARCH]
    sep = text_files.separator(first_lines, lambda cells: _names_required(cells, wanted))
    records = text_files.split_records(text, sep)
    head: list[list[str]] = []
    try:
        for cells in records:
            head.append(cells)
            if len(head) >= HEADER_SEARCH:
                break
        at = _header_at(head, wanted)
        header = [c.strip() for c in head[at]]
        if len(header) > MAX_COLUMNS:
            raise _too_wide(at + 1, len(header))
        width = len(header)
        torn = _Torn(width, sep)
        rows: list[list[str]] = []
        lines: list[int] = []

        def take(cells: list[str], line: int) -> None:
            if not cells or not any(cells):
                return  # a blank line between blocks of rows is not an error
            if len(cells) != width:
                if any(c.strip() for c in cells[width:]) or len(cells) < width:
                    torn.see(line, len(cells))
                    return
                cells = cells[:width]  # only empty values after the last column
            rows.append(list(map(str.strip, cells)))
            lines.append(line)

        for index, cells in enumerate(head[at + 1:], start=at + 2):
            take(cells, index)
        for index, cells in enumerate(records, start=len(head) + 1):
            take(cells, index)
            if tick is not None and index % READ_STEP == 0:
                tick(index, in_all)
    except csv.Error as error:
        raise Unreadable(Problem(records.line_num or None, None, None,
            f"The file could not be read as CSV ({error}); {SAVE_AGAIN}.")) from error
    torn.raise_if_any(name)
    warnings = [f"{name}: {warning}"] if warning else []
    if sep != ",":
        warnings.append(f"{name}: the values are separated by {SEPARATOR_NAMES[sep]}.")
    return _table(name, header, rows, lines, warnings, spreadsheet=False, header_line=at + 1)


def _read_sheet(name: str, sheet: workbooks.Sheet, wanted: frozenset[str]) -> Table:
    head: list[list[str]] = []  # the first non-blank rows, where the header is looked for
    head_lines: list[int] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    header_line = 1

    def settle() -> tuple[list[str], int]:
        at = _header_at(head, wanted)
        found = _trimmed_header(head[at], head_lines[at])
        for line, cells in zip(head_lines[at + 1:], head[at + 1:], strict=True):
            _keep(cells[:len(found)], line, len(found), rows, lines)
        return found, head_lines[at]

    for number, values in enumerate(sheet.rows, start=1):
        if values.count(None) == len(values):
            continue  # a row with no cells (a sheet may state a million of them)
        if header is None:
            head.append([cell_text(v) for v in values])
            head_lines.append(number)
            if number < HEADER_SEARCH and not _names_required(head[-1], wanted):
                continue
            header, header_line = settle()
            continue
        _keep([cell_text(v) for v in values[:len(header)]], number, len(header), rows, lines)
    if header is None:
        if not head:
            raise Unreadable(Problem(None, None, None,
                f"The sheet '{sheet.name}' is empty: it needs a header row."))
        header, header_line = settle()
    warnings = []
    if sheet.skipped:
        others = ", ".join(f"'{s}'" for s in sheet.skipped)
        warnings.append(f"{name}: only the first visible sheet, '{sheet.name}', was read "
                        f"(not {others}).")
    if sheet.hidden:
        hidden = ", ".join(f"'{s}'" for s in sheet.hidden)
        warnings.append(f"{name}: the hidden sheet(s) {hidden} were skipped.")
    return _table(name, header, rows, lines, warnings, spreadsheet=True, header_line=header_line)


def _trimmed_header(cells: list[str], line: int) -> list[str]:
    header = [c.strip() for c in cells]
    while header and not header[-1]:
        header.pop()  # a sheet's empty cells after the last column name
    if len(header) > MAX_COLUMNS:
        raise _too_wide(line, len(header))
    return header


def _keep(cells: list[str], line: int, width: int, rows: list, lines: list) -> None:
    if not any(cells):
        return
    if len(cells) < width:
        cells = cells + [""] * (width - len(cells))
    rows.append(cells)
    lines.append(line)


def _table(name, header, rows, lines, warnings, *, spreadsheet, header_line) -> Table:
    if not any(header):
        raise Unreadable(Problem(header_line, None, None,
            "The first line is blank: it should hold the column names."))
    return Table(name, header, rows, lines, warnings, spreadsheet, header_line)


def cell_text(value) -> str:
    """A spreadsheet cell as the text a person would type: date cells as YYYY-MM-DD HH:MM.

    A date cell keeps its time, midnight included (00:00 is midnight, not "a
    date alone"); whole numbers lose Excel's `.0`.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        if value != value:  # NaT
            return ""
        # Excel keeps times as fractions of a day: round away the float noise.
        moment = (value + timedelta(microseconds=500_000)).replace(microsecond=0, tzinfo=None)
        return moment.strftime("%Y-%m-%d %H:%M:%S" if moment.second else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return f"{value.isoformat()} 00:00"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()

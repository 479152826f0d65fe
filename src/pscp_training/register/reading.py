"""Reading a .csv or .xlsx register into rows of trimmed text, with line numbers as shown."""

import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pandas as pd

from pscp_training.domain.errors import Problem, ValidationFailed

SUFFIXES = (".csv", ".xlsx")


@dataclass
class Table:
    """A file's header and data rows as text; `lines[i]` is the line of `rows[i]` (header = 1)."""

    name: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    warnings: list[str] = field(default_factory=list)


def _refuse(path: Path, message: str, line: int | None = None) -> ValidationFailed:
    return ValidationFailed(
        f"{path.name} cannot be imported.", [Problem(line, None, None, message)]
    )


def read_table(path: str | Path) -> Table:
    """The first sheet (or the CSV) as text. Raises ValidationFailed for an unreadable file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        hint = " Save it from Excel as an .xlsx workbook." if suffix == ".xls" else ""
        raise _refuse(path, f"Only .csv and .xlsx files can be imported, not '{suffix or path.name}'.{hint}")
    if not path.is_file():
        raise _refuse(path, f"There is no file {path}.")
    try:
        raw = path.read_bytes()
    except OSError as error:  # open in Excel with a lock, no permission, a share gone away
        raise _refuse(path, f"The file could not be read ({error.strerror or error}).") from error
    if not raw.strip():
        raise _refuse(path, "The file is empty: it needs a header row and at least one row.")
    cells, warnings = _read_xlsx(path, raw) if suffix == ".xlsx" else _read_csv(path, raw)
    return _to_table(path, cells, warnings)


# --- CSV -----------------------------------------------------------------------------------


def _decode(path: Path, raw: bytes) -> tuple[str, list[str]]:
    if b"\x00" in raw[:65536]:
        raise _refuse(
            path, "This is not a text (CSV) file: it holds binary data. Save it as CSV or .xlsx."
        )
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    text = raw.decode("cp1252", errors="replace")
    return text, [
        f"{path.name} is not valid UTF-8, so it was read as Windows-1252 (as Excel on Windows "
        "saves 'CSV (Comma delimited)'); check that accented names look right."
    ]


_TOO_MANY = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _read_csv(path: Path, raw: bytes) -> tuple[list[list], list[str]]:
    text, warnings = _decode(path, raw)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
        )
    except pd.errors.ParserError as error:
        match = _TOO_MANY.search(str(error))
        if match:
            expected, line, saw = match.groups()
            raise _refuse(
                path,
                f"This line has {saw} values where the header has {expected} columns; "
                "check for a comma inside a value that is not in quotes.",
                line=int(line),
            ) from error
        raise _refuse(path, f"The file could not be read as CSV ({error}).") from error
    except pd.errors.EmptyDataError as error:
        raise _refuse(path, "The file is empty: it needs a header row.") from error
    return frame.fillna("").to_numpy(dtype=object).tolist(), warnings


# --- Excel ---------------------------------------------------------------------------------


def _read_xlsx(path: Path, raw: bytes) -> tuple[list[list], list[str]]:
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise _refuse(path, "This is not an Excel workbook (.xlsx); open it in Excel and save it again.")
    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            sheets = list(book.sheet_names)
            if not sheets:
                raise _refuse(path, "The workbook has no sheets.")
            frame = pd.read_excel(book, sheet_name=sheets[0], header=None, dtype=object)
    except ValidationFailed:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise _refuse(path, f"The workbook could not be read ({error}).") from error
    warnings = []
    if len(sheets) > 1:
        others = ", ".join(f"'{s}'" for s in sheets[1:])
        warnings.append(
            f"{path.name} has {len(sheets)} sheets: only the first, '{sheets[0]}', was read "
            f"(not {others})."
        )
    cells = [[_cell_text(value) for value in row] for row in frame.itertuples(index=False)]
    return cells, warnings


def _cell_text(value) -> str:
    """An Excel cell as the text a person would type: dates as YYYY-MM-DD HH:MM."""
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        # Excel keeps times as fractions of a day: round away the float noise.
        moment = (value + timedelta(microseconds=500_000)).replace(microsecond=0)
        if moment.time() == time(0):
            return moment.strftime("%Y-%m-%d")
        return moment.strftime("%Y-%m-%d %H:%M:%S" if moment.second else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


# --- both ----------------------------------------------------------------------------------


def _to_table(path: Path, cells: list[list], warnings: list[str]) -> Table:
    if not cells:
        raise _refuse(path, "The file is empty: it needs a header row.")
    width = max(len(row) for row in cells)
    header = [str(v).strip() for v in cells[0]] + [""] * (width - len(cells[0]))
    rows: list[list[str]] = []
    lines: list[int] = []
    for number, row in enumerate(cells[1:], start=2):
        try:
            texts = list(map(str.strip, row))  # both readers give text: no str() per cell
        except TypeError:
            texts = [str(v).strip() for v in row]
        if not any(texts):
            continue  # a blank line between blocks of rows is not an error
        texts.extend([""] * (width - len(texts)))
        rows.append(texts)
        lines.append(number)
    if not any(header):
        raise _refuse(path, "The first line is blank: it should hold the column names.", line=1)
    return Table(path.name, header, rows, lines, warnings)

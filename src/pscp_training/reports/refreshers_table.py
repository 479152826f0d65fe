"""Who is due a refresher as a table: the rows, and CSV, XLSX and JSON renderings of them."""

import csv
import io
from collections.abc import Sequence
from typing import BinaryIO, TextIO

from openpyxl import Workbook
from openpyxl.styles import Font

from pscp_training.domain.refresher_records import PersonCurrency

HEADERS = (
    "first_name", "last_name", "organisation", "sector", "role", "requirement",
    "last_qualifying_session", "last_course", "due_date", "status",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # spreadsheet formula (CSV injection)


def _safe(value):
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value


def as_dict(person: PersonCurrency) -> dict:
    """One person with ISO dates (the JSON and CSV contract)."""
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "organisation": person.organisation,
        "sector": person.sector,
        "role": person.role.label if person.role else None,
        "requirement": person.requirement,
        "last_qualifying_session": person.last_attended.isoformat() if person.last_attended else None,
        "last_course": person.last_course_code,
        "due_date": person.due.isoformat() if person.due else None,
        "status": person.status.label,
    }


def text_rows(people: Sequence[PersonCurrency]) -> list[list[object]]:
    return [[("" if v is None else v) for v in as_dict(p).values()] for p in people]


def write_csv(people: Sequence[PersonCurrency], stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for person in people:
        writer.writerow([_safe(v) if v is not None else "" for v in as_dict(person).values()])


def csv_text(people: Sequence[PersonCurrency]) -> str:
    buffer = io.StringIO()
    write_csv(people, buffer)
    return buffer.getvalue()


def write_xlsx(people: Sequence[PersonCurrency], stream: BinaryIO) -> None:
    """Dates as real dates (Excel sorts them), the header bold and frozen."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Refreshers due"
    sheet.append([h.replace("_", " ").capitalize() for h in HEADERS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for p in people:
        row = as_dict(p)
        row["last_qualifying_session"] = p.last_attended
        row["due_date"] = p.due
        sheet.append([_safe(v) for v in row.values()])
    for column, width in zip("ABCDEFGHIJ", (14, 16, 36, 16, 12, 20, 14, 12, 12, 14), strict=True):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=2):
        for cell in (cells[6], cells[8]):
            cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    book.save(stream)

"""Writing a register to .csv (UTF-8 with a byte-order mark) or .xlsx, guarded against formulas."""

from collections.abc import Iterable, Sequence
from datetime import datetime, time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from pscp_training.domain.errors import InputError
from pscp_training.domain.years import to_local
from pscp_training.register.columns import is_ambiguous, local_text
from pscp_training.register.safe_cells import SafeCsvWriter, guard_formula, safe_row

SUFFIXES = (".csv", ".xlsx")  # written; .ods is read too

DATE_TIME_CELL = "yyyy-mm-dd hh:mm"


def check_suffix(path: Path) -> None:
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(
            f"The register can be written as .csv or .xlsx, not '{path.suffix or path.name}'; "
            "end the file name with one of those."
        )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_text(value)
    if isinstance(value, str):
        return guard_formula(value)
    return str(value)


def write_register(path: str | Path, header: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Write the header and rows (text, whole numbers, aware date-times, None).

    Returns the number of rows written. Raises InputError for an unknown suffix
    or a file that cannot be written.
    """
    path = Path(path)
    check_suffix(path)
    try:
        if path.suffix.lower() == ".csv":
            return _write_csv(path, header, rows)
        return _write_xlsx(path, header, rows)
    except OSError as error:
        raise InputError(f"Could not write {path}: {error.strerror or error}.") from error


def _write_csv(path: Path, header, rows) -> int:
    count = 0
    # utf-8-sig writes the byte-order mark that makes Excel read accents correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = SafeCsvWriter(handle, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_text(value) for value in row])
            count += 1
    return count


def _write_xlsx(path: Path, header, rows) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Booking register")
    for position, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = max(12, len(name) + 2)
    sheet.append(safe_row(header))
    count = 0
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, datetime):
                local = to_local(value)
                if local.time() == time(0) or is_ambiguous(local):
                    # A midnight cell would read back as a date alone (09:00), and a cell
                    # cannot say which of the clocks-go-back hours it is: text for both.
                    cells.append(local_text(value))
                    continue
                cell = WriteOnlyCell(sheet, value=local.replace(tzinfo=None))
                cell.number_format = DATE_TIME_CELL
                cells.append(cell)
            elif isinstance(value, str):
                cells.append(guard_formula(value))
            else:
                cells.append(value)
        sheet.append(cells)
        count += 1
    book.save(path)
    return count

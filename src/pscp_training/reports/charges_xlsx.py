"""The charges ledger as an XLSX workbook for the finance team: every charge, and totals."""

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from pscp_training.domain.follow_up_records import ChargeRecord
from pscp_training.domain.years import to_local
from pscp_training.pdf.filenames import replacing
from pscp_training.register.safe_cells import append_safe

POUNDS = '"£"#,##0.00'
_HEAD = Font(bold=True, color="FFFFFF")
_FILL = PatternFill("solid", fgColor="1F3A5F")

LEDGER_COLUMNS = (
    "Organisation",
    "Sector",
    "Delegate",
    "Course code",
    "Course",
    "Session date",
    "Charge",
    "Reason",
    "Amount",
    "Waived",
    "Waiver note",
    "Due",
)


def _pounds(pence: int) -> Decimal:
    # Exact: the cell holds 50.00, never a float built by arithmetic on pounds.
    return Decimal(pence) / 100


def _header(sheet, names: Sequence[str], widths: Sequence[int]) -> None:
    append_safe(sheet, names)
    for cell in sheet[1]:
        cell.font, cell.fill = _HEAD, _FILL
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    sheet.freeze_panes = "A2"


def write_ledger_xlsx(charges: Sequence[ChargeRecord], path: Path, *, period_label: str) -> Path:
    """Write the ledger (sheet "Charges") and per-organisation totals (sheet "Totals")."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Charges"
    _header(sheet, LEDGER_COLUMNS, (34, 20, 24, 12, 40, 13, 18, 28, 11, 8, 30, 11))
    for charge in charges:
        append_safe(
            sheet,
            [
                charge.organisation,
                charge.sector,
                charge.delegate,
                charge.course_code,
                charge.course_title,
                to_local(charge.session_start).date(),
                charge.kind.label,
                charge.reason or "",
                _pounds(charge.amount_pence),
                "yes" if charge.waived else "no",
                charge.waiver_note or "",
                _pounds(charge.due_pence),
            ]
        )
        row = sheet.max_row
        sheet.cell(row, 6).number_format = "DD/MM/YYYY"
        sheet.cell(row, 9).number_format = POUNDS
        sheet.cell(row, 12).number_format = POUNDS

    totals = book.create_sheet("Totals")
    _header(totals, ("Organisation", "Charges", "Waived", "Due"), (34, 10, 10, 12))
    grouped: dict[str, list[ChargeRecord]] = {}
    for charge in charges:
        grouped.setdefault(charge.organisation, []).append(charge)
    for organisation, lines in grouped.items():
        append_safe(
            totals,
            [
                organisation,
                len(lines),
                sum(1 for c in lines if c.waived),
                _pounds(sum(c.due_pence for c in lines)),
            ]
        )
        totals.cell(totals.max_row, 4).number_format = POUNDS
    totals.append(
        [
            "Total",
            len(charges),
            sum(1 for c in charges if c.waived),
            _pounds(sum(c.due_pence for c in charges)),
        ]
    )
    totals.cell(totals.max_row, 4).number_format = POUNDS
    for cell in totals[totals.max_row]:
        cell.font = Font(bold=True)
    totals.append([])
    append_safe(totals, [f"Period: {period_label}"])

    path = Path(path)
    with replacing(path) as stream:
        book.save(stream)
    return path

"""The workforce report as a spreadsheet: CSV (UTF-8 with BOM, for Excel) and XLSX."""

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from pscp_training.domain.errors import InputError
from pscp_training.reports.figures import WorkforceReport

# A spreadsheet runs text that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def report_rows(report: WorkforceReport) -> list[list[object]]:
    """One table: section, figure, one column per year, and the change on the previous year."""
    years = list(report.years)
    change = report.change_pct()
    rows: list[list[object]] = [["Section", "Figure", *years, "Change on previous year %"]]

    def add(section, figure, values, change_value=None):
        rows.append([section, figure, *values, change_value])

    m, s = change["multi_agency"], change["single_agency"]
    walk_ins = report.walk_ins_change_pct()
    multi, single = report.multi_agency, report.single_agency
    section = "Multi-agency training"
    add(section, "Number of courses run", [y.courses_run for y in multi], m["courses_run"])
    add(section, "Number of bookings", [y.bookings for y in multi], m["bookings"])
    add(section, "Number of attendances", [y.attendances for y in multi], m["attendances"])
    add(
        section,
        "Of which walk-ins (in bookings and attendances)",
        [y.walk_ins for y in multi],
        walk_ins["multi_agency"],
    )
    add(
        section,
        "Booking attendance %",
        [y.booking_attendance_pct for y in multi],
        m["booking_attendance_pct"],
    )
    section = "Single agency training"
    add(section, "Number of courses run", [y.courses_run for y in single], s["courses_run"])
    add(
        section,
        "Booking attendances",
        [y.booking_attendances for y in single],
        s["booking_attendances"],
    )
    add(
        section,
        "Of which walk-ins",
        [y.walk_ins for y in single],
        walk_ins["single_agency"],
    )
    for name, _ in report.attendance_by_sector[0].by_sector:
        add(
            "Multi-agency attendance by sector",
            name,
            [a.as_dict()[name] for a in report.attendance_by_sector],
        )
    blanks = [None] * (len(years) - 1)
    for e in report.engagement:
        label = f"{e.category} training, {e.sector}"
        add("Engagement", f"{label}: organisations on the register", [*blanks, e.organisations])
        add("Engagement", f"{label}: organisations engaged", [*blanks, e.engaged])
        add("Engagement", f"{label}: engagement %", [*blanks, e.pct])
    for warning in report.warnings:
        rows.append(["Warning", warning, *([None] * len(years)), None])
    return rows


def reason_rows(report: WorkforceReport) -> list[list[object]]:
    """The last year's reasons for non-attendance as a second table (empty when there is none).

    Its own heading row, as its columns are not years: reason, absences, late
    cancellations, total, and a total line at the bottom.
    """
    if not report.non_attendance:
        return []
    section = f"Reasons for non-attendance {report.last_year}"
    rows: list[list[object]] = [[section, "Reason", "Absences", "Late cancellations", "Total"]]
    for r in [*report.non_attendance, report.non_attendance_total()]:
        rows.append([section, r.reason, r.absences, r.late_cancellations, r.total])
    return rows


def _all_rows(report: WorkforceReport) -> tuple[list[list[object]], int | None]:
    """Both tables with a blank row between them, and the row number of the second heading."""
    figures, reasons = report_rows(report), reason_rows(report)
    if not reasons:
        return figures, None
    return [*figures, [], *reasons], len(figures) + 2


def _check_folder(path: Path) -> None:
    if not path.parent.exists():
        raise InputError(
            f"The folder {path.parent} does not exist, so {path.name} cannot be written."
        )


def write_csv(report: WorkforceReport, path: str | Path) -> Path:
    """Write the report as CSV; Excel shows accents because of the byte-order mark."""
    path = Path(path)
    _check_folder(path)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for row in _all_rows(report)[0]:
            writer.writerow(
                ["" if v is None else _safe_text(v) if isinstance(v, str) else v for v in row]
            )
    return path


def write_xlsx(report: WorkforceReport, path: str | Path) -> Path:
    """Write the report as an Excel workbook with one sheet, headings in bold."""
    path = Path(path)
    _check_folder(path)
    book = Workbook()
    sheet = book.active
    sheet.title = f"Workforce {report.last_year}"
    rows, reasons_heading = _all_rows(report)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text that looks like a formula stays text
            if r in (1, reasons_heading):
                cell.font = Font(bold=True)
            elif isinstance(value, float):
                in_a_year = c <= 2 + len(report.years)
                two_places = in_a_year and str(row[1]) == "Booking attendance %"
                cell.number_format = "0.00" if two_places else "0.0"
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 52
    figure_columns = len(report.years) + 1
    if reasons_heading is not None:
        figure_columns = max(figure_columns, 3)
    for letter in "CDEFGHIJKLMN"[:figure_columns]:
        sheet.column_dimensions[letter].width = 12
    if reasons_heading is not None:
        sheet.column_dimensions["D"].width = 18  # "Late cancellations" above its figures
    sheet.freeze_panes = "C2"
    book.save(path)
    return path

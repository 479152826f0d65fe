"""The workforce report as a spreadsheet: CSV (UTF-8 with BOM, for Excel) and XLSX.

The CSV is one tidy table (section, figure, a column per year, the change):
the reasons for non-attendance are rows of it in the last year's column, as
engagement is, so pandas or Excel read every value under its year. The XLSX
has one sheet per table: the figures, and the reasons with their own columns.
"""

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from pscp_training.domain.errors import InputError
from pscp_training.register.safe_cells import SafeCsvWriter, safe_value
from pscp_training.reports.figures import WorkforceReport


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


def reason_figure_rows(report: WorkforceReport) -> list[list[object]]:
    """The reasons for non-attendance as rows of the figures table (last year's column)."""
    blanks = [None] * (len(report.years) - 1)
    section = "Reasons for non-attendance"
    rows: list[list[object]] = []
    for r in [*report.non_attendance, report.non_attendance_total()] if report.non_attendance else []:
        rows.append([section, f"{r.reason}: absences", *blanks, r.absences, None])
        rows.append([section, f"{r.reason}: late cancellations", *blanks, r.late_cancellations,
                     None])
        rows.append([section, f"{r.reason}: total", *blanks, r.total, None])
    return rows


def _tidy_rows(report: WorkforceReport) -> list[list[object]]:
    """One table: the figures, the reasons, then the warnings (which carry no figures)."""
    figures = report_rows(report)
    warnings = [r for r in figures if r and r[0] == "Warning"]
    kept = [r for r in figures if not (r and r[0] == "Warning")]
    return [*kept, *reason_figure_rows(report), *warnings]


def _check_folder(path: Path) -> None:
    if not path.parent.exists():
        raise InputError(
            f"The folder {path.parent} does not exist, so {path.name} cannot be written."
        )


def write_csv(report: WorkforceReport, path: str | Path) -> Path:
    """Write the report as one CSV table; Excel shows accents because of the byte-order mark."""
    path = Path(path)
    _check_folder(path)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        SafeCsvWriter(handle).writerows(_tidy_rows(report))
    return path


def _write_sheet(sheet, rows: list[list[object]], two_places_column: int | None = None) -> None:
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=safe_value(value))
            if isinstance(value, str):
                cell.data_type = "s"  # text that looks like a formula stays text
            if r == 1:
                cell.font = Font(bold=True)
            elif isinstance(value, float):
                two_places = two_places_column is not None and c <= two_places_column and str(
                    row[1]) == "Booking attendance %"
                cell.number_format = "0.00" if two_places else "0.0"


def write_xlsx(report: WorkforceReport, path: str | Path) -> Path:
    """Write the report as an Excel workbook: one sheet per table, headings in bold."""
    path = Path(path)
    _check_folder(path)
    book = Workbook()
    sheet = book.active
    sheet.title = f"Workforce {report.last_year}"
    _write_sheet(sheet, report_rows(report), two_places_column=2 + len(report.years))
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 52
    for letter in "CDEFGHIJKLMN"[:len(report.years) + 1]:
        sheet.column_dimensions[letter].width = 12
    sheet.freeze_panes = "C2"
    reasons = reason_rows(report)
    if reasons:
        table = book.create_sheet(f"Non-attendance {report.last_year}")
        _write_sheet(table, [row[1:] for row in reasons])
        for letter, width in zip("ABCD", (40, 12, 18, 10), strict=True):
            table.column_dimensions[letter].width = width
        table.freeze_panes = "B2"
    book.save(path)
    return path

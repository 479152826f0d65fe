"""The workforce report's tables, laid out as in the annual report, as small read-only models."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont

from pscp_training.reports.figures import WorkforceReport

_ROOT = QModelIndex()


def count(value: int) -> str:
    return f"{value:,}"


def pct(value: float | None, places: int = 2) -> str:
    """A percentage as the annual report prints it: 81.72%, or a dash when there is none."""
    return "–" if value is None else f"{value:.{places}f}%"


class ReportTableModel(QAbstractTableModel):
    """Rows of a report table: a label, then one already-formatted figure per column."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.bold_last_row = False
        self.text_columns = 1  # the leading columns that hold words, not figures

    def set_table(self, headers: list[str], rows: list[list[str]], *,
                  bold_last_row: bool = False, text_columns: int = 1) -> None:
        self.beginResetModel()
        self.headers, self.rows = list(headers), [list(r) for r in rows]
        self.bold_last_row, self.text_columns = bold_last_row, text_columns
        self.endResetModel()

    def _alignment(self, column: int) -> int:
        side = Qt.AlignmentFlag.AlignLeft if column < self.text_columns else \
            Qt.AlignmentFlag.AlignRight
        return int(side | Qt.AlignmentFlag.AlignVCenter)

    def cell(self, row: int, column: int) -> str:
        return self.rows[row][column]

    def row_named(self, label: str) -> list[str]:
        """The figures of the row with that label (what a person reads across)."""
        for row in self.rows:
            if row[0] == label:
                return row[1:]
        raise KeyError(label)

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(section)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(index.column())
        if role == Qt.ItemDataRole.FontRole and self.bold_last_row \
                and index.row() == len(self.rows) - 1:
            font = QFont()
            font.setBold(True)
            return font
        return None


def multi_agency_table(report: WorkforceReport) -> tuple[list[str], list[list[str]]]:
    years = report.multi_agency
    return ["Multi-agency training data", *report.years], [
        ["Number of courses run", *(count(y.courses_run) for y in years)],
        ["Number of bookings", *(count(y.bookings) for y in years)],
        ["Number of attendances", *(count(y.attendances) for y in years)],
        ["Booking attendance %", *(pct(y.booking_attendance_pct) for y in years)],
    ]


def single_agency_table(report: WorkforceReport) -> tuple[list[str], list[list[str]]]:
    years = report.single_agency
    return ["Single Agency Data", *report.years], [
        ["Number of courses run", *(count(y.courses_run) for y in years)],
        ["Booking Attendances", *(count(y.booking_attendances) for y in years)],
    ]


def sector_table(report: WorkforceReport) -> tuple[list[str], list[list[str]]]:
    """Multi-agency attendances by sector, a column per year, with the total underneath."""
    by_year = [a.as_dict() for a in report.attendance_by_sector]
    sectors = [name for name, _n in report.attendance_by_sector[-1].by_sector]
    rows = [[name, *(count(y.get(name, 0)) for y in by_year)] for name in sectors]
    rows.append(["Total", *(count(sum(y.values())) for y in by_year)])
    return ["Sector", *report.years], rows


def engagement_table(report: WorkforceReport) -> tuple[list[str], list[list[str]]]:
    return ["Course category", "Sector", "Organisations on the register", "Engaged", "Engaged %"], [
        [e.category, e.sector, count(e.organisations), count(e.engaged), pct(e.pct, 1)]
        for e in report.engagement
    ]


def engagement_sentences(report: WorkforceReport) -> list[str]:
    """As the annual report puts it: '75.4% of schools across Portsmouth are engaged in ...'."""
    sentences = []
    for e in report.engagement:
        if e.pct is None:
            sentences.append(
                f"No {e.sector} organisations are on the organisation register, so engagement "
                f"in {e.category} training cannot be given; import the register first.")
        else:
            sentences.append(
                f"{pct(e.pct, 1)} of {e.sector} organisations on the register ({e.engaged} of "
                f"{e.organisations}) had someone attend {e.category} training in {e.year}.")
    return sentences


def walk_ins_line(report: WorkforceReport, agency: str) -> str:
    """'Of which walk-ins: 12' under a table: people who attended without booking, year by year.

    `agency` is "multi" (walk-ins are in both the bookings and the attendances)
    or "single" (they are among the booking attendances).
    """
    years = report.multi_agency if agency == "multi" else report.single_agency
    counted_in = "bookings and attendances" if agency == "multi" else "booking attendances"
    if len(years) == 1:
        figures = count(years[0].walk_ins)
    else:
        figures = ", ".join(f"{count(y.walk_ins)} in {y.year}" for y in years)
    return (f"Of which walk-ins: {figures} (people who attended without booking, counted in "
            f"the {counted_in} above).")


def reasons_table(report: WorkforceReport) -> tuple[list[str], list[list[str]]]:
    """The last year's absences and late cancellations by reason, with the total underneath."""
    rows = [*report.non_attendance, report.non_attendance_total()]
    return ["Reason", "Absences", "Late cancellations", "Total"], [
        [r.reason, count(r.absences), count(r.late_cancellations), count(r.total)] for r in rows
    ]


def reasons_sentence(report: WorkforceReport) -> str:
    """What the reasons table counts, or that there is nothing to count."""
    total = report.non_attendance_total()
    if total.total == 0:
        return (f"No absences or late cancellations on sessions that ran in "
                f"{report.last_year}.")
    unexplained = report.non_attendance[-1].total if report.non_attendance else 0
    sentence = (f"{count(total.absences)} absence{'s' if total.absences != 1 else ''} and "
                f"{count(total.late_cancellations)} late cancellation"
                f"{'s' if total.late_cancellations != 1 else ''} on sessions that ran in "
                f"{report.last_year}, by the reason recorded.")
    if unexplained:
        sentence += (f" {count(unexplained)} still "
                     f"{'have' if unexplained != 1 else 'has'} no reason: record "
                     f"{'them' if unexplained != 1 else 'it'} with Record reason… on the "
                     "Charges page.")
    return sentence

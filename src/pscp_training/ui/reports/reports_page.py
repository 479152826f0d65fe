"""The workforce report: year picker, the annual report's tables, chart and exports."""

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pscp_training.domain.years import FinancialYear, now_utc
from pscp_training.reports import tabular, text, workforce
from pscp_training.services.people import people
from pscp_training.services.sessions import catalogue
from pscp_training.services.settings import certificate_settings
from pscp_training.ui.common.context import concerns
from pscp_training.ui.common.error_dialogs import show_error
from pscp_training.ui.common.style import QUIET
from pscp_training.ui.evaluations.evaluation_summary_view import EvaluationSummaryView
from pscp_training.ui.refreshers.coverage_view import CoverageView
from pscp_training.ui.reports.report_tables import (
    ReportTableModel,
    engagement_sentences,
    engagement_table,
    multi_agency_table,
    reasons_sentence,
    reasons_table,
    sector_table,
    single_agency_table,
    walk_ins_line,
)
from pscp_training.ui.reports.sector_chart import SectorChart

EXPORTS = {
    "pdf": ("PDF document (*.pdf)", "pdf"),
    "xlsx": ("Excel workbook (*.xlsx)", "xlsx"),
    "csv": ("CSV file (*.csv)", "csv"),
}
DEFAULT_ENGAGEMENT = ("DSL", "Education")


def write_report_pdf(db, report, path: str) -> str:
    """The PDF page for the annual report, with the partnership's name from the settings."""
    from pscp_training.pdf.workforce_report import write_workforce_pdf  # lands with the PDF work
    from pscp_training.services.refreshers.coverage import coverage

    name = certificate_settings.get_certificate_settings(db).partnership_name
    years = [FinancialYear.parse(y) for y in report.years]
    write_workforce_pdf(report, path, name, coverage(db, years))
    return path


def _figures_table(object_name: str, first_width: int = 260) -> tuple[QTableView, ReportTableModel]:
    model = ReportTableModel()
    view = QTableView()
    view.setObjectName(object_name)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(26)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultSectionSize(100)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.first_width = first_width
    model.modelReset.connect(lambda: _fit(view))
    return view, model


def _fit(view: QTableView) -> None:
    """Size a small table to its rows and columns, so it reads like the printed one."""
    model = view.model()
    view.resizeColumnsToContents()
    for column in range(model.columnCount()):
        least = view.first_width if column == 0 else 110
        view.setColumnWidth(column, max(least, view.columnWidth(column) + 16))
    width = sum(view.columnWidth(c) for c in range(model.columnCount())) + 2 * view.frameWidth()
    height = view.horizontalHeader().height() + sum(
        view.rowHeight(r) for r in range(model.rowCount())) + 2 * view.frameWidth()
    view.setFixedSize(width, max(height, 40))


def _heading(text_: str) -> QLabel:
    label = QLabel(text_)
    label.setStyleSheet("font-size: 12pt; font-weight: 600; margin-top: 14px;")
    return label


def _paragraph(object_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setMaximumWidth(900)
    return label


class ReportsPage(QWidget):
    """The Reports page: the yearly workforce report on screen and exported."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.report = None
        self._request = 0
        self._stale = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.compute)

        layout = QVBoxLayout(self)
        controls = self._controls()
        # The exports beside the title, the choices on a line of their own: together on one
        # line they were cut off at 150 % and covered the sector box at 1600 pixels.
        heading = QHBoxLayout()
        heading.addWidget(QLabel("<h2>Workforce report</h2>"), 1)  # titled like the other pages
        for button in self.export_buttons.values():
            heading.addWidget(button)
        layout.addLayout(heading)
        layout.addLayout(controls)
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(QUIET)
        layout.addWidget(self.status)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._body())
        layout.addWidget(scroll, 1)
        ctx.changes.changed.connect(self._changed)
        self._load_choices()

    # --- building --------------------------------------------------------------------------

    def _controls(self) -> QHBoxLayout:
        self.year = QComboBox()
        this_year = FinancialYear.of(now_utc())
        for back in range(0, 12):
            self.year.addItem(this_year.previous(back).label)
        remembered = self.ctx.settings.value("reports/year", this_year.previous().label)
        self.year.setCurrentText(str(remembered))
        self.years = QSpinBox()
        self.years.setRange(1, workforce.MAX_YEARS)
        self.years.setValue(int(self.ctx.settings.value("reports/years", 3)))
        self._years_suffix(self.years.value())
        self.years.valueChanged.connect(self._years_suffix)
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.setMinimumWidth(150)
        self.sector = QComboBox()
        self.sector.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sector.setMinimumWidth(180)
        for widget in (self.year, self.category, self.sector):
            widget.currentTextChanged.connect(self._choices_changed)
        self.years.valueChanged.connect(self._choices_changed)

        self.export_buttons = {}
        row = QHBoxLayout()
        for label, widget in (("Financial &year", self.year), ("Sho&wing", self.years),
                              ("E&ngagement in", self.category), ("fo&r", self.sector)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget)
        row.addStretch(1)
        for kind, label in (("pdf", "Export &PDF…"), ("xlsx", "Export E&xcel…"),
                            ("csv", "Export &CSV…")):
            button = QPushButton(label)
            button.clicked.connect(lambda _checked=False, k=kind: self.choose_export(k))
            button.setEnabled(False)
            self.export_buttons[kind] = button
        return row

    def _body(self) -> QWidget:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 12, 12)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        layout.addWidget(self.heading)
        self.sentences = _paragraph("changeSentences")
        layout.addWidget(self.sentences)

        self.multi_view, self.multi = _figures_table("multiAgencyTable")
        self.single_view, self.single = _figures_table("singleAgencyTable")
        self.sector_view, self.sectors = _figures_table("sectorTable", 210)
        self.engagement_view, self.engagement = _figures_table("engagementTable", 160)
        self.reasons_view, self.reasons = _figures_table("reasonsTable", 240)
        self.multi_walk_ins = _paragraph("multiAgencyWalkIns")
        self.single_walk_ins = _paragraph("singleAgencyWalkIns")
        layout.addWidget(_heading("Multi-agency training"))
        layout.addWidget(self.multi_view)
        layout.addWidget(self.multi_walk_ins)
        layout.addWidget(_heading("Single-agency (bespoke) training"))
        layout.addWidget(self.single_view)
        layout.addWidget(self.single_walk_ins)

        layout.addWidget(_heading("Attendance by sector (multi-agency)"))
        self.chart = SectorChart()
        grid = QGridLayout()
        grid.addWidget(self.sector_view, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.chart, 0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)

        layout.addWidget(_heading("Engagement"))
        self.engagement_text = _paragraph("engagementSentences")
        layout.addWidget(self.engagement_text)
        layout.addWidget(self.engagement_view)
        self.coverage_view = CoverageView(self.ctx)
        layout.addWidget(self.coverage_view)

        self.reasons_heading = _heading("Reasons for non-attendance")
        layout.addWidget(self.reasons_heading)
        self.reasons_text = _paragraph("reasonsSentence")
        layout.addWidget(self.reasons_text)
        layout.addWidget(self.reasons_view)

        layout.addWidget(_heading("Warnings"))
        self.warnings = _paragraph("reportWarnings")
        layout.addWidget(self.warnings)
        layout.addWidget(_heading("Delegates' evaluations"))
        self.evaluations = EvaluationSummaryView(self.ctx, body)
        layout.addWidget(self.evaluations)
        layout.addStretch(1)
        return body

    def _load_choices(self) -> None:
        self.ctx.tasks.run(catalogue.list_courses, self.ctx.db, on_done=self._fill_categories)
        self.ctx.tasks.run(people.list_sectors, self.ctx.db, on_done=self._fill_sectors)

    def _fill_categories(self, courses) -> None:
        wanted = self.category.currentText() or self.ctx.settings.value(
            "reports/category", DEFAULT_ENGAGEMENT[0])
        categories = sorted({c.category for c in courses if c.category} | {str(wanted)})
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItems(categories)
        self.category.setCurrentText(str(wanted))
        self.category.blockSignals(False)
        self._choices_changed()

    def _fill_sectors(self, sectors) -> None:
        wanted = self.sector.currentText() or self.ctx.settings.value(
            "reports/sector", DEFAULT_ENGAGEMENT[1])
        self.sector.blockSignals(True)
        self.sector.clear()
        self.sector.addItems([s.name for s in sectors])
        self.sector.setCurrentText(str(wanted))
        self.sector.blockSignals(False)
        self._choices_changed()

    # --- computing -------------------------------------------------------------------------

    def _years_suffix(self, value: int) -> None:
        self.years.setSuffix(" year" if value == 1 else " years")  # "Showing 1 year"

    def _choices_changed(self, *_args) -> None:
        self._stale = True
        self._timer.start()

    def _changed(self, kind: str) -> None:
        if concerns(kind, "sessions", "bookings", "courses", "organisations", "delegates",
                    "settings"):
            self._stale = True
            if self.isVisible():
                self._timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._timer.start()

    def refresh(self) -> None:
        self._stale = True
        self.compute()

    def choose(self, year: str, years: int | None = None) -> None:
        """Pick a year (and how many years) and work the report out at once."""
        self.year.setCurrentText(year)
        if years is not None:
            self.years.setValue(years)
        self.compute()

    def compute(self) -> None:
        """Work the report out off the UI thread; a newer request supersedes an older one."""
        self._timer.stop()
        self._request += 1
        request = self._request
        year = self.year.currentText()
        pair = (self.category.currentText().strip(), self.sector.currentText().strip())
        for key, value in (("year", year), ("years", self.years.value()),
                           ("category", pair[0]), ("sector", pair[1])):
            self.ctx.settings.setValue(f"reports/{key}", value)
        self.evaluations.follow_year(year)  # the evaluations below start from the same year
        self.status.setText(f"Working out the figures for {year}…")
        for button in self.export_buttons.values():
            button.setEnabled(False)
        engagement = (pair,) if all(pair) else ()
        self.ctx.tasks.run(
            workforce.compute, self.ctx.db, FinancialYear.parse(year),
            years=self.years.value(), engagement=engagement,
            on_done=lambda report: self._show(request, report),
            on_error=lambda exc: self._failed(request, exc),
        )

    def _failed(self, request: int, exc: BaseException) -> None:
        if request == self._request:
            self.status.setText("The report could not be worked out.")
            show_error(self, exc)

    def _show(self, request: int, report) -> None:
        if request != self._request:
            return  # the person has asked for something else since
        self.report = report
        self._stale = False
        years = report.years
        span = years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"
        self.heading.setText(f"Attendance on PSCP training, {span}")
        sentences = text.change_sentences(report)
        if sentences:
            self.sentences.setText(" ".join(sentences))
        elif len(years) < 2:
            self.sentences.setText("Choose two years or more to see the change on the year before.")
        else:
            self.sentences.setText(f"No change on {years[-2]} can be given: that year has no "
                                   "figures to compare with.")
        self.multi.set_table(*multi_agency_table(report))
        self.single.set_table(*single_agency_table(report))
        self.multi_walk_ins.setText(walk_ins_line(report, "multi"))
        self.single_walk_ins.setText(walk_ins_line(report, "single"))
        self.sectors.set_table(*sector_table(report), bold_last_row=True)
        self.chart.set_report(report)
        self.engagement.set_table(*engagement_table(report), text_columns=2)
        self.engagement_view.setVisible(bool(report.engagement))
        self.engagement_text.setText(" ".join(engagement_sentences(report)) or
                                     "Choose a course category and a sector to see engagement.")
        self.coverage_view.follow(report.years)
        self.reasons_heading.setText(f"Reasons for non-attendance, {report.last_year}")
        self.reasons.set_table(*reasons_table(report), bold_last_row=True)
        self.reasons_text.setText(reasons_sentence(report))
        self.reasons_view.setVisible(report.non_attendance_total().total > 0)
        self.warnings.setText("\n".join(f"• {w}" for w in report.warnings) if report.warnings
                              else "None: every register is marked, no session over capacity.")
        ran = sum(m.courses_run for m in report.multi_agency) + sum(
            s.courses_run for s in report.single_agency)
        self.status.setText(
            "No sessions ran in these years yet." if ran == 0 else
            "Figures count sessions that ran (not cancelled, already started).")
        for button in self.export_buttons.values():
            button.setEnabled(True)

    # --- exporting -------------------------------------------------------------------------

    def choose_export(self, kind: str) -> None:
        if self.report is None:
            return
        pattern, suffix = EXPORTS[kind]
        folder = str(self.ctx.settings.value("reports/folder", str(Path.home())))
        suggested = str(Path(folder) / f"workforce-report-{self.report.last_year}.{suffix}")
        path, _filter = QFileDialog.getSaveFileName(self, "Export the workforce report",
                                                    suggested, pattern)
        if path:
            if not path.lower().endswith(f".{suffix}"):
                path += f".{suffix}"
            self.ctx.settings.setValue("reports/folder", str(Path(path).parent))
            self.export(kind, path)

    def export(self, kind: str, path: str) -> None:
        """Write the report showing to `path` off the UI thread, then say where it went."""
        if self.report is None:
            return
        if kind == "pdf":
            fn, args = write_report_pdf, (self.ctx.db, self.report, path)
        else:
            fn = tabular.write_xlsx if kind == "xlsx" else tabular.write_csv
            args = (self.report, path)
        self.status.setText(f"Saving {Path(path).name}…")
        self.ctx.tasks.run(
            fn, *args,
            on_done=lambda _result: self.status.setText(f"Saved {path}."),
            on_error=self._export_failed,
        )

    def _export_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ImportError):
            self.status.setText("PDF export is not available in this version yet.")
            return
        if isinstance(exc, OSError):
            self.status.setText(f"The file could not be saved: {exc.strerror or exc}.")
            return
        self.status.setText("The file was not saved.")
        show_error(self, exc)

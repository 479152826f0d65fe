"""The Reports page's refresher coverage: organisations with an in-date DSL, by type and by year."""

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QLabel, QTableView, QVBoxLayout, QWidget

from pscp_training.domain.years import FinancialYear
from pscp_training.services.refreshers.coverage import coverage
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.paged_table_model import Column, PagedTableModel
from pscp_training.ui.common.table_view import make_table


def _columns(first: str) -> list[Column]:
    return [
        Column(first, lambda r: r.label),
        Column("On the register", lambda r: r.organisations),
        Column("In date", lambda r: r.in_date),
        Column("%", lambda r: fmt.pct(r.pct), align_right=True),
    ]


def _table(name: str, first: str) -> tuple[QTableView, PagedTableModel]:
    model = PagedTableModel(_columns(first), page_size=1000)
    view = make_table(model, object_name=name)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    for column, width in enumerate((230, 110, 70, 70)):
        view.setColumnWidth(column, width)
    model.modelReset.connect(lambda: _fit(view))
    model.rowsInserted.connect(lambda *_args: _fit(view))
    return view, model


def _fit(view: QTableView) -> None:
    rows = view.model().rowCount()
    height = view.horizontalHeader().height() + sum(view.rowHeight(r) for r in range(rows))
    view.setFixedHeight(height + 2 * view.frameWidth() + 2)
    view.setFixedWidth(sum(view.columnWidth(c) for c in range(4)) + 2 * view.frameWidth() + 2)


class TrendChart(QChartView):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(300, 260)
        self.setChart(QChart())

    def set_rows(self, rows) -> None:
        chart = QChart()
        chart.setTitle("Share with someone in date, as at 31 March")
        chart.legend().hide()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        bars = QBarSet("In date")
        bars.setColor(QColor("#1f4e79"))
        for row in rows:
            bars.append(row.pct or 0)
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value%")
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        bars.setLabelColor(QColor("#222222"))
        chart.addSeries(series)
        years = QBarCategoryAxis()
        years.append([r.label for r in rows])
        years.setTruncateLabels(False)
        chart.addAxis(years, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(years)
        values = QValueAxis()
        values.setRange(0, 100)
        values.setLabelFormat("%d%%")
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)
        self.setChart(chart)


class CoverageView(QWidget):
    """Follows the report's years; hidden when no requirement is set up."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.report = None
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 12pt; font-weight: 600; margin-top: 14px;")
        self.sentence = QLabel()
        self.sentence.setObjectName("coverageSentence")
        self.sentence.setWordWrap(True)
        self.sentence.setMaximumWidth(900)
        self.by_type_view, self.by_type = _table("coverageByType", "Sector · type")
        self.by_year_view, self.by_year = _table("coverageByYear", "Year (at 31 March)")
        self.chart = TrendChart()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(mid);")
        grid = QGridLayout()
        grid.addWidget(self.by_type_view, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.by_year_view, 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.chart, 0, 1, 2, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.sentence)
        layout.addLayout(grid)
        layout.addWidget(self.note)
        self.hide()

    def follow(self, years: tuple[str, ...]) -> None:
        """Work the coverage out for the report's years, off the UI thread."""
        self.ctx.tasks.run(coverage, self.ctx.db, [FinancialYear.parse(y) for y in years],
                           on_done=self._show)

    def _show(self, report) -> None:
        self.report = report
        if report is None:
            self.hide()
            return
        self.heading.setText(f"Organisations with {report.requirement} in date")
        self.sentence.setText(report.sentence())
        for model, rows in ((self.by_type, report.by_type), (self.by_year, report.by_year)):
            model.reset_with(lambda offset, limit, rows=rows: list(rows)[offset:offset + limit])
        self.chart.set_rows(report.by_year)
        self.note.setText(report.note)
        self.show()

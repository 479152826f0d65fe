"""Multi-agency attendance by sector as a bar chart (QtCharts): a bar per year for each sector."""

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter

from pscp_training.reports.figures import WorkforceReport

# The latest year first: dark blue, then the office palette the annual report's charts use.
YEAR_COLOURS = ["#1f4e79", "#ed7d31", "#a5a5a5", "#ffc000", "#5b9bd5"]


class SectorChart(QChartView):
    """The chart the annual report shows under its multi-agency table."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(320)
        self.series: QHorizontalBarSeries | None = None
        self.setChart(QChart())

    def set_report(self, report: WorkforceReport) -> None:
        chart = QChart()
        chart.setTitle("Multi-agency attendances by sector")
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        sectors = [name for name, _n in report.attendance_by_sector[-1].by_sector]
        # Horizontal bars: sector names read in full down the side instead of colliding.
        series = QHorizontalBarSeries()
        shown = report.attendance_by_sector[-len(YEAR_COLOURS):]
        colours = list(reversed(YEAR_COLOURS[: len(shown)]))
        highest = 0
        for year, colour in zip(shown, colours, strict=True):
            values = year.as_dict()
            bar = QBarSet(year.year)
            bar.setColor(QColor(colour))
            bar.setBorderColor(QColor(colour))
            for name in reversed(sectors):
                bar.append(values.get(name, 0))
                highest = max(highest, values.get(name, 0))
            series.append(bar)
        series.setLabelsVisible(False)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(list(reversed(sectors)))
        categories.setTruncateLabels(False)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        values = QValueAxis()
        values.setLabelFormat("%d")
        values.setRange(0, max(10, highest * 1.1))
        values.applyNiceNumbers()
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(values)
        old = self.chart()
        self.setChart(chart)
        self.series = series
        if old is not None:
            old.deleteLater()

    def bar_values(self) -> dict[str, list[float]]:
        """Year -> the bar lengths, top to bottom in sector order (what a person sees)."""
        if self.series is None:
            return {}
        return {
            bar.label(): [bar.at(i) for i in reversed(range(bar.count()))]
            for bar in self.series.barSets()
        }

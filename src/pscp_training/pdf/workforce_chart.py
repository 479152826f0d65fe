"""The workforce report's bar chart of multi-agency attendance by sector (reportlab.graphics)."""

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm

from pscp_training.pdf.fonts import REGULAR
from pscp_training.pdf.styles import INK, LINE, MUTED, NAVY
from pscp_training.pdf.text import clean

PALEST = colors.HexColor("#B4C8DC")
LABEL_WIDTH = 48 * mm
BAR = 2.7 * mm
GAP = 3.2 * mm


def year_colours(count: int) -> list:
    """Older years paler, the report's own year strongest, as readers look at it first."""
    if count == 1:
        return [NAVY]
    return [
        colors.linearlyInterpolatedColor(PALEST, NAVY, 0, count - 1, i) for i in range(count)
    ]


def _short(name: str, limit: int = 30) -> str:
    name = clean(name)
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def sector_chart(
    years: list[str], by_sector: dict[str, dict[str, int]], width: float
) -> Drawing | None:
    """Grouped horizontal bars, one group per sector (as listed), one bar per year; None if no sectors."""
    sectors = list(dict.fromkeys(s for year in years for s in by_sector.get(year, {})))
    if not sectors:
        return None
    shown = list(reversed(sectors))  # the chart draws its first category at the bottom
    group = len(years) * BAR + GAP
    plot_height = len(sectors) * group
    legend_height = 9 * mm
    drawing = Drawing(width, plot_height + legend_height + 10 * mm)

    chart = HorizontalBarChart()
    chart.x = LABEL_WIDTH
    chart.y = 8 * mm
    chart.width = width - LABEL_WIDTH - 14 * mm
    chart.height = plot_height
    # Within a group the first series is drawn lowest: newest first puts the oldest on top.
    newest_first = list(reversed(years))
    chart.data = [
        tuple(by_sector.get(year, {}).get(s, 0) for s in shown) for year in newest_first
    ]
    chart.categoryAxis.categoryNames = [_short(s) for s in shown]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 8.5
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = LINE
    chart.categoryAxis.tickLeft = 0
    chart.valueAxis.valueMin = 0
    largest = max((v for series in chart.data for v in series), default=0)
    if largest == 0:
        chart.valueAxis.valueMax = 10  # an axis needs a range even when every bar is empty
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = LINE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E3E8EE")
    chart.valueAxis.gridStrokeWidth = 0.5
    chart.barSpacing = 0.5
    chart.groupSpacing = GAP
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 7
    chart.barLabels.fillColor = INK
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    colour_of = dict(zip(years, year_colours(len(years)), strict=True))
    for index, year in enumerate(newest_first):
        chart.bars[index].fillColor = colour_of[year]
        chart.bars[index].strokeColor = None
    drawing.add(chart)

    legend = Legend()
    legend.x = LABEL_WIDTH
    legend.y = drawing.height - 2 * mm
    legend.alignment = "right"
    legend.fontName = REGULAR
    legend.fontSize = 8.5
    legend.columnMaximum = 1
    legend.deltax = 22 * mm
    legend.dxTextSpace = 4
    legend.boxAnchor = "nw"
    legend.colorNamePairs = [(colour_of[year], clean(year)) for year in years]
    drawing.add(legend)
    return drawing

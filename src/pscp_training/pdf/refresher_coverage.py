"""The report's refresher coverage: organisations with an in-date DSL by type and by year."""

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Table, TableStyle

from pscp_training.domain.refresher_records import CoverageReport, CoverageRow
from pscp_training.pdf.fonts import REGULAR
from pscp_training.pdf.styles import (
    BODY,
    CELL,
    CELL_BOLD,
    CELL_HEAD,
    HEADING,
    INK,
    LINE,
    NAVY,
    PALE,
    SMALL,
    TABLE_GRID,
)
from pscp_training.pdf.text import markup, percent, whole_number


def coverage_sentence(report: CoverageReport) -> str:
    return report.sentence()


def _table(caption: str, rows: tuple[CoverageRow, ...], width: float, bold_last: bool) -> Table:
    head = [Paragraph(markup(caption), CELL_HEAD)] + [
        Paragraph(f"<para align='right'>{h}</para>", CELL_HEAD)
        for h in ("On the register", "In date", "%")
    ]
    body = [head]
    for n, row in enumerate(rows):
        style = CELL_BOLD if bold_last and n == len(rows) - 1 else CELL
        body.append([Paragraph(markup(row.label), style)] + [
            Paragraph(f"<para align='right'>{v}</para>", style)
            for v in (whole_number(row.organisations), whole_number(row.in_date),
                      percent(row.pct, 1))
        ])
    table = Table(body, colWidths=[width - 3 * 32 * mm] + [32 * mm] * 3, hAlign="LEFT",
                  repeatRows=1)
    table.setStyle(TableStyle(TABLE_GRID + [("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, PALE])]))
    return table


def trend_chart(rows: tuple[CoverageRow, ...], width: float) -> Drawing | None:
    """A bar per year: the share of organisations with someone in date."""
    if not rows:
        return None
    drawing = Drawing(width, 55 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 10 * mm
    chart.width, chart.height = width - 20 * mm, 40 * mm
    chart.data = [[r.pct or 0 for r in rows]]
    chart.categoryAxis.categoryNames = [r.label for r in rows]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.strokeColor = LINE
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 25
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.strokeColor = LINE
    chart.bars[0].fillColor = NAVY
    chart.bars[0].strokeColor = NAVY
    chart.barLabelFormat = "%.1f%%"
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 7
    chart.barLabels.fillColor = INK
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing


def coverage_section(report: CoverageReport, width: float) -> list:
    """Flowables for the workforce report PDF, after the engagement figure."""
    parts: list = [
        Paragraph(f"Organisations with {markup(report.requirement)} in date", HEADING),
        Paragraph(markup(coverage_sentence(report)), BODY),
        _table("Sector · type", report.by_type, width, bold_last=True),
    ]
    story: list = [KeepTogether(parts)]
    if report.by_year:
        trend = [Paragraph("By year (as at 31 March)", HEADING),
                 _table("Year", report.by_year, width, bold_last=False)]
        chart = trend_chart(report.by_year, width)
        if chart is not None:
            trend.append(chart)
        story.append(KeepTogether(trend))
    if report.note:
        story.append(Paragraph(markup(report.note), SMALL))
    return story

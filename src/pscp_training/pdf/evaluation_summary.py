"""An evaluation summary as a PDF: key figures, ratings, confidence before and after, quotes."""

from pathlib import Path
from typing import BinaryIO

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from pscp_training.domain.errors import InputError
from pscp_training.domain.evaluation_records import (
    EvaluationSummary,
    RatingSummary,
    one_decimal,
    percent,
)
from pscp_training.domain.wording import plural
from pscp_training.domain.years import to_local
from pscp_training.pdf.filenames import replacing
from pscp_training.pdf.fonts import REGULAR
from pscp_training.pdf.styles import (
    BODY,
    CELL,
    HEADING,
    LINE,
    MARGIN,
    PALE,
    PORTRAIT,
    SMALL,
    SUBTITLE,
    TABLE_GRID,
    TEAL,
    TITLE,
    a4_document,
    footer,
)
from pscp_training.pdf.text import clean, long_date, markup, paragraph

WIDTH = PORTRAIT[0] - 2 * MARGIN
QUOTE = ParagraphStyle(
    "Quote", parent=BODY, leftIndent=10, borderPadding=(4, 6, 4, 8), backColor=PALE,
    borderColor=PALE, borderWidth=0.5, spaceBefore=4, spaceAfter=2,
)
SOURCE = ParagraphStyle("QuoteSource", parent=SMALL, leftIndent=10, spaceAfter=6)


def _grid(rows: list[list], widths: list[float], align: str = "RIGHT") -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([*TABLE_GRID, ("ALIGN", (1, 0), (-1, -1), align)]))
    return table


def _head(*titles: str) -> list[str]:
    # Plain strings, so that the grid's right or centre alignment lines them up with the figures.
    return [clean(t) for t in titles]


def _key_figures(summary: EvaluationSummary) -> Table:
    gain = summary.confidence
    overall = summary.rating("overall_rating")
    objectives = summary.rating("objectives_met")
    change = (
        "–" if gain.mean_gain is None
        else f"{one_decimal(gain.mean_before)} → {one_decimal(gain.mean_after)} "
        f"({gain.mean_gain:+.1f})"
    )
    rows = [
        _head("Figure", "Value"),
        ["Sessions", str(summary.sessions)],
        ["Delegates who attended", str(summary.attendances)],
        ["Evaluations received", str(summary.evaluations)],
        ["Response rate", percent(summary.response_rate)],
        ["Overall rating (out of 5)", one_decimal(overall.mean)],
        ["Learning objectives met (out of 5)", one_decimal(objectives.mean)],
        ["Confidence out of 10: before → after (gain)", change],
        [
            "More / as / less confident after the course",
            f"{gain.improved} / {gain.same} / {gain.worse}",
        ],
    ]
    return _grid(rows, [WIDTH * 0.62, WIDTH * 0.38])


def _distribution(ratings: list[RatingSummary], low: int, high: int) -> Table:
    scores = list(range(low, high + 1))
    rows: list[list] = [_head("Question", *[str(s) for s in scores], "Mean")]
    for r in ratings:
        counts = dict(r.distribution)
        rows.append([paragraph(r.label, CELL), *[str(counts[s]) for s in scores], one_decimal(r.mean)])
    mean_width = 16 * mm
    score_width = (WIDTH * 0.68 - mean_width) / len(scores)
    table = _grid(rows, [WIDTH * 0.32] + [score_width] * len(scores) + [mean_width], "CENTER")
    table.setStyle(TableStyle([("LEFTPADDING", (1, 0), (-1, -1), 2),
                               ("RIGHTPADDING", (1, 0), (-1, -1), 2)]))
    return table


def _confidence_chart(summary: EvaluationSummary) -> Drawing:
    before = dict(summary.rating("confidence_before").distribution)
    after = dict(summary.rating("confidence_after").distribution)
    drawing = Drawing(WIDTH, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 28
    chart.width, chart.height = WIDTH - 130, 62 * mm - 40
    chart.data = [[before[s] for s in range(11)], [after[s] for s in range(11)]]
    chart.categoryAxis.categoryNames = [str(s) for s in range(11)]
    highest = max([*chart.data[0], *chart.data[1], 1])
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = highest
    chart.valueAxis.valueStep = max(1, -(-highest // 5))
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = REGULAR, 8
    chart.bars[0].fillColor, chart.bars[1].fillColor = LINE, TEAL
    chart.bars.strokeColor = None
    chart.barSpacing, chart.groupSpacing = 1, 6
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = WIDTH - 92, 62 * mm - 20
    legend.fontName, legend.fontSize = REGULAR, 8
    legend.alignment = "right"
    legend.colorNamePairs = [(LINE, "Before"), (TEAL, "After")]
    drawing.add(legend)
    return drawing


def _breakdown(summary: EvaluationSummary) -> Table:
    first = "Session" if summary.scope == "course" else "Course"
    rows: list[list] = [_head(first, "Attended", "Evaluations", "Response", "Overall", "Gain")]
    for b in summary.breakdown:
        rows.append([
            paragraph(b.label, CELL), str(b.attendances), str(b.evaluations),
            percent(b.response_rate), one_decimal(b.mean_overall),
            "–" if b.mean_gain is None else f"{b.mean_gain:+.1f}",
        ])
    return _grid(rows, [WIDTH * 0.36] + [WIDTH * f for f in (0.13, 0.15, 0.13, 0.12, 0.11)])


def write_evaluation_pdf(
    summary: EvaluationSummary, stream: BinaryIO, *, partnership_name: str
) -> None:
    """Draw the summary; the comments in it are only those their authors consented to quote."""
    story: list = [
        Paragraph("Evaluation summary", TITLE),
        Paragraph(markup(summary.title), SUBTITLE),
        _key_figures(summary),
        Paragraph("Ratings", HEADING),
        _distribution(list(summary.ratings[:2]), 1, 5),
        Spacer(1, 6),
        Paragraph("Confidence in the topic, before and after the course", HEADING),
        Paragraph(
            f"Asked after the course, out of 10; {plural(summary.confidence.answered, 'delegate')} "
            "answered both questions.", SMALL,
        ),
        _confidence_chart(summary),
        _distribution(list(summary.ratings[2:]), 0, 10),
    ]
    if summary.breakdown:
        heading = "Session by session" if summary.scope == "course" else "Course by course"
        story.append(KeepTogether([Paragraph(heading, HEADING), _breakdown(summary)]))
    story.append(Paragraph("What delegates said (quoted anonymously, with consent)", HEADING))
    if not summary.comments:
        story.append(Paragraph("No comments were given with consent to quote.", BODY))
    for comment in summary.comments:
        source = (
            f"{comment.question} — {comment.course_code}, "
            f"{long_date(to_local(comment.session_start))}"
        )
        story.append(KeepTogether([
            Paragraph(f"“{markup(comment.text)}”", QUOTE), Paragraph(markup(source), SOURCE)
        ]))
    footer_text = f"{clean(partnership_name)} · Evaluations: {clean(summary.title)}"
    doc = a4_document(
        stream,
        title=f"Evaluation summary: {summary.title}",
        author=partnership_name,
        on_page=lambda canvas, _doc: footer(canvas, footer_text),
    )
    doc.build(story)




def save_evaluation_pdf(summary: EvaluationSummary, path: str | Path, *, partnership_name: str) -> Path:
    """Write the summary to a PDF file: all of it, or nothing where the file was.

    Raises InputError when the file cannot be written (open in a viewer, no access).
    """
    path = Path(path)
    try:
        with replacing(path) as stream:
            write_evaluation_pdf(summary, stream, partnership_name=partnership_name)
    except OSError as error:
        raise InputError(
            f"Could not write {path}: {error.strerror or error}. Close it if it is open, and "
            "check that you may save in that folder."
        ) from error
    return path

"""A trainer's session summary: the session, its booking and attendance figures, evaluations."""

from functools import partial
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from pscp_training.domain.evaluation_records import EvaluationSummary
from pscp_training.domain.print_records import SessionSummaryData
from pscp_training.pdf.styles import (
    BODY,
    CELL,
    CELL_BOLD,
    CELL_HEAD,
    GOLD,
    HEADING,
    MARGIN,
    NAVY,
    PALE,
    PORTRAIT,
    SMALL,
    SUBTITLE,
    TABLE_GRID,
    TITLE,
    a4_document,
    footer,
)
from pscp_training.pdf.text import clean, long_date, markup, paragraph, percent, whole_number

WIDTH, HEIGHT = PORTRAIT
INNER = WIDTH - 2 * MARGIN


def _when(data: SessionSummaryData) -> str:
    start = data.start
    text = f"{start:%A} {long_date(start)}, {start:%H:%M}"
    if data.end is not None:
        text += (
            f"–{data.end:%H:%M}"
            if data.end.date() == start.date()
            else f" to {long_date(data.end)}, {data.end:%H:%M}"
        )
    return text


def _details(data: SessionSummaryData) -> Table:
    rows = [
        ("When", _when(data)),
        ("Where", data.venue or data.delivery),
        ("Delivery", data.delivery),
        ("Trainers", data.trainers or "—"),
        ("Course", f"{data.course_code} · {data.agency}"),
        ("Status", data.status),
    ]
    table = Table(
        [[Paragraph(f"<b>{label}</b>", CELL), paragraph(value, CELL)] for label, value in rows],
        colWidths=(26 * mm, INNER - 26 * mm),
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), PALE),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, colors.white),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _figure_cells(label: str, value: str) -> list:
    return [
        Paragraph(markup(label), CELL),
        Paragraph(f"<para align='right'><b>{markup(value)}</b></para>", CELL),
    ]


def _figures(data: SessionSummaryData) -> Table:
    places = "no limit" if data.capacity is None else whole_number(data.capacity)
    left = [
        ("Places", places),
        ("Confirmed bookings", whole_number(data.booked)),
        ("Attended", whole_number(data.attended)),
        ("Absent", whole_number(data.absent)),
        ("Not marked yet", whole_number(data.unmarked)),
    ]
    right = [
        ("Attendance", percent(data.attendance_pct, 1)),
        ("Of whom walk-ins", whole_number(data.walk_ins)),
        ("Waiting list", whole_number(data.waitlisted)),
        (
            "Cancelled (of which late)",
            f"{whole_number(data.cancelled)} ({whole_number(data.late_cancellations)})",
        ),
        ("Unnamed attendees", whole_number(data.headcount)),
    ]
    rows = [_figure_cells(*a) + [""] + _figure_cells(*b) for a, b in zip(left, right, strict=True)]
    half = (INNER - 8 * mm) / 2
    table = Table(rows, colWidths=(half - 25 * mm, 25 * mm, 8 * mm, half - 25 * mm, 25 * mm))
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (1, -1), 0.4, colors.HexColor("#D5DDE5")),
                ("LINEBELOW", (3, 0), (4, -1), 0.4, colors.HexColor("#D5DDE5")),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _delegates(data: SessionSummaryData) -> Table:
    head = [Paragraph(t, CELL_HEAD) for t in ("#", "Delegate", "Organisation", "Booking")]
    rows = [head] + [
        [
            str(n),
            paragraph(b.name + (" (walk-in)" if b.walk_in else ""), CELL),
            paragraph(b.organisation or "—", CELL),
            paragraph(b.status, CELL),
        ]
        for n, b in enumerate(data.bookings, start=1)
    ]
    table = Table(rows, colWidths=(10 * mm, 62 * mm, 64 * mm, INNER - 136 * mm), repeatRows=1)
    table.setStyle(
        TableStyle(TABLE_GRID + [("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, PALE])])
    )
    return table


def _headcounts(data: SessionSummaryData) -> Table:
    rows = [[Paragraph("Organisation", CELL_HEAD), Paragraph("Attendees", CELL_HEAD)]]
    rows += [
        [paragraph(name, CELL), Paragraph(f"<para align='right'>{count:,}</para>", CELL)]
        for name, count in data.headcounts
    ]
    rows.append(
        [Paragraph("<b>Total</b>", CELL),
         Paragraph(f"<para align='right'><b>{data.headcount:,}</b></para>", CELL)]
    )
    table = Table(rows, colWidths=(INNER - 35 * mm, 35 * mm))
    table.setStyle(TableStyle(TABLE_GRID))
    return table


def _evaluation(summary: EvaluationSummary) -> list:
    rate = summary.response_rate
    parts: list = [
        Paragraph("Evaluations", HEADING),
        Paragraph(
            f"{whole_number(summary.evaluations)} of {whole_number(summary.attendances)} "
            f"attendees returned an evaluation ({percent(None if rate is None else rate * 100, 0)}).",
            BODY,
        ),
    ]
    rows = [[Paragraph(t, CELL_HEAD) for t in ("Question", "Answers", "Average", "Scale")]]
    for rating in summary.ratings:
        average = "–" if rating.mean is None else f"{rating.mean:.1f}"
        rows.append(
            [
                paragraph(rating.label, CELL_BOLD),
                Paragraph(f"<para align='right'>{rating.answered}</para>", CELL),
                Paragraph(f"<para align='right'>{average}</para>", CELL),
                Paragraph(f"<para align='right'>{rating.low} to {rating.high}</para>", CELL),
            ]
        )
    table = Table(rows, colWidths=(INNER - 75 * mm, 25 * mm, 25 * mm, 25 * mm))
    table.setStyle(TableStyle(TABLE_GRID))
    parts.append(table)
    gain = summary.confidence
    if gain.mean_gain is not None:
        parts.append(Spacer(1, 3 * mm))
        parts.append(
            Paragraph(
                f"Confidence rose by {gain.mean_gain:+.1f} on average (from "
                f"{gain.mean_before:.1f} to {gain.mean_after:.1f} out of 10): {gain.improved} "
                f"more confident, {gain.same} the same, {gain.worse} less confident.",
                BODY,
            )
        )
    if summary.comments:
        quotes = [
            Paragraph(
                f"“{markup(c.text)}” <font color='#5A6570'>— {markup(c.question)}</font>", BODY
            )
            for c in summary.comments
        ]
        heading = Paragraph("What delegates said (quoted with their consent)", HEADING)
        parts.append(KeepTogether([heading, quotes[0]]))
        parts.extend(quotes[1:])
    return parts


def _page(canvas: Canvas, _doc, data: SessionSummaryData) -> None:
    canvas.saveState()
    canvas.setFillColor(NAVY)
    canvas.rect(0, HEIGHT - 6 * mm, WIDTH, 6 * mm, stroke=0, fill=1)
    canvas.setFillColor(GOLD)
    canvas.rect(0, HEIGHT - 7 * mm, WIDTH, 1 * mm, stroke=0, fill=1)
    canvas.restoreState()
    footer(canvas, f"Session summary · {clean(data.course_code)} · {long_date(data.start)}")


def write_session_summary_pdf(data: SessionSummaryData, stream: BinaryIO) -> None:
    """The summary of one session for its trainers, on A4."""
    doc = a4_document(
        stream,
        title=f"Session summary: {data.course_title}, {long_date(data.start)}",
        author=data.partnership_name,
        on_page=partial(_page, data=data),
    )
    story: list = [
        Paragraph(markup(data.partnership_name).upper(), SMALL),
        Spacer(1, 2 * mm),
        Paragraph(markup(data.course_title), TITLE),
        Paragraph("Session summary for trainers", SUBTITLE),
        _details(data),
        Paragraph("Bookings and attendance", HEADING),
        _figures(data),
    ]
    if data.bookings:
        story += [Paragraph("Delegates", HEADING), _delegates(data)]
    elif not data.headcounts:
        story.append(Paragraph("Nobody was booked on this session.", BODY))
    if data.headcounts:
        story += [Paragraph("Unnamed attendees by organisation", HEADING), _headcounts(data)]
    if data.evaluation is not None and data.evaluation.evaluations:
        parts = _evaluation(data.evaluation)
        story.append(KeepTogether(parts[:3]))  # the heading never sits alone at a page foot
        story.extend(parts[3:])
    else:
        story += [
            Paragraph("Evaluations", HEADING),
            Paragraph("No evaluation has been returned for this session yet.", BODY),
        ]
    story.append(Spacer(1, 1))
    doc.build(story)

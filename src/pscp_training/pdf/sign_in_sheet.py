"""Sign-in sheets for in-person sessions: the session on every page, a row per delegate, blank rows."""

from functools import partial
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from pscp_training.domain.print_records import SignInSheetData
from pscp_training.pdf.fonts import BOLD, REGULAR
from pscp_training.pdf.styles import (
    CELL,
    CELL_HEAD,
    GOLD,
    INK,
    LINE,
    MARGIN,
    MUTED,
    NAVY,
    PALE,
    PORTRAIT,
    SMALL,
    TITLE,
    a4_document,
    footer,
)
from pscp_training.pdf.text import clean, long_date, markup, paragraph

WIDTH, HEIGHT = PORTRAIT
ROW_HEIGHT = 11 * mm
COLUMNS = (10 * mm, 56 * mm, 56 * mm)  # number, name, organisation; signature takes the rest
SHEET_TITLE = ParagraphStyle("SheetTitle", parent=TITLE, fontSize=16, leading=20)


def _when(data: SignInSheetData) -> str:
    start = data.start
    text = f"{start:%A} {long_date(start)}, {start:%H:%M}"
    if data.end is not None:
        text += f"–{data.end:%H:%M}" if data.end.date() == start.date() else (
            f" to {data.end:%A} {long_date(data.end)}, {data.end:%H:%M}"
        )
    return text


def _header_flowables(data: SignInSheetData, width: float) -> tuple[Paragraph, Table]:
    title = Paragraph(markup(data.course_title), SHEET_TITLE)
    details = [
        ("Date", _when(data)),
        ("Venue", data.venue or "—"),
        ("Trainer", data.trainers or "—"),
    ]
    rows = [
        [Paragraph(f"<b>{label}</b>", CELL), Paragraph(markup(value), CELL)]
        for label, value in details
    ]
    table = Table(rows, colWidths=(22 * mm, width - 22 * mm))
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), PALE),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, colors.white),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return title, table


def _header_height(data: SignInSheetData) -> float:
    width = WIDTH - 2 * MARGIN
    title, table = _header_flowables(data, width)
    return 22 * mm + title.wrap(width, HEIGHT)[1] + table.wrap(width, HEIGHT)[1] + 8 * mm


def _draw_header(canvas: Canvas, doc, data: SignInSheetData) -> None:
    """The session's details at the top of every page, so a loose page still says what it is."""
    width = WIDTH - 2 * MARGIN
    canvas.saveState()
    y = HEIGHT - 14 * mm
    canvas.setFont(BOLD, 9)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, y, clean(data.partnership_name).upper()[:90])
    canvas.setFont(BOLD, 12)
    canvas.setFillColor(NAVY)
    canvas.drawRightString(WIDTH - MARGIN, y, "SIGN-IN SHEET")
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN, y - 3 * mm, WIDTH - MARGIN, y - 3 * mm)
    y -= 8 * mm
    title, table = _header_flowables(data, width)
    _w, h = title.wrap(width, HEIGHT)
    title.drawOn(canvas, MARGIN, y - h)
    y -= h + 2 * mm
    _w, h = table.wrap(width, HEIGHT)
    table.drawOn(canvas, MARGIN, y - h)
    canvas.restoreState()
    code = clean(data.course_code)
    footer(
        canvas,
        f"{code} · {long_date(data.start)} · Please sign only for yourself; "
        "the register is kept under data protection law.",
    )


def _rows_table(data: SignInSheetData, width: float) -> Table:
    head = [Paragraph(text, CELL_HEAD) for text in ("#", "Name", "Organisation", "Signature")]
    rows = [head]
    for number, row in enumerate(data.delegates, start=1):
        rows.append(
            [str(number), paragraph(row.name, CELL, bold=True), paragraph(row.organisation, CELL), ""]
        )
    first_blank = len(rows)
    if data.blank_rows:
        rows.append([Paragraph("<b>Not on the list?</b> Please print your name and organisation "
                               "below, then sign.", SMALL), "", "", ""])
        for number in range(len(data.delegates) + 1, len(data.delegates) + data.blank_rows + 1):
            rows.append([str(number), "", "", ""])
    widths = (*COLUMNS, width - sum(COLUMNS))
    heights = [8 * mm] + [ROW_HEIGHT] * (len(rows) - 1)
    if data.blank_rows:
        heights[first_blank] = 7 * mm
    table = Table(rows, colWidths=widths, rowHeights=heights, repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 1), (0, -1), 9),
        ("TEXTCOLOR", (0, 1), (0, -1), MUTED),
        ("BACKGROUND", (0, 0), (-1, 0), NAVY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.5, LINE),
        ("BOX", (0, 0), (-1, -1), 0.8, INK),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    if data.blank_rows:
        style += [
            ("SPAN", (0, first_blank), (-1, first_blank)),
            ("BACKGROUND", (0, first_blank), (-1, first_blank), PALE),
        ]
    table.setStyle(TableStyle(style))
    return table


def write_sign_in_sheet_pdf(data: SignInSheetData, stream: BinaryIO) -> None:
    """The sign-in sheet of one session; its header and column headings repeat on every page."""
    header = partial(_draw_header, data=data)
    doc = a4_document(
        stream,
        title=f"Sign-in sheet: {data.course_title}, {long_date(data.start)}",
        author=data.partnership_name,
        on_page=header,
        top=_header_height(data),
    )
    width = WIDTH - 2 * MARGIN
    doc.build([Spacer(1, 1 * mm), _rows_table(data, width)])

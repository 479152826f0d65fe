"""The look of every printed document: colours, paragraph styles and A4 page templates."""

from collections.abc import Callable
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from pscp_training.pdf.fonts import BOLD, REGULAR, register_fonts
from pscp_training.pdf.text import clean

NAVY = colors.HexColor("#1F3A5F")
TEAL = colors.HexColor("#2A7F8F")
GOLD = colors.HexColor("#B8913A")
PALE = colors.HexColor("#EEF3F7")
LINE = colors.HexColor("#B7C4D1")
INK = colors.HexColor("#222222")
MUTED = colors.HexColor("#5A6570")

PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN = 18 * mm

register_fonts()


def _style(name: str, **kwargs) -> ParagraphStyle:
    kwargs.setdefault("fontName", REGULAR)
    kwargs.setdefault("textColor", INK)
    return ParagraphStyle(name, **kwargs)


TITLE = _style("Title", fontName=BOLD, fontSize=20, leading=25, textColor=NAVY, spaceAfter=4)
SUBTITLE = _style("Subtitle", fontSize=11, leading=15, textColor=MUTED, spaceAfter=10)
HEADING = _style(
    "Heading", fontName=BOLD, fontSize=13, leading=17, textColor=NAVY, spaceBefore=12, spaceAfter=6
)
BODY = _style("Body", fontSize=10.5, leading=15, spaceAfter=6)
SMALL = _style("Small", fontSize=8.5, leading=11, textColor=MUTED)
CELL = _style("Cell", fontSize=10, leading=13)
CELL_BOLD = _style("CellBold", fontName=BOLD, fontSize=10, leading=13)
CELL_HEAD = _style("CellHead", fontName=BOLD, fontSize=10, leading=13, textColor=colors.white)
CENTRED = _style("Centred", fontSize=11, leading=15, alignment=TA_CENTER)
LEFT = TA_LEFT

TABLE_GRID = [
    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
    ("FONTSIZE", (0, 0), (-1, -1), 10),
    ("BACKGROUND", (0, 0), (-1, 0), NAVY),
    ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
    ("FONTNAME", (0, 0), (-1, 0), BOLD),
    ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
    ("BOX", (0, 0), (-1, -1), 0.75, NAVY),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
]


def footer(canvas: Canvas, text: str, page_size=PORTRAIT) -> None:
    """A thin rule, the document's footer text on the left and the page number on the right."""
    width, _height = page_size
    canvas.saveState()
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, 12 * mm, width - MARGIN, 12 * mm)
    canvas.setFont(REGULAR, 8)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, 8 * mm, clean(text)[:140])
    canvas.drawRightString(width - MARGIN, 8 * mm, f"Page {canvas.getPageNumber()}")
    canvas.restoreState()


def a4_document(
    stream: BinaryIO,
    *,
    title: str,
    author: str,
    on_page: Callable[[Canvas, BaseDocTemplate], None],
    page_size=PORTRAIT,
    top: float = MARGIN,
) -> BaseDocTemplate:
    """An A4 document with one frame inside the margins; `on_page` draws headers and footers.

    `top` leaves room for a header drawn on every page (a sign-in sheet's session details).
    """
    width, height = page_size
    frame = Frame(
        MARGIN, 18 * mm, width - 2 * MARGIN, height - top - 18 * mm, id="body",
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
    )
    doc = BaseDocTemplate(
        stream,
        pagesize=page_size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=top,
        bottomMargin=18 * mm,
        title=clean(title),
        author=clean(author),
        creator="PSCP Training",
        # Without it every page names Helvetica (unembedded) as its starting font.
        initialFontName=REGULAR,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    return doc

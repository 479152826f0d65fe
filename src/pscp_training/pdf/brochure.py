"""The programme brochure: an A4 cover, the courses by theme with their dates, an index of dates."""

import io
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from pscp_training.domain.programme import (
    Programme,
    ProgrammeCourse,
    ProgrammeTheme,
    long_day,
)
from pscp_training.pdf.fonts import BOLD, REGULAR
from pscp_training.pdf.paged_table import PagedTable
from pscp_training.pdf.styles import (
    BODY,
    CELL,
    GOLD,
    HEADING,
    LINE,
    MARGIN,
    MUTED,
    NAVY,
    PALE,
    PORTRAIT,
    SMALL,
    TABLE_GRID,
    TEAL,
    a4_document,
    footer,
)
from pscp_training.pdf.text import clean, long_date, markup

WIDTH, HEIGHT = PORTRAIT
_INNER = WIDTH - 2 * MARGIN
_SESSION_COLUMNS = [60 * mm, 29 * mm, _INNER - 117 * mm, 28 * mm]  # date, time, where, places
_INDEX_COLUMNS = [54 * mm, 14 * mm, _INNER - 80 * mm, 12 * mm]  # date, time, course, page

_THEME = ParagraphStyle(
    "BrochureTheme", parent=HEADING, fontSize=17, leading=22, textColor=colors.white,
    backColor=NAVY, borderPadding=(5, 6, 5, 6), spaceBefore=4, spaceAfter=12,
)
_COURSE = ParagraphStyle(
    "BrochureCourse", parent=HEADING, fontSize=13, leading=17, spaceBefore=10, spaceAfter=2
)
_META = ParagraphStyle("BrochureMeta", parent=SMALL, spaceAfter=5)
_LABEL = ParagraphStyle("BrochureLabel", parent=BODY, fontName=BOLD, spaceAfter=1, textColor=TEAL)
_BULLET = ParagraphStyle(
    "BrochureBullet", parent=BODY, leftIndent=12, bulletIndent=2, spaceAfter=2,
    bulletFontName=REGULAR,
)
_WAITING = colors.HexColor("#8A6A1E")
_SESSION_CELL = ParagraphStyle("BrochureSessionCell", parent=CELL, fontSize=9.5, leading=12)
_INDEX_CELL = ParagraphStyle("BrochureIndexCell", parent=CELL, fontSize=9, leading=11)
_LINK = "color='#1F5FA8'"
_CONTENTS = ParagraphStyle("BrochureContents", parent=BODY, fontSize=10.5, leading=13,
                           spaceAfter=0)
_CONTENTS_HEAD = ParagraphStyle("BrochureContentsHead", parent=_CONTENTS, fontName=BOLD,
                                textColor=NAVY)


def _logo(png: bytes | None) -> ImageReader | None:
    if not png:
        return None
    try:
        return ImageReader(io.BytesIO(png))
    except Exception:
        return None  # an unreadable logo must not stop the brochure


def _draw_contents(canvas: Canvas, programme: Programme, pages: dict, top: float) -> None:
    """The themes and the index of dates with their pages (known after the first pass)."""
    rows = [[Paragraph("Contents", _CONTENTS_HEAD), ""]]
    for theme in programme.themes:
        page = pages.get(("theme", theme.name))
        rows.append([Paragraph(markup(theme.name), _CONTENTS), Paragraph(str(page or ""), _CONTENTS)])
    page = pages.get(("index",))
    rows.append([Paragraph("Index of dates", _CONTENTS), Paragraph(str(page or ""), _CONTENTS)])
    table = Table(rows, colWidths=[90 * mm, 15 * mm])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # never ReportLab's unembedded default
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, LINE), ("LINEBELOW", (0, 0), (-1, 0), 1, NAVY),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    _w, h = table.wrap(105 * mm, top - 30 * mm)
    table.drawOn(canvas, (WIDTH - 105 * mm) / 2, top - h)


_CONTENTS_FORM = "BrochureContents"
_CONTENTS_TOP = HEIGHT - 162 * mm  # below the period and the count of sessions


def _draw_cover(canvas: Canvas, programme: Programme) -> None:
    canvas.saveState()
    canvas.setFillColor(NAVY)
    canvas.rect(0, HEIGHT - 120 * mm, WIDTH, 120 * mm, stroke=0, fill=1)
    canvas.setFillColor(GOLD)
    canvas.rect(0, HEIGHT - 123 * mm, WIDTH, 3 * mm, stroke=0, fill=1)
    top = HEIGHT - 25 * mm
    logo = _logo(programme.logo_png)
    if logo is not None:
        w, h = logo.getSize()
        height = 30 * mm
        width = min(height * w / max(h, 1), 110 * mm)
        height = width * h / max(w, 1)
        # A white card behind the logo, so a logo drawn for white paper still reads.
        canvas.setFillColorRGB(1, 1, 1)
        canvas.roundRect((WIDTH - width) / 2 - 4 * mm, top - height - 4 * mm,
                         width + 8 * mm, height + 8 * mm, 3 * mm, stroke=0, fill=1)
        canvas.drawImage(logo, (WIDTH - width) / 2, top - height, width, height, mask="auto")
        top -= height + 16 * mm
    else:
        top -= 10 * mm
    name = clean(programme.partnership_name)
    style = ParagraphStyle("CoverName", fontName=BOLD, fontSize=18, leading=23,
                           textColor=colors.white, alignment=1)
    para = Paragraph(markup(name), style)
    _w, h = para.wrap(WIDTH - 40 * mm, 40 * mm)
    para.drawOn(canvas, 20 * mm, top - h)
    top -= h + 10 * mm
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(BOLD, 30)
    canvas.drawCentredString(WIDTH / 2, top - 10 * mm, "Training programme")
    canvas.setFont(REGULAR, 15)
    period = programme.period
    if period.name:
        canvas.drawCentredString(WIDTH / 2, top - 21 * mm, clean(period.name))
    canvas.setFillColor(NAVY)
    canvas.setFont(REGULAR, 12)
    y = HEIGHT - 140 * mm
    canvas.drawCentredString(
        WIDTH / 2, y, f"{long_day(period.first_day)} to {long_day(period.last_day)}"
    )
    canvas.setFont(REGULAR, 11)
    canvas.setFillColor(MUTED)
    count = programme.session_count
    canvas.drawCentredString(
        WIDTH / 2, y - 9 * mm,
        f"{count} dated session{'' if count == 1 else 's'} of multi-agency safeguarding "
        "training, and courses delivered on request",
    )
    # The contents' page numbers are known only at the end: drawn then, into this form.
    canvas.doForm(_CONTENTS_FORM)
    canvas.setFont(REGULAR, 9)
    canvas.drawCentredString(
        WIDTH / 2, 20 * mm, f"Produced {long_date(programme.produced)}. "
        "Places shown were those left on that day."
    )
    canvas.restoreState()


def _cell(text: str, style: ParagraphStyle, width: float):
    """Plain text where it fits on one line (a tenth of a Paragraph's cost), else a Paragraph."""
    text = clean(text)
    if stringWidth(text, style.fontName, style.fontSize) <= width - 12:
        return text
    return Paragraph(markup(text), style)


_SESSION_STYLE = [
    *TABLE_GRID, ("BACKGROUND", (0, 0), (-1, 0), TEAL), ("BOX", (0, 0), (-1, -1), 0.75, TEAL),
    ("FONTSIZE", (0, 1), (-1, -1), _SESSION_CELL.fontSize),
    ("VALIGN", (0, 1), (-1, -1), "TOP"),
]
_STRIPE = (("BACKGROUND", 0, -1, PALE),)
_WAITING_CELL = (("TEXTCOLOR", 3, 3, _WAITING), ("FONTNAME", 3, 3, BOLD))


def _sessions_table(course: ProgrammeCourse) -> PagedTable:
    rows: list[list] = []
    row_styles: list[tuple] = []
    for i, s in enumerate(course.sessions):
        rows.append([
            _cell(s.date_text, _SESSION_CELL, _SESSION_COLUMNS[0]),
            _cell(s.time_text, _SESSION_CELL, _SESSION_COLUMNS[1]),
            _cell(s.where, _SESSION_CELL, _SESSION_COLUMNS[2]),
            s.availability,
        ])
        # Every other row striped (the second, fourth ... below the heading).
        striped = _STRIPE if i % 2 else ()
        row_styles.append(striped + _WAITING_CELL if s.availability == "waiting list" else striped)
    return PagedTable([["Date", "Time", "Venue", "Places"]], rows, _SESSION_COLUMNS,
                      _SESSION_STYLE, row_styles)


def _how_to_book(course: ProgrammeCourse) -> Paragraph | None:
    if not course.how_to_book:
        return None
    link = course.booking_link
    shown = markup(course.how_to_book)
    if link:
        shown = f"<a href='{markup(link)}' {_LINK}><u>{shown}</u></a>"
    return Paragraph(f"<b>How to book:</b> {shown}", BODY)


def _course(course: ProgrammeCourse) -> list:
    title = Paragraph(markup(course.title), _COURSE)
    title.programme_key = course.id  # the index of dates looks up its page
    meta = [markup(course.code)]
    if course.length:
        meta.append(f"Length: {markup(course.length)}")
    meta.append("Single-agency: on request" if course.on_request else "Multi-agency")
    head = [title, Paragraph(" · ".join(meta), _META)]
    body: list = []
    if course.description:
        body.append(Paragraph(markup(course.description), BODY))
    if course.audience:
        body.append(Paragraph(f"<b>Who it is for:</b> {markup(course.audience)}", BODY))
    if course.learning_outcomes:
        body.append(Paragraph("By the end of the course you will:", _LABEL))
        body += [Paragraph(markup(line), _BULLET, bulletText="•")
                 for line in course.learning_outcomes]
    booking = _how_to_book(course)
    if booking is not None:
        body.append(booking)
    if course.on_request:
        body.append(Paragraph(
            "<b>On request:</b> delivered for an organisation's own staff, on a date agreed "
            "with the training team.", BODY,
        ))
        return [KeepTogether(head + body)]
    body.append(Spacer(1, 2 * mm))
    # The heading never sits alone at the foot of a page.
    return [CondPageBreak(45 * mm), KeepTogether(head + body[:2]), *body[2:],
            _sessions_table(course), Spacer(1, 3 * mm)]


def _theme(theme: ProgrammeTheme) -> list:
    heading = Paragraph(markup(theme.name), _THEME)
    heading.programme_key = ("theme", theme.name)
    flowables = [CondPageBreak(70 * mm), heading]
    for course in theme.courses:
        flowables += _course(course)
    return flowables + [Spacer(1, 6 * mm)]


_INDEX_STYLE = [
    *TABLE_GRID, ("VALIGN", (0, 1), (-1, -1), "TOP"),
    ("FONTSIZE", (0, 0), (-1, -1), _INDEX_CELL.fontSize),
    ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
]
_MONTH_ROW = (("SPAN", 0, -1), ("BACKGROUND", 0, -1, PALE), ("FONTNAME", 0, -1, BOLD),
              ("TEXTCOLOR", 0, -1, NAVY), ("LINEABOVE", 0, -1, 0.75, LINE))


def _index_rows(programme: Programme, pages: dict) -> tuple[list, list]:
    rows: list[list] = []
    row_styles: list[tuple] = []
    month = None
    title_room = _INDEX_COLUMNS[2] - 8
    for entry in programme.dates():
        session = entry.session
        label = session.month_text  # "December 2026"
        if label != month:
            month = label
            rows.append([label, "", "", ""])
            row_styles.append(_MONTH_ROW)
        title = clean(entry.course_title)
        if session.availability == "waiting list":
            title = Paragraph(f"{markup(title)} <font color='#8A6A1E'>(waiting list)</font>",
                              _INDEX_CELL)
        elif stringWidth(title, _INDEX_CELL.fontName, _INDEX_CELL.fontSize) > title_room:
            title = Paragraph(markup(title), _INDEX_CELL)
        page = pages.get(entry.course.id)
        rows.append([session.date_text, session.start_clock, title, str(page) if page else ""])
        row_styles.append(())
    return rows, row_styles


def _index(programme: Programme, pages: dict) -> list:
    heading = Paragraph("Index of dates", _THEME)
    heading.programme_key = ("index",)
    story: list = [PageBreak(), heading]
    if not programme.session_count:
        return story + [Paragraph("No dated sessions in this period.", BODY)]
    # Laid out after every course, so the page of each is known by then.
    return story + [PagedTable([["Date", "Time", "Course", "Page"]],
                               lambda: _index_rows(programme, pages), _INDEX_COLUMNS,
                               _INDEX_STYLE)]


class _DrawContents(Flowable):
    """Takes no room; when drawn (last of all) it fills the cover's contents form."""

    def __init__(self, programme: Programme, pages: dict):
        super().__init__()
        self._programme, self._pages = programme, pages

    def wrap(self, _avail_width, _avail_height):
        return 0, 0

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 (ReportLab's name)
        canvas.beginForm(_CONTENTS_FORM)
        _draw_contents(canvas, self._programme, self._pages, _CONTENTS_TOP)
        canvas.endForm()


def write_brochure(programme: Programme, stream: BinaryIO) -> None:
    """The brochure as an A4 PDF, every font embedded (DejaVu Sans).

    Built in one pass: the index of dates comes last, when the page of every course is
    known, and the contents on the cover are drawn at the end into a form the cover shows
    (the cover is one page whatever it says, so nothing moves).
    """
    title = programme.title
    found: dict = {}

    def on_page(canvas, doc) -> None:
        footer(canvas, f"{programme.partnership_name} · {programme.short_title}"[:100], PORTRAIT)

    def on_cover(canvas, _doc) -> None:
        _draw_cover(canvas, programme)

    doc = a4_document(stream, title=title, author=programme.partnership_name, on_page=on_page)
    doc.subject = f"Courses and dates, {programme.period.label}"
    cover_frame = Frame(MARGIN, 18 * mm, _INNER, HEIGHT - 36 * mm, id="cover")
    doc.pageTemplates.insert(0, PageTemplate(id="cover", frames=[cover_frame], onPage=on_cover))

    def after(flowable) -> None:
        key = getattr(flowable, "programme_key", None)
        if key is not None:
            found.setdefault(key, doc.page)

    doc.afterFlowable = after
    story: list = [NextPageTemplate("page"), Spacer(1, 1), PageBreak()]
    if not programme.themes:
        story.append(Paragraph("No courses are published for this period.", BODY))
    for theme in programme.themes:
        story += _theme(theme)
    story += _index(programme, found)
    story.append(_DrawContents(programme, found))
    doc.build(story)

"""Certificates of attendance: one landscape A4 page per delegate, drawn straight on the canvas."""

import io
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import BinaryIO

from pypdf import PdfReader, PdfWriter
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from pscp_training.domain.print_records import CertificateData
from pscp_training.pdf.fonts import BOLD, REGULAR
from pscp_training.pdf.styles import GOLD, INK, LANDSCAPE, MUTED, NAVY, PALE, TEAL
from pscp_training.pdf.text import clean, cpd_hours, long_date, markup

WIDTH, HEIGHT = LANDSCAPE
_COURSE = ParagraphStyle(
    "CertificateCourse", fontName=BOLD, fontSize=20, leading=25, alignment=TA_CENTER,
    textColor=NAVY,
)


@lru_cache(maxsize=4)
def _logo(png: bytes) -> ImageReader | None:
    # Cached: a batch of 500 certificates decodes the partnership's logo once.
    try:
        return ImageReader(io.BytesIO(png))
    except Exception:
        return None  # an unreadable logo must not stop the certificates


def _fitted_font_size(text: str, font: str, largest: float, smallest: float, width: float) -> float:
    size = largest
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 1
    return size


def _centred(canvas: Canvas, text: str, y: float, font: str, size: float, colour=INK) -> None:
    canvas.setFont(font, size)
    canvas.setFillColor(colour)
    canvas.drawCentredString(WIDTH / 2, y, text)


def _border(canvas: Canvas) -> None:
    canvas.setFillColor(PALE)
    canvas.rect(0, 0, WIDTH, HEIGHT, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, WIDTH - 20 * mm, HEIGHT - 20 * mm, stroke=1, fill=1)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.8)
    canvas.rect(13 * mm, 13 * mm, WIDTH - 26 * mm, HEIGHT - 26 * mm, stroke=1, fill=0)


def _seal(canvas: Canvas) -> None:
    """The seal at the foot of the page, defined once per document (a Form XObject)."""
    forms = canvas.__dict__.setdefault("_pscp_forms", {})
    if "seal" not in forms:
        canvas.beginForm("CertificateSeal")
        _emblem(canvas, WIDTH / 2, 36 * mm)
        canvas.endForm()
        forms["seal"] = "CertificateSeal"
    canvas.doForm("CertificateSeal")


def _emblem(canvas: Canvas, x: float, y: float) -> None:
    """The default seal, drawn in vectors so it is sharp in print and costs no file."""
    canvas.setFillColor(GOLD)
    canvas.circle(x, y, 15 * mm, stroke=0, fill=1)
    canvas.setStrokeColorRGB(1, 1, 1)
    canvas.setLineWidth(1)
    canvas.circle(x, y, 13 * mm, stroke=1, fill=0)
    canvas.setFillColor(NAVY)
    canvas.circle(x, y, 11 * mm, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(BOLD, 13)
    canvas.drawCentredString(x, y + 0.5 * mm, "CPD")
    canvas.setFont(REGULAR, 5.5)
    canvas.drawCentredString(x, y - 4.5 * mm, "ATTENDANCE")


def _logo_box(data: CertificateData) -> tuple[ImageReader, float, float] | None:
    """The logo (if any) and its width and height on the page."""
    logo = _logo(data.logo_png) if data.logo_png else None
    if logo is None:
        return None
    image_width, image_height = logo.getSize()
    height = 24 * mm
    width = min(height * image_width / max(image_height, 1), 90 * mm)
    return logo, width, width * image_height / max(image_width, 1)


def _background(canvas: Canvas, data: CertificateData) -> None:
    """The border and the logo: the same on every page of a batch, so they are drawn once
    per document as a Form XObject that each page paints (one line of its content)."""
    forms = canvas.__dict__.setdefault("_pscp_forms", {})
    name = forms.get(data.logo_png)
    if name is None:
        name = f"CertificateBackground{len(forms)}"
        canvas.beginForm(name)
        _border(canvas)
        box = _logo_box(data)
        if box is not None:
            logo, width, height = box
            top = HEIGHT - 22 * mm
            canvas.drawImage(logo, (WIDTH - width) / 2, top - height, width, height, mask="auto")
        canvas.endForm()
        forms[data.logo_png] = name
    canvas.doForm(name)


def _header(canvas: Canvas, data: CertificateData) -> float:
    """The partnership's name below the logo (drawn with the background); returns its y."""
    top = HEIGHT - 22 * mm
    box = _logo_box(data)
    if box is not None:
        top -= box[2] + 7 * mm
    else:
        top -= 14 * mm
    name = clean(data.partnership_name)
    size = _fitted_font_size(name, BOLD, 15, 9, WIDTH - 60 * mm)
    _centred(canvas, name, top, BOLD, size, TEAL)
    return top


def _when(data: CertificateData) -> str:
    if data.last_day == data.first_day:
        return f"on {long_date(data.first_day)}"
    return f"from {long_date(data.first_day)} to {long_date(data.last_day)}"


def draw_certificate(canvas: Canvas, data: CertificateData) -> None:
    """Draw one certificate on the current page of `canvas` and end the page."""
    _background(canvas, data)
    y = _header(canvas, data) - 16 * mm
    _centred(canvas, "Certificate of Attendance", y, BOLD, 30, NAVY)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.2)
    canvas.line(WIDTH / 2 - 45 * mm, y - 6 * mm, WIDTH / 2 + 45 * mm, y - 6 * mm)

    y -= 17 * mm
    _centred(canvas, "This is to certify that", y, REGULAR, 12, MUTED)
    name = clean(data.delegate_name)
    size = _fitted_font_size(name, BOLD, 28, 14, WIDTH - 60 * mm)
    y -= 14 * mm
    if stringWidth(name, BOLD, size) <= WIDTH - 60 * mm:
        _centred(canvas, name, y, BOLD, size, INK)
    else:  # a very long name wraps onto a second line rather than leave the page
        wrapped = Paragraph(markup(name), _long_name_style())
        _width, height = wrapped.wrap(WIDTH - 60 * mm, 40 * mm)
        wrapped.drawOn(canvas, 30 * mm, y - height + 14)
        y -= height - 14
    if data.organisation:
        y -= 7 * mm
        organisation = clean(data.organisation)
        size = _fitted_font_size(organisation, REGULAR, 11, 7, WIDTH - 60 * mm)
        _centred(canvas, organisation, y, REGULAR, size, MUTED)
    y -= 10 * mm
    _centred(canvas, "attended the safeguarding training", y, REGULAR, 12, MUTED)

    course = Paragraph(markup(data.course_title), _COURSE)
    _width, course_height = course.wrap(WIDTH - 70 * mm, 80 * mm)
    if course_height > 3 * _COURSE.leading:  # a very long title: smaller type, still whole
        course = Paragraph(markup(data.course_title), _smaller_course_style())
        _width, course_height = course.wrap(WIDTH - 70 * mm, 80 * mm)
    y -= 5 * mm
    course.drawOn(canvas, 35 * mm, y - course_height)
    y -= course_height + 9 * mm
    hours = cpd_hours(data.duration_minutes)
    when = _when(data) + (f"  ·  {hours}" if hours else "")
    _centred(canvas, when, y, REGULAR, 13, INK)

    _signature(canvas, data)
    _number(canvas, data)
    if y > 56 * mm:  # the seal only where it cannot cover an extremely long name or title
        _seal(canvas)
    canvas.showPage()


@lru_cache(maxsize=1)
def _long_name_style() -> ParagraphStyle:
    return ParagraphStyle(
        "CertificateLongName", fontName=BOLD, fontSize=14, leading=18, alignment=TA_CENTER,
        textColor=INK,
    )


@lru_cache(maxsize=1)
def _smaller_course_style() -> ParagraphStyle:
    return ParagraphStyle("CertificateCourseSmall", parent=_COURSE, fontSize=14, leading=18)


def _signature(canvas: Canvas, data: CertificateData) -> None:
    left, baseline = 32 * mm, 34 * mm
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.6)
    canvas.line(left, baseline, left + 75 * mm, baseline)
    canvas.setFillColor(INK)
    name = clean(data.signatory_name)
    if name:
        canvas.setFont(BOLD, 11)
        canvas.drawString(left, baseline - 6 * mm, name[:60])
    role = clean(data.signatory_role)
    if role:
        canvas.setFont(REGULAR, 9.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(left, baseline - 11 * mm, role[:80])
    if not name and not role:
        canvas.setFont(REGULAR, 9.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(left, baseline - 6 * mm, "Signed on behalf of the partnership")


def _number(canvas: Canvas, data: CertificateData) -> None:
    right = WIDTH - 32 * mm
    canvas.setFillColor(INK)
    canvas.setFont(REGULAR, 9.5)
    canvas.drawRightString(right, 34 * mm, "Certificate number")
    canvas.setFont(BOLD, 13)
    canvas.drawRightString(right, 28 * mm, data.number)
    canvas.setFont(REGULAR, 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(right, 22.5 * mm, "Quote this number to the training team")
    canvas.drawRightString(right, 19 * mm, "to verify this certificate.")


def _canvas(stream: BinaryIO, title: str, author: str) -> Canvas:
    canvas = Canvas(stream, pagesize=LANDSCAPE, pageCompression=1)
    canvas.setTitle(clean(title))
    canvas.setAuthor(clean(author))
    canvas.setCreator("PSCP Training")
    return canvas


def write_certificates(
    certificates: Sequence[CertificateData],
    stream: BinaryIO,
    *,
    title: str = "Certificates of attendance",
    progress: Callable[[int], None] | None = None,
) -> None:
    """All the certificates in one PDF, one page each, in the order given (for printing)."""
    author = certificates[0].partnership_name if certificates else ""
    canvas = _canvas(stream, title, author)
    for done, data in enumerate(certificates, start=1):
        draw_certificate(canvas, data)
        if progress is not None:
            progress(done)
    canvas.save()


def write_certificate_files(
    certificates: Sequence[CertificateData],
    open_file: Callable[[CertificateData], BinaryIO],
    *,
    progress: Callable[[int], None] | None = None,
) -> None:
    """One PDF per certificate, each written to the stream `open_file(certificate)` gives.

    The batch is drawn as one document and split page by page: the fonts are then
    subset once rather than once per file, which makes 500 files about twice as fast.
    """
    if not certificates:
        return
    buffer = io.BytesIO()
    write_certificates(certificates, buffer)
    reader = PdfReader(buffer)
    for done, (data, page) in enumerate(zip(certificates, reader.pages, strict=True), start=1):
        writer = PdfWriter()
        writer.add_page(page)
        writer.add_metadata(
            {
                "/Title": clean(f"Certificate of attendance: {data.delegate_name}"),
                "/Author": clean(data.partnership_name),
                "/Creator": "PSCP Training",
            }
        )
        with open_file(data) as stream:
            writer.write(stream)
        if progress is not None:
            progress(done)


def write_certificate(data: CertificateData, stream: BinaryIO) -> None:
    """One delegate's certificate as a PDF of its own."""
    canvas = _canvas(
        stream, f"Certificate of attendance: {data.delegate_name}", data.partnership_name
    )
    draw_certificate(canvas, data)
    canvas.save()

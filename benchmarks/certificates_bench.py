"""500 certificates against a bare ReportLab canvas writing the same text on 500 pages.

Run: .venv/bin/python benchmarks/certificates_bench.py  (not part of the tests)
"""

import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

from pscp_training.domain.print_records import CertificateData
from pscp_training.pdf.certificate import (
    LANDSCAPE,
    write_certificate,
    write_certificate_files,
    write_certificates,
)
from pscp_training.pdf.fonts import BOLD, REGULAR, register_fonts
from pscp_training.pdf.styles import GOLD, INK, MUTED, NAVY, PALE, TEAL

COUNT = 500
NAMES = ["Zoë Adams", "Łukasz Nowak", "Siobhán Ó Súilleabháin", "Nguyễn Thị Lan", "Seán O'Brien"]


def logo_png() -> bytes:
    """A partnership logo as an organisation would supply it: a 600x200 PNG with colour."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 200), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for i in range(0, 600, 6):  # a gradient band, so the image does not compress to nothing
        draw.rectangle([i, 0, i + 5, 60], fill=(20, 60 + i // 5, 110))
    draw.ellipse([20, 70, 140, 190], fill=(200, 160, 40))
    draw.rectangle([170, 100, 580, 150], fill=(20, 60, 110))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _certificates(count: int = COUNT) -> list[CertificateData]:
    logo = logo_png()
    return [
        CertificateData(
            number=f"2022-{i:06d}-0",
            delegate_name=f"{NAMES[i % len(NAMES)]} {i}",
            course_title="Designated Safeguarding Lead <Refresher> & Update",
            first_day=date(2022, 6, 1),
            last_day=date(2022, 6, 1),
            duration_minutes=180,
            partnership_name="Portsmouth Safeguarding Children Partnership",
            signatory_name="Jo O'Brien",
            signatory_role="Training Manager",
            organisation="Arundel Court Primary School",
            logo_png=logo,
        )
        for i in range(count)
    ]


def _bare_page(canvas: Canvas, c: CertificateData, logo: ImageReader) -> None:
    """The same page with bare canvas calls: the border, the logo, the seal, the same text in
    the same embedded font, the course title wrapped with simpleSplit; no Paragraph, no
    fitting of font sizes, no cleaning of the text."""
    width, height = canvas._pagesize
    canvas.setFillColor(PALE)
    canvas.rect(0, 0, width, height, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm, stroke=1, fill=1)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.8)
    canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm, stroke=1, fill=0)
    canvas.drawImage(logo, width / 2 - 36 * mm, height - 46 * mm, 72 * mm, 24 * mm, mask="auto")
    middle = width / 2
    y = height - 60 * mm
    for font, size, colour, text, gap in (
        (BOLD, 15, TEAL, c.partnership_name, 16), (BOLD, 30, NAVY, "Certificate of Attendance", 17),
        (REGULAR, 12, MUTED, "This is to certify that", 14), (BOLD, 28, INK, c.delegate_name, 7),
        (REGULAR, 11, MUTED, c.organisation or "", 10),
        (REGULAR, 12, MUTED, "attended the safeguarding training", 12),
    ):
        canvas.setFont(font, size)
        canvas.setFillColor(colour)
        canvas.drawCentredString(middle, y, text)
        y -= gap * mm
    canvas.setFont(BOLD, 20)
    canvas.setFillColor(NAVY)
    for line in simpleSplit(c.course_title, BOLD, 20, width - 70 * mm):
        canvas.drawCentredString(middle, y, line)
        y -= 25
    canvas.setFont(REGULAR, 13)
    canvas.setFillColor(INK)
    canvas.drawCentredString(middle, y - 4 * mm, "on 1 June 2022  ·  3 CPD hours")
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.6)
    canvas.line(32 * mm, 34 * mm, 107 * mm, 34 * mm)
    canvas.setFont(BOLD, 11)
    canvas.drawString(32 * mm, 28 * mm, c.signatory_name)
    canvas.setFont(REGULAR, 9.5)
    canvas.drawString(32 * mm, 23 * mm, c.signatory_role)
    right = width - 32 * mm
    canvas.drawRightString(right, 34 * mm, "Certificate number")
    canvas.setFont(BOLD, 13)
    canvas.drawRightString(right, 28 * mm, c.number)
    canvas.setFont(REGULAR, 7.5)
    canvas.drawRightString(right, 22.5 * mm, "Quote this number to the training team")
    canvas.drawRightString(right, 19 * mm, "to verify this certificate.")
    canvas.setFillColor(GOLD)  # the seal
    canvas.circle(middle, 36 * mm, 15 * mm, stroke=0, fill=1)
    canvas.setStrokeColorRGB(1, 1, 1)
    canvas.setLineWidth(1)
    canvas.circle(middle, 36 * mm, 13 * mm, stroke=1, fill=0)
    canvas.setFillColor(NAVY)
    canvas.circle(middle, 36 * mm, 11 * mm, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(BOLD, 13)
    canvas.drawCentredString(middle, 36.5 * mm, "CPD")
    canvas.setFont(REGULAR, 5.5)
    canvas.drawCentredString(middle, 31.5 * mm, "ATTENDANCE")
    canvas.showPage()


def _bare_canvas(certificates: list[CertificateData], path: Path) -> None:
    """The floor (issue 24): the same page drawn with bare canvas calls, 500 on one canvas."""
    import io

    logo = ImageReader(io.BytesIO(certificates[0].logo_png))
    canvas = Canvas(str(path), pagesize=LANDSCAPE, pageCompression=1)
    for c in certificates:
        _bare_page(canvas, c, logo)
    canvas.save()


def _bare_canvas_files(certificates: list[CertificateData], folder: Path) -> None:
    """The floor for one file each: a bare canvas per file, the same page."""
    import io

    logo = ImageReader(io.BytesIO(certificates[0].logo_png))
    for i, c in enumerate(certificates):
        canvas = Canvas(str(folder / f"bare-{i}.pdf"), pagesize=LANDSCAPE, pageCompression=1)
        _bare_page(canvas, c, logo)
        canvas.save()


def _bare_text_only(certificates: list[CertificateData], path: Path) -> None:
    """The floor before issue 24 (history): the same strings on blank pages."""
    canvas = Canvas(str(path), pagesize=LANDSCAPE, pageCompression=1)
    for c in certificates:
        y = 500
        for font, text in (
            (BOLD, c.partnership_name), (BOLD, "Certificate of Attendance"),
            (REGULAR, "This is to certify that"), (BOLD, c.delegate_name),
            (REGULAR, c.organisation or ""), (REGULAR, "attended the safeguarding training"),
            (BOLD, c.course_title), (REGULAR, "on 1 June 2022 · 3 CPD hours"),
            (BOLD, c.signatory_name), (REGULAR, c.signatory_role), (BOLD, c.number),
        ):
            canvas.setFont(font, 14)
            canvas.drawCentredString(420, y, text)
            y -= 30
        canvas.showPage()
    canvas.save()


def _combined(certificates, folder: Path) -> None:
    with (folder / "combined.pdf").open("wb") as stream:
        write_certificates(certificates, stream)


def _one_per_delegate(certificates, folder: Path) -> None:
    numbers = iter(range(len(certificates)))
    write_certificate_files(certificates, lambda data: (folder / f"{next(numbers)}.pdf").open("wb"))


def _one_per_delegate_drawn_separately(certificates, folder: Path) -> None:
    """The simple way, for comparison: a canvas (and font subsets) per file."""
    for i, data in enumerate(certificates):
        with (folder / f"{i}.pdf").open("wb") as stream:
            write_certificate(data, stream)


def _service_one_per_delegate(folder: Path) -> float:
    """The whole user action on SQLite: numbering 500 bookings and writing 500 files."""
    from pscp_training.db.engine import Database
    from pscp_training.db.migrate import upgrade_to_head
    from pscp_training.domain.enums import Agency, Delivery
    from pscp_training.services.bookings import bookings
    from pscp_training.services.bookings.locking import locked_session
    from pscp_training.services.people import people
    from pscp_training.services.printing.certificates import issue_certificates
    from pscp_training.services.sessions import attendance, catalogue

    db = Database(f"sqlite:///{folder / 'bench.sqlite3'}")
    upgrade_to_head(db.engine)
    now = datetime(2022, 6, 1, 10, tzinfo=UTC)
    course = catalogue.save_course(
        db, catalogue.CourseForm(code="DSL", title="Designated Safeguarding Lead", agency=Agency.MULTI)
    )
    start = now + timedelta(days=7)
    s = catalogue.create_session(
        db,
        catalogue.SessionForm(
            course_id=course.id, start=start, end=start + timedelta(hours=3),
            delivery=Delivery.IN_PERSON, venue="Civic Offices", capacity=COUNT,
        ),
    )
    with db.write() as session:
        row = locked_session(session, s.id)
        for i in range(COUNT):
            delegate, _new = people.ensure_delegate(
                session, first_name=NAMES[i % len(NAMES)], last_name=f"Person {i}",
                email=f"p{i}@example.org", organisation=None, sector=None, job_role=None,
            )
            bookings.place_booking(session, row, delegate, now=now)
    attendance.mark_all_attended(db, s.id, now=start)
    began = time.perf_counter()
    issue_certificates(db, s.id, folder / "certificates", now=start)
    seconds = time.perf_counter() - began
    db.dispose()
    return seconds


def _median(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as folder:
            began = time.perf_counter()
            action(Path(folder))
            times.append(time.perf_counter() - began)
    return statistics.median(times)


def run(repeats: int = 3) -> dict:
    """Median seconds of each way of writing 500 certificates, and the ratios to the baseline."""
    register_fonts()
    certificates = _certificates()
    baseline = _median(lambda folder: _bare_canvas(certificates, folder / "bare.pdf"), repeats)
    combined = _median(lambda folder: _combined(certificates, folder), repeats)
    separate = _median(lambda folder: _one_per_delegate(certificates, folder), repeats)
    drawn_separately = _median(
        lambda folder: _one_per_delegate_drawn_separately(certificates, folder), repeats
    )
    service = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as folder:
            service.append(_service_one_per_delegate(Path(folder)))
    results = {
        "pages": COUNT,
        "bare_canvas_s": round(baseline, 3),
        "certificates_combined_s": round(combined, 3),
        "certificates_one_file_each_s": round(separate, 3),
        "certificates_one_canvas_per_file_s": round(drawn_separately, 3),
        "service_one_file_each_with_database_s": round(statistics.median(service), 3),
    }
    results["ratio_combined"] = round(combined / baseline, 2)
    results["ratio_one_file_each"] = round(separate / baseline, 2)
    results["ratio_one_canvas_per_file"] = round(drawn_separately / baseline, 2)
    return results


if __name__ == "__main__":
    figures = run()
    print(f"{'500 pages':<44}{'median s':>10}{'× bare':>9}")
    print(f"{'bare ReportLab canvas, same text':<44}{figures['bare_canvas_s']:>10.3f}{1:>9.2f}")
    print(
        f"{'certificates, one combined PDF':<44}{figures['certificates_combined_s']:>10.3f}"
        f"{figures['ratio_combined']:>9.2f}"
    )
    print(
        f"{'certificates, one PDF per delegate':<44}"
        f"{figures['certificates_one_file_each_s']:>10.3f}{figures['ratio_one_file_each']:>9.2f}"
    )
    print(
        f"{'  (drawn one canvas per file instead)':<44}"
        f"{figures['certificates_one_canvas_per_file_s']:>10.3f}"
        f"{figures['ratio_one_canvas_per_file']:>9.2f}"
    )
    service = figures["service_one_file_each_with_database_s"]
    ratio = service / figures["bare_canvas_s"]
    print(f"{'issue_certificates (SQLite, 500 files)':<44}{service:>10.3f}{ratio:>9.2f}")

"""500 certificates against a bare ReportLab canvas writing the same text on 500 pages.

Run: .venv/bin/python benchmarks/certificates_bench.py  (not part of the tests)
"""

import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from pscp_training.domain.print_records import CertificateData
from pscp_training.pdf.certificate import (
    LANDSCAPE,
    write_certificate,
    write_certificate_files,
    write_certificates,
)
from pscp_training.pdf.fonts import BOLD, REGULAR, register_fonts

COUNT = 500
NAMES = ["Zoë Adams", "Łukasz Nowak", "Siobhán Ó Súilleabháin", "Nguyễn Thị Lan", "Seán O'Brien"]


def _certificates(count: int = COUNT) -> list[CertificateData]:
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
        )
        for i in range(count)
    ]


def _bare_canvas(certificates: list[CertificateData], path: Path) -> None:
    """The floor: the same strings, the same font, no layout, one canvas."""
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

"""Figure: the year's programme (brochure PDF, web page, feed) for a financial year.

The baseline reads the same sessions with one hand-written SQL query and writes one line
per session on a bare ReportLab canvas in the same embedded font: the floor of "a PDF
listing the year's dates".
"""

import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from pscp_training.db.engine import Database
from pscp_training.domain.programme import financial_year_period
from pscp_training.domain.years import FinancialYear

YEAR = FinancialYear(2025)  # the last year of the scale database

BASELINE_SQL = """
    SELECT c.title, s.start_at, s.venue, s.capacity,
           (SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'booked')
    FROM training_sessions s JOIN courses c ON c.id = s.course_id
    WHERE c.agency = 'multi' AND s.status = 'scheduled' AND s.start_at >= :lo AND s.start_at < :hi
    ORDER BY c.category, c.title, s.start_at"""


def _ours(db: Database, fmt: str, folder: Path) -> None:
    from pscp_training.services.programme.publish import publish_programme

    publish_programme(db, financial_year_period(YEAR), fmt, folder / f"programme.{fmt}")


def _baseline(db: Database, folder: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from pscp_training.pdf.fonts import REGULAR, register_fonts

    register_fonts()
    lo, hi = financial_year_period(YEAR).utc_bounds()
    with db.engine.connect() as connection:
        rows = connection.execute(text(BASELINE_SQL), {"lo": lo, "hi": hi}).all()
    canvas = Canvas(str(folder / "bare.pdf"), pagesize=A4, initialFontName=REGULAR)
    y = 800
    for title, start, venue, capacity, booked in rows:
        if y < 40:
            canvas.showPage()
            y = 800
        canvas.setFont(REGULAR, 9)
        canvas.drawString(40, y, f"{start} {title} {venue} {(capacity or 0) - booked}"[:110])
        y -= 12
    canvas.save()


def probe(variant: str, repeats: int, url: str) -> list[float]:
    db = Database(url)
    times = []
    for _ in range(repeats + 1):
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            started = time.perf_counter()
            if variant == "baseline":
                _baseline(db, folder)
            else:
                _ours(db, variant.removeprefix("ours_"), folder)
            times.append(time.perf_counter() - started)
    db.dispose()
    return times[1:]  # the first warms font subsetting and the page cache for both sides


if __name__ == "__main__":  # a quick look: python -m benchmarks.fig_programme URL
    for variant in ("baseline", "ours_pdf", "ours_html", "ours_ics"):
        print(variant, [round(t, 3) for t in probe(variant, 2, sys.argv[1])])

"""Figure: the year's programme (brochure PDF, web page, feed) for a financial year.

Each format beside a floor of its own kind (issue 24; `programme_floor.py`): the same file
written from one SQL query with the format's library used directly - the page and the feed
byte for byte ours, the brochure's text page by page ours (`python -m
benchmarks.fig_programme check URL` compares them). `baseline_v1`, the floor until
2026-12-07 (one query and a line per session on a bare canvas), is kept as history.
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


def _floor(db: Database, fmt: str, folder: Path, now=None) -> Path:
    from benchmarks import programme_floor as floor
    from pscp_training.domain.years import now_utc, to_local

    now = now or now_utc()
    period = financial_year_period(YEAR)
    data = floor.read(db, period, now)
    path = folder / f"floor.{fmt}"
    if fmt == "html":
        path.write_text(floor.web_page(data, period, to_local(now).date()), encoding="utf-8")
    elif fmt == "ics":
        path.write_bytes(floor.feed(data, period, now))
    else:
        with path.open("wb") as stream:
            floor.brochure(data, period, to_local(now).date(), stream)
    return path


def probe(variant: str, repeats: int, url: str) -> tuple[list[float], str]:
    db = Database(url)
    times, cpu = [], []
    for _ in range(repeats + 1):
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            started, cpu_started = time.perf_counter(), time.process_time()
            if variant == "baseline_v1":
                _baseline(db, folder)
            elif variant.startswith("baseline_"):
                _floor(db, variant.removeprefix("baseline_"), folder)
            else:
                _ours(db, variant.removeprefix("ours_"), folder)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
    db.dispose()
    # The first warms font subsetting and the page cache for both sides. The CPU seconds
    # (this process only, not the database server's) tell the sides apart on a busy machine.
    return times[1:], "cpu s " + " ".join(f"{t:.3f}" for t in cpu[1:])


def check(url: str) -> None:
    """The floors write what we write: page and feed byte for byte, the brochure's text."""
    import subprocess

    from pscp_training.domain.years import now_utc
    from pscp_training.services.programme.publish import publish_programme

    db = Database(url)
    now = now_utc()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for fmt in ("html", "ics", "pdf"):
            ours = folder / f"ours.{fmt}"
            publish_programme(db, financial_year_period(YEAR), fmt, ours, now=now)
            floor = _floor(db, fmt, folder, now)
            if fmt == "pdf":
                ours, floor = (subprocess.run(["pdftotext", "-layout", str(p), "-"], check=True,
                                              capture_output=True).stdout for p in (ours, floor))
            else:
                ours, floor = ours.read_bytes(), floor.read_bytes()
            print(fmt, "the same" if ours == floor else "DIFFERENT", f"({len(ours):,} bytes)")


if __name__ == "__main__":  # python -m benchmarks.fig_programme [check] URL
    if sys.argv[1] == "check":
        check(sys.argv[2])
    else:
        for variant in ("baseline_v1", "baseline_pdf", "ours_pdf", "baseline_html", "ours_html",
                        "baseline_ics", "ours_ics"):
            times, cpu = probe(variant, 2, sys.argv[1])
            print(variant, [round(t, 3) for t in times], cpu)

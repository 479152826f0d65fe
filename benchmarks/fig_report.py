"""Figure: the workforce report for one year with three years shown, against the same figures
from hand-written aggregate SQL on the same database."""

import time
from datetime import UTC, datetime

from sqlalchemy import text

from pscp_training.db.engine import Database
from pscp_training.domain.years import FinancialYear

YEAR = FinancialYear(2024)
NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)


def probe(variant: str, repeats: int, url: str) -> list[float]:
    db = Database(url)
    run = _ours if variant == "ours" else _baseline
    run(db)  # warm the connection pool and the page cache alike for both sides
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run(db)
        times.append(time.perf_counter() - started)
    db.dispose()
    return times


def _ours(db: Database) -> dict:
    from pscp_training.reports.workforce import compute

    return compute(db, YEAR, years=3, now=NOW).to_dict()


BASELINE_SQL = {
    "sessions": """
        SELECT c.agency, s.start_at >= :y1 AS y1, s.start_at >= :y2 AS y2, COUNT(*)
        FROM training_sessions s JOIN courses c ON c.id = s.course_id
        WHERE s.status = 'scheduled' AND s.start_at >= :y0 AND s.start_at < :end
          AND s.start_at < :now
        GROUP BY 1, 2, 3""",
    "bookings": """
        SELECT c.agency, s.start_at >= :y1 AS y1, s.start_at >= :y2 AS y2, b.sector_id,
               COUNT(*), SUM(CASE WHEN b.attendance = 'attended' THEN 1 ELSE 0 END)
        FROM bookings b JOIN training_sessions s ON s.id = b.session_id
        JOIN courses c ON c.id = s.course_id
        WHERE b.status = 'booked' AND s.status = 'scheduled' AND s.start_at >= :y0
          AND s.start_at < :end AND s.start_at < :now
        GROUP BY 1, 2, 3, 4""",
    "headcounts": """
        SELECT s.start_at >= :y1 AS y1, s.start_at >= :y2 AS y2, SUM(h.count)
        FROM headcounts h JOIN training_sessions s ON s.id = h.session_id
        WHERE s.status = 'scheduled' AND s.start_at >= :y0 AND s.start_at < :end
          AND s.start_at < :now
        GROUP BY 1, 2""",
    "engagement": """
        SELECT COUNT(DISTINCT b.organisation_id)
        FROM bookings b JOIN training_sessions s ON s.id = b.session_id
        JOIN courses c ON c.id = s.course_id JOIN organisations o ON o.id = b.organisation_id
        WHERE b.status = 'booked' AND b.attendance = 'attended' AND c.category = 'DSL'
          AND o.registered AND o.sector_id = 1 AND s.status = 'scheduled'
          AND s.start_at >= :y2 AND s.start_at < :end AND s.start_at < :now""",
}


def _baseline(db: Database) -> list:
    y0, _ = YEAR.previous(2).utc_bounds()
    y1, _ = YEAR.previous(1).utc_bounds()
    y2, end = YEAR.utc_bounds()
    params = {"y0": y0, "y1": y1, "y2": y2, "end": end, "now": NOW}
    if db.is_sqlite:  # the application stores naive UTC text in SQLite
        params = {k: v.replace(tzinfo=None).isoformat(sep=" ") for k, v in params.items()}
    with db.engine.connect() as c:
        return [c.execute(text(sql), params).all() for sql in BASELINE_SQL.values()]

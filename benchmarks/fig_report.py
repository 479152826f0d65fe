"""Figure: the workforce report for one year with three years shown, against the same figures
from hand-written SQL on the same database.

`baseline` is the floor a database specialist would write: one statement per table of the
report (years by agency, attendance by sector, headcounts, reasons for non-attendance,
engagement, the sessions to warn of), each over the sessions that ran, found through the
`start_at` index, and their bookings through the app's `(session_id, status)` index.
`python -m benchmarks.fig_report explain URL` prints each statement's plan (checked on
both databases: see benchmarks/README.md), and `... check URL` that they give ours.

`baseline_v1` is the floor before issue 24 (four GROUP BYs over the whole join, sorting a
million rows on SQLite); it is kept as history.
"""

import time
from datetime import UTC, datetime

from sqlalchemy import text

from pscp_training.db.engine import Database
from pscp_training.domain.years import FinancialYear

YEAR = FinancialYear(2024)
NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)


def probe(variant: str, repeats: int, url: str) -> list[float]:
    db = Database(url)
    run = {"ours": _ours, "baseline": _specialist, "baseline_v1": _baseline}[variant]
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
    params = _params(db)
    with db.engine.connect() as c:
        return [c.execute(text(sql), params).all() for sql in BASELINE_SQL.values()]


# The floor as a specialist writes it: the sessions that ran (start_at index), each one's
# bookings through ix_bookings_session_status, one statement per table of the report.
RAN = """
    WITH ran AS (
        SELECT s.id, s.capacity, s.start_at, c.agency, c.category, c.title,
               CASE WHEN s.start_at >= :y2 THEN 2 WHEN s.start_at >= :y1 THEN 1 ELSE 0 END AS yr
        FROM training_sessions s JOIN courses c ON c.id = s.course_id
        WHERE s.status <> 'cancelled' AND s.start_at >= :y0 AND s.start_at < :end
          AND s.start_at < :now)
"""
SPECIALIST_SQL = {
    # Years by agency: sessions run, confirmed bookings, attendances, walk-ins.
    "years": RAN + """
        SELECT r.yr, r.agency, COUNT(*), SUM(p.confirmed), SUM(p.attended), SUM(p.walk_ins)
        FROM ran r LEFT JOIN (
            SELECT b.session_id, COUNT(*) AS confirmed,
                   SUM(CASE WHEN b.attendance = 'attended' THEN 1 ELSE 0 END) AS attended,
                   SUM(CASE WHEN b.walk_in THEN 1 ELSE 0 END) AS walk_ins
            FROM bookings b WHERE b.status = 'booked'
              AND b.session_id IN (SELECT id FROM ran)
            GROUP BY b.session_id) p ON p.session_id = r.id
        GROUP BY r.yr, r.agency""",
    # Multi-agency attendance by sector.
    "sectors": RAN + """
        SELECT r.yr, b.sector_id, COUNT(*)
        FROM ran r JOIN bookings b ON b.session_id = r.id AND b.status = 'booked'
        WHERE r.agency = 'multi' AND b.attendance = 'attended'
        GROUP BY r.yr, b.sector_id""",
    "headcounts": RAN + """
        SELECT r.yr, SUM(h.count) FROM ran r JOIN headcounts h ON h.session_id = r.id
        WHERE r.agency = 'single' GROUP BY r.yr""",
    # The last year's absences and late cancellations by reason.
    "reasons": RAN + """
        SELECT f.reason_id,
               SUM(CASE WHEN b.status = 'booked' THEN 1 ELSE 0 END),
               SUM(CASE WHEN b.status = 'cancelled' THEN 1 ELSE 0 END)
        FROM ran r JOIN bookings b ON b.session_id = r.id
        LEFT JOIN booking_follow_ups f ON f.booking_id = b.id
        WHERE r.yr = 2 AND ((b.status = 'booked' AND b.attendance = 'absent')
                            OR (b.status = 'cancelled' AND b.late_cancellation))
        GROUP BY f.reason_id""",
    # Registered Education organisations, and those with a DSL attendance or headcount.
    "engagement": RAN + """
        SELECT COUNT(*), SUM(CASE WHEN o.id IN (
                   SELECT b.organisation_id FROM ran r JOIN bookings b
                     ON b.session_id = r.id AND b.status = 'booked'
                   WHERE b.attendance = 'attended' AND r.yr = 2 AND lower(r.category) = 'dsl')
               OR o.id IN (
                   SELECT h.organisation_id FROM ran r JOIN headcounts h ON h.session_id = r.id
                   WHERE r.yr = 2 AND lower(r.category) = 'dsl')
               THEN 1 ELSE 0 END)
        FROM organisations o JOIN sectors x ON x.id = o.sector_id
        WHERE o.registered AND lower(x.name) = 'education'""",
    # The sessions to warn of: an unmarked register, or more confirmed than places.
    "warnings": RAN + """
        SELECT r.id, r.yr, r.title, r.start_at, r.capacity, COUNT(*),
               SUM(CASE WHEN b.attendance = 'unmarked' THEN 1 ELSE 0 END)
        FROM ran r JOIN bookings b ON b.session_id = r.id AND b.status = 'booked'
        GROUP BY r.id, r.yr, r.title, r.start_at, r.capacity
        HAVING SUM(CASE WHEN b.attendance = 'unmarked' THEN 1 ELSE 0 END) > 0
            OR (r.capacity IS NOT NULL AND COUNT(*) > r.capacity)""",
}


def _params(db: Database) -> dict:
    y0, _ = YEAR.previous(2).utc_bounds()
    y1, _ = YEAR.previous(1).utc_bounds()
    y2, end = YEAR.utc_bounds()
    params = {"y0": y0, "y1": y1, "y2": y2, "end": end, "now": NOW}
    if db.is_sqlite:  # the application stores naive UTC text in SQLite
        params = {k: v.replace(tzinfo=None).isoformat(sep=" ") for k, v in params.items()}
    return params


def _specialist(db: Database) -> dict:
    params = _params(db)
    with db.engine.connect() as c:
        if not db.is_sqlite:  # as ours: no JIT for a one-off read of a million rows
            c.execute(text("SET jit = off"))
            c.execute(text("SET work_mem = '64MB'"))
        return {name: c.execute(text(sql), params).all() for name, sql in SPECIALIST_SQL.items()}


def timings(db: Database) -> None:
    import time as clock

    params = _params(db)
    with db.engine.connect() as c:
        for name, sql in SPECIALIST_SQL.items():
            started = clock.perf_counter()
            rows = c.execute(text(sql), params).all()
            print(f"{name:<12} {clock.perf_counter() - started:7.3f} s  {len(rows)} rows")


def explain(db: Database) -> None:
    params = _params(db)
    prefix = "EXPLAIN QUERY PLAN " if db.is_sqlite else "EXPLAIN "
    with db.engine.connect() as c:
        for name, sql in SPECIALIST_SQL.items():
            print(f"-- {name}")
            for row in c.execute(text(prefix + sql), params):
                print("  ", row[-1])


def check(db: Database) -> None:
    """The floor's figures are ours (the multi- and single-agency rows and the sectors)."""
    report = _ours(db)
    floor = _specialist(db)
    labels = report["years"] if isinstance(report, dict) and "years" in report else None
    print("ours:", {k: report[k] for k in list(report)[:3]} if isinstance(report, dict) else report)
    print("floor:", {k: v for k, v in floor.items() if k != "warnings"},
          f"{len(floor['warnings'])} sessions to warn of", labels)


if __name__ == "__main__":
    import sys

    action, url = sys.argv[1], sys.argv[2]
    {"explain": explain, "check": check, "timings": timings}[action](Database(url))

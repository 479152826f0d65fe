"""Figure: the Refreshers page for "DSL training" (every Education organisation's DSLs and
deputies, their last qualifying attendance, due date and status), against one hand-written
GROUP BY over the same rows.

The benchmark database has no roles or requirements: `ensure_refreshers` adds them once,
idempotently (the requirement, and the two lowest-numbered delegates of each Education
organisation as its DSL and deputy), touching nothing the other figures read.
"""

import time
from datetime import UTC, datetime

from sqlalchemy import func, select, text, update

from pscp_training.db.engine import Database
from pscp_training.db.models import Course, Delegate, Organisation, Sector
from pscp_training.db.models_refresher import RefresherCourse, RefresherRequirement, RefresherSector

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
NAME = "DSL training"


def ensure_refreshers(db: Database) -> int:
    with db.write() as session:
        found = session.scalar(select(RefresherRequirement.id).where(RefresherRequirement.name == NAME))
        if found is not None:
            return found
        requirement = RefresherRequirement(name=NAME, period_years=2, roles="dsl,deputy_dsl")
        session.add(requirement)
        session.flush()
        courses = session.scalars(select(Course.id).where(Course.category == "DSL")).all()
        education = session.scalar(select(Sector.id).where(Sector.name == "Education"))
        session.add_all(RefresherCourse(requirement_id=requirement.id, course_id=c) for c in courses)
        session.add(RefresherSector(requirement_id=requirement.id, sector_id=education))
        ranked = session.execute(
            select(Delegate.id, Delegate.organisation_id)
            .join(Organisation, Organisation.id == Delegate.organisation_id)
            .where(Organisation.sector_id == education)
            .order_by(Delegate.organisation_id, Delegate.id)
        ).all()
        seen: dict[int, int] = {}
        roles: dict[str, list[int]] = {"dsl": [], "deputy_dsl": []}
        for delegate_id, org_id in ranked:
            n = seen.get(org_id, 0)
            if n < 2:
                roles["dsl" if n == 0 else "deputy_dsl"].append(delegate_id)
            seen[org_id] = n + 1
        for role, ids in roles.items():
            for start in range(0, len(ids), 500):
                session.execute(update(Delegate).where(Delegate.id.in_(ids[start:start + 500]))
                                .values(safeguarding_role=role))
        return requirement.id


def probe(variant: str, repeats: int, url: str) -> tuple[list[float], str]:
    db = Database(url)
    requirement_id = ensure_refreshers(db)
    if not db.is_sqlite:
        with db.engine.begin() as c:
            # Fresh statistics for both sides. The app itself runs ANALYZE only after a large
            # register import, and 1,508 role changes stay below autovacuum's threshold
            # (50 + 10% of 150,000 rows), so a real database may plan with older ones. Since
            # 2026-12-07 neither side depends on it: with statistics taken before the roles
            # were recorded ours took 0.15 s and the floor 0.16 s (1M bookings, measured in
            # a rolled-back transaction).
            c.execute(text("ANALYZE delegates"))
    run = _ours if variant == "ours" else _baseline
    result = run(db, requirement_id)  # warm the connection pool and the page cache alike
    times, cpu = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        run(db, requirement_id)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    db.dispose()
    # CPU seconds of this process (not the database server's): the machine may be shared.
    return times, f"{result} people in the role; cpu s " + " ".join(f"{t:.3f}" for t in cpu)


def _ours(db: Database, requirement_id: int) -> int:
    from pscp_training.services.refreshers.currency import organisations

    rows = organisations(db, requirement_id, now=NOW)
    return sum(len(o.people) for o in rows)


BASELINE_SQL = """
    SELECT d.id, d.first_name, d.last_name, d.safeguarding_role, o.id, o.name, o.org_type,
           MAX(s.start_at)
    FROM delegates d
    JOIN organisations o ON o.id = d.organisation_id
    LEFT JOIN bookings b ON b.delegate_id = d.id AND b.status = 'booked'
         AND b.attendance = 'attended'
    LEFT JOIN training_sessions s ON s.id = b.session_id AND s.status <> 'cancelled'
         AND s.start_at < :now
         AND s.course_id IN (SELECT course_id FROM refresher_courses WHERE requirement_id = :r)
    WHERE d.safeguarding_role IN ('dsl', 'deputy_dsl')
      AND o.sector_id IN (SELECT sector_id FROM refresher_sectors WHERE requirement_id = :r)
    GROUP BY d.id, d.first_name, d.last_name, d.safeguarding_role, o.id, o.name, o.org_type
"""
ORGANISATIONS_SQL = """
    SELECT o.id, o.name FROM organisations o
    WHERE o.registered AND o.active
      AND o.sector_id IN (SELECT sector_id FROM refresher_sectors WHERE requirement_id = :r)
"""


def _baseline(db: Database, requirement_id: int) -> int:
    now = NOW.replace(tzinfo=None).isoformat(sep=" ") if db.is_sqlite else NOW
    with db.engine.connect() as c:
        people = c.execute(text(BASELINE_SQL), {"now": now, "r": requirement_id}).all()
        c.execute(text(ORGANISATIONS_SQL), {"r": requirement_id}).all()
    return len(people)


def count_people(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).where(Delegate.safeguarding_role.is_not(None)))

"""A seeded, region-sized database for the benchmarks: 10 financial years, 2,000
organisations, 150,000 delegates, 60,000 sessions and 1,000,000 bookings.

Rows go in through SQLAlchemy Core in large batches (the ORM would take minutes), into a
database migrated by the application's own Alembic revisions, so every constraint holds.
"""

import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select

from pscp_training.db.engine import Database
from pscp_training.db.models import (
    Booking,
    Course,
    Delegate,
    Headcount,
    Organisation,
    Sector,
    TrainingSession,
)

FIRST_YEAR = 2016  # 2016-17 ... 2025-26
YEARS = 10
BATCH = 20_000


@dataclass(frozen=True)
class Scale:
    organisations: int = 2_000
    delegates: int = 150_000
    sessions: int = 60_000
    bookings: int = 1_000_000
    courses: int = 150

    @classmethod
    def small(cls) -> "Scale":
        return cls(organisations=200, delegates=5_000, sessions=2_000, bookings=30_000, courses=40)


def _batches(rows, size=BATCH):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _insert(session, model, rows) -> None:
    for chunk in _batches(rows):
        session.execute(insert(model), chunk)


def populate(db: Database, scale: Scale = Scale(), seed: int = 2024, log=print) -> dict:
    """Fill an empty, migrated database; returns the counts and the seconds it took."""
    rng = random.Random(seed)
    started = time.perf_counter()
    now = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
    with db.write() as session:
        if session.scalar(select(func.count()).select_from(Booking)):
            raise RuntimeError("the benchmark database already has bookings")
        sectors = session.execute(select(Sector.id, Sector.name)).all()
        sector_weights = [40 if name == "Education" else 25 if "Council" in name else 8
                          for _, name in sectors]

        orgs = []
        for n in range(scale.organisations):
            sector_id = rng.choices(sectors, sector_weights)[0][0]
            orgs.append({"id": n + 1, "name": f"Organisation {n + 1:04d}",
                         "name_key": f"organisation {n + 1:04d}", "sector_id": sector_id,
                         "registered": True, "active": True, "version": 1,
                         "created_at": now, "updated_at": now})
        _insert(session, Organisation, orgs)
        org_sector = {o["id"]: o["sector_id"] for o in orgs}
        log(f"  organisations: {len(orgs):,}")

        delegates = []
        for n in range(scale.delegates):
            org_id = rng.randrange(1, scale.organisations + 1)
            first, last = f"First{n % 997}", f"Last{n:06d}"
            email = f"person{n:06d}@example.org"
            delegates.append({"id": n + 1, "first_name": first, "last_name": last,
                              "email": email, "email_key": email,
                              "name_key": f"{first.lower()}|{last.lower()}|organisation {org_id:04d}",
                              "organisation_id": org_id, "version": 1,
                              "created_at": now, "updated_at": now})
        _insert(session, Delegate, delegates)
        delegate_org = [d["organisation_id"] for d in delegates]
        del delegates
        log(f"  delegates: {scale.delegates:,}")

        categories = ["DSL", "Early Help", "Exploitation", "Neglect", "Masterclass", "Online"]
        courses = []
        for n in range(scale.courses):
            agency = "single" if n % 5 == 0 else "multi"
            courses.append({"id": n + 1, "code": f"BENCH-{n + 1:03d}", "title": f"Course {n + 1}",
                            "category": categories[n % len(categories)], "agency": agency,
                            "default_capacity": 25, "active": True, "version": 1,
                            "created_at": now, "updated_at": now})
        _insert(session, Course, courses)

        sessions, per_year = [], scale.sessions // YEARS
        seen = set()
        for n in range(scale.sessions):
            year = FIRST_YEAR + n // per_year if n // per_year < YEARS else FIRST_YEAR + YEARS - 1
            course = courses[rng.randrange(scale.courses)]
            while True:
                start = datetime(year, 4, 1, 9, 0, tzinfo=UTC) + timedelta(
                    days=rng.randrange(364), minutes=30 * rng.randrange(16))
                if (course["id"], start) not in seen:
                    seen.add((course["id"], start))
                    break
            sessions.append({"id": n + 1, "course_id": course["id"], "start_at": start,
                             "end_at": start + timedelta(hours=3),
                             "delivery": "online" if n % 3 == 0 else "in_person",
                             "venue": f"Venue {n % 40}", "capacity": 30,
                             "status": "cancelled" if n % 50 == 0 else "scheduled",
                             "commissioning_organisation_id":
                                 rng.randrange(1, scale.organisations + 1)
                                 if course["agency"] == "single" else None,
                             "version": 1, "created_at": now, "updated_at": now})
        _insert(session, TrainingSession, sessions)
        log(f"  sessions: {len(sessions):,}")

        # Bookings: a heavy-tailed spread over sessions, so one session is much larger.
        weights = [rng.paretovariate(2.5) for _ in sessions]
        weights[0] = 400.0  # the largest session, for the "open the largest session" figure
        per_session = rng.choices(range(len(sessions)), weights, k=scale.bookings)
        counts = [0] * len(sessions)
        for index in per_session:
            counts[index] += 1
        booking_id = 0
        rows = []
        for index, count in enumerate(counts):
            s = sessions[index]
            chosen = rng.sample(range(scale.delegates), min(count, scale.delegates))
            position = 0
            ran = s["status"] == "scheduled" and s["start_at"] < now
            for delegate_index in chosen:
                booking_id += 1
                roll = rng.random()
                status = ("booked" if roll < 0.82 else "cancelled" if roll < 0.92
                          else "waitlisted" if roll < 0.99 else "substituted")
                if s["status"] == "cancelled" and status in ("booked", "waitlisted"):
                    status = "cancelled"
                attendance = "unmarked"
                if status == "booked" and ran:
                    a = rng.random()
                    attendance = "attended" if a < 0.8 else "absent" if a < 0.97 else "unmarked"
                if status == "waitlisted":
                    position += 1
                org_id = delegate_org[delegate_index]
                rows.append({"id": booking_id, "session_id": s["id"],
                             "delegate_id": delegate_index + 1, "status": status,
                             "waitlist_position": position if status == "waitlisted" else None,
                             "booked_at": s["start_at"] - timedelta(days=20),
                             "cancelled_at": s["start_at"] - timedelta(days=5)
                             if status == "cancelled" else None,
                             "late_cancellation": False, "walk_in": False,
                             "attendance": attendance, "organisation_id": org_id,
                             "sector_id": org_sector[org_id], "version": 1,
                             "created_at": now, "updated_at": now})
            if len(rows) >= 100_000:
                _insert(session, Booking, rows)
                rows = []
                log(f"  bookings: {booking_id:,}")
        _insert(session, Booking, rows)

        headcounts = []
        for s in sessions:
            if s["commissioning_organisation_id"] and s["status"] == "scheduled":
                org_id = s["commissioning_organisation_id"]
                headcounts.append({"session_id": s["id"], "organisation_id": org_id,
                                   "sector_id": org_sector[org_id],
                                   "count": rng.randrange(5, 40),
                                   "created_at": now, "updated_at": now})
        _insert(session, Headcount, headcounts)
        if db.dialect == "postgresql":
            from sqlalchemy import text

            for table in ("organisations", "delegates", "courses", "training_sessions",
                          "bookings", "headcounts"):
                session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"))
    if db.dialect == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("ANALYZE")
    else:
        with db.engine.connect() as c:
            c.exec_driver_sql("ANALYZE")
    seconds = time.perf_counter() - started
    return {"bookings": booking_id, "sessions": len(sessions), "seconds": round(seconds, 1)}

"""Seeded booking registers of any size, written as real CSV files, for the register tests."""

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

from pscp_training.register.columns import BOOKING_COLUMN_NAMES

SECTORS = ("Education", "Early Years", "Portsmouth City Council", "Health", "Police",
           "Voluntary & Community")
FIRST = ("Zoë", "Amir", "Siobhán", "Kwame", "Łukasz", "Priya", "Tomás", "Mei", "Olu", "Ffion")
LAST = ("O'Brien", "Nguyễn", "Patel", "Smith", "Kowalski", "Okafor", "Jones", "Chen", "Hughes")


def generate_register(path: Path, rows: int, *, seed: int = 7, start_year: int = 2020) -> Path:
    """A register of about `rows` rows over three financial years, multi- and single-agency."""
    rng = random.Random(seed)
    organisations = [(f"Organisation {n:03d}", SECTORS[n % len(SECTORS)]) for n in range(300)]
    delegates = []
    for n in range(max(rows // 3, 10)):
        org, sector = rng.choice(organisations)
        email = f"person{n}@example.org" if n % 5 else ""
        delegates.append((rng.choice(FIRST), f"{rng.choice(LAST)}{n}", email, org, sector))
    written = 0
    day = datetime(start_year, 4, 1, 9, 30)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(BOOKING_COLUMN_NAMES)
        n = 0
        while written < rows:
            n += 1
            single = n % 4 == 0
            code = f"{'SA' if single else 'MA'}{n % 12:02d}"
            start = day + timedelta(days=n % 1000, minutes=5 * (n // 1000))
            session = [code, f"Course {code}", "DSL" if n % 3 == 0 else "Early Help",
                       "single" if single else "multi",
                       organisations[n % 300][0] if single else "",
                       start.strftime("%Y-%m-%d %H:%M"),
                       (start + timedelta(hours=3)).strftime("%Y-%m-%d %H:%M"),
                       "online" if n % 2 else "in_person", "Civic Offices", "20", "A Trainer",
                       "scheduled"]
            if single:
                org, sector = organisations[n % 300]
                out.writerow(session + ["", "", "", "", "", org, sector, "", "", "", "", "", "12"])
                written += 1
                continue
            for person in rng.sample(delegates, min(15, len(delegates))):
                first, last, email, org, sector = person
                status = rng.choice(("booked",) * 8 + ("cancelled", "waitlisted"))
                attendance = rng.choice(("attended", "attended", "absent")) if status == "booked" else ""
                cancelled = (start - timedelta(days=3)).strftime("%Y-%m-%d %H:%M") if status == "cancelled" else ""
                out.writerow(session + [first, last, email, "Teacher", "", org, sector, status,
                                        (start - timedelta(days=20)).strftime("%Y-%m-%d %H:%M"),
                                        cancelled, attendance, "no", ""])
                written += 1
    return path


# A complete, valid booking row; tests override the values they are about.
BASE_ROW = {
    "course_code": "DSL-L3", "course_title": "DSL Level 3", "course_category": "DSL",
    "agency": "multi", "commissioning_organisation": "", "session_start": "2022-09-14 09:30",
    "session_end": "2022-09-14 12:30", "delivery": "in_person", "venue": "Civic Offices",
    "capacity": "20", "trainer": "Ann Smith", "session_status": "scheduled",
    "first_name": "Zoë", "last_name": "O'Brien", "email": "zoe.obrien@example.org",
    "job_role": "Teacher", "phone": "", "organisation": "Arundel Court Primary School",
    "sector": "Education",
    "booking_status": "booked", "booked_at": "2022-08-01 10:00", "cancelled_at": "",
    "attendance": "attended", "walk_in": "no", "headcount": "",
}

PERSON_COLUMNS = ("first_name", "last_name", "email", "job_role", "phone", "organisation", "sector",
                  "booking_status", "booked_at", "cancelled_at", "attendance", "walk_in")


def row(**values) -> dict:
    """BASE_ROW with some values changed."""
    return {**BASE_ROW, **values}


def headcount_row(**values) -> dict:
    """A headcount row on a single-agency inset session."""
    blank = dict.fromkeys(PERSON_COLUMNS, "")
    return {**BASE_ROW, **blank, "course_code": "INSET", "course_title": "Inset: safeguarding",
            "agency": "single", "commissioning_organisation": "Mayfield School",
            "organisation": "Mayfield School", "sector": "Education", "headcount": "30", **values}


def session_row(**values) -> dict:
    """A session that nobody has booked yet."""
    return {**BASE_ROW, **dict.fromkeys(PERSON_COLUMNS, ""), **values}


def write_rows(path: Path, rows: list[dict], *, columns=None, encoding="utf-8") -> Path:
    """A CSV with the given rows under the given header (by default the register's columns)."""
    columns = list(columns or BOOKING_COLUMN_NAMES)
    with path.open("w", encoding=encoding, newline="") as handle:
        out = csv.writer(handle)
        out.writerow(columns)
        for values in rows:
            out.writerow([values.get(c.strip().casefold(), "") for c in columns])
    return path


def snapshot(db) -> dict[str, list[tuple]]:
    """Every row of the tables an import writes, so a test can see that nothing changed."""
    from sqlalchemy import select

    from pscp_training.db.models import (
        Booking,
        Course,
        Delegate,
        Headcount,
        Organisation,
        Sector,
        TrainingSession,
    )

    tables = {}
    with db.read() as session:
        for model in (Sector, Organisation, Delegate, Course, TrainingSession, Booking, Headcount):
            table = model.__table__
            rows = session.execute(select(table).order_by(table.c.id)).all()
            tables[table.name] = [tuple(r) for r in rows]
    return tables


def _without(column: str) -> list[str]:
    return [c for c in BOOKING_COLUMN_NAMES if c != column]


# Every kind of error the spec names: (what, rows, columns or None, line, column named).
ERROR_CASES = [
    ("missing required column", [row()], _without("delivery"), 1, "delivery"),
    ("missing starred column", [row()], _without("booking_status"), 1, "booking_status"),
    ("blank required value", [row(), row(course_title="  ", email="b@example.org")], None, 3,
     "course_title"),
    ("blank value a booking row needs", [row(sector="")], None, 2, "sector"),
    ("date that does not parse", [row(session_start="09/14/2022 09:30")], None, 2, "session_start"),
    ("impossible date", [row(booked_at="2022-02-30 10:00")], None, 2, "booked_at"),
    ("unknown agency", [row(agency="mult")], None, 2, "agency"),
    ("unknown delivery", [row(delivery="face to face")], None, 2, "delivery"),
    ("unknown booking status", [row(booking_status="confirmed")], None, 2, "booking_status"),
    ("unknown attendance", [row(attendance="maybe")], None, 2, "attendance"),
    ("unknown session status", [row(session_status="postponed")], None, 2, "session_status"),
    ("end before start", [row(session_end="2022-09-14 08:00")], None, 2, "session_end"),
    ("capacity not a whole number", [row(capacity="twenty")], None, 2, "capacity"),
    ("capacity below zero", [row(capacity="-1")], None, 2, "capacity"),
    ("headcount not a whole number", [headcount_row(headcount="2.5")], None, 2, "headcount"),
    ("headcount of zero", [headcount_row(headcount="0")], None, 2, "headcount"),
    ("attendance on a cancelled booking",
     [row(booking_status="cancelled", cancelled_at="2022-09-01 10:00", attendance="attended")],
     None, 2, "attendance"),
    ("attendance on a waiting-list place", [row(booking_status="waitlisted", attendance="absent")],
     None, 2, "attendance"),
    ("attendance on a substituted place", [row(booking_status="substituted", attendance="yes")],
     None, 2, "attendance"),
    ("walk-in who did not attend", [row(walk_in="yes", attendance="absent")], None, 2, "walk_in"),
    ("walk-in on a waiting list", [row(walk_in="yes", booking_status="waitlisted", attendance="")],
     None, 2, "walk_in"),
    ("headcount row naming a delegate", [headcount_row(first_name="Zoë")], None, 2, "first_name"),
    ("headcount row on a multi-agency session",
     [row(), headcount_row(course_code="DSL-L3", agency="multi", commissioning_organisation="")],
     None, 3, "headcount"),
    ("cancelled_at without cancelled status", [row(cancelled_at="2022-09-01 10:00")], None, 2,
     "cancelled_at"),
    ("email that is not an address", [row(email="zoe at school")], None, 2, "email"),
    ("single-agency rows but no commissioning column", [row(), headcount_row()],
     _without("commissioning_organisation"), 1, "commissioning_organisation"),
    ("single-agency session without its organisation",
     [headcount_row(commissioning_organisation="")], None, 2, "commissioning_organisation"),
    ("conflicting duplicate booking rows", [row(), row(attendance="absent")], None, 3, None),
    ("conflicting duplicate headcount rows", [headcount_row(), headcount_row(headcount="31")],
     None, 3, None),
    ("a course's agency differs between rows",
     [row(), row(agency="single", commissioning_organisation="Mayfield School",
                 email="other@example.org")], None, 3, "agency"),
]

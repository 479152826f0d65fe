"""A seeded 100,000-row booking register (CSV, the spec's columns) for the import figure."""

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks.harness import DATA

COLUMNS = [
    "course_code", "course_title", "course_category", "agency", "commissioning_organisation",
    "session_start", "session_end", "delivery", "venue", "capacity", "trainer",
    "session_status", "first_name", "last_name", "email", "job_role", "organisation",
    "sector", "booking_status", "booked_at", "cancelled_at", "attendance", "walk_in",
    "headcount",
]
SECTORS = ["Education", "Early Years", "Portsmouth City Council", "Health", "Police",
           "Voluntary & Community", "Other"]


def register_file(rows: int = 100_000, seed: int = 7) -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"register-{rows // 1000}k-s{seed}-v2.csv"
    if path.exists():
        return path
    rng = random.Random(seed)
    organisations = [(f"Organisation {n:04d}", SECTORS[n % len(SECTORS)]) for n in range(800)]
    people = [(f"First{n % 991}", f"Last{n:05d}", f"person{n:05d}@example.org",
               organisations[rng.randrange(len(organisations))]) for n in range(25_000)]
    sessions, seen = [], set()
    while len(sessions) < rows // 20:
        course = len(sessions) % 60
        start = datetime(2022, 4, 4, 9, 30) + timedelta(days=rng.randrange(360),
                                                        hours=rng.randrange(8))
        if (course, start) not in seen:  # a session is (course, start): keep them distinct
            seen.add((course, start))
            sessions.append((f"BR-{course:03d}", f"Register course {course}", start))
    partial = path.with_suffix(".partial")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        written = 0
        for code, title, start in sessions:
            for first, last, email, (org, sector) in rng.sample(people, 20):
                if written >= rows:
                    break
                roll = rng.random()
                status = "booked" if roll < 0.85 else "cancelled" if roll < 0.95 else "waitlisted"
                attendance = ("attended" if rng.random() < 0.8 else "absent") if status == "booked" else ""
                writer.writerow([
                    code, title, "DSL", "multi", "", start.strftime("%Y-%m-%d %H:%M"),
                    (start + timedelta(hours=3)).strftime("%Y-%m-%d %H:%M"), "in_person",
                    "Civic Offices", 30, "A Trainer", "scheduled", first, last, email,
                    "Practitioner", org, sector, status,
                    (start - timedelta(days=20)).strftime("%Y-%m-%d %H:%M"),
                    (start - timedelta(days=3)).strftime("%Y-%m-%d %H:%M") if status == "cancelled" else "",
                    attendance, "", "",
                ])
                written += 1
    partial.replace(path)
    return path

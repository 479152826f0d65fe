"""What the database already holds of a register's courses, sessions, people and bookings.

Loaded in a few set-based queries (chunked IN lists), so that planning an import
of a hundred thousand rows never asks the database one row at a time.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pscp_training.db.models import (
    Booking,
    Course,
    Delegate,
    Headcount,
    Organisation,
    Sector,
    TrainingSession,
)
from pscp_training.domain.identity import key

CHUNK = 900  # under every database's limit on bound parameters per statement


def chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    batch: list = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class Stored:
    """Rows already in the database, keyed by their identity in a register."""

    sectors: dict[str, int] = field(default_factory=dict)  # key(name) -> id
    sector_names: dict[int, str] = field(default_factory=dict)
    last_sector_order: int = 0
    organisations: dict[str, int] = field(default_factory=dict)  # name_key -> id
    organisation_rows: dict[int, dict] = field(default_factory=dict)
    courses: dict[str, dict] = field(default_factory=dict)  # key(code) -> row
    sessions: dict[tuple[int, datetime], dict] = field(default_factory=dict)
    delegates: dict[str, dict] = field(default_factory=dict)  # "@email" / "#name" -> row
    bookings: dict[tuple[int, int], dict] = field(default_factory=dict)
    headcounts: dict[tuple[int, int], dict] = field(default_factory=dict)


def load_people_and_places(session: Session, stored: Stored) -> None:
    """Every sector and organisation (a partnership has thousands at most)."""
    for sector_id, name, order in session.execute(
        select(Sector.id, Sector.name, Sector.sort_order)
    ):
        stored.sectors[key(name)] = sector_id
        stored.sector_names[sector_id] = name
        stored.last_sector_order = max(stored.last_sector_order, order or 0)
    for row in session.execute(
        select(
            Organisation.id, Organisation.name, Organisation.name_key, Organisation.sector_id,
            Organisation.org_type, Organisation.registered,
        )
    ).mappings():
        stored.organisations[row["name_key"]] = row["id"]
        stored.organisation_rows[row["id"]] = dict(row)


def load_courses(session: Session, stored: Stored) -> None:
    for row in session.execute(
        select(Course.id, Course.code, Course.title, Course.category, Course.agency)
    ).mappings():
        stored.courses[key(row["code"])] = dict(row)


_SESSION_COLUMNS = (
    TrainingSession.id, TrainingSession.course_id, TrainingSession.start_at,
    TrainingSession.end_at, TrainingSession.delivery, TrainingSession.venue,
    TrainingSession.capacity, TrainingSession.trainers, TrainingSession.status,
    TrainingSession.commissioning_organisation_id,
)


def load_sessions(
    session: Session, stored: Stored, course_ids: set[int], first: datetime, last: datetime
) -> None:
    for batch in chunks(sorted(course_ids)):
        query = select(*_SESSION_COLUMNS).where(
            TrainingSession.course_id.in_(batch),
            TrainingSession.start_at >= first,
            TrainingSession.start_at <= last,
        )
        for row in session.execute(query).mappings():
            stored.sessions[(row["course_id"], row["start_at"])] = dict(row)


def lock_sessions(session: Session, stored: Stored, session_ids: Iterable[int]) -> None:
    """Lock these sessions until the import commits, and take their values as they are now.

    On PostgreSQL (SELECT ... FOR UPDATE) a booking, cancellation or promotion
    on them waits for the import, and the import waits for any already under
    way, so their bookings are read only once nobody else can change them.
    Always in id order (as merging does), so two lockers of several sessions
    never wait on each other. SQLite's write transaction already holds its
    whole database (BEGIN IMMEDIATE); there FOR UPDATE is left out.
    """
    for batch in chunks(sorted(set(session_ids))):
        query = (
            select(*_SESSION_COLUMNS)
            .where(TrainingSession.id.in_(batch))
            .order_by(TrainingSession.id)
            .with_for_update(of=TrainingSession)
        )
        for row in session.execute(query).mappings():
            stored.sessions[(row["course_id"], row["start_at"])] = dict(row)


_DELEGATE_COLUMNS = (
    Delegate.id, Delegate.first_name, Delegate.last_name, Delegate.email, Delegate.email_key,
    Delegate.name_key, Delegate.job_role, Delegate.phone, Delegate.organisation_id,
    Delegate.safeguarding_role,
)


def load_delegates(session: Session, stored: Stored, identities: Iterable[str]) -> None:
    """Delegates by "@email" or "#first|last|organisation", as find_delegate matches them."""
    emails = [i[1:] for i in identities if i.startswith("@")]
    names = [i[1:] for i in identities if i.startswith("#")]
    for batch in chunks(emails):
        query = select(*_DELEGATE_COLUMNS).where(Delegate.email_key.in_(batch))
        for row in session.execute(query).mappings():
            stored.delegates["@" + row["email_key"]] = dict(row)
    for batch in chunks(names):
        query = (
            select(*_DELEGATE_COLUMNS)
            .where(Delegate.email_key.is_(None), Delegate.name_key.in_(batch))
            .order_by(Delegate.id.desc())  # the lowest id wins, as in find_delegate
        )
        for row in session.execute(query).mappings():
            stored.delegates["#" + row["name_key"]] = dict(row)


def load_bookings(session: Session, stored: Stored, session_ids: Iterable[int]) -> dict[int, int]:
    """Bookings and headcounts of those sessions; returns each one's last waiting-list place."""
    last_place: dict[int, int] = {}
    columns = (
        Booking.id, Booking.session_id, Booking.delegate_id, Booking.status,
        Booking.waitlist_position, Booking.booked_at, Booking.cancelled_at,
        Booking.late_cancellation, Booking.walk_in, Booking.attendance,
        Booking.organisation_id, Booking.sector_id,
    )
    for batch in chunks(sorted(set(session_ids))):
        for row in session.execute(select(*columns).where(Booking.session_id.in_(batch))).mappings():
            stored.bookings[(row["session_id"], row["delegate_id"])] = dict(row)
        query = (
            select(Booking.session_id, func.max(Booking.waitlist_position))
            .where(Booking.session_id.in_(batch))
            .group_by(Booking.session_id)
        )
        for session_id, place in session.execute(query):
            last_place[session_id] = place or 0
        headcounts = select(
            Headcount.id, Headcount.session_id, Headcount.organisation_id, Headcount.sector_id,
            Headcount.count,
        ).where(Headcount.session_id.in_(batch))
        for row in session.execute(headcounts).mappings():
            stored.headcounts[(row["session_id"], row["organisation_id"])] = dict(row)
    return last_place

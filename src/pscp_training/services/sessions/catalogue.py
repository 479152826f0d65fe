"""Courses and training sessions: the catalogue, the session list, capacity and cancelling."""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Course, TrainingSession
from pscp_training.domain.enums import Agency, BookingStatus, Delivery, SessionStatus
from pscp_training.domain.errors import InputError, NotFound, RuleViolation
from pscp_training.domain.identity import clean, require_text
from pscp_training.domain.programme import check_how_to_book
from pscp_training.domain.records import (
    BookingRecord,
    CourseRecord,
    SessionCancelResult,
    SessionRecord,
)
from pscp_training.domain.years import now_utc, to_local
from pscp_training.services.bookings.bookings import apply_capacity
from pscp_training.services.bookings.locking import locked_session
from pscp_training.services.common.mapping import (
    booking_record,
    course_record,
    session_record,
    session_record_with_counts,
)
from pscp_training.services.common.versions import check_version
from pscp_training.services.follow_up.charge_rules import raise_charges
from pscp_training.services.people.people import find_organisation
from pscp_training.services.sessions.session_list import (  # noqa: F401  (the list's names, here too)
    SESSION_SORT_KEYS,
    SessionFilter,
    count_sessions,
    list_sessions,
)

# --- courses -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseForm:
    code: str
    title: str
    agency: Agency
    category: str | None = None
    default_duration_minutes: int | None = None
    default_capacity: int | None = None
    description: str | None = None
    active: bool = True
    audience: str | None = None
    learning_outcomes: str | None = None  # one a line
    how_to_book: str | None = None  # a web address or an email address


def _check_not_negative(value: int | None, what: str) -> None:
    if value is not None and value < 0:
        raise InputError(f"The {what} cannot be negative.")


def save_course(
    db: Database,
    form: CourseForm,
    course_id: int | None = None,
    expected_version: int | None = None,
) -> CourseRecord:
    """Create or edit a course; an edit starts from `expected_version` when given.

    Raises InputError (including a how-to-book that is neither a web nor an email
    address), RuleViolation (code in use), NotFound, StaleRecord.
    """
    code = require_text(form.code, "course code")
    title = require_text(form.title, "course title")
    _check_not_negative(form.default_capacity, "default capacity")
    _check_not_negative(form.default_duration_minutes, "default duration")
    how_to_book = check_how_to_book(form.how_to_book)
    with db.write() as session:
        other = session.scalar(select(Course).where(func.lower(Course.code) == code.lower()))
        if other is not None and other.id != course_id:
            raise RuleViolation(f"The course code {code} is already used by '{other.title}'.")
        if course_id is None:
            row = Course()
            session.add(row)
        else:
            # Locked (PostgreSQL) so that nobody's save lands between the check and ours.
            row = session.get(Course, course_id, with_for_update=True)
            if row is None:
                raise NotFound("That course no longer exists.")
            check_version(row, expected_version, f"the course {row.code}")
            if row.agency != form.agency.value and session.scalar(
                select(func.count()).select_from(TrainingSession).where(
                    TrainingSession.course_id == row.id
                )
            ):
                raise RuleViolation(
                    f"{row.code} already has sessions, so it cannot change between multi-agency "
                    "and single-agency: that decides which table of the yearly report they count in."
                )
        row.code = code
        row.title = title
        row.agency = Agency(form.agency).value
        row.category = clean(form.category)
        row.default_duration_minutes = form.default_duration_minutes
        row.default_capacity = form.default_capacity
        row.description = clean(form.description)
        row.audience = clean(form.audience)
        row.learning_outcomes = clean(form.learning_outcomes)
        row.how_to_book = how_to_book
        row.active = form.active
        session.flush()
        return course_record(row)


def list_courses(db: Database, *, include_inactive: bool = True) -> list[CourseRecord]:
    with db.read() as session:
        query = select(Course).order_by(Course.code)
        if not include_inactive:
            query = query.where(Course.active.is_(True))
        return [course_record(row) for row in session.scalars(query)]


def get_course(db: Database, course_id: int) -> CourseRecord:
    with db.read() as session:
        row = session.get(Course, course_id)
        if row is None:
            raise NotFound("That course no longer exists.")
        return course_record(row)


# --- sessions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionForm:
    course_id: int
    start: datetime
    end: datetime | None = None
    delivery: Delivery = Delivery.IN_PERSON
    venue: str | None = None
    capacity: int | None = None
    trainers: str | None = None
    commissioning_organisation: str | None = None
    notes: str | None = None


def _apply_session_form(session: Session, row: TrainingSession, form: SessionForm) -> None:
    if form.start.tzinfo is None:
        raise InputError("A session's start needs a time zone.")
    if form.end is not None and form.end < form.start:
        raise InputError("A session cannot end before it starts.")
    _check_not_negative(form.capacity, "capacity")
    course = session.get(Course, form.course_id)
    if course is None:
        raise NotFound("That course no longer exists.")
    commissioner = None
    if clean(form.commissioning_organisation):
        commissioner = find_organisation(session, form.commissioning_organisation)
        if commissioner is None:
            raise NotFound(
                f"There is no organisation called '{form.commissioning_organisation.strip()}'; "
                "add it under Organisations first."
            )
    clash = session.scalar(
        select(TrainingSession).where(
            TrainingSession.course_id == course.id, TrainingSession.start_at == form.start
        )
    )
    if clash is not None and clash.id != row.id:
        when = to_local(form.start).strftime("%d %b %Y %H:%M")
        raise RuleViolation(f"{course.code} already has a session starting {when}.")
    row.course = course
    row.start_at = form.start
    row.end_at = form.end
    row.delivery = Delivery(form.delivery).value
    row.venue = clean(form.venue)
    row.capacity = form.capacity
    row.trainers = clean(form.trainers)
    row.commissioning_organisation = commissioner if course.agency == Agency.SINGLE else None
    row.notes = clean(form.notes)


def create_session(db: Database, form: SessionForm) -> SessionRecord:
    """Schedule a session. Raises InputError, NotFound, RuleViolation (same course and start)."""
    with db.write() as session:
        row = TrainingSession(status=SessionStatus.SCHEDULED.value)
        if form.capacity is None:
            course = session.get(Course, form.course_id)
            form = _with_default_capacity(form, course)
        _apply_session_form(session, row, form)
        session.add(row)
        session.flush()
        return session_record(row)


def _with_default_capacity(form: SessionForm, course: Course | None) -> SessionForm:
    if course is None or course.default_capacity is None:
        return form
    return replace(form, capacity=course.default_capacity)


def update_session(
    db: Database, session_id: int, form: SessionForm, expected_version: int | None = None
) -> SessionRecord:
    """Edit a session's details; capacity changes go through the same rule as change_capacity.

    Raises InputError, NotFound, RuleViolation, StaleRecord.
    """
    with db.write() as session:
        row = locked_session(session, session_id)
        check_version(row, expected_version, "this session")
        capacity = form.capacity
        _apply_session_form(session, row, _keep_capacity(form, row.capacity))
        apply_capacity(session, row, capacity)
        session.flush()
        return session_record_with_counts(session, row)


def _keep_capacity(form: SessionForm, capacity: int | None) -> SessionForm:
    return replace(form, capacity=capacity)


def get_session(db: Database, session_id: int) -> SessionRecord:
    with db.read() as session:
        row = session.get(TrainingSession, session_id)
        if row is None:
            raise NotFound(f"There is no session {session_id}.")
        return session_record_with_counts(session, row)


def cancel_session(
    db: Database, session_id: int, *, now: datetime | None = None
) -> SessionCancelResult:
    """Cancel a session and every booking and waiting-list place on it.

    Returns the people to tell. Raises NotFound, RuleViolation (already
    cancelled, or already taken place).
    """
    now = now or now_utc()
    with db.write() as session:
        row = locked_session(session, session_id)
        if row.status == SessionStatus.CANCELLED.value:
            raise RuleViolation("This session is already cancelled.")
        if row.start_at <= now:
            raise RuleViolation("This session has already taken place, so it cannot be cancelled.")
        active = session.scalars(
            select(Booking)
            .where(
                Booking.session_id == row.id,
                Booking.status.in_([BookingStatus.BOOKED.value, BookingStatus.WAITLISTED.value]),
            )
            .order_by(Booking.status, Booking.waitlist_position, Booking.id)
        ).all()
        to_tell: list[BookingRecord] = []
        for booking in active:
            booking.cancelled_from = booking.status
            booking.status = BookingStatus.CANCELLED.value
            booking.waitlist_position = None
            booking.cancelled_at = now
            booking.late_cancellation = False
        row.status = SessionStatus.CANCELLED.value
        session.flush()
        raise_charges(session, now=now, session_ids=[row.id])  # nothing is owed any more
        to_tell = [booking_record(b) for b in active]
        return SessionCancelResult(
            session=session_record_with_counts(session, row), to_tell=tuple(to_tell)
        )

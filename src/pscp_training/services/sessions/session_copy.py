"""Running a session again: a new session of the same course with the same details on a new day."""

from dataclasses import replace
from datetime import datetime

from pscp_training.db.engine import Database
from pscp_training.domain.records import SessionRecord
from pscp_training.services.sessions.catalogue import SessionForm, create_session, get_session


def form_from_session(record: SessionRecord) -> SessionForm:
    """A session's details as a form, to edit or to run again."""
    return SessionForm(
        course_id=record.course_id,
        start=record.start,
        end=record.end,
        delivery=record.delivery,
        venue=record.venue,
        capacity=record.capacity,
        trainers=record.trainers,
        commissioning_organisation=record.commissioning_organisation,
        notes=record.notes,
    )


def run_again(db: Database, session_id: int, start: datetime) -> SessionRecord:
    """A new session copying another's course, delivery, venue, capacity, trainers and length,
    starting at `start` (an aware date-time). Bookings are not copied.

    Raises NotFound, InputError (no time zone), RuleViolation (same course and start).
    """
    original = get_session(db, session_id)
    end = start + (original.end - original.start) if original.end is not None else None
    return create_session(db, replace(form_from_session(original), start=start, end=end))

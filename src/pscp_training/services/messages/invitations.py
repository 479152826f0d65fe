"""A booking's calendar entry in the delegate's Outlook: its UID, its next SEQUENCE, what it says.

The message log is the calendar's memory: every message that carried an entry
records its method, SEQUENCE and content, so the next one goes one higher
(never back to 0 after a CANCEL) and a change is sent only to calendars that
are out of date.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pscp_training.db.models import Booking, TrainingSession
from pscp_training.db.models_follow_up import MessageLogEntry
from pscp_training.domain.enums import BookingStatus
from pscp_training.services.messages.calendar import CalendarEvent, calendar_bytes
from pscp_training.services.messages.settings import MailSettings

REQUEST = "REQUEST"
CANCEL = "CANCEL"


@dataclass(frozen=True)
class CalendarEntry:
    """The calendar part of one message: what to log beside it, and the .ics itself."""

    uid: str
    method: str
    sequence: int
    content: str
    ics: bytes


@dataclass(frozen=True)
class CalendarState:
    """The last calendar message sent for a booking."""

    method: str
    sequence: int
    content: str | None


def booking_uid(booking: Booking) -> str:
    """One identity per booking (a transfer makes a new booking, so a new UID)."""
    return f"booking-{booking.id}-session-{booking.session_id}@pscp-training"


def session_content(training: TrainingSession, venue: str) -> str:
    """What a calendar entry says that a change must update: start, end and place."""
    end = training.end_at.isoformat() if training.end_at else "-"
    return f"{training.start_at.isoformat()}|{end}|{venue}"[:500]


def calendar_state(session: Session, booking_id: int) -> CalendarState | None:
    row = session.execute(
        select(
            MessageLogEntry.calendar_method,
            MessageLogEntry.calendar_sequence,
            MessageLogEntry.calendar_content,
        )
        .where(
            MessageLogEntry.booking_id == booking_id,
            MessageLogEntry.calendar_sequence.is_not(None),
        )
        .order_by(MessageLogEntry.calendar_sequence.desc())
        .limit(1)
    ).first()
    return CalendarState(*row) if row else None


def has_entry(session: Session, booking: Booking) -> bool:
    """Whether the delegate may have this booking in their calendar: it held a place, or
    an invitation went out and was not cancelled since. Someone only on the waiting
    list had no entry, so gets no CANCEL."""
    state = calendar_state(session, booking.id)
    if state is not None:
        return state.method == REQUEST
    return booking.status in (BookingStatus.BOOKED.value, BookingStatus.SUBSTITUTED.value) or (
        booking.cancelled_from == BookingStatus.BOOKED.value
    )


def is_up_to_date(session: Session, booking: Booking, venue: str) -> bool:
    """Whether the last invitation sent for the booking says what the session says now."""
    state = calendar_state(session, booking.id)
    return (
        state is not None
        and state.method == REQUEST
        and state.content == session_content(booking.session, venue)
    )


def next_sequence(session: Session, booking: Booking, *, first_invitation: bool) -> int:
    """One more than the highest SEQUENCE sent for the booking.

    With nothing sent yet, 0 for a first invitation (a confirmation) and 1 for
    anything else (a change or a cancellation is never the first version).
    """
    state = calendar_state(session, booking.id)
    if state is not None:
        return state.sequence + 1
    return 0 if first_invitation else 1


def calendar_entry(
    session: Session,
    booking: Booking,
    settings: MailSettings,
    values: dict[str, str],
    method: str,
    *,
    now: datetime,
    first_invitation: bool | None = None,
) -> CalendarEntry:
    """The booking's entry as a REQUEST (place held) or CANCEL, with its next SEQUENCE."""
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"Unknown calendar method {method!r}.")
    training = booking.session
    if first_invitation is None:
        first_invitation = method == REQUEST
    sequence = next_sequence(session, booking, first_invitation=first_invitation)
    event = CalendarEvent(
        uid=booking_uid(booking),
        sequence=sequence,
        start=training.start_at,
        end=training.end_at,
        summary=training.course.title,
        stamp=now,
        location=values["venue"],
        description=f"{training.course.code}: {training.course.title}",
        organizer_email=settings.from_address,
        organizer_name=settings.from_name or values["partnership_name"] or None,
        attendee_email=booking.delegate.email,
        attendee_name=values["full_name"],
        cancelled=method == CANCEL,
    )
    return CalendarEntry(
        uid=event.uid,
        method=method,
        sequence=sequence,
        content=session_content(training, values["venue"]),
        ics=calendar_bytes([event], method=method),
    )

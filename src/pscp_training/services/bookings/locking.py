"""Row locks that keep two people from booking the same last place at once."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from pscp_training.db.models import Booking, TrainingSession
from pscp_training.domain.errors import NotFound


def locked_session(session: Session, session_id: int) -> TrainingSession:
    """The session row, locked until the transaction ends.

    On PostgreSQL this is SELECT ... FOR UPDATE; on SQLite the write transaction
    already holds the database's write lock (BEGIN IMMEDIATE).
    Raises NotFound.
    """
    row = session.scalar(
        select(TrainingSession)
        .where(TrainingSession.id == session_id)
        .with_for_update(of=TrainingSession)
    )
    if row is None:
        raise NotFound(f"There is no session {session_id}.")
    return row


def locked_booking(session: Session, booking_id: int) -> tuple[Booking, TrainingSession]:
    """A booking and its session, with the session locked first (always in that order)."""
    session_id = session.scalar(select(Booking.session_id).where(Booking.id == booking_id))
    if session_id is None:
        raise NotFound(f"There is no booking {booking_id}.")
    training_session = locked_session(session, session_id)
    booking = session.scalar(select(Booking).where(Booking.id == booking_id).with_for_update())
    if booking is None:
        raise NotFound(f"There is no booking {booking_id}.")
    return booking, training_session

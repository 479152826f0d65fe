"""Telling delegates when their place changes, so the entry in their calendar stays true.

A cancelled booking, a transfer, a place passed to a colleague and a session
moved in time or place each send the delegate's calendar its CANCEL or updated
REQUEST (same UID, next SEQUENCE), with a short email. Each is logged and never
sent twice: a retry finds the log and skips.
"""

from datetime import datetime

from sqlalchemy import select

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, TrainingSession
from pscp_training.domain.enums import BookingStatus, SessionStatus
from pscp_training.domain.errors import NotFound
from pscp_training.domain.follow_up_records import MessageKind, SendOutcome
from pscp_training.domain.years import now_utc
from pscp_training.services.messages.compose import compose, placeholder_values
from pscp_training.services.messages.invitations import (
    CANCEL,
    REQUEST,
    has_entry,
    is_up_to_date,
    next_sequence,
)
from pscp_training.services.messages.sending import confirmation_letter, find_booking, send_letters
from pscp_training.services.messages.transports import Transport

CANCELLED = BookingStatus.CANCELLED.value


def _goodbye(session, booking, kind: MessageKind, settings, now: datetime):
    """The message to someone whose booking ended: with a CANCEL when they had an entry."""
    stamp = booking.cancelled_at.isoformat() if booking.cancelled_at else "-"
    return compose(
        session,
        booking,
        kind,
        f"{kind.value}:{booking.id}:{stamp}",
        settings,
        calendar=CANCEL if has_entry(session, booking) else None,
        now=now,
    )


def send_booking_cancelled(
    db: Database, transport: Transport, booking_id: int, *, now: datetime | None = None
) -> SendOutcome:
    """Tell a delegate their booking is cancelled, with the CANCEL of its calendar entry.

    Someone who was only on the waiting list gets the email without a CANCEL
    (they had no entry). A booking that is not cancelled gets nothing.
    Raises NotFound.
    """
    now = now or now_utc()

    def gather(session, settings):
        booking = find_booking(session, booking_id)
        if booking.status == CANCELLED:
            yield _goodbye(session, booking, MessageKind.BOOKING_CANCELLED, settings, now)

    return send_letters(db, transport, gather, now=now)


def send_booking_transferred(
    db: Database,
    transport: Transport,
    old_booking_id: int,
    new_booking_id: int,
    *,
    now: datetime | None = None,
) -> SendOutcome:
    """After a transfer: the CANCEL of the old session's entry, and a REQUEST for the new one.

    The new booking gets its confirmation when it holds a place (a waiting-list
    place on the new session has no calendar entry yet). Raises NotFound.
    """
    now = now or now_utc()

    def gather(session, settings):
        old = find_booking(session, old_booking_id)
        new = find_booking(session, new_booking_id)
        if old.status == CANCELLED:
            yield _goodbye(session, old, MessageKind.BOOKING_TRANSFERRED, settings, now)
        if new.status == BookingStatus.BOOKED.value:
            yield confirmation_letter(session, new, settings, now)

    return send_letters(db, transport, gather, now=now)


def send_place_passed_on(
    db: Database,
    transport: Transport,
    original_booking_id: int,
    colleague_booking_id: int,
    *,
    now: datetime | None = None,
) -> SendOutcome:
    """After a substitution: CANCEL to the one who gave the place, REQUEST to the colleague.

    Raises NotFound.
    """
    now = now or now_utc()

    def gather(session, settings):
        original = find_booking(session, original_booking_id)
        colleague = find_booking(session, colleague_booking_id)
        if original.status == BookingStatus.SUBSTITUTED.value:
            yield compose(
                session,
                original,
                MessageKind.PLACE_PASSED_ON,
                f"place_passed_on:{original.id}:{colleague.id}",
                settings,
                calendar=CANCEL if has_entry(session, original) else None,
                now=now,
            )
        if colleague.status == BookingStatus.BOOKED.value:
            yield confirmation_letter(session, colleague, settings, now)

    return send_letters(db, transport, gather, now=now)


def send_session_changed(
    db: Database, transport: Transport, session_id: int, *, now: datetime | None = None
) -> SendOutcome:
    """Send every confirmed delegate the session's new time, date or place (REQUEST, next SEQUENCE).

    A delegate whose last invitation already says what the session says now is
    passed over ("calendar already up to date"), so a retry sends nothing twice.
    Raises NotFound.
    """
    now = now or now_utc()

    def gather(session, settings):
        training = session.get(TrainingSession, session_id)
        if training is None:
            raise NotFound(f"There is no session {session_id}.")
        if training.status != SessionStatus.SCHEDULED.value:
            return
        query = (
            select(Booking)
            .where(Booking.session_id == session_id, Booking.status == BookingStatus.BOOKED.value)
            .order_by(Booking.id)
        )
        for booking in session.scalars(query):
            values = placeholder_values(session, booking)
            if is_up_to_date(session, booking, values["venue"]):
                yield f"{values['full_name']}: calendar already up to date"
                continue
            sequence = next_sequence(session, booking, first_invitation=False)
            yield compose(
                session,
                booking,
                MessageKind.SESSION_CHANGED,
                f"session_changed:{booking.id}:{sequence}",
                settings,
                calendar=REQUEST,
                first_invitation=False,
                now=now,
            )

    return send_letters(db, transport, gather, now=now)


def people_to_tell_of_change(db: Database, session_id: int) -> list[tuple[str, str | None]]:
    """Who a change of the session's time, date or place goes to: (name, email or None)."""
    with db.read() as session:
        rows = session.scalars(
            select(Booking)
            .where(Booking.session_id == session_id, Booking.status == BookingStatus.BOOKED.value)
            .order_by(Booking.id)
        )
        return [
            (f"{b.delegate.first_name} {b.delegate.last_name}", b.delegate.email or None)
            for b in rows
        ]

"""Sending messages about bookings, each logged against its booking and never sent twice."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, TrainingSession
from pscp_training.db.models_follow_up import MessageLogEntry
from pscp_training.domain.enums import BookingStatus, SessionStatus
from pscp_training.domain.errors import NotFound
from pscp_training.domain.follow_up_records import MessageKind, MessageRecord, SendOutcome
from pscp_training.domain.years import now_utc, to_local
from pscp_training.services.follow_up.non_attendance import follow_up_kind
from pscp_training.services.messages.compose import (
    Letter,
    compose,
    email_of,
    placeholder_values,
)
from pscp_training.services.messages.invitations import (
    CANCEL,
    REQUEST,
    calendar_state,
    has_entry,
    is_up_to_date,
)
from pscp_training.services.messages.settings import MailSettings, read_mail_settings
from pscp_training.services.messages.transports import SendFailed, Transport


def _record(row: MessageLogEntry) -> MessageRecord:
    return MessageRecord(
        id=row.id,
        booking_id=row.booking_id,
        kind=MessageKind(row.kind),
        recipients=row.recipients,
        copy_to=row.copy_to,
        subject=row.subject,
        sent_at=row.sent_at,
        transport=row.transport,
        detail=row.detail,
    )


def _already_sent(session: Session, key: str) -> bool:
    return (
        session.scalar(select(MessageLogEntry.id).where(MessageLogEntry.dedupe_key == key))
        is not None
    )


def _deliver(
    db: Database, transport: Transport, settings: MailSettings, letter: Letter, now: datetime
):
    """Log the message first, then send it; if sending fails the log entry is removed.

    Logging first (in its own committed transaction) is what keeps two people,
    or two runs of the reminders, from sending the same message: the second
    one's log entry breaks the unique key and it sends nothing.
    Returns a MessageRecord, the string "skipped", or a failure sentence.
    """
    try:
        with db.write() as session:
            entry = MessageLogEntry(
                booking_id=letter.booking_id,
                kind=letter.kind.value,
                dedupe_key=letter.dedupe_key,
                recipients=letter.to or "",
                copy_to=letter.cc,
                subject=letter.subject[:300],
                sent_at=now,
                transport=transport.name,
                calendar_uid=letter.calendar.uid if letter.calendar else None,
                calendar_method=letter.calendar.method if letter.calendar else None,
                calendar_sequence=letter.calendar.sequence if letter.calendar else None,
                calendar_content=letter.calendar.content if letter.calendar else None,
            )
            session.add(entry)
            session.flush()
            entry_id = entry.id
    except IntegrityError:
        return "skipped"
    try:
        detail = transport.deliver(email_of(letter, settings))
    except SendFailed as exc:
        with db.write() as session:
            row = session.get(MessageLogEntry, entry_id)
            if row is not None:
                session.delete(row)
        return f"{letter.to_name}: {exc}"
    with db.write() as session:
        row = session.get(MessageLogEntry, entry_id)
        row.detail = detail[:1000]
        session.flush()
        return _record(row)


def send_letters(
    db: Database,
    transport: Transport,
    gather,
    *,
    now: datetime,
    dry_run: bool = False,
) -> SendOutcome:
    """Compose every letter in one read, then send each.

    `gather(session, settings)` yields letters, or sentences naming someone passed over.
    """
    with db.read() as session:
        settings = read_mail_settings(session)
        letters: list[Letter] = []
        skipped: list[str] = []
        failed: list[str] = []
        no_email: list[str] = []
        for item in gather(session, settings):
            if isinstance(item, str):  # a person passed over, and why
                skipped.append(item)
            elif _already_sent(session, item.dedupe_key):
                skipped.append(f"{item.to_name}: {item.kind.label.lower()} already sent")
            elif not item.to:
                no_email.append(
                    f"{item.to_name} has no email address, so the "
                    f"{item.kind.label.lower()} was not sent."
                )
            else:
                letters.append(item)
    if dry_run:
        return SendOutcome(
            sent=(),
            skipped=tuple(skipped),
            failed=(),
            would_send=tuple(f"{letter.to}: {letter.subject}" for letter in letters),
            no_email=tuple(no_email),
        )
    sent: list[MessageRecord] = []
    for letter in letters:
        result = _deliver(db, transport, settings, letter, now)
        if isinstance(result, MessageRecord):
            sent.append(result)
        elif result == "skipped":
            skipped.append(f"{letter.to_name}: {letter.kind.label.lower()} already sent")
        else:
            failed.append(result)
    return SendOutcome(
        sent=tuple(sent), skipped=tuple(skipped), failed=tuple(failed), no_email=tuple(no_email)
    )


def combine_outcomes(*outcomes: SendOutcome) -> SendOutcome:
    """Several send runs reported as one (a cancellation and the offer it led to)."""
    return SendOutcome(
        sent=tuple(m for o in outcomes for m in o.sent),
        skipped=tuple(s for o in outcomes for s in o.skipped),
        failed=tuple(s for o in outcomes for s in o.failed),
        would_send=tuple(s for o in outcomes for s in o.would_send),
        no_email=tuple(s for o in outcomes for s in o.no_email),
    )


def find_booking(session: Session, booking_id: int) -> Booking:
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise NotFound(f"There is no booking {booking_id}.")
    return booking


def confirmation_letter(session, booking, settings, now) -> Letter:
    stamp = booking.booked_at.isoformat() if booking.booked_at else "-"
    return compose(
        session,
        booking,
        MessageKind.CONFIRMATION,
        f"confirmation:{booking.id}:{stamp}",
        settings,
        calendar=REQUEST,
        now=now,
    )


def send_confirmation(
    db: Database, transport: Transport, booking_id: int, *, now: datetime | None = None
) -> SendOutcome:
    """The booking confirmation with the session's invitation (REQUEST; a confirmed place only).

    The first invitation of a booking has SEQUENCE 0; one after a cancellation
    (booked again) goes higher than the cancellation's. Raises NotFound.
    """
    now = now or now_utc()

    def gather(session, settings):
        booking = find_booking(session, booking_id)
        if booking.status == BookingStatus.BOOKED.value:
            yield confirmation_letter(session, booking, settings, now)

    return send_letters(db, transport, gather, now=now)


def send_place_offered(
    db: Database, transport: Transport, booking_ids: Iterable[int], *, now: datetime | None = None
) -> SendOutcome:
    """Tell people promoted from the waiting list that the place is theirs (with the REQUEST).

    Raises NotFound.
    """
    now = now or now_utc()

    def gather(session, settings):
        for booking_id in booking_ids:
            booking = find_booking(session, booking_id)
            if booking.status == BookingStatus.BOOKED.value:
                stamp = booking.booked_at.isoformat() if booking.booked_at else "-"
                yield compose(
                    session,
                    booking,
                    MessageKind.PLACE_OFFERED,
                    f"place_offered:{booking.id}:{stamp}",
                    settings,
                    calendar=REQUEST,
                    now=now,
                )

    return send_letters(db, transport, gather, now=now)


def send_session_cancelled(
    db: Database,
    transport: Transport,
    session_id: int,
    *,
    booking_ids: Iterable[int] | None = None,
    now: datetime | None = None,
) -> SendOutcome:
    """Tell everyone whose booking went with a cancelled session. Raises NotFound.

    Those who held a place get the CANCEL of their calendar entry; those who
    were only on the waiting list had no entry, so get the email alone.
    `booking_ids` are the people to tell (`SessionCancelResult.to_tell`); without
    them, those whose bookings were cancelled together with the session.
    """
    now = now or now_utc()

    def gather(session, settings):
        training = session.get(TrainingSession, session_id)
        if training is None:
            raise NotFound(f"There is no session {session_id}.")
        if training.status != SessionStatus.CANCELLED.value:
            return
        query = select(Booking).where(
            Booking.session_id == session_id,
            Booking.status == BookingStatus.CANCELLED.value,
            Booking.late_cancellation.is_(False),
        )
        if booking_ids is not None:
            query = query.where(Booking.id.in_(list(booking_ids)))
        else:
            # The session's cancellation cancelled its bookings all at one instant;
            # those who had cancelled before it already know.
            last = session.scalar(
                select(func.max(Booking.cancelled_at)).where(Booking.session_id == session_id)
            )
            query = query.where(Booking.cancelled_at == last)
        for booking in session.scalars(query.order_by(Booking.id)):
            yield compose(
                session,
                booking,
                MessageKind.SESSION_CANCELLED,
                f"session_cancelled:{booking.id}",
                settings,
                calendar=CANCEL if has_entry(session, booking) else None,
                now=now,
            )

    return send_letters(db, transport, gather, now=now)


def send_non_attendance(
    db: Database, transport: Transport, booking_ids: Iterable[int], *, now: datetime | None = None
) -> SendOutcome:
    """The non-attendance notice to each delegate, copied to their manager when known.

    Bookings that are neither an absence nor a late cancellation are passed over.
    Raises NotFound.
    """
    now = now or now_utc()

    def gather(session, settings):
        for booking_id in booking_ids:
            booking = find_booking(session, booking_id)
            if follow_up_kind(booking) is not None:
                yield compose(
                    session,
                    booking,
                    MessageKind.NON_ATTENDANCE,
                    f"non_attendance:{booking.id}",
                    settings,
                    copy_manager=True,
                    now=now,
                )

    return send_letters(db, transport, gather, now=now)


def send_reminders(
    db: Database, transport: Transport, *, now: datetime | None = None, dry_run: bool = False
) -> SendOutcome:
    """Remind everyone with a confirmed place on a session due within the reminder period.

    Due means: the session is scheduled, starts after `now`, and its (London)
    day is at most `reminder_days` days away. A reminder already sent for the
    same booking and session time is not sent again, so the command can run
    every day (or twice) safely. When the invitation last sent says another
    time or place than the session now does, the reminder carries the update
    (REQUEST, next SEQUENCE), so the calendar is right again.
    """
    now = now or now_utc()

    def gather(session, settings):
        today = to_local(now).date()
        horizon = now + timedelta(days=settings.reminder_days + 2)
        bookings = session.scalars(
            select(Booking)
            .join(TrainingSession, TrainingSession.id == Booking.session_id)
            .where(
                Booking.status == BookingStatus.BOOKED.value,
                TrainingSession.status == SessionStatus.SCHEDULED.value,
                TrainingSession.start_at > now,
                TrainingSession.start_at < horizon,
            )
            .order_by(TrainingSession.start_at, Booking.id)
        )
        for booking in bookings:
            start = booking.session.start_at
            if (to_local(start).date() - today).days > settings.reminder_days:
                continue
            key = f"reminder:{booking.id}:{start.isoformat()}"
            stale = calendar_state(session, booking.id) is not None and not is_up_to_date(
                session, booking, placeholder_values(session, booking)["venue"]
            )
            yield compose(
                session,
                booking,
                MessageKind.REMINDER,
                key,
                settings,
                calendar=REQUEST if stale else None,
                now=now,
            )

    return send_letters(db, transport, gather, now=now, dry_run=dry_run)


def message_log(db: Database, booking_id: int) -> list[MessageRecord]:
    """The messages sent about a booking, oldest first."""
    with db.read() as session:
        rows = session.scalars(
            select(MessageLogEntry)
            .where(MessageLogEntry.booking_id == booking_id)
            .order_by(MessageLogEntry.sent_at, MessageLogEntry.id)
        )
        return [_record(r) for r in rows]

"""Substitution: a colleague from the same organisation takes over a confirmed place."""

from datetime import datetime

from sqlalchemy import select

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Delegate
from pscp_training.db.models_follow_up import BookingFollowUp
from pscp_training.domain.enums import Attendance, BookingStatus, SessionStatus
from pscp_training.domain.errors import InputError, NotFound, RuleViolation
from pscp_training.domain.follow_up_records import PersonDetails, SubstitutionResult
from pscp_training.domain.identity import key
from pscp_training.domain.years import now_utc, to_local
from pscp_training.services.bookings.locking import locked_booking
from pscp_training.services.bookings.walk_ins import renumber_waiting_list
from pscp_training.services.follow_up.non_attendance import follow_up_row
from pscp_training.services.people.people import ensure_delegate

BOOKED = BookingStatus.BOOKED.value
WAITLISTED = BookingStatus.WAITLISTED.value


def substitute(
    db: Database,
    booking_id: int,
    colleague: PersonDetails | int,
    *,
    now: datetime | None = None,
) -> SubstitutionResult:
    """Pass a confirmed place to a colleague from the same organisation, before the session.

    `colleague` is a delegate id or the colleague's details (found or created
    in the original delegate's organisation). The original booking becomes
    `substituted`: not a cancellation, so no charge and no waiting-list
    promotion; the colleague holds the place (their waiting-list entry, if
    any, becomes the place). The manager's email on the booking carries over.
    Raises InputError, NotFound, RuleViolation (not a confirmed place, the
    session has started or was cancelled, another organisation, the colleague
    already has a place).
    """
    now = now or now_utc()
    with db.write() as session:
        original, row = locked_booking(session, booking_id)
        who = f"{original.delegate.first_name} {original.delegate.last_name}"
        when = f"{row.course.title} on {to_local(row.start_at).strftime('%d %B %Y')}"
        if original.status != BOOKED:
            raise RuleViolation(
                f"{who} does not hold a confirmed place on {when} ({original.status}), "
                "so there is no place to pass on."
            )
        if row.status == SessionStatus.CANCELLED.value:
            raise RuleViolation(f"{when} has been cancelled.")
        if row.start_at <= now:
            raise RuleViolation(
                f"{when} has already started: a colleague who came instead is added to the "
                f"register as a walk-in, and {who} marked absent."
            )
        organisation = original.organisation
        if organisation is None:
            raise RuleViolation(
                f"{who}'s booking has no organisation, so a colleague from the same "
                "organisation cannot be identified."
            )
        if isinstance(colleague, int):
            delegate = session.get(Delegate, colleague)
            if delegate is None:
                raise NotFound("That colleague is not on the list of delegates.")
        else:
            if colleague.organisation and key(colleague.organisation) != organisation.name_key:
                raise RuleViolation(
                    f"A place can only pass to a colleague from {organisation.name}, "
                    f"not from {colleague.organisation.strip()}."
                )
            delegate, _ = ensure_delegate(
                session,
                first_name=colleague.first_name,
                last_name=colleague.last_name,
                email=colleague.email,
                organisation=organisation.name,
                job_role=colleague.job_role,
            )
        name = f"{delegate.first_name} {delegate.last_name}"
        if delegate.id == original.delegate_id:
            raise InputError("Choose a colleague other than the person who holds the place.")
        if delegate.organisation_id != organisation.id:
            current = delegate.organisation.name if delegate.organisation else "no organisation"
            raise RuleViolation(
                f"{name} works for {current}, not {organisation.name}: a place can only "
                "pass to a colleague from the same organisation."
            )
        taken = session.scalar(
            select(Booking).where(Booking.session_id == row.id, Booking.delegate_id == delegate.id)
        )
        if taken is not None and taken.status == BOOKED:
            raise RuleViolation(f"{name} already has a place on {when}.")
        was_waiting = taken is not None and taken.status == WAITLISTED
        replacement = taken or Booking(session_id=row.id, delegate_id=delegate.id)
        if taken is None:
            session.add(replacement)
        replacement.status = BOOKED
        replacement.waitlist_position = None
        replacement.booked_at = now
        replacement.cancelled_at = None
        replacement.late_cancellation = False
        replacement.walk_in = False
        replacement.attendance = Attendance.UNMARKED.value
        replacement.organisation_id = organisation.id
        replacement.sector_id = organisation.sector_id

        original.status = BookingStatus.SUBSTITUTED.value
        original.attendance = Attendance.UNMARKED.value
        session.flush()
        if was_waiting:
            renumber_waiting_list(session, row.id)
        original_follow_up = follow_up_row(session, original.id)
        original_follow_up.substituted_by_booking_id = replacement.id
        if original_follow_up.manager_email:
            follow_up_row(session, replacement.id).manager_email = original_follow_up.manager_email
        session.flush()
        return SubstitutionResult(
            original_booking_id=original.id,
            colleague_booking_id=replacement.id,
            colleague=name,
            organisation=organisation.name,
        )


def colleagues_who_took(db: Database, booking_ids: list[int]) -> dict[int, str]:
    """For places passed to a colleague: booking id -> the colleague now holding the place."""
    if not booking_ids:
        return {}
    with db.read() as session:
        rows = session.execute(
            select(BookingFollowUp.booking_id, Delegate.first_name, Delegate.last_name)
            .join(Booking, Booking.id == BookingFollowUp.substituted_by_booking_id)
            .join(Delegate, Delegate.id == Booking.delegate_id)
            .where(BookingFollowUp.booking_id.in_(booking_ids))
        )
        return {booking_id: f"{first} {last}".strip() for booking_id, first, last in rows}

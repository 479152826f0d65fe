"""Recording delegates' evaluations of the sessions they attended, and chasing the missing ones."""

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Delegate
from pscp_training.db.models_evaluation import Evaluation
from pscp_training.domain.enums import Attendance, BookingStatus
from pscp_training.domain.errors import InputError, RuleViolation
from pscp_training.domain.evaluation_records import (
    HOLD_BACK_SETTING,
    AttendeeEvaluation,
    EvaluationForm,
    EvaluationRecord,
    EvaluationSource,
)
from pscp_training.domain.identity import clean
from pscp_training.services.bookings.locking import locked_booking
from pscp_training.services.common.versions import check_version
from pscp_training.services.settings.team_settings import read_setting, write_setting


def evaluation_record(row: Evaluation) -> EvaluationRecord:
    booking = row.booking
    delegate = booking.delegate
    return EvaluationRecord(
        id=row.id,
        booking_id=booking.id,
        session_id=booking.session_id,
        delegate_id=delegate.id,
        delegate_name=f"{delegate.first_name} {delegate.last_name}".strip(),
        overall_rating=row.overall_rating,
        objectives_met=row.objectives_met,
        confidence_before=row.confidence_before,
        confidence_after=row.confidence_after,
        practice_change=row.practice_change,
        other_comments=row.other_comments,
        consent_to_quote=row.consent_to_quote,
        source=EvaluationSource(row.source),
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def why_not_evaluable(booking: Booking) -> str | None:
    """The sentence that explains why this booking cannot have an evaluation, or None."""
    who = f"{booking.delegate.first_name} {booking.delegate.last_name}".strip()
    if booking.status != BookingStatus.BOOKED.value:
        return (
            f"{who} has no confirmed place on this session (the booking is {booking.status}), "
            "so there is no evaluation to record."
        )
    if booking.attendance == Attendance.ABSENT.value:
        return f"{who} was marked absent from this session, so there is no evaluation to record."
    if booking.attendance != Attendance.ATTENDED.value:
        return (
            f"{who}'s attendance has not been marked yet; mark them as attended on the register "
            "first, then record their evaluation."
        )
    return None


def clean_form(form: EvaluationForm) -> EvaluationForm:
    """The form with its texts trimmed (a blank text is no answer)."""
    return EvaluationForm(
        overall_rating=form.overall_rating,
        objectives_met=form.objectives_met,
        confidence_before=form.confidence_before,
        confidence_after=form.confidence_after,
        practice_change=clean(form.practice_change),
        other_comments=clean(form.other_comments),
        consent_to_quote=bool(form.consent_to_quote),
    )


def write_evaluation(
    session: Session, booking: Booking, form: EvaluationForm, source: EvaluationSource
) -> tuple[Evaluation, bool]:
    """Create or overwrite the evaluation of an attended booking in an open transaction.

    Returns the row and whether anything changed. The caller has checked the
    booking (why_not_evaluable) and the form (EvaluationForm.problems).
    """
    form = clean_form(form)
    row = session.scalar(select(Evaluation).where(Evaluation.booking_id == booking.id))
    if row is None:
        row = Evaluation(booking=booking, source=source.value)
        session.add(row)
        changed = True
    else:
        changed = False
    for name in (
        "overall_rating",
        "objectives_met",
        "confidence_before",
        "confidence_after",
        "practice_change",
        "other_comments",
        "consent_to_quote",
    ):
        value = getattr(form, name)
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    if changed:
        row.source = source.value
    session.flush()
    return row, changed


def save_evaluation(
    db: Database,
    booking_id: int,
    form: EvaluationForm,
    *,
    expected_version: int | None = None,
) -> EvaluationRecord:
    """Record (or correct) the evaluation of a delegate who attended, as entered by hand.

    `expected_version` is the evaluation's version when the person started
    editing it (None for a new one, or to overwrite whatever is there).
    Raises NotFound, RuleViolation (absent, unmarked or no confirmed place),
    InputError (an answer out of range, or no answers), StaleRecord.
    """
    problems = form.problems()
    if problems:
        raise InputError(" ".join(p.message for p in problems))
    with db.write() as session:
        booking, _ = locked_booking(session, booking_id)
        reason = why_not_evaluable(booking)
        if reason:
            raise RuleViolation(reason)
        existing = session.scalar(select(Evaluation).where(Evaluation.booking_id == booking.id))
        if existing is not None:
            check_version(existing, expected_version, "this evaluation")
        row, _ = write_evaluation(session, booking, form, EvaluationSource.ENTERED)
        return evaluation_record(row)


def get_evaluation(db: Database, booking_id: int) -> EvaluationRecord | None:
    """The evaluation of a booking, or None when there is none yet."""
    with db.read() as session:
        row = session.scalar(select(Evaluation).where(Evaluation.booking_id == booking_id))
        return evaluation_record(row) if row is not None else None


def delete_evaluation(db: Database, booking_id: int) -> bool:
    """Remove a booking's evaluation (entered against the wrong person); False if there was none.

    Raises NotFound for a booking that does not exist.
    """
    with db.write() as session:
        locked_booking(session, booking_id)
        row = session.scalar(select(Evaluation).where(Evaluation.booking_id == booking_id))
        if row is None:
            return False
        session.delete(row)
        return True


def _attended(session_id: int):
    return (
        select(Booking, Evaluation)
        .join(Booking.delegate)
        .outerjoin(Evaluation, Evaluation.booking_id == Booking.id)
        .where(
            Booking.session_id == session_id,
            Booking.status == BookingStatus.BOOKED.value,
            Booking.attendance == Attendance.ATTENDED.value,
        )
        .order_by(func.lower(Delegate.last_name), func.lower(Delegate.first_name), Booking.id)
    )


def list_attendees(
    db: Database, session_id: int, *, evaluated: bool | None = None
) -> list[AttendeeEvaluation]:
    """The delegates who attended a session, each with their evaluation or None, by name.

    `evaluated=True` keeps those whose evaluation is in, False those without.
    """
    with db.read() as session:
        query = _attended(session_id)
        if evaluated is True:
            query = query.where(Evaluation.id.is_not(None))
        elif evaluated is False:
            query = query.where(Evaluation.id.is_(None))
        result = []
        for booking, evaluation in session.execute(query).all():
            delegate = booking.delegate
            result.append(
                AttendeeEvaluation(
                    booking_id=booking.id,
                    delegate_id=delegate.id,
                    first_name=delegate.first_name,
                    last_name=delegate.last_name,
                    email=delegate.email,
                    organisation=booking.organisation.name if booking.organisation else None,
                    evaluation=evaluation_record(evaluation) if evaluation else None,
                )
            )
        return result


def chase_list(db: Database, session_id: int) -> list[AttendeeEvaluation]:
    """Attendees of a session whose evaluation is not in yet (to email a reminder)."""
    return list_attendees(db, session_id, evaluated=False)


def chase_emails(attendees: Iterable[AttendeeEvaluation]) -> str:
    """The attendees' email addresses ready to paste into an email's To line, without repeats."""
    seen: dict[str, str] = {}
    for person in attendees:
        if person.email and person.email.casefold() not in seen:
            seen[person.email.casefold()] = person.email
    return "; ".join(seen.values())


def certificates_need_evaluation(session: Session) -> bool:
    """Whether a certificate waits until the delegate's evaluation is in (a team setting)."""
    return (read_setting(session, HOLD_BACK_SETTING) or "").strip().lower() in ("1", "true", "yes")


def hold_back_certificates(db: Database) -> bool:
    with db.read() as session:
        return certificates_need_evaluation(session)


def set_hold_back_certificates(db: Database, on: bool) -> None:
    """Turn on or off holding certificates back until the evaluation is in."""
    with db.write() as session:
        write_setting(session, HOLD_BACK_SETTING, "true" if on else "false")


def without_evaluation(session: Session, booking_ids: Iterable[int]) -> set[int]:
    """Of these bookings, those with no evaluation (for holding certificates back)."""
    ids = set(booking_ids)
    if not ids:
        return set()
    evaluated = set(
        session.scalars(select(Evaluation.booking_id).where(Evaluation.booking_id.in_(ids)))
    )
    return ids - evaluated


def held_back_bookings(session: Session, booking_ids: Iterable[int]) -> set[int]:
    """The bookings whose certificate is held back now: none when the setting is off."""
    if not certificates_need_evaluation(session):
        return set()
    return without_evaluation(session, booking_ids)


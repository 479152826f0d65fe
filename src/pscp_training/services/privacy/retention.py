"""Data protection: anonymise delegates with no recent training, or one delegate on request.

Anonymising removes what identifies a person (names, email, phone, job role, free
text about them, their name on certificates and messages, and their details
in the audit trail) and keeps every booking with its session, status,
attendance, and organisation and sector as at booking, so that every yearly
figure stays exactly the same.
"""

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, insert, literal, null, select, update
from sqlalchemy.orm import Session

from pscp_training.db.all_models import metadata
from pscp_training.db.audit import SKIP_OPTION, current_actor
from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Delegate, Organisation, TrainingSession
from pscp_training.db.models_audit import AuditEntry, DelegateErasure
from pscp_training.db.models_follow_up import Charge
from pscp_training.domain.enums import BookingStatus
from pscp_training.domain.errors import InputError, NotFound, RuleViolation
from pscp_training.domain.identity import clean
from pscp_training.domain.years import now_utc, to_local

RETENTION_YEARS = 6
ANONYMOUS_FIRST_NAME = "Anonymised"
REMOVED = "(removed)"
# Personal details other tables keep about a booking's delegate: column -> what replaces it.
BOOKING_PERSONAL_COLUMNS = {
    "booking_follow_ups": {"reason_note": None, "manager_email": None},
    "message_log": {"recipients": REMOVED, "copy_to": None, "detail": None},
    "issued_certificates": {"delegate_name": REMOVED},
    "evaluations": {"practice_change": None, "other_comments": None, "consent_to_quote": False},
    # A waived charge must keep a note saying why (a check constraint): its words go, not it.
    "charges": {"waiver_note": REMOVED},
}
# Fields of a delegate whose values are removed from the audit trail too.
AUDIT_PERSONAL_FIELDS = (
    "first_name", "last_name", "email", "email_key", "name_key", "job_role", "phone",
    "safeguarding_role",
)


@dataclass(frozen=True)
class RetentionCandidate:
    """Someone the retention rule would anonymise, as the preview lists them."""

    delegate_id: int
    first_name: str
    last_name: str
    email: str | None
    organisation: str | None
    last_training: datetime | None
    bookings: int


@dataclass(frozen=True)
class RetentionResult:
    cutoff: datetime
    anonymised: tuple[int, ...]


def retention_cutoff(now: datetime, years: int = RETENTION_YEARS) -> datetime:
    """The instant `years` years before now (29 February falls back to the 28th)."""
    if not 1 <= years <= 100:
        raise InputError(f"The retention period must be 1 to 100 years; {years} was given.")
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def _candidates(session: Session, cutoff: datetime) -> list[RetentionCandidate]:
    last = (
        select(
            Booking.delegate_id,
            func.max(TrainingSession.start_at).label("last_training"),
            func.count(Booking.id).label("bookings"),
        )
        .join(TrainingSession, TrainingSession.id == Booking.session_id)
        .group_by(Booking.delegate_id)
        .subquery()
    )
    erased = select(DelegateErasure.delegate_id)
    query = (
        select(Delegate, Organisation.name, last.c.last_training, last.c.bookings)
        .outerjoin(last, last.c.delegate_id == Delegate.id)
        .outerjoin(Organisation, Organisation.id == Delegate.organisation_id)
        .where(Delegate.id.not_in(erased))
        .where(
            (last.c.last_training < cutoff)
            | (last.c.last_training.is_(None) & (Delegate.created_at < cutoff))
        )
        .order_by(func.lower(Delegate.last_name), func.lower(Delegate.first_name), Delegate.id)
    )
    return [
        RetentionCandidate(
            delegate_id=row.id,
            first_name=row.first_name,
            last_name=row.last_name,
            email=row.email,
            organisation=org,
            last_training=last_training,
            bookings=int(count or 0),
        )
        for row, org, last_training, count in session.execute(query)
    ]


def preview_retention(
    db: Database, now: datetime | None = None, *, years: int = RETENTION_YEARS
) -> list[RetentionCandidate]:
    """Who the retention rule would anonymise now: nothing is changed. Raises InputError."""
    cutoff = retention_cutoff(now or now_utc(), years)
    with db.read() as session:
        return _candidates(session, cutoff)


def apply_retention(
    db: Database, now: datetime | None = None, *, years: int = RETENTION_YEARS
) -> RetentionResult:
    """Anonymise everyone the preview lists, in one transaction. Raises InputError."""
    now = now or now_utc()
    cutoff = retention_cutoff(now, years)
    with db.write() as session:
        ids = [c.delegate_id for c in _candidates(session, cutoff)]
        for delegate_id in ids:
            anonymise(session, delegate_id, reason="retention", now=now)
        return RetentionResult(cutoff=cutoff, anonymised=tuple(ids))


def erase_delegate(
    db: Database, delegate_id: int, *, now: datetime | None = None, note: str | None = None
) -> None:
    """Anonymise one delegate at their request (the right to erasure).

    `note` says how and when they asked (e.g. "email to the team, 2 December"); it is
    recorded with the erasure in the audit trail.

    Raises NotFound, RuleViolation (already anonymised, or they still hold a
    place or waiting-list place on a session to come: cancel it first).
    """
    now = now or now_utc()
    with db.write() as session:
        delegate = session.get(Delegate, delegate_id)
        if delegate is None:
            raise NotFound(f"There is no delegate {delegate_id}.")
        if session.get(DelegateErasure, delegate_id) is not None:
            raise RuleViolation("This delegate's personal details have already been removed.")
        upcoming = session.scalar(
            select(TrainingSession)
            .join(Booking, Booking.session_id == TrainingSession.id)
            .where(
                Booking.delegate_id == delegate_id,
                Booking.status.in_([BookingStatus.BOOKED.value, BookingStatus.WAITLISTED.value]),
                TrainingSession.start_at > now,
            )
            .order_by(TrainingSession.start_at)
            .limit(1)
        )
        if upcoming is not None:
            when = to_local(upcoming.start_at).strftime("%d %B %Y")
            raise RuleViolation(
                f"{delegate.first_name} {delegate.last_name} is still booked on "
                f"{upcoming.course.title} on {when}. Cancel their upcoming bookings first, "
                "then erase their details."
            )
        anonymise(session, delegate_id, reason="request", now=now, note=clean(note))


def anonymise(
    session: Session, delegate_id: int, *, reason: str, now: datetime, note: str | None = None
) -> None:
    """Remove one delegate's personal details inside an open transaction.

    Core statements, not the ORM, so that the audit listener does not copy
    the very details being removed into a new audit entry.
    """
    session.flush()
    session.execute(
        update(Delegate)
        .execution_options(**{SKIP_OPTION: True})
        .where(Delegate.id == delegate_id)
        .values(
            first_name=ANONYMOUS_FIRST_NAME,
            last_name=f"delegate {delegate_id}",
            email=None,
            email_key=None,
            name_key=f"anonymised|{delegate_id}",
            job_role=None,
            phone=None,
            safeguarding_role=None,
            organisation_id=None,
            version=Delegate.version + 1,
            updated_at=now,
        )
    )
    booking_ids = select(Booking.id).where(Booking.delegate_id == delegate_id)
    for table_name, columns in BOOKING_PERSONAL_COLUMNS.items():
        table = metadata.tables.get(table_name)
        present = {
            c: _replacement(table.c[c], v)
            for c, v in columns.items()
            if table is not None and c in table.columns
        }
        if present and "booking_id" in table.columns:
            # Left out of the trail (the erasure's own entry records it): a charge's entry
            # would otherwise keep the very waiver note removed, as its value before.
            session.execute(
                update(table).execution_options(**{SKIP_OPTION: True})
                .where(table.c.booking_id.in_(booking_ids)).values(**present)
            )
    _redact_audit_trail(session, delegate_id)
    _redact_charge_trail(session, booking_ids)
    actor = current_actor()
    why = "retention rule" if reason == "retention" else "their request"
    if note:
        why = f"{why}: {note}"
    session.execute(
        insert(DelegateErasure).values(
            delegate_id=delegate_id, erased_at=now, reason=reason, actor=actor
        )
    )
    session.execute(
        insert(AuditEntry).values(
            changed_at=now,
            actor=actor,
            action="anonymised",
            record_type="delegate",
            record_id=delegate_id,
            delegate_id=delegate_id,
            changes=json.dumps({"reason": [None, why]}),
        )
    )
    session.expire_all()


def _replacement(column, value):
    """What replaces a personal detail: the REMOVED marker only where there was something."""
    if value == REMOVED:
        return case((column.is_(None), null()), else_=literal(REMOVED))
    return value


def _redact_audit_trail(session: Session, delegate_id: int) -> None:
    entries = session.execute(
        select(AuditEntry.id, AuditEntry.changes).where(
            AuditEntry.record_type == "delegate", AuditEntry.record_id == delegate_id
        )
    ).all()
    for entry_id, text in entries:
        changes = json.loads(text or "{}")
        for field in AUDIT_PERSONAL_FIELDS:
            if field in changes:
                changes[field] = [None if v is None else REMOVED for v in changes[field]]
        session.execute(
            update(AuditEntry).where(AuditEntry.id == entry_id).values(changes=json.dumps(changes))
        )


def _redact_charge_trail(session: Session, booking_ids) -> None:
    """The words of a waiver note leave the trail of the delegate's charges too."""
    charge_ids = select(Charge.id).where(Charge.booking_id.in_(booking_ids))
    entries = session.execute(
        select(AuditEntry.id, AuditEntry.changes).where(
            AuditEntry.record_type == "charge", AuditEntry.record_id.in_(charge_ids)
        )
    ).all()
    for entry_id, text in entries:
        changes = json.loads(text or "{}")
        if "waiver_note" not in changes:
            continue
        changes["waiver_note"] = [None if v is None else REMOVED for v in changes["waiver_note"]]
        session.execute(
            update(AuditEntry).where(AuditEntry.id == entry_id).values(changes=json.dumps(changes))
        )


def erasure_of(db: Database, delegate_id: int) -> tuple[datetime, str] | None:
    """When and why a delegate was anonymised, or None when they have not been."""
    with db.read() as session:
        row = session.get(DelegateErasure, delegate_id)
        return (row.erased_at, row.reason) if row is not None else None

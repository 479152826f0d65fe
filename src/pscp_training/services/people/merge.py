"""Merging two delegate records that are the same person, with every booking kept or resolved."""

import json
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import (
    Column,
    PrimaryKeyConstraint,
    Table,
    UniqueConstraint,
    delete,
    exists,
    select,
    update,
)
from sqlalchemy.orm import Session

from pscp_training.db.all_models import metadata
from pscp_training.db.audit import current_actor
from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Delegate, TrainingSession
from pscp_training.db.models_audit import AuditEntry
from pscp_training.db.models_certificate import IssuedCertificate
from pscp_training.db.models_follow_up import Charge
from pscp_training.domain.enums import BookingStatus, SessionStatus
from pscp_training.domain.errors import InputError, NotFound
from pscp_training.domain.identity import delegate_name_key, email_key
from pscp_training.domain.merge_records import ClashChoice, MergeClash, MergeMove, MergePreview
from pscp_training.domain.records import DelegateRecord
from pscp_training.domain.years import now_utc, to_local
from pscp_training.services.bookings.bookings import _renumber_waiting_list, promote_waiting_list
from pscp_training.services.bookings.locking import locked_session
from pscp_training.services.common.mapping import (
    booking_record,
    delegate_record,
    session_record_with_counts,
)
from pscp_training.services.common.versions import check_version
from pscp_training.services.follow_up.charge_rules import raise_charges
from pscp_training.services.follow_up.non_attendance import follow_up_kind

BOOKED = BookingStatus.BOOKED.value
WAITLISTED = BookingStatus.WAITLISTED.value


def _name(row: Delegate) -> str:
    return f"{row.first_name} {row.last_name}"


def _two_delegates(session: Session, keep_id: int, other_id: int) -> tuple[Delegate, Delegate]:
    if keep_id == other_id:
        raise InputError("Choose two different delegates to merge; a record cannot merge with itself.")
    keep = session.get(Delegate, keep_id)
    other = session.get(Delegate, other_id)
    if keep is None or other is None:
        raise NotFound("One of the two delegates no longer exists; reload the list and try again.")
    return keep, other


def _bookings_by_session(session: Session, delegate_id: int) -> dict[int, Booking]:
    rows = session.scalars(
        select(Booking)
        .join(Booking.session)
        .where(Booking.delegate_id == delegate_id)
        .order_by(TrainingSession.start_at.desc(), Booking.id)
    )
    return {row.session_id: row for row in rows}


def _blanks_filled(keep: Delegate, other: Delegate) -> list[tuple[str, str]]:
    filled = []
    if not keep.email and other.email:
        filled.append(("email", other.email))
    if not keep.job_role and other.job_role:
        filled.append(("job role", other.job_role))
    if not keep.phone and other.phone:
        filled.append(("phone", other.phone))
    if keep.organisation is None and other.organisation is not None:
        filled.append(("organisation", other.organisation.name))
    return filled


def preview_merge(db: Database, keep_id: int, other_id: int) -> MergePreview:
    """What merging `other_id` into `keep_id` would do; nothing is changed.

    Raises InputError (the same delegate twice), NotFound.
    """
    with db.read() as session:
        keep, other = _two_delegates(session, keep_id, other_id)
        kept = _bookings_by_session(session, keep.id)
        theirs = _bookings_by_session(session, other.id)
        clashing = [sid for sid in theirs if sid in kept]
        numbers = _certificate_numbers(
            session, [b.id for sid in clashing for b in (kept[sid], theirs[sid])]
        )
        moves, clashes = [], []
        for session_id, booking in theirs.items():
            record = session_record_with_counts(session, booking.session)
            if session_id in kept:
                mine = kept[session_id]
                clashes.append(
                    MergeClash(
                        record, booking_record(mine), booking_record(booking),
                        keep_certificate=numbers.get(mine.id),
                        other_certificate=numbers.get(booking.id),
                    )
                )
            else:
                moves.append(MergeMove(record, booking_record(booking)))
        return MergePreview(
            keep=delegate_record(keep),
            other=delegate_record(other),
            keep_version=keep.version,
            other_version=other.version,
            moves=tuple(moves),
            clashes=tuple(clashes),
            filled=tuple(_blanks_filled(keep, other)),
        )


def _certificate_numbers(session: Session, booking_ids: list[int]) -> dict[int, str]:
    if not booking_ids:
        return {}
    return dict(
        session.execute(
            select(IssuedCertificate.booking_id, IssuedCertificate.number).where(
                IssuedCertificate.booking_id.in_(booking_ids)
            )
        ).all()
    )


def _describe(row: TrainingSession) -> str:
    return f"{row.course.title} on {to_local(row.start_at).strftime('%d %B %Y')}"


def _referencing(target: str) -> list[tuple[Table, Column, bool]]:
    """Columns of other tables (evaluations, certificates...) that point at `target` rows."""
    found = []
    for table in metadata.sorted_tables:
        if table.name == "bookings" and target == "delegates":
            continue  # moved one by one, with the booking rules
        for fk in table.foreign_keys:
            if fk.column.table.name != target:
                continue
            column = fk.parent
            unique = bool(column.unique) or any(
                isinstance(c, UniqueConstraint | PrimaryKeyConstraint)
                and list(c.columns) == [column]
                for c in table.constraints
            )
            found.append((table, column, unique))
    return found


def _withdraw_certificate(session: Session, booking: Booking, keep: Delegate) -> None:
    """Note in the audit trail a certificate deleted with its booking, number and all.

    Certificates are not otherwise in the trail; this one was printed and handed out,
    so whoever later looks its number up can find why it no longer verifies.
    """
    issued = session.scalar(
        select(IssuedCertificate).where(IssuedCertificate.booking_id == booking.id)
    )
    if issued is None:
        return
    gone = {
        "number": issued.number,
        "delegate_name": issued.delegate_name,
        "course_title": issued.course_title,
        "issued_at": issued.issued_at.isoformat(),
        "booking_id": booking.id,
    }
    session.add(
        AuditEntry(
            changed_at=now_utc(),
            actor=current_actor(),
            action="deleted",
            record_type="certificate",
            record_id=issued.id,
            session_id=booking.session_id,
            delegate_id=keep.id,
            changes=json.dumps({k: [v, None] for k, v in gone.items()}, ensure_ascii=False),
        )
    )


def _repoint(session: Session, target: str, old_id: int, new_id: int) -> None:
    """Move what hangs off a removed row (an evaluation, a certificate) to the surviving one.

    Where the survivor already has its own (one evaluation, one certificate per booking),
    the survivor's stays and the removed row's own is deleted with it.
    """
    for table, column, unique in _referencing(target):
        if unique and session.scalar(select(exists().where(column == new_id))):
            session.execute(delete(table).where(column == old_id))
            continue
        session.execute(update(table).where(column == old_id).values({column.name: new_id}))


def _settle_charge(session: Session, survivor: Booking, removed: Booking) -> None:
    """The removed booking's charge goes with it unless the booking kept owes one too.

    An attended booking is never charged for non-attendance, waived or not: a no-show's
    charge must not follow onto it. Where the booking kept is itself a no-show or a late
    cancellation without a charge of its own, the charge raised for the same absence moves
    to it (with any waiver, and billed to the kept booking's organisation) rather than a
    new one being raised.
    """
    charge = session.scalar(select(Charge).where(Charge.booking_id == removed.id))
    if charge is None:
        return
    has_own = session.scalar(select(exists().where(Charge.booking_id == survivor.id)))
    if has_own or follow_up_kind(survivor) is None:
        session.delete(charge)  # in the trail, its amount and any waiver with it
    elif survivor.organisation_id is not None:
        charge.organisation_id = survivor.organisation_id
    session.flush()


def _resolve_clash(
    session: Session, row: TrainingSession, keep_b: Booking, other_b: Booking,
    choice: ClashChoice, keep: Delegate, now: datetime,
) -> None:
    survivor, removed = (keep_b, other_b) if choice == ClashChoice.KEEP else (other_b, keep_b)
    # Whichever booking goes, a place it held is free now, even when the survivor held one too.
    freed_place = removed.status == BOOKED
    if session.scalar(select(exists().where(IssuedCertificate.booking_id == survivor.id))):
        _withdraw_certificate(session, removed, keep)
    _settle_charge(session, survivor, removed)
    _repoint(session, "bookings", removed.id, survivor.id)
    session.delete(removed)
    session.flush()
    survivor.delegate = keep
    session.flush()
    # The booking kept may now carry the other's reason for an absence: its charge is then
    # the one the rules give it, as when a reason is recorded.
    raise_charges(session, now=now, session_ids=[row.id])
    if freed_place and row.start_at > now and row.status != SessionStatus.CANCELLED.value:
        promote_waiting_list(session, row)
    else:
        _renumber_waiting_list(session, row.id)


def _fill_blanks(session: Session, keep: Delegate, other: Delegate) -> None:
    email, job_role, organisation = other.email, other.job_role, other.organisation
    phone = other.phone
    _repoint(session, "delegates", other.id, keep.id)
    session.delete(other)
    session.flush()  # frees the other's email before the kept delegate takes it
    if not keep.email and email:
        keep.email, keep.email_key = email, email_key(email)
    if not keep.job_role and job_role:
        keep.job_role = job_role
    if not keep.phone and phone:
        keep.phone = phone
    if keep.organisation is None and organisation is not None:
        keep.organisation = organisation
    keep.name_key = delegate_name_key(
        keep.first_name, keep.last_name, keep.organisation.name if keep.organisation else None
    )
    session.flush()


def merge_delegates(
    db: Database,
    keep_id: int,
    other_id: int,
    resolutions: Mapping[int, ClashChoice | str] | None = None,
    expected_versions: tuple[int, int] | None = None,
    *,
    now: datetime | None = None,
) -> DelegateRecord:
    """Merge delegate `other_id` into `keep_id` in one transaction and return the kept delegate.

    Every booking of the other moves to the kept delegate. Where both have a booking on the
    same session, `resolutions[session_id]` says which booking stays (ClashChoice.KEEP: the
    kept delegate's; ClashChoice.OTHER: the other's); the other booking of that pair is
    removed, and a place it frees goes to the waiting list (future sessions only). The
    other's email, job role and organisation fill the kept delegate's blanks; the other
    record is then removed.

    Raises InputError (same delegate twice, a clash without a choice), NotFound,
    StaleRecord (either delegate was changed since the preview).
    """
    now = now or now_utc()
    resolutions = {int(k): ClashChoice(v) for k, v in (resolutions or {}).items()}
    with db.write() as session:
        keep, other = _two_delegates(session, keep_id, other_id)
        if expected_versions is not None:
            check_version(keep, expected_versions[0], _name(keep))
            check_version(other, expected_versions[1], _name(other))
        theirs = _bookings_by_session(session, other.id)
        # Lock every session concerned, always in id order, so waiting lists cannot shift under us.
        rows = {sid: locked_session(session, sid) for sid in sorted(theirs)}
        mine = _bookings_by_session(session, keep.id)
        unresolved = [sid for sid in theirs if sid in mine and sid not in resolutions]
        if unresolved:
            names = "; ".join(_describe(rows[sid]) for sid in unresolved)
            raise InputError(
                f"{_name(keep)} and {_name(other)} are both booked on {names}. "
                "Choose which booking to keep for each before merging; nothing was changed."
            )
        for sid, booking in theirs.items():
            if sid in mine:
                _resolve_clash(session, rows[sid], mine[sid], booking, resolutions[sid], keep, now)
            else:
                booking.delegate = keep
        session.flush()
        _fill_blanks(session, keep, other)
        return delegate_record(keep)

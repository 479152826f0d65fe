"""Delegates as the team looks them up: a searchable, sortable list, a page at a time, with counts."""

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Delegate, Organisation, Sector, TrainingSession
from pscp_training.domain.enums import Attendance, BookingStatus
from pscp_training.domain.errors import InputError, NotFound
from pscp_training.domain.identity import key
from pscp_training.domain.people_records import DELEGATE_SORTS, DelegateSummary
from pscp_training.domain.records import DelegateRecord
from pscp_training.services.common.mapping import delegate_record
from pscp_training.services.people.people import delegate_word_matches


def _booking_counts(delegate_ids=None):
    """Per delegate: bookings, attendances and the latest session (for some delegates, or all)."""
    attended = and_(
        Booking.status == BookingStatus.BOOKED.value,
        Booking.attendance == Attendance.ATTENDED.value,
    )
    query = (
        select(
            Booking.delegate_id.label("delegate_id"),
            func.count(Booking.id).label("bookings"),
            func.sum(case((attended, 1), else_=0)).label("attended"),
            func.max(TrainingSession.start_at).label("last_session"),
        )
        .join(Booking.session)
        .group_by(Booking.delegate_id)
    )
    if delegate_ids is not None:
        query = query.where(Booking.delegate_id.in_(delegate_ids))
    return query


def search_condition(session: Session, text: str | None):
    """Every word must appear in the first or last name, the email, the organisation or sector.

    Compared on stored case-folded keys (and sector names folded here, as there are few),
    never with SQL lower(), which on SQLite folds only A-Z and so would miss "Łukasz".
    """
    words = [key(word) for word in (text or "").split()]
    if not words:
        return None
    sectors = [(sid, key(name)) for sid, name in session.execute(select(Sector.id, Sector.name))]
    conditions = []
    for word in words:
        in_sector = [sid for sid, name in sectors if word in name]
        conditions.append(
            or_(delegate_word_matches(word), Organisation.sector_id.in_(in_sector))
            if in_sector
            else delegate_word_matches(word)
        )
    return and_(*conditions)


def list_delegates(
    db: Database,
    search: str | None = None,
    *,
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
) -> list[DelegateSummary]:
    """One page of delegates matching the search, sorted in the database, with their counts.

    Raises InputError for a sort the list does not offer.
    """
    if sort not in DELEGATE_SORTS:
        raise InputError(f"The delegate list cannot be sorted by '{sort}'.")
    by_counts = sort in ("bookings", "attended", "last_session")
    # Sorting by a count needs every delegate's counts; any other order takes the page of
    # delegates from the index first and counts only their bookings, so that the list opens
    # as fast over a million bookings as over none.
    counts = _booking_counts().subquery() if by_counts else None
    name = (func.lower(Delegate.last_name), func.lower(Delegate.first_name))
    if by_counts:
        column = {"bookings": func.coalesce(counts.c.bookings, 0),
                  "attended": func.coalesce(counts.c.attended, 0),
                  "last_session": counts.c.last_session}[sort]
        orders = (column,)
    else:
        orders = {
            "name": name,
            "email": (Delegate.email_key,),
            "organisation": (Organisation.name_key,),
            "sector": (Sector.name,),
        }[sort]
    ordering = [o.desc() if descending else o.asc() for o in orders]
    # Blank values last whichever way round, then by name so equal values read alphabetically.
    ordering = [o.nulls_last() for o in ordering] + [*name, Delegate.id]
    query = select(Delegate).outerjoin(Delegate.organisation).outerjoin(Organisation.sector)
    if counts is not None:
        query = query.outerjoin(counts, counts.c.delegate_id == Delegate.id)
    with db.read() as session:
        condition = search_condition(session, search)
        if condition is not None:
            query = query.where(condition)
        query = query.order_by(*ordering).offset(offset).limit(limit)
        rows = list(session.scalars(query).unique())
        found = {
            r.delegate_id: r
            for r in session.execute(_booking_counts([row.id for row in rows]))
        } if rows else {}
        summaries = []
        for row in rows:
            c = found.get(row.id)
            summaries.append(DelegateSummary(
                delegate=delegate_record(row),
                bookings=int(c.bookings) if c else 0,
                attended=int(c.attended or 0) if c else 0,
                last_session=c.last_session if c else None,
            ))
        return summaries


def count_delegates(db: Database, search: str | None = None) -> int:
    """How many delegates match the search (for "123 delegates" under the list)."""
    query = (
        select(func.count(Delegate.id))
        .outerjoin(Delegate.organisation)
        .outerjoin(Organisation.sector)
    )
    with db.read() as session:
        condition = search_condition(session, search)
        if condition is not None:
            query = query.where(condition)
        return session.scalar(query) or 0


def delegate_for_editing(db: Database, delegate_id: int) -> tuple[DelegateRecord, int]:
    """A delegate as stored now and the version an edit of it must start from.

    The record carries the same version; both are given for callers that read it apart.
    Raises NotFound.
    """
    with db.read() as session:
        row = session.get(Delegate, delegate_id)
        if row is None:
            raise NotFound("That delegate no longer exists.")
        record = delegate_record(row)
        return record, record.version

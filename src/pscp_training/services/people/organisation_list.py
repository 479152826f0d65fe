"""Organisations as the team looks them up: searchable, sortable, a page at a time, with counts."""

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Delegate, Organisation, Sector
from pscp_training.domain.errors import InputError
from pscp_training.domain.identity import key
from pscp_training.domain.people_records import ORGANISATION_SORTS, OrganisationSummary
from pscp_training.services.common.mapping import organisation_record


def _where(session: Session, query, search: str | None):
    """Every word in the organisation's name, sector or type, whatever its script.

    Names are compared on the stored case-folded key; sectors and types (a short list
    each) are folded here, because SQLite's lower() folds only A-Z.
    """
    words = [key(word) for word in (search or "").split()]
    if not words:
        return query
    sectors = [(sid, key(name)) for sid, name in session.execute(select(Sector.id, Sector.name))]
    types = [t for t in session.scalars(select(Organisation.org_type).distinct()) if t]
    for word in words:
        query = query.where(or_(
            Organisation.name_key.contains(word, autoescape=True),
            Organisation.sector_id.in_([sid for sid, name in sectors if word in name]),
            Organisation.org_type.in_([t for t in types if word in key(t)]),
        ))
    return query


def list_organisations_page(
    db: Database,
    search: str | None = None,
    *,
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
) -> list[OrganisationSummary]:
    """One page of organisations whose name, sector or type contains every word searched.

    Raises InputError for a sort the list does not offer.
    """
    if sort not in ORGANISATION_SORTS:
        raise InputError(f"The organisation list cannot be sorted by '{sort}'.")
    people = (
        select(Delegate.organisation_id.label("organisation_id"), func.count().label("n"))
        .group_by(Delegate.organisation_id)
        .subquery()
    )
    column = {
        "name": Organisation.name_key,
        "sector": Sector.sort_order,
        "type": Organisation.org_type,
        "delegates": func.coalesce(people.c.n, 0),
        "registered": Organisation.registered,
        "active": Organisation.active,
    }[sort]
    order = (column.desc() if descending else column.asc()).nulls_last()
    query = (
        select(Organisation, people.c.n)
        .join(Organisation.sector)
        .outerjoin(people, people.c.organisation_id == Organisation.id)
        .order_by(order, Organisation.name_key)
        .offset(offset)
        .limit(limit)
    )
    with db.read() as session:
        return [
            OrganisationSummary(organisation_record(row), int(n or 0), bool(row.registered))
            for row, n in session.execute(_where(session, query, search))
        ]


def count_organisations(db: Database, search: str | None = None) -> int:
    query = select(func.count(Organisation.id)).join(Organisation.sector)
    with db.read() as session:
        return session.scalar(_where(session, query, search)) or 0

"""Sectors, organisations and delegates: finding, creating, editing and searching them."""

from difflib import get_close_matches

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Delegate, Organisation, Sector
from pscp_training.domain.errors import InputError, NotFound, RuleViolation
from pscp_training.domain.identity import (
    check_email,
    check_phone,
    clean,
    delegate_name_key,
    email_key,
    key,
    require_text,
)
from pscp_training.domain.records import DelegateRecord, OrganisationRecord, SectorRecord
from pscp_training.services.common.mapping import (
    delegate_record,
    organisation_record,
    sector_record,
)
from pscp_training.services.common.versions import check_version
from pscp_training.services.settings.charging_policy import rename_exempt_sector

# --- sectors -------------------------------------------------------------------------------


def find_sector(session: Session, name: str) -> Sector | None:
    return session.scalar(select(Sector).where(func.lower(Sector.name) == key(name)))


def ensure_sector(session: Session, name: str) -> tuple[Sector, bool]:
    """The sector of that name (case-insensitive), added at the end of the list if new."""
    name = require_text(name, "sector")
    found = find_sector(session, name)
    if found is not None:
        return found, False
    last = session.scalar(select(func.max(Sector.sort_order))) or 0
    sector = Sector(name=" ".join(name.split()), sort_order=last + 1)
    session.add(sector)
    session.flush()
    return sector, True


def listed_sector(session: Session, name: str) -> Sector:
    """A sector already on the list; a booking never adds one (a typo would stand in the report).

    Raises InputError naming the listed sectors (and the one the text resembles).
    """
    name = require_text(name, "sector")
    found = find_sector(session, name)
    if found is not None:
        return found
    names = list(session.scalars(select(Sector.name).order_by(Sector.sort_order, Sector.name)))
    close = get_close_matches(key(name), [key(n) for n in names], n=1, cutoff=0.75)
    hint = next((f" Did you mean '{n}'?" for n in names if close and key(n) == close[0]), "")
    raise InputError(
        f"'{' '.join(name.split())}' is not on the list of sectors.{hint} Choose one of: "
        + ", ".join(names)
        + " (a new sector is added in Settings, or by importing a register)."
    )


def list_sectors(db: Database, *, include_retired: bool = False) -> list[SectorRecord]:
    """The sectors offered for new organisations (with the retired ones too, if asked)."""
    with db.read() as session:
        query = select(Sector).order_by(Sector.sort_order, Sector.name)
        if not include_retired:
            query = query.where(Sector.retired.is_(False))
        return [sector_record(row) for row in session.scalars(query)]


def add_sector(db: Database, name: str) -> SectorRecord:
    """Add a sector to the list. Raises RuleViolation if it is already there."""
    with db.write() as session:
        if find_sector(session, require_text(name, "sector")) is not None:
            raise RuleViolation(f"The sector '{name.strip()}' is already on the list.")
        sector, _ = ensure_sector(session, name)
        return sector_record(sector)


def rename_sector(db: Database, sector_id: int, name: str) -> SectorRecord:
    with db.write() as session:
        sector = session.get(Sector, sector_id)
        if sector is None:
            raise NotFound("That sector no longer exists.")
        other = find_sector(session, require_text(name, "sector"))
        if other is not None and other.id != sector_id:
            raise RuleViolation(f"The sector '{name.strip()}' is already on the list.")
        old, sector.name = sector.name, " ".join(name.split())
        rename_exempt_sector(session, old, sector.name)
        return sector_record(sector)


# --- organisations -------------------------------------------------------------------------


def find_organisation(session: Session, name: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.name_key == key(name)))


def ensure_organisation(
    session: Session, name: str, sector: str | None, org_type: str | None = None
) -> tuple[Organisation, bool]:
    """The organisation of that name, created (in `sector`) when it does not exist yet.

    Raises InputError when it is new and no sector is given.
    """
    name = require_text(name, "organisation name")
    found = find_organisation(session, name)
    if found is not None:
        return found, False
    if not clean(sector):
        raise InputError(f"'{name}' is a new organisation: say which sector it belongs to.")
    sector_row = listed_sector(session, sector)
    organisation = Organisation(
        name=" ".join(name.split()), name_key=key(name), sector=sector_row, org_type=clean(org_type)
    )
    session.add(organisation)
    session.flush()
    return organisation, True


def list_organisations(
    db: Database, search: str | None = None, *, include_inactive: bool = True
) -> list[OrganisationRecord]:
    # Plain rows, not ORM objects: every form with an organisation box reads all 2,000.
    query = select(Organisation.id, Organisation.name, Sector.name, Organisation.org_type,
                   Organisation.active, Organisation.version).join(
        Sector, Sector.id == Organisation.sector_id).order_by(Organisation.name_key)
    if search and search.strip():
        query = query.where(Organisation.name_key.contains(key(search), autoescape=True))
    if not include_inactive:
        query = query.where(Organisation.active.is_(True))
    with db.read() as session:
        return [OrganisationRecord(id=id_, name=name, sector=sector, org_type=org_type,
                                   active=bool(active), version=version)
                for id_, name, sector, org_type, active, version in session.execute(query)]


def save_organisation(
    db: Database,
    *,
    organisation_id: int | None,
    name: str,
    sector: str,
    org_type: str | None = None,
    active: bool = True,
    expected_version: int | None = None,
) -> OrganisationRecord:
    """Create or edit an organisation.

    `expected_version` is the organisation's version when the person started editing it
    (None: not checked). Raises InputError (blank name or sector), RuleViolation (a name
    already in use), NotFound, StaleRecord (someone else saved it first).
    """
    with db.write() as session:
        name = require_text(name, "organisation name")
        sector_row, _ = ensure_sector(session, sector)
        other = find_organisation(session, name)
        if organisation_id is None:
            if other is not None:
                raise RuleViolation(f"There is already an organisation called '{other.name}'.")
            row = Organisation(name_key=key(name), sector=sector_row)
            session.add(row)
        else:
            row = session.get(Organisation, organisation_id)
            if row is None:
                raise NotFound("That organisation no longer exists.")
            check_version(row, expected_version, row.name)
            if other is not None and other.id != row.id:
                raise RuleViolation(f"There is already an organisation called '{other.name}'.")
        row.name = " ".join(name.split())
        row.name_key = key(name)
        row.sector = sector_row
        row.org_type = clean(org_type)
        row.active = active
        session.flush()
        return organisation_record(row)


# --- delegates -----------------------------------------------------------------------------


def find_delegate(
    session: Session, first_name: str, last_name: str, email: str | None, organisation: str | None
) -> Delegate | None:
    """The delegate a person is, by the identity rules: email, else name and organisation."""
    if email_key(email):
        return session.scalar(select(Delegate).where(Delegate.email_key == email_key(email)))
    return session.scalar(
        select(Delegate)
        .where(Delegate.email_key.is_(None))
        .where(Delegate.name_key == delegate_name_key(first_name, last_name, organisation))
        .order_by(Delegate.id)
        .limit(1)
    )


def _apply_delegate(
    row: Delegate,
    first_name: str,
    last_name: str,
    email: str | None,
    job_role: str | None,
    organisation: Organisation | None,
    phone: str | None = None,
) -> None:
    row.first_name = require_text(first_name, "first name")
    row.last_name = require_text(last_name, "last name")
    row.email = check_email(email)
    row.email_key = email_key(email)
    row.job_role = clean(job_role)
    row.phone = check_phone(phone)
    row.organisation = organisation
    row.name_key = delegate_name_key(
        row.first_name, row.last_name, organisation.name if organisation else None
    )


def ensure_delegate(
    session: Session,
    *,
    first_name: str,
    last_name: str,
    email: str | None = None,
    organisation: str | None = None,
    sector: str | None = None,
    job_role: str | None = None,
    phone: str | None = None,
) -> tuple[Delegate, bool]:
    """Find the delegate by the identity rules, or create them (and their organisation).

    A phone number given for someone already known fills in one they had not given;
    it never replaces one they had (that is an edit of the delegate).
    """
    first_name = require_text(first_name, "first name")
    last_name = require_text(last_name, "last name")
    email = check_email(email)
    phone = check_phone(phone)
    org = ensure_organisation(session, organisation, sector)[0] if clean(organisation) else None
    found = find_delegate(session, first_name, last_name, email, organisation)
    if found is not None:
        if phone and not found.phone:
            found.phone = phone
        return found, False
    row = Delegate()
    _apply_delegate(row, first_name, last_name, email, job_role, org, phone)
    session.add(row)
    session.flush()
    return row, True


def _check_email_free(session: Session, email: str | None, delegate_id: int | None) -> None:
    if not email_key(email):
        return
    other = session.scalar(select(Delegate).where(Delegate.email_key == email_key(email)))
    if other is not None and other.id != delegate_id:
        raise RuleViolation(
            f"{other.first_name} {other.last_name} already has the email address {email}; "
            "two delegates cannot share one."
        )


def save_delegate(
    db: Database,
    *,
    delegate_id: int | None,
    first_name: str,
    last_name: str,
    email: str | None = None,
    job_role: str | None = None,
    organisation_id: int | None = None,
    expected_version: int | None = None,
    phone: str | None = None,
) -> DelegateRecord:
    """Create or edit a delegate (every field as the form shows it: a blank one is cleared).

    Raises InputError (blank name, bad email or phone), RuleViolation (email in use),
    NotFound, StaleRecord (someone else saved the delegate first).
    """
    with db.write() as session:
        email = check_email(email)
        _check_email_free(session, email, delegate_id)
        organisation = None
        if organisation_id is not None:
            organisation = session.get(Organisation, organisation_id)
            if organisation is None:
                raise NotFound("That organisation no longer exists.")
        if delegate_id is None:
            row = Delegate()
            session.add(row)
        else:
            row = session.get(Delegate, delegate_id)
            if row is None:
                raise NotFound("That delegate no longer exists.")
            check_version(row, expected_version, f"{row.first_name} {row.last_name}")
        _apply_delegate(row, first_name, last_name, email, job_role, organisation, phone)
        session.flush()
        return delegate_record(row)


def get_delegate(db: Database, delegate_id: int) -> DelegateRecord:
    with db.read() as session:
        row = session.get(Delegate, delegate_id)
        if row is None:
            raise NotFound("That delegate no longer exists.")
        return delegate_record(row)


def _escaped(word: str) -> str:
    """A searched word for LIKE: a typed % or _ is looked for as itself, not as a wildcard."""
    return word.replace("/", "//").replace("%", "/%").replace("_", "/_")


def delegate_name_contains(word: str):
    """The delegate's first or last name contains `word` (already a key), in any script.

    Compared on the stored case-folded `name_key` ("first|last|organisation"), because
    SQLite's lower() folds only A-Z: "łukasz" must find "Łukasz" on every database. The
    pattern ends at a "|" so that the organisation part (kept as it was at the last save)
    never matches here.
    """
    return Delegate.name_key.like(f"%{_escaped(word)}%|%", escape="/")


def delegate_word_matches(word: str):
    """The delegate's name, email or organisation contains `word` (already a key)."""
    return or_(
        delegate_name_contains(word),
        Delegate.email_key.contains(word, autoescape=True),
        Organisation.name_key.contains(word, autoescape=True),
    )


def search_delegates(
    db: Database, text: str | None = None, *, offset: int = 0, limit: int | None = 50
) -> list[DelegateRecord]:
    """Delegates whose name, email or organisation contains every word, by last then first name."""
    with db.read() as session:
        query = select(Delegate).outerjoin(Delegate.organisation)
        for word in (text or "").split():
            query = query.where(delegate_word_matches(key(word)))
        query = query.order_by(
            func.lower(Delegate.last_name), func.lower(Delegate.first_name), Delegate.id
        )
        query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return [delegate_record(row) for row in session.scalars(query)]

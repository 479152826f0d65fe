"""Keeping the sector list tidy: merge one sector into another, retire one, remove an unused one.

Adding and renaming are in `people` (the import and the organisation dialog add sectors too).
A sector is never deleted while anything counts under it: bookings keep the sector they had
when made, so past years' figures stay as they were; merging moves them all to the sector kept.
"""

from sqlalchemy import func, select, update

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Organisation, Sector
from pscp_training.domain.errors import NotFound, RuleViolation
from pscp_training.domain.records import SectorRecord
from pscp_training.services.common.mapping import sector_record
from pscp_training.services.settings.charging_policy import rename_exempt_sector


def _get(session, sector_id: int) -> Sector:
    sector = session.get(Sector, sector_id)
    if sector is None:
        raise NotFound("That sector is no longer on the list.")
    return sector


def _uses(session, sector_id: int) -> tuple[int, int]:
    organisations = session.scalar(
        select(func.count()).select_from(Organisation).where(Organisation.sector_id == sector_id)
    ) or 0
    booked = session.scalar(
        select(func.count()).select_from(Booking).where(Booking.sector_id == sector_id)
    ) or 0
    return organisations, booked


def merge_sector(db: Database, sector_id: int, into_id: int) -> SectorRecord:
    """Move every organisation and booking of one sector to another and drop the first.

    For a sector added by a typo, or two names for the same thing. Returns the sector kept.
    Raises NotFound, RuleViolation (the same sector).
    """
    if sector_id == into_id:
        raise RuleViolation("Choose a different sector to merge into.")
    with db.write() as session:
        gone, kept = _get(session, sector_id), _get(session, into_id)
        session.execute(
            update(Organisation).where(Organisation.sector_id == gone.id).values(sector_id=kept.id)
        )
        session.execute(update(Booking).where(Booking.sector_id == gone.id).values(sector_id=kept.id))
        rename_exempt_sector(session, gone.name, kept.name)
        session.delete(gone)
        session.flush()
        session.expire_all()
        return sector_record(_get(session, into_id))


def set_sector_retired(db: Database, sector_id: int, retired: bool) -> SectorRecord:
    """Retire a sector (past figures keep it; it is not offered for new rows), or bring it back.

    Raises NotFound, RuleViolation (the last sector in use).
    """
    with db.write() as session:
        sector = _get(session, sector_id)
        if retired and not sector.retired:
            others = session.scalar(
                select(func.count()).select_from(Sector)
                .where(Sector.retired.is_(False), Sector.id != sector.id)
            )
            if not others:
                raise RuleViolation("At least one sector must stay in use.")
        sector.retired = retired
        session.flush()
        return sector_record(sector)


def remove_sector(db: Database, sector_id: int) -> str:
    """Take an unused sector off the list. Returns its name.

    Raises NotFound, RuleViolation (organisations or bookings still count under it: merge or
    retire it instead).
    """
    with db.write() as session:
        sector = _get(session, sector_id)
        organisations, booked = _uses(session, sector.id)
        if organisations or booked:
            raise RuleViolation(
                f"'{sector.name}' is the sector of {organisations} organisation(s) and "
                f"{booked} booking(s), so it cannot be removed. Merge it into another sector, "
                "or retire it to keep its past figures."
            )
        name = sector.name
        rename_exempt_sector(session, name, None)
        session.delete(sector)
        return name

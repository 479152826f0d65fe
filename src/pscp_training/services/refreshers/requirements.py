"""Refresher requirements: list, add, change and remove them (Settings > Refreshers)."""

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Course, Sector
from pscp_training.db.models_refresher import RefresherCourse, RefresherRequirement, RefresherSector
from pscp_training.domain.errors import InputError, NotFound, StaleRecord
from pscp_training.domain.identity import clean, key
from pscp_training.domain.refresher_records import RequirementRecord
from pscp_training.domain.refreshers import MAX_PERIOD_YEARS, SafeguardingRole, parse_role


@dataclass(frozen=True)
class RequirementForm:
    name: str
    period_years: int
    course_codes: tuple[str, ...]
    roles: tuple[SafeguardingRole, ...] = ()
    sectors: tuple[str, ...] = ()


def _roles(text: str) -> tuple[SafeguardingRole, ...]:
    return tuple(SafeguardingRole(r) for r in (text or "").split(",") if r)


def requirement_record(session: Session, row: RefresherRequirement) -> RequirementRecord:
    codes = session.scalars(
        select(Course.code)
        .join(RefresherCourse, RefresherCourse.course_id == Course.id)
        .where(RefresherCourse.requirement_id == row.id)
        .order_by(Course.code)
    ).all()
    sectors = session.scalars(
        select(Sector.name)
        .join(RefresherSector, RefresherSector.sector_id == Sector.id)
        .where(RefresherSector.requirement_id == row.id)
        .order_by(Sector.sort_order, Sector.name)
    ).all()
    return RequirementRecord(
        id=row.id,
        name=row.name,
        period_years=row.period_years,
        course_codes=tuple(codes),
        roles=_roles(row.roles),
        sectors=tuple(sectors),
        version=row.version,
    )


def read_requirements(session: Session) -> list[RequirementRecord]:
    rows = session.scalars(
        select(RefresherRequirement).order_by(func.lower(RefresherRequirement.name))
    ).all()
    return [requirement_record(session, row) for row in rows]


def list_requirements(db: Database) -> list[RequirementRecord]:
    """Every requirement, by name."""
    with db.read() as session:
        return read_requirements(session)


def _checked(session: Session, form: RequirementForm) -> tuple[str, int, list[int], list[int], str]:
    name = " ".join((form.name or "").split())
    if not name:
        raise InputError("Give the requirement a name, e.g. DSL training.")
    if len(name) > 200:
        raise InputError(f"The requirement's name is {len(name)} characters; at most 200.")
    try:
        years = int(form.period_years)
    except (TypeError, ValueError):
        raise InputError(f"'{form.period_years}' is not a number of years.") from None
    if not 1 <= years <= MAX_PERIOD_YEARS:
        raise InputError(f"Training stays in date for 1 to {MAX_PERIOD_YEARS} years; {years} was given.")
    codes = [c for c in (clean(c) for c in form.course_codes) if c]
    if not codes:
        raise InputError("Choose at least one course whose attendance satisfies the requirement.")
    found = dict(session.execute(
        select(func.lower(Course.code), Course.id).where(func.lower(Course.code).in_([key(c) for c in codes]))
    ).all())
    missing = [c for c in codes if key(c) not in found]
    if missing:
        raise InputError(f"There is no course with the code {', '.join(missing)}.")
    sector_ids = []
    for sector in form.sectors:
        sid = session.scalar(select(Sector.id).where(func.lower(Sector.name) == key(sector)))
        if sid is None:
            raise InputError(f"There is no sector called '{sector}'.")
        sector_ids.append(sid)
    roles = []
    for role in form.roles:
        try:
            roles.append(parse_role(role))
        except ValueError:
            raise InputError(f"'{role}' is not a safeguarding role (DSL or deputy DSL).") from None
    role_text = ",".join(dict.fromkeys(r.value for r in roles if r))
    return name, years, sorted(set(found[key(c)] for c in codes)), sorted(set(sector_ids)), role_text


def save_requirement(
    db: Database,
    form: RequirementForm,
    *,
    requirement_id: int | None = None,
    expected_version: int | None = None,
) -> RequirementRecord:
    """Add a requirement, or change one. Raises InputError (blank or taken name, period out of
    range, no or unknown course, unknown sector or role), NotFound, StaleRecord (changed by
    someone else since `expected_version`)."""
    with db.write() as session:
        name, years, course_ids, sector_ids, roles = _checked(session, form)
        taken = session.scalar(
            select(RefresherRequirement.id).where(
                func.lower(RefresherRequirement.name) == name.lower(),
                RefresherRequirement.id != (requirement_id or -1),
            )
        )
        if taken is not None:
            raise InputError(f"There is already a requirement called '{name}'.")
        if requirement_id is None:
            row = RefresherRequirement(name=name, period_years=years, roles=roles)
            session.add(row)
        else:
            row = session.get(RefresherRequirement, requirement_id)
            if row is None:
                raise NotFound("That requirement no longer exists.")
            if expected_version is not None and row.version != expected_version:
                raise StaleRecord(
                    f"Someone else changed the requirement '{row.name}' meanwhile; "
                    "it is shown again as it is now."
                )
            row.name, row.period_years, row.roles = name, years, roles
            session.execute(delete(RefresherCourse).where(RefresherCourse.requirement_id == row.id))
            session.execute(delete(RefresherSector).where(RefresherSector.requirement_id == row.id))
        session.flush()
        session.add_all(RefresherCourse(requirement_id=row.id, course_id=c) for c in course_ids)
        session.add_all(RefresherSector(requirement_id=row.id, sector_id=s) for s in sector_ids)
        session.flush()
        return requirement_record(session, row)


def delete_requirement(db: Database, requirement_id: int) -> None:
    """Remove a requirement (attendances and roles stay). Raises NotFound."""
    with db.write() as session:
        row = session.get(RefresherRequirement, requirement_id)
        if row is None:
            raise NotFound("That requirement no longer exists.")
        session.execute(delete(RefresherCourse).where(RefresherCourse.requirement_id == row.id))
        session.execute(delete(RefresherSector).where(RefresherSector.requirement_id == row.id))
        session.delete(row)

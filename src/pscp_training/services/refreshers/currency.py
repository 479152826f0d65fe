"""Who is in date: each person's last qualifying attendance (found in the database), the day
it runs out, and their status; and for each organisation, whether one of them is in date."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, select, true
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Course, Delegate, Organisation, Sector, TrainingSession
from pscp_training.db.models_refresher import RefresherCourse, RefresherSector
from pscp_training.domain.enums import Attendance, BookingStatus, SessionStatus
from pscp_training.domain.errors import InputError, NotFound
from pscp_training.domain.identity import key
from pscp_training.domain.refresher_records import (
    OrganisationCurrency,
    PersonCurrency,
    RequirementRecord,
)
from pscp_training.domain.refreshers import (
    SafeguardingRole,
    Term,
    currency,
    due_date,
    is_due_before,
    school_term,
)
from pscp_training.domain.years import local_to_utc, now_utc, to_local
from pscp_training.services.refreshers.refresher_settings import read_due_soon_months
from pscp_training.services.refreshers.requirements import read_requirements

ORGANISATION_SORTS = ("next_due", "in_date_until", "name", "sector", "status")


def local_today(now: datetime | None = None) -> date:
    return to_local(now or now_utc()).date()


def day_end_utc(day: date) -> datetime:
    """The first instant after `day` in Europe/London, in UTC: sessions before it have run."""
    return local_to_utc(datetime.combine(day + timedelta(days=1), time()))


def _courses(requirement_id: int):
    return select(RefresherCourse.course_id).where(RefresherCourse.requirement_id == requirement_id)


def applies_to(requirement: RequirementRecord):
    """The condition on Delegate (joined to Organisation) for the people a requirement covers."""
    roles = [r.value for r in requirement.roles]
    role_ok = Delegate.safeguarding_role.in_(roles) if roles else true()
    sector_ok = (
        Organisation.sector_id.in_(
            select(RefresherSector.sector_id).where(RefresherSector.requirement_id == requirement.id)
        )
        if requirement.sectors
        else true()
    )
    return and_(role_ok, sector_ok)


def _qualifying(requirement: RequirementRecord, before: datetime, course_ids=None):
    """Attended places on sessions of its courses that ran (not cancelled) before `before`."""
    return and_(
        Booking.status == BookingStatus.BOOKED.value,
        Booking.attendance == Attendance.ATTENDED.value,
        TrainingSession.status != SessionStatus.CANCELLED.value,
        TrainingSession.course_id.in_(
            _courses(requirement.id) if course_ids is None else course_ids
        ),
        TrainingSession.start_at < before,
    )


def _last_sessions(session: Session, requirement: RequirementRecord, before: datetime, people):
    """Each person's newest qualifying attendance and its session, and the condition joining
    it to Delegate, in one pass over each person's own bookings (the delegate index).

    On SQLite an aggregate query whose plain columns come from the row holding max() (SQLite
    documents this). On PostgreSQL a LATERAL subquery per person (newest first, LIMIT 1),
    over the requirement's courses given as a list: with them as a subquery, the planner
    (which takes a small, never-analysed refresher_courses to hold one row) probed every
    person's bookings once per course - 1.4 s instead of 0.1 s on a million bookings.
    """
    if session.get_bind().dialect.name == "sqlite":
        last = (
            select(Booking.delegate_id)
            .join(TrainingSession, TrainingSession.id == Booking.session_id)
            .join(Course, Course.id == TrainingSession.course_id)
            .where(_qualifying(requirement, before))
            .where(Booking.delegate_id.in_(select(people.c.id)))
            .add_columns(
                TrainingSession.id.label("session_id"),
                func.max(TrainingSession.start_at).label("start_at"),
                Course.code,
                Course.title,
            )
            .group_by(Booking.delegate_id)
            .subquery("last_session")
        )
        return last, last.c.delegate_id == Delegate.id
    course_ids = list(session.scalars(_courses(requirement.id)))
    last = (
        select(TrainingSession.id.label("session_id"), TrainingSession.start_at, Course.code,
               Course.title)
        .select_from(Booking)
        .join(TrainingSession, TrainingSession.id == Booking.session_id)
        .join(Course, Course.id == TrainingSession.course_id)
        .where(Booking.delegate_id == Delegate.id, _qualifying(requirement, before, course_ids))
        .order_by(TrainingSession.start_at.desc(), TrainingSession.id.desc())
        .limit(1)
        .lateral("last_session")
    )
    return last, true()


def read_people(
    session: Session,
    requirement: RequirementRecord,
    *,
    today: date,
    as_of: date | None = None,
    due_soon_months: int,
    sector: str | None = None,
    org_type: str | None = None,
    organisation_id: int | None = None,
    delegate_id: int | None = None,
) -> list[PersonCurrency]:
    """Everyone the requirement applies to (or those of one sector, type, organisation, person),
    with attendances counted up to `as_of` (default today) and statuses on that day."""
    as_of = as_of or today
    before = day_end_utc(as_of)
    people = (
        select(Delegate.id)
        .join(Organisation, Organisation.id == Delegate.organisation_id)
        .where(applies_to(requirement))
    )
    if sector:
        people = people.join(Sector, Sector.id == Organisation.sector_id).where(
            func.lower(Sector.name) == key(sector)
        )
    if org_type:
        people = people.where(func.lower(Organisation.org_type) == key(org_type))
    if organisation_id is not None:
        people = people.where(Organisation.id == organisation_id)
    if delegate_id is not None:
        people = people.where(Delegate.id == delegate_id)
    people = people.cte("people")
    last_session, joined = _last_sessions(session, requirement, before, people)
    query = (
        select(
            Delegate.id, Delegate.first_name, Delegate.last_name, Delegate.email,
            Delegate.safeguarding_role, Organisation.id.label("org_id"),
            Organisation.name.label("org"), Sector.name.label("sector"), Organisation.org_type,
            last_session.c.session_id, last_session.c.start_at, last_session.c.code,
            last_session.c.title,
        )
        .join(people, people.c.id == Delegate.id)
        .join(Organisation, Organisation.id == Delegate.organisation_id)
        .join(Sector, Sector.id == Organisation.sector_id)
        .outerjoin(last_session, joined)
        .order_by(func.lower(Organisation.name), Organisation.id,
                  func.lower(Delegate.last_name), func.lower(Delegate.first_name), Delegate.id)
    )
    found: dict[int, PersonCurrency] = {}
    name, years = requirement.name, requirement.period_years
    # Plain rows through the connection, unpacked once: the page builds a record for each of
    # some 1,500 people, and reading a Row's fields by name cost as much as the query.
    for (delegate_id, first_name, last_name, email, role, org_id, org, sector_name, org_type,
         session_id, start_at, code, title) in session.connection().execute(query):
        last_day = to_local(start_at).date() if start_at is not None else None
        due = due_date(last_day, years)
        found[delegate_id] = PersonCurrency(
            delegate_id=delegate_id, first_name=first_name, last_name=last_name, email=email,
            organisation_id=org_id, organisation=org, sector=sector_name, org_type=org_type,
            role=_ROLES.get(role) if role else None, requirement=name,
            last_session_id=session_id, last_course_code=code, last_course_title=title,
            last_session_start=start_at, last_attended=last_day, due=due,
            status=currency(due, as_of, due_soon_months),
        )
    return list(found.values())


# An unknown stored role reads as none, as before.
_ROLES = {role.value: role for role in SafeguardingRole}


def chosen_requirement(session: Session, requirement_id: int | None) -> RequirementRecord | None:
    requirements = read_requirements(session)
    if requirement_id is None:
        return requirements[0] if requirements else None
    chosen = next((r for r in requirements if r.id == requirement_id), None)
    if chosen is None:
        raise NotFound("That requirement no longer exists.")
    return chosen


def _sort_key(sort: str):
    far = date.max
    if sort == "next_due":
        # Nobody in the role, or someone never trained, is due now: first.
        return lambda o: (0 if not o.people else 1 if o.anyone_untrained else 2,
                          o.next_due or far, o.name.casefold())
    if sort == "in_date_until":
        return lambda o: (o.in_date_until or date.min, o.name.casefold())
    if sort == "sector":
        return lambda o: ((o.sector or "").casefold(), o.name.casefold())
    if sort == "status":
        order = {"Nobody in the role recorded": 0, "Never trained": 1, "Overdue": 2, "In date": 3}
        return lambda o: (order[o.summary], o.next_due or far, o.name.casefold())
    return lambda o: o.name.casefold()


def organisations(
    db: Database,
    requirement_id: int | None = None,
    *,
    sector: str | None = None,
    org_type: str | None = None,
    sort: str = "next_due",
    descending: bool = False,
    now: datetime | None = None,
) -> list[OrganisationCurrency]:
    """Each organisation the requirement covers (on the register, or with someone in the role),
    with its people, sorted (next due: nobody trained first, then the soonest). Raises
    InputError for an unknown sort, NotFound."""
    if sort not in ORGANISATION_SORTS:
        raise InputError(f"The refreshers list cannot be sorted by '{sort}'.")
    today = local_today(now)
    with db.read() as session:
        requirement = chosen_requirement(session, requirement_id)
        if requirement is None:
            return []
        people = read_people(
            session, requirement, today=today, due_soon_months=read_due_soon_months(session),
            sector=sector, org_type=org_type,
        )
        by_org: dict[int, list[PersonCurrency]] = {}
        for person in people:
            by_org.setdefault(person.organisation_id, []).append(person)
        query = (
            select(Organisation.id, Organisation.name, Sector.name, Organisation.org_type)
            .join(Sector, Sector.id == Organisation.sector_id)
            .where(Organisation.active.is_(True), Organisation.registered.is_(True))
        )
        if requirement.sectors:
            query = query.where(Organisation.sector_id.in_(
                select(RefresherSector.sector_id)
                .where(RefresherSector.requirement_id == requirement.id)))
        if sector:
            query = query.where(func.lower(Sector.name) == key(sector))
        if org_type:
            query = query.where(func.lower(Organisation.org_type) == key(org_type))
        names = {oid: (name, sec, kind) for oid, name, sec, kind in session.execute(query)}
    for person in people:
        names.setdefault(person.organisation_id,
                         (person.organisation, person.sector, person.org_type))
    rows = [
        OrganisationCurrency(oid, name, sec, kind, tuple(by_org.get(oid, ())))
        for oid, (name, sec, kind) in names.items()
    ]
    return sort_organisations(rows, sort, descending)


def sort_organisations(
    rows: list[OrganisationCurrency], sort: str = "next_due", descending: bool = False
) -> list[OrganisationCurrency]:
    """The whole list in the order asked for (a screen re-sorts what it holds, all of it).
    Raises InputError for an unknown sort."""
    if sort not in ORGANISATION_SORTS:
        raise InputError(f"The refreshers list cannot be sorted by '{sort}'.")
    return sorted(rows, key=_sort_key(sort), reverse=descending)


def due_before(
    db: Database, cutoff: date, *, sector: str | None = None, now: datetime | None = None
) -> list[PersonCurrency]:
    """Everyone a requirement applies to whose training runs out before `cutoff` (strictly),
    the overdue and the never trained included, soonest first (never trained first)."""
    today = local_today(now)
    found: list[PersonCurrency] = []
    with db.read() as session:
        months = read_due_soon_months(session)
        for requirement in read_requirements(session):
            found.extend(
                p for p in read_people(session, requirement, today=today, due_soon_months=months,
                                       sector=sector)
                if is_due_before(p.due, cutoff)
            )
    found.sort(key=lambda p: (p.due is not None, p.due or date.min,
                              (p.organisation or "").casefold(), p.last_name.casefold()))
    return found


def delegate_currency(
    db: Database, delegate_id: int, *, now: datetime | None = None
) -> list[PersonCurrency]:
    """The requirements that apply to one delegate, with their currency (the training record)."""
    today = local_today(now)
    with db.read() as session:
        months = read_due_soon_months(session)
        return [
            person
            for requirement in read_requirements(session)
            for person in read_people(session, requirement, today=today, due_soon_months=months,
                                      delegate_id=delegate_id)
        ]


def due_this_term(
    db: Database, *, now: datetime | None = None
) -> tuple[Term, list[PersonCurrency]]:
    """The term today falls in, and who needs training before it ends (overdue included)."""
    term = school_term(local_today(now))
    return term, due_before(db, term.end + timedelta(days=1), now=now)


def filter_choices(db: Database) -> tuple[list[str], list[str]]:
    """The sectors and organisation types to filter the Refreshers page by."""
    with db.read() as session:
        sectors = session.scalars(select(Sector.name).order_by(Sector.sort_order, Sector.name)).all()
        types = session.scalars(
            select(Organisation.org_type).where(Organisation.org_type.is_not(None))
            .distinct().order_by(Organisation.org_type)
        ).all()
    return list(sectors), [t for t in types if t]


def people_of(records: Iterable[OrganisationCurrency]) -> list[PersonCurrency]:
    return [p for o in records for p in o.people]

"""The demo's refresher requirement ("DSL training") and the DSLs and deputies of its schools."""

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pscp_training.db.models import Booking, Course, Delegate, Organisation, Sector, TrainingSession
from pscp_training.db.models_refresher import RefresherCourse, RefresherRequirement, RefresherSector
from pscp_training.domain.enums import Attendance, BookingStatus, SessionStatus
from pscp_training.domain.refreshers import SafeguardingRole
from pscp_training.services.demo.organisations import EARLY_YEARS, EDUCATION

DSL_CODES = ("DSL-NEW", "DSL-REF", "DSL-EY")
SECTORS = (EDUCATION, EARLY_YEARS)
# One school in this many has had its DSL leave: its lead's role is recorded on someone
# never trained; in one in OLD_DSL_EVERY the leads are its earliest attendees, whose training
# has often run out. So the Refreshers page shows every status.
NEW_DSL_EVERY = 11
OLD_DSL_EVERY = 4


def add_demo_refreshers(session: Session) -> int:
    """The requirement, and roles from the demo's own attendances: in each school or setting the
    most recent DSL-course attendee is its DSL and the one before them its deputy. Returns how
    many delegates were given a role."""
    requirement = RefresherRequirement(
        name="DSL training", period_years=2,
        roles=f"{SafeguardingRole.DSL.value},{SafeguardingRole.DEPUTY_DSL.value}",
    )
    session.add(requirement)
    session.flush()
    course_ids = session.scalars(select(Course.id).where(Course.code.in_(DSL_CODES))).all()
    sector_ids = session.scalars(select(Sector.id).where(Sector.name.in_(SECTORS))).all()
    session.add_all(RefresherCourse(requirement_id=requirement.id, course_id=c) for c in course_ids)
    session.add_all(RefresherSector(requirement_id=requirement.id, sector_id=s) for s in sector_ids)
    last = func.max(TrainingSession.start_at)
    attendees = session.execute(
        select(Delegate.id, Delegate.organisation_id, last)
        .join(Booking, Booking.delegate_id == Delegate.id)
        .join(TrainingSession, TrainingSession.id == Booking.session_id)
        .join(Organisation, Organisation.id == Delegate.organisation_id)
        .where(
            TrainingSession.course_id.in_(course_ids),
            TrainingSession.status != SessionStatus.CANCELLED.value,
            Booking.status == BookingStatus.BOOKED.value,
            Booking.attendance == Attendance.ATTENDED.value,
            Organisation.sector_id.in_(sector_ids),
        )
        .group_by(Delegate.id, Delegate.organisation_id)
        .order_by(Delegate.organisation_id, last.desc(), Delegate.id)
    ).all()
    by_org: dict[int, list[int]] = {}
    for delegate_id, organisation_id, _ in attendees:
        by_org.setdefault(organisation_id, []).append(delegate_id)
    chosen = {
        org: (ids[-2:][::-1] if org % OLD_DSL_EVERY == 0 else ids[:2])
        for org, ids in by_org.items()
    }
    untrained = dict(session.execute(
        select(Delegate.organisation_id, func.min(Delegate.id))
        .where(Delegate.organisation_id.in_(
            [o for o in chosen if o % NEW_DSL_EVERY == 0]),
            Delegate.id.not_in([d for ids in by_org.values() for d in ids]))
        .group_by(Delegate.organisation_id)
    ).all())
    roles: dict[int, str] = {}
    for organisation_id, ids in chosen.items():
        if organisation_id in untrained:
            ids = [untrained[organisation_id], *ids[1:]]
        roles[ids[0]] = SafeguardingRole.DSL.value
        for deputy in ids[1:]:
            roles[deputy] = SafeguardingRole.DEPUTY_DSL.value
    for role in SafeguardingRole:
        ids = [d for d, r in roles.items() if r == role.value]
        for start in range(0, len(ids), 500):
            session.execute(update(Delegate).where(Delegate.id.in_(ids[start:start + 500]))
                            .values(safeguarding_role=role.value))
    return len(roles)

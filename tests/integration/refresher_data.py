"""A small hand-counted partnership for the refresher tests (see `story` for who is due when)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from pscp_training.db.models import Organisation, TrainingSession
from pscp_training.domain.enums import Agency, Attendance
from pscp_training.domain.refreshers import SafeguardingRole
from pscp_training.services.bookings import bookings
from pscp_training.services.refreshers import requirements, roles
from pscp_training.services.sessions import attendance
from tests import factories

# 3 December 2026, 10:00 UTC: the Autumn term 2026 ends on 31 December.
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


def at(y, m, d, hour=9, minute=30):
    return datetime(y, m, d, hour, minute, tzinfo=UTC)


@dataclass
class Story:
    requirement: object
    ann: object
    ben: object
    cat: object
    dan: object
    eve: object
    fay: object
    school_a: object
    school_b: object
    school_c: object
    new_course: object
    ref_course: object
    other_course: object


def trained(db, course, start, person, mark=Attendance.ATTENDED, capacity=30):
    session = factories.session(db, course_id=course.id, start=start, capacity=capacity)
    booking = bookings.book(db, session_id=session.id, delegate_id=person.id,
                            now=start - timedelta(days=20))
    attendance.mark_register(db, session.id, {booking.id: mark}, now=start + timedelta(hours=4))
    return session


def story(db) -> Story:
    """Schools A and B (Education, primary) and C (Education, secondary, on the register with
    nobody in the role); a Health organisation.

    - Ann, DSL of A: DSL-NEW on 3 March 2025, so due 3 March 2027.
    - Ben, deputy DSL of A: DSL-NEW on 29 February 2024 (due 28 February 2026), then an early
      DSL-REF on 1 December 2025: due 1 December 2027.
    - Cat, DSL of B: absent from DSL-REF (1 June 2026), attended an unrelated course, and
      attended a DSL-REF session that was later cancelled: never trained.
    - Dan, no role, of A: attended DSL-NEW; the requirement does not apply to him.
    - Eve, DSL of a Health organisation: outside the requirement's sectors.
    - Fay, DSL of B: DSL-REF on 2 October 2024 (due 2 October 2026): overdue on NOW.
    """
    new = factories.course(db, code="DSL-NEW", category="DSL", agency=Agency.MULTI)
    ref = factories.course(db, code="DSL-REF", category="DSL", agency=Agency.MULTI)
    other = factories.course(db, code="WT-1", category="Working Together", agency=Agency.MULTI)
    school_a = factories.organisation(db, "Arundel Court Primary School", "Education")
    school_b = factories.organisation(db, "Bramble Infant School", "Education")
    school_c = factories.organisation(db, "Cottage Grove Secondary", "Education")
    with db.write() as session:
        session.execute(update(Organisation).values(registered=True))
        session.execute(update(Organisation).where(Organisation.id.in_([school_a.id, school_b.id]))
                        .values(org_type="Primary"))
        session.execute(update(Organisation).where(Organisation.id == school_c.id)
                        .values(org_type="Secondary"))
    ann = factories.delegate(db, "Ann", "Archer", org=school_a.name)
    ben = factories.delegate(db, "Ben", "Baker", org=school_a.name)
    cat = factories.delegate(db, "Cat", "Cole", org=school_b.name)
    dan = factories.delegate(db, "Dan", "Dale", org=school_a.name)
    eve = factories.delegate(db, "Eve", "Evans", org="St Mary's Hospital", sector="Health")
    fay = factories.delegate(db, "Fay", "Ford", org=school_b.name)
    for person, role in ((ann, "dsl"), (ben, "deputy_dsl"), (cat, "dsl"), (eve, "dsl"),
                         (fay, "dsl")):
        roles.set_safeguarding_role(db, person.id, role)
    requirement = requirements.save_requirement(db, requirements.RequirementForm(
        name="DSL training", period_years=2, course_codes=("DSL-NEW", "DSL-REF"),
        roles=(SafeguardingRole.DSL, SafeguardingRole.DEPUTY_DSL), sectors=("Education",),
    ))
    trained(db, new, at(2025, 3, 3), ann)
    trained(db, new, at(2024, 2, 29), ben)
    trained(db, ref, at(2025, 12, 1), ben)
    trained(db, ref, at(2026, 6, 1), cat, Attendance.ABSENT)
    trained(db, other, at(2026, 5, 5), cat)
    cancelled = trained(db, ref, at(2026, 7, 7), cat)
    with db.write() as session:
        session.execute(update(TrainingSession).where(TrainingSession.id == cancelled.id)
                        .values(status="cancelled"))
    trained(db, new, at(2025, 9, 9), dan)
    trained(db, new, at(2025, 9, 10), eve)
    trained(db, ref, at(2024, 10, 2), fay)
    return Story(requirement, ann, ben, cat, dan, eve, fay, school_a, school_b, school_c,
                 new, ref, other)

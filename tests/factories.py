"""Small helpers that make courses, sessions and delegates through the real services."""

from datetime import UTC, datetime, timedelta
from itertools import count

from pscp_training.domain.enums import Agency, Delivery
from pscp_training.services.people import people
from pscp_training.services.sessions import catalogue

_numbers = count(1)

# A fixed "now" for tests: Wednesday 1 June 2022, 10:00 UTC (financial year 2022-23).
NOW = datetime(2022, 6, 1, 10, 0, tzinfo=UTC)


def course(db, *, code=None, title=None, agency=Agency.MULTI, category="DSL", capacity=None):
    n = next(_numbers)
    return catalogue.save_course(
        db,
        catalogue.CourseForm(
            code=code or f"C{n:03d}",
            title=title or f"Course {n}",
            agency=agency,
            category=category,
            default_capacity=capacity,
        ),
    )


def session(db, *, course_id=None, start=None, capacity=2, agency=Agency.MULTI, hours=3,
            commissioning_organisation=None):
    if course_id is None:
        course_id = course(db, agency=agency).id
    start = start or NOW + timedelta(days=14)
    return catalogue.create_session(
        db,
        catalogue.SessionForm(
            course_id=course_id,
            start=start,
            end=start + timedelta(hours=hours),
            delivery=Delivery.IN_PERSON,
            venue="Civic Offices",
            capacity=capacity,
            commissioning_organisation=commissioning_organisation,
        ),
    )


def organisation(db, name="Arundel Court Primary School", sector="Education"):
    existing = [o for o in people.list_organisations(db) if o.name == name]
    if existing:
        return existing[0]
    return people.save_organisation(db, organisation_id=None, name=name, sector=sector)


def delegate(db, first="Zoë", last=None, *, email=None, org="Arundel Court Primary School",
             sector="Education", phone=None):
    n = next(_numbers)
    organisation_id = organisation(db, org, sector).id if org else None
    return people.save_delegate(
        db,
        delegate_id=None,
        first_name=first,
        last_name=last or f"Person{n}",
        email=email if email is not None else f"delegate{n}@example.org",
        organisation_id=organisation_id,
        phone=phone,
    )

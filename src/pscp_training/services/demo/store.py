"""Writes a demo plan in a few batched inserts inside the caller's one transaction."""

from collections.abc import Callable

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from pscp_training.db.models import (
    Booking,
    Course,
    Delegate,
    Headcount,
    Organisation,
    Sector,
    TrainingSession,
)
from pscp_training.db.models_evaluation import Evaluation
from pscp_training.domain.evaluation_records import RATING_QUESTIONS, TEXT_QUESTIONS
from pscp_training.domain.identity import delegate_name_key, email_key, key
from pscp_training.services.demo.catalogue import PROGRAMME_TEXT
from pscp_training.services.demo.plan import DemoPlan
from pscp_training.services.people.people import ensure_sector

EVALUATION_FIELDS = (
    *(name for name, *_ in RATING_QUESTIONS), *(name for name, _ in TEXT_QUESTIONS),
    "consent_to_quote",
)


def _insert_returning_ids(session: Session, model, rows: list[dict]) -> list[int]:
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, rows))


def _programme_columns(code: str) -> dict[str, str | None]:
    text = PROGRAMME_TEXT.get(code)
    if text is None:
        return {"audience": None, "learning_outcomes": None, "how_to_book": None}
    return {"audience": text.audience, "learning_outcomes": "\n".join(text.outcomes),
            "how_to_book": text.how_to_book}


def _sector_ids(session: Session, plan: DemoPlan) -> dict[str, int]:
    for name in {org.sector for org in plan.organisations}:
        ensure_sector(session, name)
    return {name.casefold(): sid for sid, name in session.execute(select(Sector.id, Sector.name))}


def write_plan(session: Session, plan: DemoPlan, step: Callable[[], None]) -> None:
    """Insert everything the plan holds; `step` is called after each table."""
    sectors = _sector_ids(session, plan)
    org_sector = [sectors[org.sector.casefold()] for org in plan.organisations]
    org_ids = _insert_returning_ids(
        session,
        Organisation,
        [
            {"name": org.name, "name_key": key(org.name), "sector_id": org_sector[i],
             "org_type": org.org_type, "registered": True}
            for i, org in enumerate(plan.organisations)
        ],
    )
    course_ids = _insert_returning_ids(
        session,
        Course,
        [
            {"code": c.code, "title": c.title, "category": c.category, "agency": c.agency,
             "default_duration_minutes": c.minutes, "default_capacity": c.capacity,
             "description": c.description, **_programme_columns(c.code)}
            for c in plan.courses
        ],
    )
    step()
    delegate_ids = _insert_returning_ids(
        session,
        Delegate,
        [
            {"first_name": d.first_name, "last_name": d.last_name, "email": d.email,
             "email_key": email_key(d.email), "job_role": d.job_role,
             "organisation_id": org_ids[d.organisation],
             "name_key": delegate_name_key(d.first_name, d.last_name,
                                           plan.organisations[d.organisation].name)}
            for d in plan.delegates
        ],
    )
    step()
    session_ids = _insert_returning_ids(
        session,
        TrainingSession,
        [
            {"course_id": course_ids[s.course], "start_at": s.start, "end_at": s.end,
             "delivery": s.delivery, "venue": s.venue, "capacity": s.capacity,
             "trainers": s.trainers, "status": s.status,
             "commissioning_organisation_id": (
                 org_ids[s.commissioner] if s.commissioner is not None else None)}
            for s in plan.sessions
        ],
    )
    step()
    rows = []
    for b in plan.bookings:
        org = plan.delegates[b.delegate].organisation
        rows.append(
            {"session_id": session_ids[b.session], "delegate_id": delegate_ids[b.delegate],
             "status": b.status, "waitlist_position": b.waitlist_position,
             "booked_at": b.booked_at, "cancelled_at": b.cancelled_at,
             "late_cancellation": b.late, "walk_in": b.walk_in, "attendance": b.attendance,
             "organisation_id": org_ids[org], "sector_id": org_sector[org]}
        )
    booking_ids: list[int] = []
    for start in range(0, len(rows), 2000):
        booking_ids += _insert_returning_ids(session, Booking, rows[start:start + 2000])
    answers = [
        {"booking_id": booking_ids[b], "source": source,
         **{name: getattr(form, name) for name in EVALUATION_FIELDS}}
        for b, form, source in plan.evaluations
    ]
    for start in range(0, len(answers), 2000):
        session.execute(insert(Evaluation), answers[start:start + 2000])
    if plan.headcounts:
        session.execute(
            insert(Headcount),
            [
                {"session_id": session_ids[s], "organisation_id": org_ids[o],
                 "sector_id": org_sector[o], "count": n}
                for s, o, n in plan.headcounts
            ],
        )
    session.flush()
    step()

"""The demo partnership: three published years, the years since, and a live coming term, in one action."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from pscp_training.db.engine import Database
from pscp_training.db.models import Course, Delegate, Organisation, TrainingSession
from pscp_training.domain.errors import Cancelled, InputError, RuleViolation
from pscp_training.domain.years import FinancialYear, now_utc
from pscp_training.services.demo.between import plan_years_between
from pscp_training.services.demo.catalogue import COURSES
from pscp_training.services.demo.evaluations import plan_evaluations
from pscp_training.services.demo.history import PUBLISHED, plan_history
from pscp_training.services.demo.organisations import EDUCATION, demo_organisations
from pscp_training.services.demo.plan import DemoPlan
from pscp_training.services.demo.refreshers import add_demo_refreshers
from pscp_training.services.demo.store import write_plan
from pscp_training.services.demo.upcoming import plan_upcoming
from pscp_training.services.follow_up.charge_rules import raise_charges

SEED = 20230331  # the last day of the annual report's year: the same demo every time

__all__ = ["DemoSummary", "load_demo", "SEED"]


@dataclass(frozen=True)
class DemoSummary:
    """What the demo put in the database."""

    organisations: int
    schools: int
    delegates: int
    courses: int
    sessions: int
    upcoming_sessions: int
    bookings: int
    headcounts: int
    years: tuple[str, ...]  # the published years, exactly as the annual report gives them
    years_since: tuple[str, ...] = ()  # ordinary years between those and this one
    evaluations: int = 0

    def describe(self) -> str:
        since = (
            f" and {', '.join(self.years_since)} of a similar size" if self.years_since else ""
        )
        return (
            f"Loaded the demo partnership: {self.organisations} organisations "
            f"({self.schools} schools), {self.delegates:,} delegates, {self.courses} courses, "
            f"{self.sessions:,} sessions ({self.upcoming_sessions} coming up), "
            f"{self.bookings:,} bookings, {self.headcounts} headcounts and "
            f"{self.evaluations:,} evaluations, with the years {', '.join(self.years)} as the "
            f"annual report publishes them{since}."
        )


def _refuse_unless_empty(session) -> None:
    for model, what in (
        (Course, "courses"),
        (TrainingSession, "sessions"),
        (Delegate, "delegates"),
        (Organisation, "organisations"),
    ):
        if session.scalar(select(func.count()).select_from(model)):
            raise RuleViolation(
                f"This database already holds {what}, so the demo data was not loaded: it "
                "goes only into an empty database, so that it never mixes with real records."
            )


def load_demo(
    db: Database,
    *,
    now: datetime | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> DemoSummary:
    """Fill an empty database with the demo partnership, all of it or none of it.

    `progress(done, total)` is told how far it has got; returning False stops
    the work and nothing is kept. Raises RuleViolation (the database holds
    data), InputError (`now` falls before the end of the published years),
    Cancelled (stopped through `progress`).
    """
    now = now or now_utc()
    last_published = PUBLISHED[-1].year
    if FinancialYear.of(now) <= last_published:
        raise InputError(
            f"The demo's history runs to the end of {last_published}, so it needs today's date "
            f"to be after 31 March {last_published.start_year + 1}."
        )
    total, done = 6, 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None and progress(done, total) is False:
            raise Cancelled("The demo data was not loaded; nothing was written.")

    with db.read() as session:  # refuse before the work of planning, and again when writing
        _refuse_unless_empty(session)
    rng = random.Random(SEED)
    plan = DemoPlan(rng, demo_organisations(), COURSES)
    plan_history(plan)
    since = plan_years_between(plan, now)
    upcoming = plan_upcoming(plan, now)
    evaluations = plan_evaluations(plan)
    plan.number_waiting_lists()
    step()
    with db.write() as session:
        _refuse_unless_empty(session)
        write_plan(session, plan, step)
        raise_charges(session, now=now)  # the history's no-shows and late cancellations
        add_demo_refreshers(session)
        step()
    return DemoSummary(
        organisations=len(plan.organisations),
        schools=sum(1 for o in plan.organisations if o.sector == EDUCATION),
        delegates=len(plan.delegates),
        courses=len(plan.courses),
        sessions=len(plan.sessions),
        upcoming_sessions=upcoming,
        bookings=len(plan.bookings),
        headcounts=len(plan.headcounts),
        years=tuple(t.year.label for t in PUBLISHED),
        years_since=since,
        evaluations=evaluations,
    )

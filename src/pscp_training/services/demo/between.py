"""The demo's years between the published ones and this one: ordinary years of similar size."""

from datetime import datetime

from pscp_training.domain.years import FinancialYear
from pscp_training.services.demo.history import PUBLISHED, YearTarget, plan_year
from pscp_training.services.demo.organisations import EDUCATION
from pscp_training.services.demo.plan import DemoPlan


def year_between(plan: DemoPlan, year: FinancialYear) -> YearTarget:
    """Figures a little below or about those of 2022-23, drawn from the demo's generator."""
    rng = plan.rng
    courses = rng.randint(112, 130)
    bookings = round(courses * rng.uniform(12.6, 14.0))
    attended = round(bookings * rng.uniform(0.78, 0.84))
    single_run = rng.randint(46, 62)
    single_attended = single_run * rng.randint(20, 25)
    return YearTarget(year, courses, bookings, attended, single_run, single_attended,
                      cancelled_sessions=rng.randint(3, 6), online_share=0.25)


def plan_years_between(plan: DemoPlan, now: datetime) -> tuple[str, ...]:
    """Adds every financial year after the published ones and before this one; their labels."""
    year = FinancialYear(PUBLISHED[-1].year.start_year + 1)
    schools = plan.by_sector[EDUCATION]
    added = []
    while year < FinancialYear.of(now):
        # About as many schools as in 2022-23 send someone to DSL training, not always the same.
        engaged = sorted(plan.rng.sample(schools, plan.rng.randint(47, 56)))
        plan_year(plan, year_between(plan, year), engaged)
        added.append(year.label)
        year = FinancialYear(year.start_year + 1)
    return tuple(added)

"""The coming term of the demo (relative to now): open bookings, waiting lists, unmarked registers."""

from datetime import date, datetime, timedelta

from pscp_training.domain.enums import Agency, Delivery
from pscp_training.domain.years import FinancialYear, to_local
from pscp_training.services.demo.catalogue import ONLINE_VENUE, VENUES
from pscp_training.services.demo.history import teaching_days
from pscp_training.services.demo.plan import DemoPlan

UPCOMING_MULTI = 28
UPCOMING_SINGLE = 4
PAST_UNMARKED = 3
TERM_DAYS = 84


def _days_between(first: date, last: date) -> list[date]:
    years = {FinancialYear.of(first), FinancialYear.of(last)}
    return [d for y in sorted(years) for d in teaching_days(y) if first <= d <= last]


def _session(plan: DemoPlan, course: int, days: list[date], **kwargs) -> int:
    given_venue = kwargs.pop("venue", None)
    for _ in range(200):
        online = given_venue is None and plan.rng.random() < 0.3
        index = plan.add_session(
            course, plan.rng.choice(days),
            delivery=Delivery.ONLINE.value if online else Delivery.IN_PERSON.value,
            venue=given_venue or (ONLINE_VENUE if online else plan.rng.choice(VENUES)),
            **kwargs,
        )
        if index is not None:
            return index
    raise RuntimeError("No free day for a demo session.")


def _booked_at(plan: DemoPlan, now: datetime, before: datetime) -> datetime:
    latest = min(now, before) - timedelta(hours=1)
    return latest - timedelta(days=plan.rng.randint(0, 40), minutes=plan.rng.randint(0, 600))


def _open_bookings(plan: DemoPlan, index: int, now: datetime) -> None:
    rng, session = plan.rng, plan.sessions[index]
    audience = plan.courses[session.course].audience
    capacity = session.capacity or 20
    full = rng.random() < 0.3
    places = capacity if full else rng.randint(capacity // 4, capacity - 1)
    for _ in range(places):
        delegate = plan.pick(index, audience)
        if delegate is not None:
            plan.book(index, delegate, "booked", _booked_at(plan, now, session.start))
    if full:
        for position in range(1, rng.randint(1, 6) + 1):
            delegate = plan.pick(index, audience)
            if delegate is not None:
                plan.book(index, delegate, "waitlisted", _booked_at(plan, now, session.start),
                          waitlist_position=position)
    for _ in range(rng.choice((0, 1, 1, 2))):
        delegate = plan.pick(index, audience)
        if delegate is None:
            continue
        cancelled_at = _booked_at(plan, now, session.start)
        plan.book(index, delegate, "cancelled", cancelled_at - timedelta(days=rng.randint(2, 20)),
                  cancelled_at=cancelled_at)


def _weighted(plan: DemoPlan, courses: list[int]) -> int:
    return plan.rng.choices(courses, weights=[plan.courses[c].weight for c in courses])[0]


def _year_so_far(plan: DemoPlan, today: date, multi: list[int], single: list[int]) -> None:
    """This year's sessions up to three weeks ago, registers marked, so the year is not empty."""
    rng = plan.rng
    first, last = FinancialYear.of(today).first_day, today - timedelta(days=22)
    days = _days_between(first, last) if first <= last else []
    for _ in range(min(round(len(days) * 0.8), 110) if days else 0):
        course = _weighted(plan, multi)
        index = _session(plan, course, days, capacity=plan.courses[course].capacity)
        start = plan.sessions[index].start
        places = rng.randint((plan.courses[course].capacity or 20) * 2 // 5,
                             (plan.courses[course].capacity or 20) * 9 // 10)
        for _ in range(places):
            delegate = plan.pick(index, plan.courses[course].audience)
            if delegate is not None:
                came = "attended" if rng.random() < 0.8 else "absent"
                plan.book(index, delegate, "booked", _booked_at(plan, start, start),
                          attendance=came)
    for _ in range(len(days) // 5 if days else 0):
        commissioner = rng.choice(plan.by_sector["Education"])
        index = _session(plan, rng.choice(single), days, capacity=None,
                         commissioner=commissioner, venue=plan.organisations[commissioner].name)
        plan.headcounts.append((index, commissioner, rng.randint(12, 45)))


def plan_upcoming(plan: DemoPlan, now: datetime) -> int:
    """Adds this year so far, a few unmarked registers and the coming term; returns how many
    sessions are coming up."""
    rng = plan.rng
    today = to_local(now).date()
    multi = [i for i, c in enumerate(plan.courses) if c.agency == Agency.MULTI.value]
    single = [i for i, c in enumerate(plan.courses) if c.agency == Agency.SINGLE.value]
    _year_so_far(plan, today, multi, single)
    ahead = _days_between(today + timedelta(days=1), today + timedelta(days=TERM_DAYS))
    soon = [d for d in ahead if d <= today + timedelta(days=28)] or ahead
    upcoming = 0
    for n in range(UPCOMING_MULTI):
        course = _weighted(plan, multi)
        # Half of them in the next four weeks, as a training calendar fills from the front.
        days = soon if n % 2 == 0 else ahead
        index = _session(plan, course, days, capacity=plan.courses[course].capacity)
        _open_bookings(plan, index, now)
        upcoming += 1
    for _ in range(UPCOMING_SINGLE):
        course = rng.choice(single)
        commissioner = rng.choice(plan.by_sector["Education"] + plan.by_sector[
            "Portsmouth City Council"])
        _session(plan, course, ahead, capacity=None, commissioner=commissioner,
                 venue=plan.organisations[commissioner].name)
        upcoming += 1
    cancelled = _session(plan, rng.choice(multi), ahead, status="cancelled", capacity=20)
    for _ in range(rng.randint(3, 8)):
        delegate = plan.pick(cancelled)
        if delegate is not None:
            called_off = now - timedelta(hours=rng.randint(2, 48))
            plan.book(cancelled, delegate, "cancelled",
                      called_off - timedelta(days=rng.randint(2, 30)), cancelled_at=called_off)

    # Registers the team has not marked yet, from this financial year only.
    first = max(FinancialYear.of(now).first_day, today - timedelta(days=21))
    behind = _days_between(first, today - timedelta(days=1)) if first < today else []
    for _ in range(PAST_UNMARKED if behind else 0):
        course = _weighted(plan, multi)
        index = _session(plan, course, behind, capacity=plan.courses[course].capacity)
        start = plan.sessions[index].start
        for _ in range(rng.randint(6, 14)):
            delegate = plan.pick(index, plan.courses[course].audience)
            if delegate is not None:
                plan.book(index, delegate, "booked", _booked_at(plan, start, start))
    return upcoming

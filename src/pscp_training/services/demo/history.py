"""Three financial years of demo training whose workforce report is the annual report's, exactly."""

from dataclasses import dataclass
from datetime import date, timedelta

from pscp_training.domain.enums import Agency, Delivery
from pscp_training.domain.years import FinancialYear
from pscp_training.services.demo.catalogue import ONLINE_VENUE, VENUES
from pscp_training.services.demo.organisations import (
    COUNCIL,
    EARLY_YEARS,
    EDUCATION,
    HEALTH,
    POLICE,
    VOLUNTARY,
)
from pscp_training.services.demo.plan import AUDIENCES, DemoPlan


@dataclass(frozen=True)
class YearTarget:
    """One year's published figures, and how the year looked (cancellations, online share)."""

    year: FinancialYear
    multi_run: int
    multi_bookings: int
    multi_attended: int
    single_run: int
    single_attended: int
    cancelled_sessions: int
    online_share: float


# The annual report 2022-23, "Attendance on PSCP Training".
PUBLISHED = (
    YearTarget(FinancialYear(2020), 129, 1972, 1556, 17, 408, 9, 0.95),
    YearTarget(FinancialYear(2021), 134, 1636, 1337, 27, 1220, 6, 0.55),
    YearTarget(FinancialYear(2022), 127, 1766, 1416, 63, 1506, 4, 0.30),
)
ENGAGED_SCHOOLS = 52  # of the 69 on the register: "75.4% of schools ... engaged in DSL training"
ENGAGEMENT_CATEGORY = "DSL"


def teaching_days(year: FinancialYear) -> list[date]:
    """Monday to Thursday, outside August and the Christmas fortnight."""
    days, day = [], year.first_day
    while day <= year.last_day:
        christmas = (day.month == 12 and day.day >= 18) or (day.month == 1 and day.day <= 3)
        if day.weekday() < 4 and day.month != 8 and not christmas:
            days.append(day)
        day += timedelta(days=1)
    return days


def split(plan: DemoPlan, total: int, caps: list[int], minimum: int = 1) -> list[int]:
    """`total` shared out unevenly over len(caps) parts, each between `minimum` and its cap."""
    rng = plan.rng
    weights = [rng.choice((0.6, 0.8, 1.0, 1.0, 1.2, 1.5, 2.2)) for _ in caps]
    spare = total - minimum * len(caps)
    raw = [spare * w / sum(weights) for w in weights]
    parts = [min(minimum + int(r), cap) for r, cap in zip(raw, caps, strict=True)]
    while sum(parts) != total:
        i = rng.randrange(len(parts))
        if sum(parts) < total and parts[i] < caps[i]:
            parts[i] += 1
        elif sum(parts) > total and parts[i] > minimum:
            parts[i] -= 1
    return parts


def _courses(plan: DemoPlan, agency: str) -> list[int]:
    return [i for i, c in enumerate(plan.courses) if c.agency == agency]


def _new_session(plan: DemoPlan, course: int, days: list[date], online_share: float,
                 **kwargs) -> int:
    given_venue = kwargs.pop("venue", None)
    while True:
        online = plan.rng.random() < online_share
        delivery = Delivery.ONLINE.value if online else Delivery.IN_PERSON.value
        venue = ONLINE_VENUE if online else given_venue or plan.rng.choice(VENUES)
        index = plan.add_session(course, plan.rng.choice(days), delivery=delivery, venue=venue,
                                 **kwargs)
        if index is not None:
            return index


def _plan_multi(plan: DemoPlan, target: YearTarget, engaged: list[int]) -> None:
    rng, days = plan.rng, teaching_days(target.year)
    multi = _courses(plan, Agency.MULTI.value)
    chosen = rng.choices(multi, weights=[plan.courses[c].weight for c in multi],
                         k=target.multi_run)
    booked = split(plan, target.multi_bookings, [plan.courses[c].capacity for c in chosen], 4)
    attended = split(plan, target.multi_attended, booked, 1)
    # The 2022-23 engagement is published; a later year draws its DSL attendees the same way.
    from_engaged = target.year >= PUBLISHED[-1].year and bool(engaged)
    for course, places, came in zip(chosen, booked, attended, strict=True):
        spec = plan.courses[course]
        # About one session in eight filled up exactly and kept a waiting list.
        full = places >= 10 and rng.random() < 0.12
        capacity = places if full else spec.capacity
        index = _new_session(plan, course, days, target.online_share, capacity=capacity)
        start = plan.sessions[index].start
        flags = [True] * came + [False] * (places - came)
        rng.shuffle(flags)
        confirmed = []
        for was_there in flags:
            if from_engaged and was_there and spec.category == ENGAGEMENT_CATEGORY:
                delegate = _engaged_delegate(plan, index, spec.audience, engaged)
            else:
                delegate = plan.pick(index, spec.audience)
            confirmed.append(plan.book(index, delegate, "booked", plan.booked_before(start),
                                       attendance="attended" if was_there else "absent"))
        _extras(plan, index, confirmed, full)


def _engaged_delegate(plan: DemoPlan, index: int, audience: str, engaged: list[int]) -> int:
    """Someone who attends DSL training in the last year: school staff only from the 52."""
    mix = AUDIENCES[audience]
    if plan.rng.random() < mix.get(EDUCATION, 0) / sum(mix.values()):
        return plan.pick(index, audience, engaged)
    while True:
        delegate = plan.pick(index, audience)
        if plan.organisations[plan.org_of(delegate)].sector != EDUCATION:
            return delegate


def _extras(plan: DemoPlan, index: int, confirmed: list, full: bool) -> None:
    """Walk-ins, places passed to a colleague, cancellations and an unmet waiting list."""
    rng, session = plan.rng, plan.sessions[index]
    start = session.start
    came = [b for b in confirmed if b.attendance == "attended"]
    if came and rng.random() < 0.12:
        walk_in = rng.choice(came)
        walk_in.walk_in, walk_in.booked_at = True, start
    if confirmed and rng.random() < 0.08:
        colleague = rng.choice([b for b in confirmed if not b.walk_in] or confirmed)
        org = plan.org_of(colleague.delegate)
        original = plan.pick(index, orgs=[org]) if len(plan.staff[org]) > 1 else None
        if original is not None:
            plan.book(index, original, "substituted", colleague.booked_at - timedelta(days=7))
    for _ in range(rng.choice((0, 0, 1, 1, 1, 2, 3))):
        delegate = plan.pick(index)
        if delegate is None:
            continue
        days = rng.randint(1, 25)
        cancelled_at = start - timedelta(days=days, hours=rng.randint(1, 8))
        plan.book(index, delegate, "cancelled", cancelled_at - timedelta(days=rng.randint(3, 30)),
                  cancelled_at=cancelled_at, late=days <= 2)
    if full:
        for position in range(1, rng.randint(1, 4) + 1):
            delegate = plan.pick(index)
            if delegate is not None:
                plan.book(index, delegate, "waitlisted", plan.booked_before(start, 1, 10),
                          waitlist_position=position)


_COMMISSIONERS = {
    "INSET": (EDUCATION,),
    "BESPOKE-SCH": (EDUCATION,),
    "BESPOKE-EXP": (POLICE,),
    "BESPOKE": (COUNCIL, HEALTH, VOLUNTARY, EARLY_YEARS),
}


def _plan_single(plan: DemoPlan, target: YearTarget) -> None:
    rng, days = plan.rng, teaching_days(target.year)
    single = _courses(plan, Agency.SINGLE.value)
    sizes = split(plan, target.single_attended, [90] * target.single_run, 6)
    for size in sizes:
        course = rng.choices(single, weights=[plan.courses[c].weight for c in single])[0]
        code = plan.courses[course].code
        sectors = _COMMISSIONERS[code]
        commissioner = rng.choice([o for s in sectors for o in plan.by_sector[s]])
        venue = plan.organisations[commissioner].name
        index = _new_session(plan, course, days, 0.1, capacity=None, commissioner=commissioner,
                             venue=venue)
        start = plan.sessions[index].start
        staff = len(plan.staff[commissioner])
        # Inset days are counted by heads; other sessions name whoever the team could name.
        named = 0 if code == "INSET" else min(size, staff - 2 if staff > 4 else 0)
        if named and size > named:
            named = rng.randint(min(3, named), named)
        for _ in range(named):
            delegate = plan.pick(index, orgs=[commissioner])
            plan.book(index, delegate, "booked", plan.booked_before(start, 2, 20),
                      attendance="attended")
        if staff - named >= 2 and named and rng.random() < 0.4:
            absent = plan.pick(index, orgs=[commissioner])
            plan.book(index, absent, "booked", plan.booked_before(start, 2, 20),
                      attendance="absent")
        if size > named:
            plan.headcounts.append((index, commissioner, size - named))


def _plan_cancelled(plan: DemoPlan, target: YearTarget) -> None:
    rng, days = plan.rng, teaching_days(target.year)
    multi = _courses(plan, Agency.MULTI.value)
    for _ in range(target.cancelled_sessions):
        course = rng.choice(multi)
        index = _new_session(plan, course, days, target.online_share, status="cancelled",
                             capacity=plan.courses[course].capacity)
        start = plan.sessions[index].start
        called_off = start - timedelta(days=rng.randint(2, 14))
        for _ in range(rng.randint(3, 10)):
            delegate = plan.pick(index, plan.courses[course].audience)
            plan.book(index, delegate, "cancelled", called_off - timedelta(days=rng.randint(5, 40)),
                      cancelled_at=called_off)


def engaged_schools(plan: DemoPlan) -> set[int]:
    """Schools with an attended DSL place in the last published year, as the report counts."""
    year = PUBLISHED[-1].year
    lo, hi = year.utc_bounds()
    found = set()
    for b in plan.bookings:
        session = plan.sessions[b.session]
        org = plan.org_of(b.delegate)
        if (b.status == "booked" and b.attendance == "attended" and lo <= session.start < hi
                and plan.courses[session.course].category == ENGAGEMENT_CATEGORY
                and session.status == "scheduled"
                and plan.organisations[org].sector == EDUCATION):
            found.add(org)
    return found


def _cover_every_engaged_school(plan: DemoPlan, engaged: list[int]) -> None:
    """Give each engaged school without a DSL attendance one, in place of another school's."""
    year = PUBLISHED[-1].year
    lo, hi = year.utc_bounds()
    dsl = [
        b for b in plan.bookings
        if b.status == "booked" and b.attendance == "attended"
        and plan.courses[plan.sessions[b.session].course].category == ENGAGEMENT_CATEGORY
        and lo <= plan.sessions[b.session].start < hi
        and plan.org_of(b.delegate) in engaged
    ]
    for school in engaged:
        counts: dict[int, int] = {}
        for b in dsl:
            counts[plan.org_of(b.delegate)] = counts.get(plan.org_of(b.delegate), 0) + 1
        if counts.get(school):
            continue
        for b in dsl:
            if counts[plan.org_of(b.delegate)] < 2:
                continue
            free = [d for d in plan.staff[school] if not plan.is_on(b.session, d)]
            if free:
                plan.replace_delegate(b, plan.rng.choice(free))
                break


def plan_year(plan: DemoPlan, target: YearTarget, engaged: list[int]) -> None:
    """Adds one financial year whose report gives exactly the target's figures."""
    _plan_multi(plan, target, engaged)
    _plan_single(plan, target)
    _plan_cancelled(plan, target)


def plan_history(plan: DemoPlan) -> None:
    """Adds 2020-21 to 2022-23 to the plan, with the published figures and 52 engaged schools."""
    schools = plan.by_sector[EDUCATION]
    engaged = sorted(plan.rng.sample(schools, ENGAGED_SCHOOLS))
    for target in PUBLISHED:
        plan_year(plan, target, engaged)
    _cover_every_engaged_school(plan, engaged)
    if engaged_schools(plan) != set(engaged):  # an invariant of the generator, not user input
        raise RuntimeError("The demo plan does not have the 52 engaged schools it should.")

"""The demo in memory before it is written: people, sessions, bookings and headcounts by index."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from pscp_training.domain.evaluation_records import EvaluationForm
from pscp_training.domain.years import local_to_utc
from pscp_training.services.demo.catalogue import TRAINERS, DemoCourse
from pscp_training.services.demo.names import FIXED_PEOPLE, JOB_ROLES, ascii_slug, random_name
from pscp_training.services.demo.organisations import (
    COUNCIL,
    EARLY_YEARS,
    EDUCATION,
    HEALTH,
    OTHER,
    POLICE,
    VOLUNTARY,
    DemoOrganisation,
)

# Who comes to multi-agency courses, by course audience: sector -> weight.
AUDIENCES: dict[str, dict[str, int]] = {
    "general": {EDUCATION: 30, COUNCIL: 28, HEALTH: 14, EARLY_YEARS: 9, VOLUNTARY: 9, POLICE: 6,
                OTHER: 4},
    "schools": {EDUCATION: 82, EARLY_YEARS: 5, COUNCIL: 7, VOLUNTARY: 3, OTHER: 3},
    "early": {EARLY_YEARS: 75, EDUCATION: 10, COUNCIL: 10, VOLUNTARY: 5},
}


@dataclass
class PlannedSession:
    course: int
    start: datetime
    end: datetime
    delivery: str
    venue: str | None
    capacity: int | None
    trainers: str | None
    status: str = "scheduled"
    commissioner: int | None = None


@dataclass
class PlannedBooking:
    session: int
    delegate: int
    status: str
    booked_at: datetime
    attendance: str = "unmarked"
    waitlist_position: int | None = None
    cancelled_at: datetime | None = None
    late: bool = False
    walk_in: bool = False


@dataclass
class PlannedDelegate:
    first_name: str
    last_name: str
    email: str | None
    job_role: str
    organisation: int


@dataclass
class DemoPlan:
    """Everything the demo will write, built deterministically from one seeded generator."""

    rng: random.Random
    organisations: list[DemoOrganisation]
    courses: tuple[DemoCourse, ...]
    delegates: list[PlannedDelegate] = field(default_factory=list)
    staff: dict[int, list[int]] = field(default_factory=dict)
    sessions: list[PlannedSession] = field(default_factory=list)
    bookings: list[PlannedBooking] = field(default_factory=list)
    headcounts: list[tuple[int, int, int]] = field(default_factory=list)  # session, org, count
    # booking (index), the delegate's answers, and "entered" or "imported"
    evaluations: list[tuple[int, EvaluationForm, str]] = field(default_factory=list)
    _on_session: dict[int, set[int]] = field(default_factory=dict)
    _starts: set[tuple[int, datetime]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.by_sector: dict[str, list[int]] = {}
        for index, org in enumerate(self.organisations):
            self.by_sector.setdefault(org.sector, []).append(index)
        self._make_delegates()

    # --- people ---------------------------------------------------------------------------

    def _make_delegates(self) -> None:
        seen_names: set[tuple[str, str, int]] = set()
        seen_emails: set[str] = set()
        fixed = list(FIXED_PEOPLE)
        for org_index, org in enumerate(self.organisations):
            members: list[int] = []
            for _ in range(org.staff):
                first, last = fixed.pop(0) if fixed else random_name(self.rng)
                while (first, last, org_index) in seen_names:
                    first, last = random_name(self.rng)
                seen_names.add((first, last, org_index))
                email = None
                if self.rng.random() < 0.88:
                    local = f"{ascii_slug(first)}.{ascii_slug(last)}"
                    domain = f"{ascii_slug(org.name, '-')[:40].strip('-')}.example.org"
                    email, n = f"{local}@{domain}", 1
                    while email in seen_emails:
                        n += 1
                        email = f"{local}{n}@{domain}"
                    seen_emails.add(email)
                role = self._job_role(org, len(members))
                members.append(len(self.delegates))
                self.delegates.append(PlannedDelegate(first, last, email, role, org_index))
            self.staff[org_index] = members

    def _job_role(self, org: DemoOrganisation, position: int) -> str:
        """Every school has one DSL and one headteacher; other roles are drawn at random."""
        roles = JOB_ROLES[org.sector]
        if org.sector == EDUCATION:
            if position < 2:
                return ("Designated Safeguarding Lead", "Headteacher")[position]
            roles = tuple(r for r in roles if r not in ("Designated Safeguarding Lead",
                                                         "Headteacher"))
        return self.rng.choice(roles)

    def pick(
        self, session: int, audience: str = "general", orgs: list[int] | None = None
    ) -> int | None:
        """A delegate not yet on the session: from `orgs`, else by the audience's sector mix."""
        taken = self._on_session.setdefault(session, set())
        mix = AUDIENCES[audience]
        for _ in range(60):
            if orgs is None:
                sector = self.rng.choices(list(mix), weights=list(mix.values()))[0]
                pool = self.by_sector[sector]
            else:
                pool = orgs
            org = self.rng.choices(pool, weights=[self.organisations[o].staff for o in pool])[0]
            free = [d for d in self.staff[org] if d not in taken]
            if free:
                return self.rng.choice(free)
        return None

    def org_of(self, delegate: int) -> int:
        return self.delegates[delegate].organisation

    # --- sessions and bookings --------------------------------------------------------------

    def add_session(
        self, course: int, day: date, *, delivery: str, venue: str | None, capacity: int | None,
        status: str = "scheduled", commissioner: int | None = None,
    ) -> int | None:
        """A session of a course on a day, at the course's usual time; None if one is there."""
        minutes = self.courses[course].minutes
        if minutes >= 300:
            clock = time(9, 30)
        else:
            clock = self.rng.choice((time(9, 30), time(10, 0), time(13, 30)))
        start = local_to_utc(datetime.combine(day, clock))
        if (course, start) in self._starts:
            return None
        self._starts.add((course, start))
        trainers = self.rng.choice(TRAINERS)
        self.sessions.append(
            PlannedSession(course, start, start + timedelta(minutes=minutes), delivery, venue,
                           capacity, trainers, status, commissioner)
        )
        return len(self.sessions) - 1

    def book(self, session: int, delegate: int, status: str, booked_at: datetime,
             **details) -> PlannedBooking:
        self._on_session.setdefault(session, set()).add(delegate)
        booking = PlannedBooking(session, delegate, status, booked_at, **details)
        self.bookings.append(booking)
        return booking

    def number_waiting_lists(self) -> None:
        """Number every waiting list in the order people asked, as the app itself would."""
        waiting: dict[int, list[PlannedBooking]] = {}
        for booking in self.bookings:
            if booking.status == "waitlisted":
                waiting.setdefault(booking.session, []).append(booking)
        for entries in waiting.values():
            entries.sort(key=lambda b: b.booked_at)
            for position, booking in enumerate(entries, start=1):
                booking.waitlist_position = position

    def replace_delegate(self, booking: PlannedBooking, delegate: int) -> None:
        taken = self._on_session[booking.session]
        taken.discard(booking.delegate)
        taken.add(delegate)
        booking.delegate = delegate

    def is_on(self, session: int, delegate: int) -> bool:
        return delegate in self._on_session.get(session, set())

    def booked_before(self, start: datetime, earliest: int = 3, latest: int = 60) -> datetime:
        days = self.rng.randint(earliest, latest)
        return start - timedelta(days=days, minutes=self.rng.randint(0, 600))

"""Computes the workforce report with a handful of aggregate queries (GROUP BY in the database)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, case, func, or_, select, text
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import (
    Booking,
    Course,
    Headcount,
    Organisation,
    Sector,
    TrainingSession,
)
from pscp_training.db.models_follow_up import BookingFollowUp, NonAttendanceReason
from pscp_training.domain.enums import Agency, Attendance, BookingStatus, SessionStatus
from pscp_training.domain.errors import InputError
from pscp_training.domain.follow_up_records import ReasonCount
from pscp_training.domain.identity import clean, key
from pscp_training.domain.wording import plural
from pscp_training.domain.years import FinancialYear, now_utc, to_local
from pscp_training.reports.figures import (
    Engagement,
    MultiAgencyYear,
    SectorAttendance,
    SingleAgencyYear,
    WorkforceReport,
)
from pscp_training.services.follow_up.non_attendance import NOT_RECORDED

__all__ = [
    "MAX_YEARS",
    "NO_REASON",
    "NO_SECTOR",
    "WorkforceReport",
    "compute",
    "parse_engagement",
]

MAX_YEARS = 10
# Attendances of delegates booked without an organisation have no sector; they are shown
# under this name (and a warning says so) rather than silently left out of the sector table.
NO_SECTOR = "No sector recorded"
# Absences and late cancellations with no reason on record: the reasons table's last line,
# worded as everywhere else in the app (apart from the coded reason "No reason given").
NO_REASON = NOT_RECORDED
_LISTED = 5  # sessions named in one warning before "and N more"

BOOKED = BookingStatus.BOOKED.value
ATTENDED = Attendance.ATTENDED.value
ABSENT = Attendance.ABSENT.value
CANCELLED = BookingStatus.CANCELLED.value
UNMARKED = Attendance.UNMARKED.value


def parse_engagement(text: str) -> tuple[str, str]:
    """`DSL:Education` as (category, sector). Raises InputError when either half is missing."""
    category, _, sector = (text or "").partition(":")
    if not clean(category) or not clean(sector):
        raise InputError(
            f"'{text}' is not an engagement figure to show; write the course category and the "
            "sector with a colon between them, as in DSL:Education."
        )
    return clean(category), clean(sector)


def _ran_sessions(years: Sequence[FinancialYear], now: datetime):
    """The sessions that ran in the report's years, each with its year label (a subquery)."""
    bounds = [(fy.label, *fy.utc_bounds()) for fy in years]
    start = TrainingSession.start_at
    year = case(*[(and_(start >= lo, start < hi), label) for label, lo, hi in bounds])
    return (
        select(
            TrainingSession.id.label("session_id"),
            year.label("year"),
            Course.agency.label("agency"),
            Course.category.label("category"),
            TrainingSession.capacity.label("capacity"),
        )
        .join(Course, Course.id == TrainingSession.course_id)
        .where(
            TrainingSession.status != SessionStatus.CANCELLED.value,
            start < now,
            start >= bounds[0][1],
            start < bounds[-1][2],
        )
        .subquery("ran")
    )


def _sectors(session: Session) -> list[tuple[int, str, bool]]:
    return list(
        session.execute(
            select(Sector.id, Sector.name, Sector.retired).order_by(Sector.sort_order, Sector.name)
        )
    )


@dataclass(frozen=True)
class _Totals:
    """One year and agency: sessions run, confirmed bookings, attendances and what to warn of."""

    courses_run: int = 0
    bookings: int = 0
    attendances: int = 0
    flagged_sessions: int = 0
    walk_ins: int = 0
    attended_by_sector: tuple[tuple[int | None, int], ...] = ()


def _totals(session: Session, ran, sector_ids: list[int]) -> dict[tuple[str, str], _Totals]:
    """Every figure but headcounts and engagement, in one pass over the bookings.

    Bookings are first summed per session (SQLite walks the session index in order
    instead of sorting a million rows), with one column per sector; the sessions
    that ran then add those up by year and agency.
    """
    came = Booking.attendance == ATTENDED
    sector_columns = [
        func.sum(case((and_(came, Booking.sector_id == sid), 1), else_=0)).label(f"s{n}")
        for n, sid in enumerate(sector_ids)
    ]
    sector_columns.append(
        func.sum(case((and_(came, Booking.sector_id.is_(None)), 1), else_=0)).label("s_none")
    )
    per_session = (
        select(
            Booking.session_id,
            func.count().label("confirmed"),
            func.sum(case((came, 1), else_=0)).label("attended"),
            func.sum(case((Booking.attendance == UNMARKED, 1), else_=0)).label("unmarked"),
            func.sum(case((Booking.walk_in.is_(True), 1), else_=0)).label("walk_ins"),
            *sector_columns,
        )
        .where(Booking.status == BOOKED)
        # Only the bookings of the years shown: a ten-year database is not summed whole.
        .where(Booking.session_id.in_(select(ran.c.session_id)))
        .group_by(Booking.session_id)
        .subquery("per_session")
    )
    flagged = or_(
        per_session.c.unmarked > 0,
        and_(ran.c.capacity.is_not(None), per_session.c.confirmed > ran.c.capacity),
    )
    query = (
        select(
            ran.c.year,
            ran.c.agency,
            func.count(ran.c.session_id),
            func.sum(per_session.c.confirmed),
            func.sum(per_session.c.attended),
            func.sum(case((flagged, 1), else_=0)),
            func.sum(per_session.c.walk_ins),
            *(func.sum(column) for column in list(per_session.c)[5:]),
        )
        .outerjoin(per_session, per_session.c.session_id == ran.c.session_id)
        .group_by(ran.c.year, ran.c.agency)
    )
    found = {}
    for (
        year,
        agency,
        run,
        confirmed,
        attended,
        flagged_count,
        walk_ins,
        *by_sector,
    ) in session.execute(query):
        found[(year, agency)] = _Totals(
            int(run),
            int(confirmed or 0),
            int(attended or 0),
            int(flagged_count or 0),
            int(walk_ins or 0),
            tuple(zip([*sector_ids, None], (int(n or 0) for n in by_sector), strict=True)),
        )
    return found


def _headcounts(session: Session, ran) -> dict[str, int]:
    query = (
        select(ran.c.year, func.sum(Headcount.count))
        .join(Headcount, Headcount.session_id == ran.c.session_id)
        .where(ran.c.agency == Agency.SINGLE.value)
        .group_by(ran.c.year)
    )
    return {year: int(total or 0) for year, total in session.execute(query)}


def _non_attendance(session: Session, ran, year: str) -> tuple[ReasonCount, ...]:
    """The year's absences and late cancellations by reason, in one GROUP BY.

    Like every figure of the report it counts sessions that ran: a late
    cancellation of a session still to come is not in it yet. Every reason on
    the list appears (a retired one only when it was given), then NO_REASON.
    """
    absent = and_(Booking.status == BOOKED, Booking.attendance == ABSENT)
    late = and_(Booking.status == CANCELLED, Booking.late_cancellation.is_(True))
    counts = session.execute(
        select(
            BookingFollowUp.reason_id,
            func.sum(case((absent, 1), else_=0)),
            func.sum(case((late, 1), else_=0)),
        )
        .select_from(ran)
        .join(Booking, Booking.session_id == ran.c.session_id)
        .outerjoin(BookingFollowUp, BookingFollowUp.booking_id == Booking.id)
        .where(ran.c.year == year, or_(absent, late))
        .group_by(BookingFollowUp.reason_id)
    )
    by_reason = {reason_id: (int(a or 0), int(c or 0)) for reason_id, a, c in counts}
    reasons = session.execute(
        select(
            NonAttendanceReason.id, NonAttendanceReason.label, NonAttendanceReason.active
        ).order_by(NonAttendanceReason.sort_order, NonAttendanceReason.id)
    )
    table = [
        ReasonCount(label, *by_reason.get(reason_id, (0, 0)))
        for reason_id, label, active in reasons
        if active or reason_id in by_reason
    ]
    table.append(ReasonCount(NO_REASON, *by_reason.get(None, (0, 0))))
    return tuple(table)


def _engagement(
    session: Session, ran, year: str, category: str, sector: str
) -> tuple[Engagement, str | None]:
    sector_row = session.execute(
        select(Sector.id, Sector.name).where(func.lower(Sector.name) == key(sector))
    ).first()
    shown_sector = sector_row.name if sector_row else " ".join(sector.split())
    in_category = and_(ran.c.year == year, func.lower(ran.c.category) == key(category))
    named = (
        select(Booking.organisation_id)
        .join(ran, ran.c.session_id == Booking.session_id)
        .where(in_category, Booking.status == BOOKED, Booking.attendance == ATTENDED)
    )
    counted = select(Headcount.organisation_id).join(ran, ran.c.session_id == Headcount.session_id)
    counted = counted.where(in_category)
    registered = (
        select(func.count())
        .select_from(Organisation)
        .where(
            Organisation.registered.is_(True),
            Organisation.sector_id == (sector_row.id if sector_row else -1),
        )
    )
    organisations = session.scalar(registered) or 0
    engaged = (
        session.scalar(
            registered.where(or_(Organisation.id.in_(named), Organisation.id.in_(counted)))
        )
        or 0
    )
    result = Engagement(year, category, shown_sector, organisations, engaged)
    warning = None
    if organisations == 0:
        warning = (
            f"No organisation on the organisation register is in the sector '{shown_sector}', "
            f"so engagement in {category} training cannot be worked out for it; import the "
            "organisation register first (File › Import, or the import organisations command)."
        )
    elif not session.scalar(
        select(func.count()).select_from(Course).where(func.lower(Course.category) == key(category))
    ):
        in_use = session.scalars(
            select(Course.category).where(Course.category.is_not(None)).distinct()
        ).all()
        known = ", ".join(sorted(in_use)) or "none yet"
        warning = (
            f"No course is in the category '{category}', so no organisation can be engaged in "
            f"it; the categories in use are: {known}."
        )
    return result, warning


def _describe_session(title: str, start: datetime) -> str:
    return f"{title} on {to_local(start).strftime('%d %b %Y')}"


def _listed(items: list[str]) -> str:
    shown = "; ".join(items[:_LISTED])
    more = len(items) - _LISTED
    return f"{shown}; and {more} more" if more > 0 else shown


def _register_warnings(session: Session, ran, years: Sequence[str]) -> list[str]:
    """Unmarked registers and over-capacity sessions among those that ran, year by year."""
    confirmed = func.count()
    unmarked = func.sum(case((Booking.attendance == UNMARKED, 1), else_=0))
    query: Select = (
        select(ran.c.session_id, ran.c.year, ran.c.capacity, confirmed, unmarked)
        .join(Booking, Booking.session_id == ran.c.session_id)
        .where(Booking.status == BOOKED)
        .group_by(ran.c.session_id, ran.c.year, ran.c.capacity)
        .having(or_(unmarked > 0, and_(ran.c.capacity.is_not(None), confirmed > ran.c.capacity)))
    )
    flagged = list(session.execute(query))
    if not flagged:
        return []
    described = {
        sid: (start, _describe_session(title, start))
        for sid, title, start in session.execute(
            select(TrainingSession.id, Course.title, TrainingSession.start_at)
            .join(Course, Course.id == TrainingSession.course_id)
            .where(TrainingSession.id.in_([row[0] for row in flagged]))
        )
    }
    starts = {sid: text for sid, (_, text) in described.items()}
    warnings: list[str] = []
    for year in years:
        rows = sorted((r for r in flagged if r[1] == year), key=lambda r: described[r[0]][0])
        blank = [r for r in rows if (r[4] or 0) > 0]
        if blank:
            places = sum(int(r[4]) for r in blank)
            sessions = "session that ran has" if len(blank) == 1 else "sessions that ran have"
            warnings.append(
                f"{year}: {len(blank)} {sessions} an unmarked register "
                f"({plural(places, 'booked place')} with blank attendance), so attendances may "
                f"be undercounted: {_listed([starts[r[0]] for r in blank])}."
            )
        over = [r for r in rows if r[2] is not None and r[3] > r[2]]
        if over:
            details = [f"{starts[r[0]]} ({r[3]} confirmed for {r[2]} places)" for r in over]
            warnings.append(
                f"{year}: {plural(len(over), 'session')} had more confirmed "
                f"bookings than places: {_listed(details)}."
            )
    return warnings


def compute(
    db: Database,
    year: FinancialYear,
    *,
    years: int = 3,
    engagement: Sequence[tuple[str, str]] = (("DSL", "Education"),),
    now: datetime | None = None,
) -> WorkforceReport:
    """The workforce report for `year` and the `years - 1` before it, oldest first.

    Only sessions that ran (not cancelled, started before `now`) count. Besides
    the JSON figures, the result carries the walk-ins of every year and the last
    year's reasons for non-attendance.
    Raises InputError for a number of years outside 1 to MAX_YEARS.
    """
    if not 1 <= int(years) <= MAX_YEARS:
        raise InputError(f"A report covers 1 to {MAX_YEARS} years; {years} was asked for.")
    now = now or now_utc()
    span = [year.previous(n) for n in range(int(years) - 1, -1, -1)]
    labels = [fy.label for fy in span]
    pairs = list(dict.fromkeys((clean(c) or "", clean(s) or "") for c, s in engagement))
    with db.read() as session:
        if db.dialect == "postgresql":
            # A report reads a million rows once: compiling it (JIT) costs more than it
            # saves, and the per-session sums fit in memory instead of spilling to disk.
            session.execute(text("SET LOCAL jit = off"))
            session.execute(text("SET LOCAL work_mem = '64MB'"))
        ran = _ran_sessions(span, now)
        sectors = _sectors(session)
        totals = _totals(session, ran, [sid for sid, _, _ in sectors])
        heads = _headcounts(session, ran)
        reasons = _non_attendance(session, ran, labels[-1])
        engaged = [_engagement(session, ran, labels[-1], c, s) for c, s in pairs]
        flagged = any(t.flagged_sessions for t in totals.values())
        warnings = _register_warnings(session, ran, labels) if flagged else []

    empty = _Totals()
    multi = {y: totals.get((y, Agency.MULTI.value), empty) for y in labels}
    single = {y: totals.get((y, Agency.SINGLE.value), empty) for y in labels}
    by_sector = {(y, sid): n for y in labels for sid, n in multi[y].attended_by_sector}

    # A retired sector stands in the table only for the years that still count it.
    sector_names = [
        (sid, name) for sid, name, retired in sectors
        if not retired or any(by_sector.get((y, sid), 0) for y in labels)
    ]
    if any(n for (_, sid), n in by_sector.items() if sid is None):
        sector_names.append((None, NO_SECTOR))
        unsectored = sum(n for (_, sid), n in by_sector.items() if sid is None)
        warnings.insert(
            0,
            f"{plural(unsectored, 'multi-agency attendance')} "
            f"had no organisation on the booking and "
            f"{'are' if unsectored != 1 else 'is'} shown as '{NO_SECTOR}'.",
        )
    warnings.extend(w for _, w in engaged if w)

    return WorkforceReport(
        years=tuple(labels),
        multi_agency=tuple(
            MultiAgencyYear(
                y, multi[y].courses_run, multi[y].bookings, multi[y].attendances, multi[y].walk_ins
            )
            for y in labels
        ),
        single_agency=tuple(
            SingleAgencyYear(
                y, single[y].courses_run, single[y].attendances, heads.get(y, 0), single[y].walk_ins
            )
            for y in labels
        ),
        attendance_by_sector=tuple(
            SectorAttendance(
                y, tuple((name, by_sector.get((y, sid), 0)) for sid, name in sector_names)
            )
            for y in labels
        ),
        engagement=tuple(e for e, _ in engaged),
        warnings=tuple(warnings),
        non_attendance=reasons,
    )

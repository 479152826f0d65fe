"""The sessions list: filtered, sorted and paged in the database, a page of plain rows at a time."""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Select, bindparam, func, or_, select, tuple_

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Course, Headcount, Organisation, TrainingSession
from pscp_training.domain.enums import Agency, Attendance, BookingStatus, Delivery, SessionStatus
from pscp_training.domain.errors import InputError
from pscp_training.domain.identity import key
from pscp_training.domain.records import SessionRecord
from pscp_training.domain.years import FinancialYear
from pscp_training.services.common.mapping import booking_counts


@dataclass(frozen=True)
class SessionFilter:
    year: FinancialYear | None = None
    course_id: int | None = None
    agency: Agency | None = None
    delivery: Delivery | None = None
    status: SessionStatus | None = None
    search: str | None = None
    starts_from: datetime | None = None
    starts_before: datetime | None = None


SESSION_SORT_KEYS = ("start", "course_code", "course_title", "venue", "capacity", "booked")


def _filtered(query: Select, flt: SessionFilter) -> Select:
    """The query narrowed to the sessions the filter lets through (courses already joined)."""
    if flt.year is not None:
        lo, hi = flt.year.utc_bounds()
        query = query.where(TrainingSession.start_at >= lo, TrainingSession.start_at < hi)
    if flt.starts_from is not None:
        query = query.where(TrainingSession.start_at >= flt.starts_from)
    if flt.starts_before is not None:
        query = query.where(TrainingSession.start_at < flt.starts_before)
    if flt.course_id is not None:
        query = query.where(TrainingSession.course_id == flt.course_id)
    if flt.agency is not None:
        query = query.where(Course.agency == Agency(flt.agency).value)
    if flt.delivery is not None:
        query = query.where(TrainingSession.delivery == Delivery(flt.delivery).value)
    if flt.status is not None:
        query = query.where(TrainingSession.status == SessionStatus(flt.status).value)
    for word in (flt.search or "").split():
        pattern = f"%{key(word)}%"
        query = query.where(
            or_(
                func.lower(Course.code).like(pattern),
                func.lower(Course.title).like(pattern),
                func.lower(TrainingSession.venue).like(pattern),
                func.lower(TrainingSession.trainers).like(pattern),
            )
        )
    return query


SORT_COLUMNS = {
    "start": TrainingSession.start_at,
    "course_code": Course.code,
    "course_title": Course.title,
    "venue": TrainingSession.venue,
    "capacity": TrainingSession.capacity,
}
# Sorts whose column is never NULL can continue from the row shown last (`after`/`before`)
# instead of counting past every earlier row with OFFSET (scrolling 60,000 sessions with
# OFFSET read 1.8 million rows). NULLs sort first on SQLite and last on PostgreSQL, so the
# others page by OFFSET.
_KEYSET = {"start": lambda s: s.start, "course_code": lambda s: s.course_code,
           "course_title": lambda s: s.course_title}

def _count(*conditions):
    """A correlated count of the session's bookings (found by `ix_bookings_session_status`)."""
    return (select(func.count(Booking.id))
            .where(Booking.session_id == TrainingSession.id, *conditions)
            .scalar_subquery())


_BOOKED = Booking.status == BookingStatus.BOOKED.value
_ROW = (
    TrainingSession.id, TrainingSession.course_id, Course.code, Course.title, Course.category,
    Course.agency, TrainingSession.start_at, TrainingSession.end_at, TrainingSession.delivery,
    TrainingSession.venue, TrainingSession.capacity, TrainingSession.trainers,
    TrainingSession.status, Organisation.name, TrainingSession.notes, TrainingSession.version,
    _count(_BOOKED),
    _count(Booking.status == BookingStatus.WAITLISTED.value),
    _count(_BOOKED, Booking.attendance == Attendance.ATTENDED.value),
    _count(_BOOKED, Booking.attendance == Attendance.UNMARKED.value),
    select(func.coalesce(func.sum(Headcount.count), 0))
    .where(Headcount.session_id == TrainingSession.id).scalar_subquery(),
)


@lru_cache(maxsize=64)
def _page_statement(flt: SessionFilter, sort: str, descending: bool, edge: str | None) -> Select:
    """The statement for a page (built once per filter and order: scrolling asks hundreds
    of times); `edge` "after"/"before" continues from a session shown, else OFFSET.

    The page's sessions are chosen first, by id, and only they are read with their counts:
    PostgreSQL works out the columns of the rows an OFFSET skips, and of every row it sorts.
    """
    chosen = select(TrainingSession.id.label("id")).join(
        Course, Course.id == TrainingSession.course_id)
    chosen = _filtered(chosen, flt)
    if sort == "booked":
        counts = booking_counts().subquery()
        column = func.coalesce(counts.c.booked, 0)
        chosen = chosen.outerjoin(counts, counts.c.session_id == TrainingSession.id)
    else:
        column = SORT_COLUMNS[sort]
    if edge is not None:
        pair = tuple_(column, TrainingSession.id)
        seen = tuple_(bindparam("edge_value", type_=column.type), bindparam("edge_id"))
        later = (edge == "after") != descending
        chosen = chosen.where(pair > seen if later else pair < seen)
    down = descending != (edge == "before")  # a page before a session is read backwards
    chosen = chosen.add_columns(column.label("sort_value")).order_by(
        column.desc() if down else column.asc(),
        TrainingSession.id.desc() if down else TrainingSession.id.asc(),
    ).limit(bindparam("limit"))
    if edge is None:
        chosen = chosen.offset(bindparam("offset"))
    page = chosen.subquery()
    return (
        select(*_ROW)
        .join(page, page.c.id == TrainingSession.id)
        .join(Course, Course.id == TrainingSession.course_id)
        .outerjoin(Organisation, Organisation.id == TrainingSession.commissioning_organisation_id)
        .order_by(page.c.sort_value.desc() if down else page.c.sort_value.asc(),
                  TrainingSession.id.desc() if down else TrainingSession.id.asc())
    )


def list_sessions(
    db: Database,
    flt: SessionFilter | None = None,
    *,
    sort: str = "start",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = None,
    after: SessionRecord | None = None,
    before: SessionRecord | None = None,
) -> list[SessionRecord]:
    """Sessions matching the filter, sorted in the database, one page at a time.

    `after` (the last session shown) or `before` (the first) continue the list from a
    session already shown rather than from `offset`, where the sort allows it. Booking
    counts are worked out for the page's sessions only (one index probe each), so the
    first page of a million bookings costs no more than the first page of a hundred -
    except when sorting by how full sessions are, which needs every session's count.
    Raises InputError (an unknown sort).
    """
    flt = flt or SessionFilter()
    if sort != "booked" and sort not in SORT_COLUMNS:
        raise InputError(f"Sessions cannot be sorted by '{sort}'.")
    edge_record = after or before
    edge = None
    if edge_record is not None and sort in _KEYSET:
        edge = "after" if after is not None else "before"
    params = {"limit": -1 if limit is None else limit}
    if edge is None:
        params["offset"] = offset
    else:
        params["edge_value"] = _KEYSET[sort](edge_record)
        params["edge_id"] = edge_record.id
    if limit is None and db.engine.dialect.name != "sqlite":
        params["limit"] = None  # LIMIT NULL: every row
    with db.read() as session:
        rows = session.execute(_page_statement(flt, sort, descending, edge), params).all()
    if edge == "before":
        rows.reverse()
    return [_record(row) for row in rows]


def _record(row) -> SessionRecord:
    (id_, course_id, code, title, category, agency, start, end, delivery, venue, capacity,
     trainers, status, commissioner, notes, version, booked, waitlisted, attended, unmarked,
     headcount) = row
    return SessionRecord(
        id=id_, course_id=course_id, course_code=code, course_title=title,
        course_category=category, agency=Agency(agency), start=start, end=end,
        delivery=Delivery(delivery), venue=venue, capacity=capacity, trainers=trainers,
        status=SessionStatus(status), commissioning_organisation=commissioner, notes=notes,
        booked=booked or 0, waitlisted=waitlisted or 0, attended=attended or 0,
        version=version, headcount=int(headcount or 0), unmarked=unmarked or 0,
    )


def count_sessions(db: Database, flt: SessionFilter | None = None) -> int:
    query = _filtered(
        select(func.count(TrainingSession.id)).join(Course, Course.id == TrainingSession.course_id),
        flt or SessionFilter())
    with db.read() as session:
        return session.scalar(query) or 0

"""Turning database rows into the frozen records the rest of the application reads."""

from sqlalchemy import Select, case, func, select
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
from pscp_training.domain.enums import Agency, Attendance, BookingStatus, Delivery, SessionStatus
from pscp_training.domain.records import (
    BookingRecord,
    CourseRecord,
    DelegateRecord,
    HeadcountRecord,
    OrganisationRecord,
    SectorRecord,
    SessionRecord,
)


def sector_record(row: Sector) -> SectorRecord:
    return SectorRecord(id=row.id, name=row.name, sort_order=row.sort_order,
                        retired=bool(row.retired))


def organisation_record(row: Organisation) -> OrganisationRecord:
    return OrganisationRecord(
        id=row.id,
        name=row.name,
        sector=row.sector.name,
        org_type=row.org_type,
        active=row.active,
        version=row.version,
    )


def delegate_record(row: Delegate) -> DelegateRecord:
    org = row.organisation
    return DelegateRecord(
        id=row.id,
        first_name=row.first_name,
        last_name=row.last_name,
        email=row.email,
        job_role=row.job_role,
        organisation_id=org.id if org else None,
        organisation=org.name if org else None,
        sector=org.sector.name if org else None,
        version=row.version,
        phone=row.phone,
        safeguarding_role=row.safeguarding_role,
    )


def course_record(row: Course) -> CourseRecord:
    return CourseRecord(
        id=row.id,
        code=row.code,
        title=row.title,
        category=row.category,
        agency=Agency(row.agency),
        default_duration_minutes=row.default_duration_minutes,
        default_capacity=row.default_capacity,
        description=row.description,
        active=row.active,
        version=row.version,
        audience=row.audience,
        learning_outcomes=row.learning_outcomes,
        how_to_book=row.how_to_book,
    )


def booking_counts() -> Select:
    """Per session: confirmed places, waiting-list entries, attendances and places not marked."""
    booked = BookingStatus.BOOKED.value
    return select(
        Booking.session_id.label("session_id"),
        func.sum(case((Booking.status == booked, 1), else_=0)).label("booked"),
        func.sum(case((Booking.status == BookingStatus.WAITLISTED.value, 1), else_=0)).label(
            "waitlisted"
        ),
        func.sum(
            case(
                ((Booking.status == booked) & (Booking.attendance == Attendance.ATTENDED.value), 1),
                else_=0,
            )
        ).label("attended"),
        func.sum(
            case(
                ((Booking.status == booked) & (Booking.attendance == Attendance.UNMARKED.value), 1),
                else_=0,
            )
        ).label("unmarked"),
    ).group_by(Booking.session_id)


def headcount_totals(session: Session, session_ids: list[int]) -> dict[int, int]:
    """Per session: the unnamed attendees its headcounts record."""
    if not session_ids:
        return {}
    rows = session.execute(
        select(Headcount.session_id, func.sum(Headcount.count))
        .where(Headcount.session_id.in_(session_ids))
        .group_by(Headcount.session_id)
    )
    return {session_id: int(total or 0) for session_id, total in rows}


def session_record(
    row: TrainingSession, booked: int = 0, waitlisted: int = 0, attended: int = 0,
    headcount: int = 0,
    unmarked: int = 0,
) -> SessionRecord:
    course = row.course
    commissioner = row.commissioning_organisation
    return SessionRecord(
        id=row.id,
        course_id=course.id,
        course_code=course.code,
        course_title=course.title,
        course_category=course.category,
        agency=Agency(course.agency),
        start=row.start_at,
        end=row.end_at,
        delivery=Delivery(row.delivery),
        venue=row.venue,
        capacity=row.capacity,
        trainers=row.trainers,
        status=SessionStatus(row.status),
        commissioning_organisation=commissioner.name if commissioner else None,
        notes=row.notes,
        booked=int(booked or 0),
        waitlisted=int(waitlisted or 0),
        attended=int(attended or 0),
        version=row.version,
        headcount=headcount,
        unmarked=int(unmarked or 0),
    )


def session_record_with_counts(session: Session, row: TrainingSession) -> SessionRecord:
    counts = session.execute(
        booking_counts().where(Booking.session_id == row.id)
    ).one_or_none()
    headcount = headcount_totals(session, [row.id]).get(row.id, 0)
    if counts is None:
        return session_record(row, headcount=headcount)
    return session_record(row, counts.booked, counts.waitlisted, counts.attended, headcount,
                          unmarked=counts.unmarked)


def booking_record(row: Booking) -> BookingRecord:
    delegate = row.delegate
    return BookingRecord(
        id=row.id,
        session_id=row.session_id,
        delegate_id=delegate.id,
        first_name=delegate.first_name,
        last_name=delegate.last_name,
        email=delegate.email,
        organisation=row.organisation.name if row.organisation else None,
        sector=row.sector.name if row.sector else None,
        status=BookingStatus(row.status),
        waitlist_position=row.waitlist_position,
        booked_at=row.booked_at,
        cancelled_at=row.cancelled_at,
        late_cancellation=row.late_cancellation,
        walk_in=row.walk_in,
        attendance=Attendance(row.attendance),
        version=row.version,
        phone=delegate.phone,
    )


def headcount_record(row: Headcount) -> HeadcountRecord:
    return HeadcountRecord(
        id=row.id,
        session_id=row.session_id,
        organisation=row.organisation.name,
        sector=row.sector.name,
        count=row.count,
    )


def booking_rows() -> Select:
    """Bookings as plain rows (no ORM objects): fast enough for a conference-sized session."""
    return (
        select(
            Booking.id, Booking.session_id, Booking.delegate_id, Delegate.first_name,
            Delegate.last_name, Delegate.email, Organisation.name.label("organisation"),
            Sector.name.label("sector"), Booking.status, Booking.waitlist_position,
            Booking.booked_at, Booking.cancelled_at, Booking.late_cancellation, Booking.walk_in,
            Booking.attendance, Booking.version, Delegate.phone,
        )
        .join(Delegate, Delegate.id == Booking.delegate_id)
        .outerjoin(Organisation, Organisation.id == Booking.organisation_id)
        .outerjoin(Sector, Sector.id == Booking.sector_id)
    )


def booking_record_from_row(row) -> BookingRecord:
    return BookingRecord(
        id=row.id,
        session_id=row.session_id,
        delegate_id=row.delegate_id,
        first_name=row.first_name,
        last_name=row.last_name,
        email=row.email,
        organisation=row.organisation,
        sector=row.sector,
        status=BookingStatus(row.status),
        waitlist_position=row.waitlist_position,
        booked_at=row.booked_at,
        cancelled_at=row.cancelled_at,
        late_cancellation=bool(row.late_cancellation),
        walk_in=bool(row.walk_in),
        attendance=Attendance(row.attendance),
        version=row.version,
        phone=row.phone,
    )


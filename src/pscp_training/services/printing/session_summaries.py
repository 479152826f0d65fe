"""Session summaries for trainers: one session's booking and attendance figures and evaluations."""

from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Delegate, Headcount, Organisation, TrainingSession
from pscp_training.domain.enums import Agency, Attendance, BookingStatus, Delivery, SessionStatus
from pscp_training.domain.errors import NotFound
from pscp_training.domain.print_records import SessionSummaryData, SummaryBooking
from pscp_training.domain.years import now_utc, to_local
from pscp_training.pdf.filenames import replacing
from pscp_training.pdf.session_summary import write_session_summary_pdf
from pscp_training.services.evaluations.evaluation_summaries import summarise_session
from pscp_training.services.settings import team_settings

_ATTENDANCE = {
    Attendance.ATTENDED.value: "Attended",
    Attendance.ABSENT.value: "Absent",
    Attendance.UNMARKED.value: "Not marked",
}
_ORDER = {
    BookingStatus.BOOKED.value: 0,
    BookingStatus.WAITLISTED.value: 1,
    BookingStatus.SUBSTITUTED.value: 2,
    BookingStatus.CANCELLED.value: 3,
}


def _status(booking: Booking) -> str:
    if booking.status == BookingStatus.BOOKED.value:
        return _ATTENDANCE[booking.attendance]
    if booking.status == BookingStatus.WAITLISTED.value:
        return f"Waiting list ({booking.waitlist_position})"
    if booking.status == BookingStatus.SUBSTITUTED.value:
        return "Place passed to a colleague"
    return "Cancelled late" if booking.late_cancellation else "Cancelled"


def _session_status(row: TrainingSession) -> str:
    if row.status == SessionStatus.CANCELLED.value:
        return "Cancelled"
    return "Took place" if row.start_at <= now_utc() else "Coming up"


def session_summary_data(db: Database, session_id: int) -> SessionSummaryData:
    """What a session's summary shows. Raises NotFound."""
    with db.read() as session:
        row = session.get(TrainingSession, session_id)
        if row is None:
            raise NotFound(f"There is no session {session_id}.")
        bookings = session.scalars(
            select(Booking)
            .join(Booking.delegate)
            .where(Booking.session_id == row.id)
            .order_by(func.lower(Delegate.last_name), func.lower(Delegate.first_name), Booking.id)
        ).all()
        bookings = sorted(
            bookings, key=lambda b: (_ORDER.get(b.status, 9), b.waitlist_position or 0)
        )
        confirmed = [b for b in bookings if b.status == BookingStatus.BOOKED.value]
        marks = [b.attendance for b in confirmed]
        headcounts = tuple(
            (h.organisation.name, h.count)
            for h in session.scalars(
                select(Headcount)
                .join(Headcount.organisation)
                .where(Headcount.session_id == row.id)
                .order_by(Organisation.name_key)
            )
        )
        cancelled = [b for b in bookings if b.status == BookingStatus.CANCELLED.value]
        data = SessionSummaryData(
            partnership_name=team_settings.read_setting(session, team_settings.PARTNERSHIP_NAME)
            or "",
            course_code=row.course.code,
            course_title=row.course.title,
            agency="Multi-agency" if row.course.agency == Agency.MULTI.value else "Single-agency",
            start=to_local(row.start_at),
            end=to_local(row.end_at) if row.end_at else None,
            delivery="In person" if row.delivery == Delivery.IN_PERSON.value else "Online",
            venue=row.venue,
            trainers=row.trainers,
            status=_session_status(row),
            capacity=row.capacity,
            booked=len(confirmed),
            attended=marks.count(Attendance.ATTENDED.value),
            absent=marks.count(Attendance.ABSENT.value),
            unmarked=marks.count(Attendance.UNMARKED.value),
            walk_ins=sum(1 for b in confirmed if b.walk_in),
            waitlisted=sum(1 for b in bookings if b.status == BookingStatus.WAITLISTED.value),
            cancelled=len(cancelled),
            late_cancellations=sum(1 for b in cancelled if b.late_cancellation),
            headcount=sum(count for _, count in headcounts),
            headcounts=headcounts,
            bookings=tuple(
                SummaryBooking(
                    name=f"{b.delegate.first_name} {b.delegate.last_name}".strip(),
                    organisation=b.organisation.name if b.organisation else None,
                    status=_status(b),
                    walk_in=b.walk_in,
                )
                for b in bookings
            ),
        )
    evaluation = summarise_session(db, session_id)
    if evaluation.evaluations:
        data = replace(data, evaluation=evaluation)
    return data


def write_session_summary(db: Database, session_id: int, path: Path) -> Path:
    """Write a session's summary to `path` (replacing it whole, or leaving it untouched).

    Raises NotFound.
    """
    data = session_summary_data(db, session_id)
    path = Path(path)
    with replacing(path) as stream:
        write_session_summary_pdf(data, stream)
    return path

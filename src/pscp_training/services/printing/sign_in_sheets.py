"""Sign-in sheets: the confirmed delegates of an in-person session, ready to print."""

from pathlib import Path

from sqlalchemy import func, select

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Delegate, TrainingSession
from pscp_training.domain.enums import BookingStatus, Delivery, SessionStatus
from pscp_training.domain.errors import NotFound, RuleViolation
from pscp_training.domain.print_records import SignInRow, SignInSheetData
from pscp_training.domain.years import to_local
from pscp_training.pdf.filenames import replacing
from pscp_training.pdf.sign_in_sheet import write_sign_in_sheet_pdf
from pscp_training.pdf.text import long_date
from pscp_training.services.settings import team_settings

MIN_BLANK_ROWS = 5
MAX_BLANK_ROWS = 15


def blank_rows_for(capacity: int | None, confirmed: int) -> int:
    """Rows for walk-ins: the free places, but never fewer than 5 nor more than 15."""
    free = MIN_BLANK_ROWS if capacity is None else capacity - confirmed
    return max(MIN_BLANK_ROWS, min(MAX_BLANK_ROWS, free))


def sign_in_sheet_data(db: Database, session_id: int) -> SignInSheetData:
    """What the sign-in sheet of a session shows.

    Raises NotFound (no such session), RuleViolation (cancelled or online session).
    """
    with db.read() as session:
        row = session.get(TrainingSession, session_id)
        if row is None:
            raise NotFound(f"There is no session {session_id}.")
        what = f"{row.course.title} on {long_date(to_local(row.start_at))}"
        if row.status == SessionStatus.CANCELLED.value:
            raise RuleViolation(f"The session {what} was cancelled, so it has no sign-in sheet.")
        if row.delivery != Delivery.IN_PERSON.value:
            raise RuleViolation(
                f"The session {what} is online, so it has no sign-in sheet; "
                "mark its register in the app instead."
            )
        bookings = session.scalars(
            select(Booking)
            .join(Booking.delegate)
            .where(Booking.session_id == row.id, Booking.status == BookingStatus.BOOKED.value)
            .order_by(
                func.lower(Delegate.last_name), func.lower(Delegate.first_name), Booking.id
            )
        ).all()
        delegates = tuple(
            SignInRow(
                name=f"{b.delegate.first_name} {b.delegate.last_name}".strip(),
                organisation=b.organisation.name if b.organisation else None,
            )
            for b in bookings
        )
        return SignInSheetData(
            partnership_name=team_settings.read_setting(session, team_settings.PARTNERSHIP_NAME)
            or "",
            course_code=row.course.code,
            course_title=row.course.title,
            start=to_local(row.start_at),
            end=to_local(row.end_at) if row.end_at else None,
            venue=row.venue,
            trainers=row.trainers,
            delegates=delegates,
            blank_rows=blank_rows_for(row.capacity, len(delegates)),
        )


def write_sign_in_sheet(db: Database, session_id: int, path: Path) -> Path:
    """Write a session's sign-in sheet to `path` (replacing it whole, or leaving it untouched).

    Raises NotFound, RuleViolation (cancelled or online session).
    """
    data = sign_in_sheet_data(db, session_id)
    path = Path(path)
    with replacing(path) as stream:
        write_sign_in_sheet_pdf(data, stream)
    return path

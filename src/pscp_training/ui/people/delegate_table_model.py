"""Table models for delegates: the paged, searchable list and one delegate's training record."""

from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from pscp_training.domain.enums import Attendance, BookingStatus, SessionStatus
from pscp_training.domain.people_records import DelegateSummary
from pscp_training.domain.records import BookingRecord, SessionRecord
from pscp_training.domain.years import FinancialYear, now_utc, to_local
from pscp_training.services.people import training_record
from pscp_training.ui.common.paged_table_model import Column, PagedTableModel

MUTED = QColor("#6b6b6b")
_ROOT = QModelIndex()


def short_date(moment: datetime | None) -> str:
    return to_local(moment).strftime("%d %b %Y") if moment else ""


def booking_outcome(booking: BookingRecord) -> str:
    """What happened to a booking, as the team says it."""
    if booking.status == BookingStatus.BOOKED:
        return {
            Attendance.ATTENDED: "Attended",
            Attendance.ABSENT: "Did not attend",
            Attendance.UNMARKED: "Walk-in" if booking.walk_in else "Booked",
        }[booking.attendance]
    if booking.status == BookingStatus.WAITLISTED:
        return f"Waiting list ({booking.waitlist_position})"
    if booking.status == BookingStatus.CANCELLED:
        return "Cancelled (late)" if booking.late_cancellation else "Cancelled"
    return booking.status.value.capitalize()


DELEGATE_COLUMNS = [
    Column("Name", lambda s: f"{s.delegate.last_name}, {s.delegate.first_name}", "name"),
    Column("Email", lambda s: s.delegate.email, "email"),
    Column("Organisation", lambda s: s.delegate.organisation, "organisation"),
    Column("Sector", lambda s: s.delegate.sector, "sector"),
    Column("Bookings", lambda s: s.bookings, "bookings", align_right=True),
    Column("Attended", lambda s: s.attended, "attended", align_right=True),
    Column("Latest session", lambda s: short_date(s.last_session), "last_session",
           align_right=True),
]


class DelegateTableModel(PagedTableModel):
    """Delegates matching a search, a page at a time, sorted by the database."""

    def __init__(self, db, parent=None):
        super().__init__(DELEGATE_COLUMNS, sort_key="name", parent=parent)
        self.db = db
        self.search = ""
        self.reset_with(self._fetch)

    def _fetch(self, offset: int, limit: int) -> list[DelegateSummary]:
        return training_record.list_delegates(
            self.db, self.search, sort=self.sort_key or "name", descending=self.descending,
            offset=offset, limit=limit,
        )

    def set_search(self, text: str) -> None:
        self.search = text.strip()
        self.reset_with(self._fetch)

    def row_of(self, delegate_id: int) -> int:
        return self.row_where(lambda s: s.delegate.id == delegate_id)


class TrainingRecordModel(QAbstractTableModel):
    """Every booking of one delegate, attended or not, newest session first (a short list)."""

    HEADERS = ("Date", "Year", "Course", "Status", "Organisation at booking")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple[SessionRecord, BookingRecord]] = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def session_at(self, row: int) -> SessionRecord | None:
        return self.rows[row][0] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def _text(self, session: SessionRecord, booking: BookingRecord, column: int) -> str:
        if column == 0:
            return to_local(session.start).strftime("%a %d %b %Y")
        if column == 1:
            return FinancialYear.of(session.start).label
        if column == 2:
            cancelled = " (session cancelled)" if session.status.value == "cancelled" else ""
            return f"{session.course_title}{cancelled}"
        if column == 3:
            outcome = booking_outcome(booking)
            if outcome == "Booked" and session.status != SessionStatus.CANCELLED \
                    and session.start <= now_utc():
                return "Booked, not marked"  # the session ran: its register is still to mark
            return outcome
        return booking.organisation or ""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        session, booking = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(session, booking, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and (
            booking.status != BookingStatus.BOOKED or booking.attendance == Attendance.ABSENT
        ):
            return QBrush(MUTED)
        if role == Qt.ItemDataRole.UserRole:
            return session.id
        return None

"""The attendance register: one row per confirmed place, marked with the mouse or the keyboard."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableView

from pscp_training.domain.enums import Attendance
from pscp_training.domain.records import BookingRecord
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.table_view import make_table, set_column_widths

_ROOT = QModelIndex()
HEADERS = ["Name", "Organisation", "Attendance", "Walk-in"]
_MARK = {
    Attendance.ATTENDED: "✓  Attended",
    Attendance.ABSENT: "✗  Absent",
    Attendance.UNMARKED: "–  Not marked",
}
_COLOUR = {
    Attendance.ATTENDED: QBrush(QColor(24, 110, 40)),
    Attendance.ABSENT: QBrush(QColor(170, 40, 30)),
    Attendance.UNMARKED: None,
}


def next_mark(current: Attendance) -> Attendance:
    """Space: not marked or absent becomes attended; attended becomes absent."""
    return Attendance.ABSENT if current == Attendance.ATTENDED else Attendance.ATTENDED


class RegisterModel(QAbstractTableModel):
    """The confirmed bookings of one session, in the order of the confirmed list."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[BookingRecord] = []

    def set_bookings(self, rows: list[BookingRecord]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def update_booking(self, record: BookingRecord) -> None:
        for row, existing in enumerate(self.rows):
            if existing.id == record.id:
                self.rows[row] = record
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
                return

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        booking = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [booking.full_name, booking.organisation or "", _MARK[booking.attendance],
                    "Walk-in" if booking.walk_in else ""][column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return _COLOUR[booking.attendance]
        if role == Qt.ItemDataRole.UserRole:
            return booking
        return None

    def counts(self) -> dict[Attendance, int]:
        result = dict.fromkeys(Attendance, 0)
        for booking in self.rows:
            result[booking.attendance] += 1
        return result


class RegisterView(QTableView):
    """Arrows move, Space toggles attended/absent, A marks attended, X absent, U not marked.

    Each key emits `mark_requested(booking, attendance)`; the session page saves it.
    """

    mark_requested = Signal(object, object)

    KEYS = {
        Qt.Key.Key_A: Attendance.ATTENDED,
        Qt.Key.Key_X: Attendance.ABSENT,
        Qt.Key.Key_U: Attendance.UNMARKED,
    }

    def keyPressEvent(self, event) -> None:
        booking = self.current_booking()
        key = event.key()
        if booking is not None and key == Qt.Key.Key_Space:
            self.mark_requested.emit(booking, next_mark(booking.attendance))
            return
        if booking is not None and key in self.KEYS:
            self.mark_requested.emit(booking, self.KEYS[key])
            return
        super().keyPressEvent(event)

    def current_booking(self) -> BookingRecord | None:
        index = self.currentIndex()
        if not index.isValid():
            return None
        return self.model().rows[index.row()]


def make_register_view(model: RegisterModel) -> RegisterView:
    register = make_table(model, object_name="register", view_class=RegisterView)
    set_column_widths(register, [220, 260, 130, 70], stretch=1)
    register.setToolTip("Arrows to move; Space: attended / absent; A attended, X absent, U unmark.")
    return register


def summary(model: RegisterModel) -> str:
    counts = model.counts()
    total = len(model.rows)
    if not total:
        return "Nobody has a confirmed place, so there is no register to mark."
    return (f"{counts[Attendance.ATTENDED]} attended, {counts[Attendance.ABSENT]} absent, "
            f"{counts[Attendance.UNMARKED]} not marked, of {fmt.people(total)}.")

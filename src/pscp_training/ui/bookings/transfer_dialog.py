"""Moving a booking to another session of the same course."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from pscp_training.domain.enums import SessionStatus
from pscp_training.domain.records import BookingRecord, SessionRecord
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.sessions import catalogue
from pscp_training.ui.common.table_view import (
    EmptyStateTable,
    fit_to_text,
    make_table,
    set_column_widths,
)
from pscp_training.ui.common.tell_delegate import tell_after, tell_checkbox
from pscp_training.ui.sessions.session_table_model import COLUMN_WIDTHS, SessionTableModel


class TransferDialog(QDialog):
    """Lists the course's other sessions still to come; emits `transferred(message)`."""

    transferred = Signal(str)
    told = Signal(str)  # what was emailed, once sent in the background

    def __init__(self, ctx, session: SessionRecord, booking: BookingRecord, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.booking = booking
        self.setWindowTitle(f"Transfer {booking.full_name}")
        self.resize(720, 360)
        flt = catalogue.SessionFilter(course_id=session.course_id, starts_from=now_utc(),
                                      status=SessionStatus.SCHEDULED)
        others = [s for s in catalogue.list_sessions(ctx.db, flt, limit=200) if s.id != session.id]
        self.model = SessionTableModel(lambda offset, limit: others[offset:offset + limit],
                                       parent=self)
        self.model.reset_with()
        self.view = make_table(self.model, object_name="transfer_sessions")
        set_column_widths(self.view, COLUMN_WIDTHS, stretch=5)
        fit_to_text(self.view, 0)
        for column in (1, 2, 3, 8):  # the same course, so code, title and agency say nothing
            self.view.setColumnHidden(column, True)
        self.view.doubleClicked.connect(self.accept)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Move {booking.full_name} to another session of {session.course_code} "
            f"{session.course_title}. Their place here goes to the first person on the "
            "waiting list, if anyone is waiting."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(EmptyStateTable(
            self.view, "There are no other sessions of this course still to come."
        ))
        self.tell = tell_checkbox(
            ctx, "Tell them by email: cancel the old date in their calendar, invite to the new")
        layout.addWidget(self.tell)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Transfer")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if others:
            self.view.selectRow(0)

    def chosen(self) -> SessionRecord | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()) if rows else None

    def accept(self) -> None:
        target = self.chosen()
        if target is None:
            return
        self.ctx.tasks.run(bookings.transfer, self.ctx.db, self.booking.id, target.id,
                           on_done=self._done)

    def _done(self, result) -> None:
        new_booking, promoted = result
        where = ("a place" if new_booking.waitlist_position is None
                 else f"number {new_booking.waitlist_position} on the waiting list")
        message = f"{new_booking.full_name} moved: {where} on the other session."
        if promoted is not None:
            message += f" {promoted.full_name} moves up from the waiting list here."
        self.transferred.emit(message)
        if self.tell.isChecked():
            sends = [("send_booking_transferred", self.booking.id, new_booking.id)]
            if promoted is not None:
                sends.append(("send_place_offered", [promoted.id]))
            tell_after(self.ctx, self.told.emit, *sends)
        super().accept()

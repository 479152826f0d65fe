"""The session page's Register tab: marking attendance, walk-ins and reasons for absence.

A part of `SessionPage` (ui/sessions/session_page.py). A mark shows at once and is saved from
the version the register showed, so marks someone else saved meanwhile are never overwritten.
"""

from dataclasses import replace

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pscp_training.domain.enums import Attendance
from pscp_training.domain.records import BookingRecord
from pscp_training.services.common.versions import as_shown_again
from pscp_training.services.sessions import attendance
from pscp_training.ui.bookings.walk_in_dialog import WalkInDialog
from pscp_training.ui.common.error_dialogs import show_error
from pscp_training.ui.common.table_view import EmptyStateTable
from pscp_training.ui.follow_up.reason_dialog import ReasonDialog
from pscp_training.ui.sessions.register_view import RegisterModel, make_register_view, summary


class RegisterActions:
    """Mixed into SessionPage: needs `ctx`, `session`, `refresh` and `_marks_waiting`."""

    def _build_register_tab(self) -> QWidget:
        self.register_model = RegisterModel(self)
        self.register = make_register_view(self.register_model)
        self.register.mark_requested.connect(self.mark)
        self.register_note = QLabel()
        self.register_note.setObjectName("register_note")
        self.register_note.setWordWrap(True)
        self.mark_all_button = QPushButton("Mark all attended")
        self.mark_all_button.clicked.connect(self.mark_all_attended)
        self.walk_in_button = QPushButton("Add walk-in…")
        self.walk_in_button.clicked.connect(self.add_walk_in)
        self.reason_button = QPushButton("Reason for absence…")
        self.reason_button.clicked.connect(self.record_reason)
        register_tab = QWidget()
        register_layout = QVBoxLayout(register_tab)
        self.register_table = EmptyStateTable(
            self.register, "Nobody has a confirmed place, so there is no register to mark.")
        register_layout.addWidget(self.register_table, 1)
        register_row = QHBoxLayout()
        register_row.addWidget(self.register_note, 1)
        register_row.addWidget(self.walk_in_button)
        register_row.addWidget(self.reason_button)
        register_row.addWidget(self.mark_all_button)
        register_layout.addLayout(register_row)
        return register_tab

    def mark(self, booking: BookingRecord, mark: Attendance) -> None:
        """Show the mark at once (keyboard marking must keep pace), then save it.

        The save starts from the version the register showed, so marks someone
        else saved meanwhile are never overwritten: theirs stay, the register reloads.
        """
        self.register_model.update_booking(replace(booking, attendance=mark))
        self.register_note.setText(summary(self.register_model))
        if booking.id in self._marks_waiting:
            # A save of this row is on its way: send the latest mark from the version
            # it returns, rather than racing it from the version it replaces.
            self._marks_waiting[booking.id] = mark
            return
        self._save_mark(booking, mark)

    def _save_mark(self, booking: BookingRecord, mark: Attendance) -> None:
        self._marks_waiting[booking.id] = None

        def saved(record: BookingRecord) -> None:
            waiting = self._marks_waiting.pop(record.id, None)
            if waiting is not None and waiting != record.attendance:
                self.register_model.update_booking(replace(record, attendance=waiting))
                self._save_mark(record, waiting)
            else:
                self.register_model.update_booking(record)
            self._quiet_refresh = True  # the register stays as it is: no reset, no lost place
            try:
                self.ctx.changes.changed.emit("bookings")
            finally:
                self._quiet_refresh = False

        def failed(exc: BaseException) -> None:
            self._marks_waiting.pop(booking.id, None)
            row = self.register.currentIndex().row()
            self.refresh()  # what is saved now, someone else's marks included
            if 0 <= row < self.register_model.rowCount():
                self.register.setCurrentIndex(self.register_model.index(row, 0))
            show_error(self, as_shown_again(exc))

        self.ctx.tasks.run(attendance.mark, self.ctx.db, booking.id, mark,
                           expected_version=booking.version, on_done=saved, on_error=failed)

    def mark_all_attended(self) -> None:
        """Mark attended everyone the register shows unmarked, unless someone marked them meanwhile."""
        unmarked = [b for b in self.register_model.rows if b.attendance == Attendance.UNMARKED]
        if not unmarked:
            return

        def failed(exc: BaseException) -> None:
            self.refresh()
            show_error(self, as_shown_again(exc))

        self.ctx.tasks.run(
            attendance.mark_register, self.ctx.db, self.session.id,
            dict.fromkeys((b.id for b in unmarked), Attendance.ATTENDED),
            expected_versions={b.id: b.version for b in unmarked},
            on_done=lambda _r: self.ctx.changes.changed.emit("bookings"), on_error=failed)

    def add_walk_in(self) -> WalkInDialog:
        dialog = WalkInDialog(self.ctx, self.session, self)
        dialog.added.connect(lambda b: self.register_note.setText(
            f"{b.full_name} is on the register as a walk-in."))
        dialog.open()
        return dialog

    def record_reason(self) -> ReasonDialog | None:
        booking = self.register.current_booking()
        if booking is None or booking.attendance != Attendance.ABSENT:
            self.register_note.setText("Choose someone marked absent to record why.")
            return None
        dialog = ReasonDialog(self.ctx, booking.id, booking.full_name, self)
        dialog.recorded.connect(self.register_note.setText)
        dialog.open()
        return dialog

"""The session page's Bookings tab: the list of bookings and what can be done to one.

A part of `SessionPage` (ui/sessions/session_page.py), which shows the session; this module
holds the tab's buttons and their actions: cancel, transfer, give a place, move on the
waiting list, pass to a colleague.
"""

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from pscp_training.domain.enums import BookingStatus
from pscp_training.domain.records import BookingRecord
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.follow_up import late_cancellation
from pscp_training.ui.bookings.bookings_view import BookingsTabs
from pscp_training.ui.bookings.substitute_dialog import SubstituteDialog
from pscp_training.ui.bookings.transfer_dialog import TransferDialog
from pscp_training.ui.bookings.waiting_list_move import move_on_waiting_list
from pscp_training.ui.common.tell_delegate import ask_and_tell, tell_after


class BookingActions:
    """Mixed into SessionPage: needs `ctx`, `session` and `book_box`."""

    def _build_bookings_tab(self) -> QWidget:
        self.bookings = BookingsTabs(self.ctx, self)
        self.bookings.selection_changed.connect(self._update_buttons)
        self.bookings.activated.connect(self._open_delegate)
        self.cancel_booking_button = QPushButton("Cancel booking")
        self.transfer_button = QPushButton("Transfer…")
        self.promote_button = QPushButton("Give a place")
        self.promote_button.setToolTip("Give this person a free place, out of turn if need be")
        self.cancel_booking_button.clicked.connect(lambda: self.cancel_booking())
        self.transfer_button.clicked.connect(self.transfer)
        self.promote_button.clicked.connect(self.promote)
        self.substitute_button = QPushButton("Pass to colleague…")
        self.substitute_button.clicked.connect(self.substitute)
        self.move_up_button = QPushButton("Move up…")
        self.move_down_button = QPushButton("Move down…")
        self.move_up_button.clicked.connect(lambda: self.move_waiting(-1))
        self.move_down_button.clicked.connect(lambda: self.move_waiting(1))
        booking_actions = QHBoxLayout()
        booking_actions.addStretch(1)
        for button in (self.move_up_button, self.move_down_button, self.promote_button,
                       self.substitute_button, self.transfer_button, self.cancel_booking_button):
            booking_actions.addWidget(button)
        bookings_tab = QWidget()
        bookings_layout = QVBoxLayout(bookings_tab)
        bookings_layout.addWidget(self.book_box)
        bookings_layout.addWidget(self.bookings, 1)
        bookings_layout.addLayout(booking_actions)
        return bookings_tab

    def _update_buttons(self, *_args) -> None:
        booking = self.bookings.selected()
        live = booking is not None and booking.status in (BookingStatus.BOOKED,
                                                          BookingStatus.WAITLISTED)
        future = self.session is not None and self.session.start > now_utc()
        self.cancel_booking_button.setEnabled(live and future)
        self.transfer_button.setEnabled(live and future)
        waiting = future and booking is not None and booking.status == BookingStatus.WAITLISTED
        self.promote_button.setEnabled(waiting)
        self.move_up_button.setEnabled(waiting and booking.waitlist_position > 1)
        self.move_down_button.setEnabled(
            waiting and booking.waitlist_position < (self.session.waitlisted or 0))
        self.substitute_button.setEnabled(
            future and booking is not None and booking.status == BookingStatus.BOOKED
        )

    def cancel_booking(self, *, confirm: bool = True, tell: bool = False) -> None:
        """Cancel the chosen booking; `tell` (the confirmation's checkbox) emails the delegate."""
        booking = self.bookings.selected()
        if booking is None:
            return
        if confirm:
            # Say before it is done whether it is late and what the charging policy will do.
            preview = late_cancellation.preview_cancellation(self.ctx.db, booking.id)
            title = "Late cancellation" if preview.late else "Cancel booking"
            answer = ask_and_tell(self, self.ctx, title, preview.text)
            if answer is None:
                return
            tell = answer
        self.ctx.tasks.run(bookings.cancel, self.ctx.db, booking.id,
                           on_done=lambda result: self._cancelled(result, tell))

    def _cancelled(self, result, tell: bool = False) -> None:
        self.ctx.changes.changed.emit("bookings")
        parts = [f"{result.cancelled.full_name}'s booking is cancelled"
                 + (" (late: less notice than the team asks for)." if result.late else ".")]
        if result.promoted is not None:
            parts.append(f"{result.promoted.full_name} moves up from the waiting list "
                         + ("into the place." if tell else "into the place: let them know."))
            self.bookings.select_booking(result.promoted.id)
        self.last_message = " ".join(parts)
        self.book_box.hint.setText(self.last_message)
        if tell:
            sends = [("send_booking_cancelled", result.cancelled.id)]
            if result.promoted is not None:
                sends.append(("send_place_offered", [result.promoted.id]))
            tell_after(self.ctx, self._say_more, *sends)

    def _say_more(self, text: str) -> None:
        """Add a sentence (what was emailed) to the last message under the booking box."""
        self.last_message = f"{getattr(self, 'last_message', '')} {text}".strip()
        self.book_box.hint.setText(self.last_message)

    def promote(self) -> None:
        booking = self.bookings.selected()
        if booking is None:
            return
        self.ctx.tasks.run(bookings.promote, self.ctx.db, booking.id, on_done=self._promoted)

    def move_waiting(self, step: int) -> None:
        booking = self.bookings.selected()
        if booking is None or booking.status != BookingStatus.WAITLISTED:
            return

        def moved(record, message: str) -> None:
            self.last_message = message
            self.book_box.hint.setText(message)
            if record is not None:
                self.ctx.changes.changed.emit("bookings")
                self.bookings.select_booking(record.id)

        move_on_waiting_list(self.ctx, self, booking, step, moved)

    def _promoted(self, booking: BookingRecord) -> None:
        self.ctx.changes.changed.emit("bookings")
        self.bookings.select_booking(booking.id)
        self.book_box.hint.setText(f"{booking.full_name} has a place.")

    def transfer(self) -> TransferDialog | None:
        booking = self.bookings.selected()
        if booking is None:
            return None
        dialog = TransferDialog(self.ctx, self.session, booking, self)
        dialog.transferred.connect(self._transferred)
        dialog.told.connect(self._say_more)
        dialog.open()
        return dialog

    def _transferred(self, message: str) -> None:
        self.ctx.changes.changed.emit("bookings")
        self.last_message = message
        self.book_box.hint.setText(message)

    def _open_delegate(self, booking: BookingRecord | None) -> None:
        if booking is not None:
            self.ctx.changes.open_delegate.emit(booking.delegate_id)

    def substitute(self) -> SubstituteDialog | None:
        booking = self.bookings.selected()
        if booking is None:
            return None
        dialog = SubstituteDialog(self.ctx, booking, self)
        dialog.substituted.connect(self._substituted)
        dialog.told.connect(self._say_more)
        dialog.open()
        return dialog

    def _substituted(self, message: str) -> None:
        self.last_message = message
        self.book_box.hint.setText(message)

"""A session's own screen: details and fill, bookings in tabs, booking, the register, headcounts."""

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pscp_training.domain.enums import Agency, Attendance, BookingStatus, Delivery, SessionStatus
from pscp_training.domain.records import BookingRecord, SessionRecord
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.common.versions import as_shown_again
from pscp_training.services.follow_up import late_cancellation
from pscp_training.services.sessions import attendance, catalogue
from pscp_training.ui.bookings.book_delegate_box import BookDelegateBox
from pscp_training.ui.bookings.bookings_view import BookingsTabs
from pscp_training.ui.bookings.people_to_tell import cancel_session_and_tell, email_list
from pscp_training.ui.bookings.substitute_dialog import SubstituteDialog
from pscp_training.ui.bookings.transfer_dialog import TransferDialog
from pscp_training.ui.bookings.waiting_list_move import move_on_waiting_list
from pscp_training.ui.bookings.walk_in_dialog import WalkInDialog
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.audit_view import AuditView
from pscp_training.ui.common.context import concerns
from pscp_training.ui.common.error_dialogs import show_error
from pscp_training.ui.common.table_view import EmptyStateTable
from pscp_training.ui.common.tell_delegate import ask_and_tell, tell_after
from pscp_training.ui.evaluations.evaluations_tab import EvaluationsTab
from pscp_training.ui.follow_up.reason_dialog import ReasonDialog
from pscp_training.ui.sessions import printing
from pscp_training.ui.sessions.headcounts_view import HeadcountsView
from pscp_training.ui.sessions.register_view import RegisterModel, make_register_view, summary
from pscp_training.ui.sessions.session_dialog import RunAgainDialog, SessionDialog
from pscp_training.ui.sessions.session_state import bookable, fill_text, markable
from pscp_training.ui.settings.message_settings_dialog import session_email_menu


class SessionPage(QWidget):
    """Shows one session (`show_session(id)`); `back_requested` returns to the list."""

    back_requested = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.session: SessionRecord | None = None
        self._quiet_refresh = False
        # booking id -> the mark to send once the save on its way returns (None: nothing yet)
        self._marks_waiting: dict[int, Attendance | None] = {}
        self.back_button = QPushButton("← Back to Sessions")
        self.back_button.setFlat(True)
        self.back_button.setToolTip("Back where you came from (Alt+Left)")
        self.back_button.clicked.connect(self.back_requested)
        self.title = QLabel()
        self.title.setObjectName("session_title")
        self.title.setWordWrap(True)
        self.details = QLabel()
        self.details.setObjectName("session_details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fill_label = QLabel()
        self.fill_label.setObjectName("fill")
        self.edit_button = QPushButton("Edit…")
        self.again_button = QPushButton("Run again on…")
        self.cancel_session_button = QPushButton("Cancel session…")
        self.emails_button = QPushButton("Copy emails")
        self.emails_button.setToolTip("Copy the confirmed delegates' emails for an Outlook message")
        # Printed output in one menu: the sign-in sheet, certificates, the trainers' summary.
        self.print_button = QPushButton("Print…")
        self.print_button.setObjectName("print_button")
        print_menu = QMenu(self.print_button)
        self.sign_in_action = print_menu.addAction("&Sign-in sheet…")
        self.certificates_action = print_menu.addAction("&Certificates…")
        self.summary_action = print_menu.addAction("Session &summary for trainers…")
        self.summary_action.setToolTip("The session's figures, delegates and evaluations, "
                                       "as a PDF for the trainers")
        self.sign_in_action.setVisible(printing.sign_in_sheets() is not None)
        self.certificates_action.setVisible(printing.certificates() is not None)
        self.summary_action.setVisible(printing.session_summaries() is not None)
        self.print_button.setMenu(print_menu)
        self.edit_button.clicked.connect(self.edit)
        self.again_button.clicked.connect(self.run_again)
        self.cancel_session_button.clicked.connect(lambda: self.cancel_session())
        self.emails_button.clicked.connect(self.copy_emails)
        self.email_button = QPushButton("Email…")
        self.email_button.setMenu(session_email_menu(
            ctx, self, lambda: self.bookings.selected(), lambda: self.session,
            lambda text: self.book_box.hint.setText(text)))
        self.sign_in_action.triggered.connect(
            lambda: printing.print_sign_in_sheet(self.ctx, self, self.session))
        self.certificates_action.triggered.connect(self.print_certificates)
        self.summary_action.triggered.connect(
            lambda: printing.print_session_summary(self.ctx, self, self.session))

        # The session's own actions beside Back, the people's (emails, printing) beside the
        # fill: at 150 % on a laptop one line cannot hold them all.
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        for button in (self.edit_button, self.again_button, self.cancel_session_button):
            top.addWidget(button)
        session_actions = QHBoxLayout()
        self.fill_label.setWordWrap(True)
        session_actions.addWidget(self.fill_label, 1)
        for button in (self.emails_button, self.email_button, self.print_button):
            session_actions.addWidget(button)

        self.book_box = BookDelegateBox(ctx, self)
        self.bookings = BookingsTabs(ctx, self)
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

        self.headcounts = HeadcountsView(ctx, self)
        # Alt+the underlined letter opens a tab (letters the menus do not use: F E G H).
        self.tabs = QTabWidget()
        self.bookings_index = self.tabs.addTab(bookings_tab, "&Bookings")
        self.register_index = self.tabs.addTab(register_tab, "&Register")
        self.headcounts_index = self.tabs.addTab(self.headcounts, "Headco&unts")
        self.evaluations = EvaluationsTab(ctx, None, self)
        self.evaluations_index = self.tabs.addTab(self.evaluations, "E&valuations")
        self.history = AuditView(ctx, self)
        self.tabs.addTab(self.history, "Histor&y")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addLayout(session_actions)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._tab_shown)
        ctx.changes.changed.connect(self._on_changed)

    # --- showing ---------------------------------------------------------------------------

    def show_session(self, session_id: int) -> None:
        if self.session is None or self.session.id != session_id:
            self.tabs.setCurrentIndex(0)
            self.bookings.setCurrentIndex(0)
        self.session = catalogue.get_session(self.ctx.db, session_id)
        self.book_box.set_session(session_id, *bookable(self.session))
        self._show()
        self.evaluations.show_session(session_id)
        self.history.show_session(session_id)

    def show_tab(self, tab: str) -> None:
        """Bring a tab forward by name: "register", "headcounts", "waiting", "evaluations"."""
        if tab == "register" and self.session is not None \
                and self.session.agency == Agency.SINGLE and not self.register_model.rowCount():
            tab = "headcounts"  # a single-agency session with nobody named is counted instead
        if tab == "waiting":
            self.tabs.setCurrentIndex(self.bookings_index)
            self.bookings.show_status(BookingStatus.WAITLISTED)
            return
        index = {"bookings": self.bookings_index, "register": self.register_index,
                 "headcounts": self.headcounts_index,
                 "evaluations": self.evaluations_index}.get(tab)
        if index is not None:
            self.tabs.setCurrentIndex(index)
            self._tab_shown(index)

    def set_back_label(self, page_label: str) -> None:
        self.back_button.setText(f"← Back to {page_label}")

    def refresh(self) -> None:
        if self.session is None:
            return
        self.session = catalogue.get_session(self.ctx.db, self.session.id)
        self._show()

    def _tab_shown(self, index: int) -> None:
        """The register is marked from the keyboard: opening its tab puts the keys on its rows."""
        if index == self.register_index and self.register.isEnabled() \
                and self.register_model.rowCount():
            if not self.register.currentIndex().isValid():
                self.register.setCurrentIndex(self.register_model.index(0, 0))
            self.register.setFocus()

    def _show(self) -> None:
        s = self.session
        cancelled = " — CANCELLED" if s.status == SessionStatus.CANCELLED else ""
        self.title.setText(f"<h2>{s.course_code} {s.course_title}{cancelled}</h2>")
        parts = [fmt.time_range(s), fmt.DELIVERY[s.delivery], s.venue, fmt.AGENCY[s.agency]]
        if s.commissioning_organisation:
            parts.append(f"for {s.commissioning_organisation}")
        if s.trainers:
            parts.append(f"trainers: {s.trainers}")
        self.details.setText("  ·  ".join(p for p in parts if p))
        can_book = bookable(s)
        self.book_box.set_bookable(*can_book)
        self.bookings.show_session(s.id, can_book[0])
        can_mark, why = markable(s)
        self.register_model.set_bookings(self.bookings.records(BookingStatus.BOOKED))
        self.register.setEnabled(can_mark)
        self.mark_all_button.setEnabled(can_mark and bool(self.register_model.rows))
        self.walk_in_button.setEnabled(can_mark)
        self.register_note.setText(why if not can_mark else summary(self.register_model))
        single = s.agency == Agency.SINGLE
        self.tabs.setTabVisible(self.headcounts_index, single)
        if single:
            self.headcounts.show_session(s.id, can_mark, why)
        self.evaluations.set_unnamed_attendees(self.headcounts.total if single else 0)
        self.fill_label.setText(self.fill_text())
        future = s.status == SessionStatus.SCHEDULED and s.start > now_utc()
        self.cancel_session_button.setEnabled(future)
        # Offered only where they can do something: a sheet to sign in a room, certificates
        # for those marked attended (each would only refuse otherwise).
        in_room = s.delivery != Delivery.ONLINE and s.status != SessionStatus.CANCELLED
        self.sign_in_action.setEnabled(in_room)
        self.sign_in_action.setToolTip("" if in_room else
                                       "An online or cancelled session has no sign-in sheet")
        self.certificates_action.setEnabled(s.attended > 0)
        self.certificates_action.setToolTip("" if s.attended else
                                            "Certificates are for those marked attended")
        self.emails_button.setEnabled(bool(email_list(self.bookings.records(BookingStatus.BOOKED))))
        self._update_buttons()

    def fill_text(self) -> str:
        single = self.session.agency == Agency.SINGLE
        return fill_text(self.session, self.headcounts.total if single else 0)

    def _on_changed(self, kind: str) -> None:
        if self.session is None or not concerns(kind, "bookings", "sessions", "delegates",
                                                "courses"):
            return
        if self._quiet_refresh:
            self.session = catalogue.get_session(self.ctx.db, self.session.id)
            self.fill_label.setText(self.fill_text())
            self.bookings.show_session(self.session.id, bookable(self.session)[0])
        else:
            self.refresh()

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

    # --- booking actions -------------------------------------------------------------------

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

    # --- the register ----------------------------------------------------------------------

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

    # --- the session -----------------------------------------------------------------------

    def copy_emails(self) -> str:
        emails = email_list(self.bookings.records(BookingStatus.BOOKED))
        QGuiApplication.clipboard().setText(emails)
        self.book_box.hint.setText("The confirmed delegates' emails are on the clipboard: "
                                   "paste them into an Outlook message's To or Bcc box.")
        return emails

    def edit(self) -> SessionDialog:
        dialog = SessionDialog(self.ctx, self.session, self)
        dialog.told.connect(self._say_more)
        dialog.open()
        return dialog

    def run_again(self) -> RunAgainDialog:
        dialog = RunAgainDialog(self.ctx, self.session, self)
        dialog.finished.connect(self._ran_again)
        dialog.open()
        return dialog

    def _ran_again(self, result: int) -> None:
        dialog = self.sender()
        if result == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.ctx.changes.open_session.emit(dialog.saved.id)

    def print_certificates(self):
        """One PDF per delegate or one combined PDF (the dialog asks); returns the dialog."""
        self.certificates_dialog = printing.print_certificates(self.ctx, self, self.session)
        return self.certificates_dialog

    def cancel_session(self, *, confirm: bool = True, tell: bool = False) -> None:
        cancel_session_and_tell(self, self.ctx, self.session, confirm=confirm, tell=tell,
                                done=lambda _r: self.ctx.changes.changed.emit("sessions"))

    # --- follow-up: walk-ins, substitutes, reasons (issue 7) -------------------------------

    def add_walk_in(self) -> WalkInDialog:
        dialog = WalkInDialog(self.ctx, self.session, self)
        dialog.added.connect(lambda b: self.register_note.setText(
            f"{b.full_name} is on the register as a walk-in."))
        dialog.open()
        return dialog

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

    def record_reason(self) -> ReasonDialog | None:
        booking = self.register.current_booking()
        if booking is None or booking.attendance != Attendance.ABSENT:
            self.register_note.setText("Choose someone marked absent to record why.")
            return None
        dialog = ReasonDialog(self.ctx, booking.id, booking.full_name, self)
        dialog.recorded.connect(self.register_note.setText)
        dialog.open()
        return dialog

"""A session's own screen: details and fill, bookings in tabs, booking, the register, headcounts."""


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
from pscp_training.domain.records import SessionRecord
from pscp_training.domain.years import now_utc
from pscp_training.services.sessions import catalogue
from pscp_training.ui.bookings.book_delegate_box import BookDelegateBox
from pscp_training.ui.bookings.people_to_tell import cancel_session_and_tell, email_list
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.audit_view import AuditView
from pscp_training.ui.common.context import concerns
from pscp_training.ui.evaluations.evaluations_tab import EvaluationsTab
from pscp_training.ui.sessions import printing
from pscp_training.ui.sessions.headcounts_view import HeadcountsView
from pscp_training.ui.sessions.register_view import summary
from pscp_training.ui.sessions.session_bookings_tab import BookingActions
from pscp_training.ui.sessions.session_dialog import RunAgainDialog, SessionDialog
from pscp_training.ui.sessions.session_register_tab import RegisterActions
from pscp_training.ui.sessions.session_state import bookable, fill_text, markable
from pscp_training.ui.settings.message_settings_dialog import session_email_menu


class SessionPage(BookingActions, RegisterActions, QWidget):
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
        bookings_tab = self._build_bookings_tab()  # ui/sessions/session_bookings_tab.py
        register_tab = self._build_register_tab()  # ui/sessions/session_register_tab.py
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

"""Booking a delegate on a session: type part of a name, email or organisation, or add someone new."""

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pscp_training.domain.records import BookingRecord, DelegateRecord
from pscp_training.services.bookings import bookings
from pscp_training.services.people import people
from pscp_training.services.refreshers import roles
from pscp_training.ui.common.person_fields import PersonFields
from pscp_training.ui.common.style import QUIET
from pscp_training.ui.refreshers.role_choice import RoleChoice

SUGGESTIONS = 15


def describe(delegate: DelegateRecord) -> str:
    """`Zoë Brown, Arundel Court Primary School, 01632 960 123, zoe@example.org` for the completer.

    The phone comes before the email, which can be long enough to push it out of sight."""
    parts = [delegate.full_name, delegate.organisation, delegate.phone, delegate.email]
    return ", ".join(p for p in parts if p)


class NewDelegateForm(QFrame):
    """Inline form for someone not yet on the system: name, email, phone, organisation, sector.

    Enter in any of its fields books the person, as the button beside them does.
    """

    submitted = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        form = QFormLayout(self)
        self.fields = PersonFields(ctx)
        self.first_name, self.last_name = self.fields.first_name, self.fields.last_name
        self.email, self.job_role = self.fields.email, self.fields.job_role
        self.organisation, self.sector = self.fields.organisation, self.fields.sector
        self.fields.add_to(form, names_side_by_side=True)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("optional: to ring them if the session changes")
        self.phone.returnPressed.connect(self.submitted)
        form.insertRow(2, "Phone", self.phone)
        self.role = RoleChoice()
        # A job role that is exactly a recognised wording (Settings › Refreshers) picks the
        # role here, where the coordinator sees it and can change it.
        self.job_role.editingFinished.connect(self._suggest_role)
        self._ctx = ctx
        form.addRow("Safeguarding role", self.role)
        self.book_button = QPushButton("Book new delegate")
        self.close_button = QPushButton("Close")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.close_button)
        row.addWidget(self.book_button)
        form.addRow(row)
        for edit in self.fields.line_edits():
            edit.returnPressed.connect(self.submitted)

    def _suggest_role(self) -> None:
        if self.role.role() is None:
            self.role.set_role(roles.role_for_job_role(self._ctx.db, self.job_role.text()))

    def load_choices(self) -> None:
        self.fields.reload_choices()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()  # Esc closes the inline form as its Close button does
            return
        super().keyPressEvent(event)

    def start_with(self, typed: str) -> None:
        """Pre-fill from what was typed: an email goes to email, words to the name."""
        self.load_choices()
        typed = typed.strip()
        self.first_name.clear()
        self.last_name.clear()
        self.email.clear()
        self.phone.clear()
        self.role.set_role(None)
        if "@" in typed:
            self.email.setText(typed)
        else:
            first, _, last = typed.partition(" ")
            self.first_name.setText(first)
            self.last_name.setText(last)
        (self.last_name if self.first_name.text() else self.first_name).setFocus()


class BookDelegateBox(QWidget):
    """Emits `booked(BookingRecord)` after a booking is saved (a place or the waiting list)."""

    booked = Signal(object)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.session_id: int | None = None
        self.matches: list[DelegateRecord] = []
        self.chosen: DelegateRecord | None = None
        self.search = QLineEdit()
        self.search.setObjectName("book_search")
        self.search.setPlaceholderText("Book a delegate: type part of a name, email or organisation")
        self.search.setClearButtonEnabled(True)
        self.suggestions = QStringListModel(self)
        self.completer = QCompleter(self.suggestions, self)
        # The service already matched name, email or organisation: show its answers as they are.
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(SUGGESTIONS)
        self.completer.activated[str].connect(self.choose_text)
        self.search.setCompleter(self.completer)
        self.book_button = QPushButton("Book")
        self.book_button.setDefault(True)
        self.new_button = QPushButton("New delegate…")
        self.hint = QLabel()
        self.hint.setObjectName("book_hint")
        self.hint.setStyleSheet(QUIET)
        self.hint.setWordWrap(True)
        self.new_form = NewDelegateForm(ctx, self)
        self.new_form.hide()
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(lambda: self.update_suggestions())
        self.search.textEdited.connect(self._typed)
        self.search.returnPressed.connect(self.book_chosen)
        self.book_button.clicked.connect(self.book_chosen)
        self.new_button.clicked.connect(self.show_new_form)
        self.new_form.book_button.clicked.connect(self.book_new)
        self.new_form.submitted.connect(self.book_new)
        self.new_form.close_button.clicked.connect(self.new_form.hide)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 1)
        row.addWidget(self.book_button)
        row.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        layout.addWidget(self.new_form)

    def set_session(self, session_id: int, bookable: bool, why_not: str = "") -> None:
        self.session_id = session_id
        self.reset()
        self.set_bookable(bookable, why_not)

    def set_bookable(self, bookable: bool, why_not: str = "") -> None:
        """Enable booking or say why not, keeping whatever is being typed."""
        was = self.search.isEnabled()
        for widget in (self.search, self.book_button, self.new_button):
            widget.setEnabled(bookable)
        if not bookable:
            self.new_form.hide()
            self.hint.setText(why_not)
        elif not was:
            self.hint.clear()

    def reset(self) -> None:
        self.search.clear()
        self.chosen = None
        self.matches = []
        self.suggestions.setStringList([])
        self.new_form.hide()
        self.hint.clear()

    # --- finding ---------------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        # Choosing a line of the completer puts its text in the box: that is a choice, not a search.
        self.chosen = next((d for d in self.matches if describe(d) == text), None)
        if self.chosen is None:
            self._timer.start()

    def update_suggestions(self, *, popup: bool = True) -> None:
        text = self.search.text().strip()
        self.matches = people.search_delegates(self.ctx.db, text, limit=SUGGESTIONS) if text else []
        self.suggestions.setStringList([describe(d) for d in self.matches])
        if text and not self.matches:
            self.hint.setText(f"Nobody matches “{text}”. Press “New delegate…” to add them.")
        else:
            self.hint.clear()
        # The box is where the person is typing even while the window is not the active one
        # (a dialog just closed, or a test runner's window), so ask the window, not the app.
        typing_here = self.search.window().focusWidget() is self.search
        if popup and self.matches and (self.search.hasFocus() or typing_here):
            self.completer.complete()

    def choose_text(self, text: str) -> None:
        self.chosen = next((d for d in self.matches if describe(d) == text), None)

    def choose(self, delegate: DelegateRecord) -> None:
        """Pick a delegate as if from the completer."""
        self.matches = [delegate]
        self.search.setText(describe(delegate))
        self.chosen = delegate

    # --- booking ---------------------------------------------------------------------------

    def book_chosen(self) -> None:
        if self.session_id is None:
            return
        self.completer.popup().hide()
        if self.chosen is None:
            # A line highlighted in the completer puts its text in the box without a signal.
            self.chosen = next(
                (d for d in self.matches if describe(d) == self.search.text()), None
            )
        if self.chosen is None:
            self._timer.stop()
            self.update_suggestions(popup=False)
            if len(self.matches) == 1:
                self.chosen = self.matches[0]
            elif not self.matches and self.search.text().strip():
                self.show_new_form()
                return
            else:
                self.hint.setText("Choose one of the delegates suggested, or add a new one.")
                return
        self.ctx.tasks.run(bookings.book, self.ctx.db, session_id=self.session_id,
                           delegate_id=self.chosen.id, on_done=self._booked)

    def show_new_form(self) -> None:
        typed = self.search.text().strip()
        self.new_form.start_with(typed)
        self.new_form.show()
        self.hint.setText(f"Nobody matches “{typed}”: add them as a new delegate below."
                          if typed else "Add a new delegate below.")

    def book_new(self) -> None:
        person = self.new_form.fields.details()
        self.ctx.tasks.run(
            roles.book_person_with_role, self.ctx.db, session_id=self.session_id,
            first_name=person.first_name, last_name=person.last_name, email=person.email,
            organisation=person.organisation, sector=person.sector, job_role=person.job_role,
            phone=self.new_form.phone.text() or None,
            safeguarding_role=self.new_form.role.role(), on_done=self._booked_new,
        )

    def _booked_new(self, booking: BookingRecord) -> None:
        self.ctx.changes.changed.emit("delegates")
        self._booked(booking)

    def _booked(self, booking: BookingRecord) -> None:
        self.reset()
        if booking.waitlist_position:
            self.hint.setText(
                f"The session is full: {booking.full_name} is number "
                f"{booking.waitlist_position} on the waiting list."
            )
        else:
            self.hint.setText(f"{booking.full_name} has a place.")
        self.booked.emit(booking)
        self.ctx.changes.changed.emit("bookings")

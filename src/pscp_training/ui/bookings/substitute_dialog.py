"""Passing a confirmed place to a colleague from the same organisation."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from pscp_training.domain.follow_up_records import PersonDetails
from pscp_training.domain.records import BookingRecord
from pscp_training.services.bookings.substitution import substitute
from pscp_training.services.people import people
from pscp_training.ui.common.tell_delegate import tell_after, tell_checkbox

NEW_COLLEAGUE = "A colleague not listed yet…"


class SubstituteDialog(QDialog):
    """Choose a known colleague or type a new one; emits `substituted(message)`."""

    substituted = Signal(str)
    told = Signal(str)  # what was emailed, once sent in the background

    def __init__(self, ctx, booking: BookingRecord, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.booking = booking
        organisation = booking.organisation or ""
        self.setWindowTitle(f"Pass {booking.full_name}'s place to a colleague")
        self.setMinimumWidth(520)
        self.colleague = QComboBox()
        self.colleague.setObjectName("colleague")
        self.colleague.addItem(NEW_COLLEAGUE, None)
        for delegate in people.search_delegates(ctx.db, organisation, limit=500):
            if delegate.organisation == organisation and delegate.id != booking.delegate_id:
                label = delegate.full_name + (f" <{delegate.email}>" if delegate.email else "")
                self.colleague.addItem(label, delegate.id)
        self.colleague.currentIndexChanged.connect(self._chosen)
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.email = QLineEdit()
        self.job_role = QLineEdit()
        form = QFormLayout()
        form.addRow("Colleague", self.colleague)
        form.addRow("First name", self.first_name)
        form.addRow("Last name", self.last_name)
        form.addRow("Email", self.email)
        form.addRow("Job role", self.job_role)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Pass the place on")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        intro = QLabel(
            f"A colleague from {organisation or 'the same organisation'} takes over "
            f"{booking.full_name}'s place. This is not a cancellation: nothing is charged "
            "and the waiting list does not move."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        self.tell = tell_checkbox(
            ctx, "Tell them both by email: a calendar cancellation for one, an invitation "
            "for the other")
        layout.addWidget(self.tell)
        layout.addWidget(buttons)

    def _chosen(self, _index: int) -> None:
        new = self.colleague.currentData() is None
        for field in (self.first_name, self.last_name, self.email, self.job_role):
            field.setEnabled(new)

    def accept(self) -> None:
        chosen = self.colleague.currentData()
        colleague = chosen if chosen is not None else PersonDetails(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            email=self.email.text() or None,
            job_role=self.job_role.text() or None,
        )
        self.ctx.tasks.run(substitute, self.ctx.db, self.booking.id, colleague,
                           on_done=self._done)

    def _done(self, result) -> None:
        self.ctx.changes.changed.emit("bookings")
        self.substituted.emit(
            f"{result.colleague} now holds {self.booking.full_name}'s place."
        )
        if self.tell.isChecked():
            tell_after(self.ctx, self.told.emit, ("send_place_passed_on",
                                                  result.original_booking_id,
                                                  result.colleague_booking_id))
        super().accept()

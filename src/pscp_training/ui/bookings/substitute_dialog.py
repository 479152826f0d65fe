"""Passing a confirmed place to a colleague from the same organisation."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox

from pscp_training.domain.records import BookingRecord
from pscp_training.services.bookings.substitution import substitute
from pscp_training.services.people import people
from pscp_training.ui.common.form_dialog import FormDialog
from pscp_training.ui.common.person_fields import PersonFields
from pscp_training.ui.common.tell_delegate import tell_after, tell_checkbox

NEW_COLLEAGUE = "A colleague not listed yet…"


class SubstituteDialog(FormDialog):
    """Choose a known colleague or type a new one; emits `substituted(message)`."""

    substituted = Signal(str)
    told = Signal(str)  # what was emailed, once sent in the background

    def __init__(self, ctx, booking: BookingRecord, parent=None):
        organisation = booking.organisation or ""
        super().__init__(
            parent, title=f"Pass {booking.full_name}'s place to a colleague",
            submit_text="Pass the place on", min_width=520,
            intro=f"A colleague from {organisation or 'the same organisation'} takes over "
                  f"{booking.full_name}'s place. This is not a cancellation: nothing is charged "
                  "and the waiting list does not move.")
        self.ctx = ctx
        self.booking = booking
        self.colleague = QComboBox()
        self.colleague.setObjectName("colleague")
        self.colleague.addItem(NEW_COLLEAGUE, None)
        for delegate in people.search_delegates(ctx.db, organisation, limit=500):
            if delegate.organisation == organisation and delegate.id != booking.delegate_id:
                label = delegate.full_name + (f" <{delegate.email}>" if delegate.email else "")
                self.colleague.addItem(label, delegate.id)
        self.colleague.currentIndexChanged.connect(self._chosen)
        # The colleague joins the same organisation: only who they are is asked.
        self.fields = PersonFields(ctx, organisation=False)
        self.first_name, self.last_name = self.fields.first_name, self.fields.last_name
        self.email, self.job_role = self.fields.email, self.fields.job_role
        self.add_row("&Colleague", self.colleague)
        self.fields.add_to(self.rows)
        self.tell = tell_checkbox(ctx, "Tell them both by email", self)
        if self.tell.isEnabled():
            self.tell.setToolTip("A calendar cancellation for one, an invitation for the other.")
        self.layout_.addWidget(self.tell)
        self.finish_layout()

    def _chosen(self, _index: int) -> None:
        self.fields.set_enabled(self.colleague.currentData() is None)

    def save(self) -> None:
        chosen = self.colleague.currentData()
        colleague = chosen if chosen is not None else self.fields.details()
        self.run(substitute, self.ctx.db, self.booking.id, colleague, on_done=self._done)

    def _done(self, result) -> None:
        self.ctx.changes.changed.emit("bookings")
        self.substituted.emit(
            f"{result.colleague} now holds {self.booking.full_name}'s place."
        )
        if self.tell.isChecked():
            tell_after(self.ctx, self.told.emit, ("send_place_passed_on",
                                                  result.original_booking_id,
                                                  result.colleague_booking_id))
        self.saved_and_close()

"""Adding someone from the paper sign-in sheet who came without booking."""

from PySide6.QtCore import Signal

from pscp_training.domain.follow_up_records import PersonDetails
from pscp_training.domain.records import SessionRecord
from pscp_training.services.bookings.walk_ins import add_walk_in
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.form_dialog import FormDialog
from pscp_training.ui.common.person_fields import PersonFields


class WalkInDialog(FormDialog):
    """Name, email and organisation of a walk-in; emits `added(BookingRecord)` when saved."""

    added = Signal(object)

    def __init__(self, ctx, session: SessionRecord, parent=None):
        super().__init__(
            parent, title="Add a walk-in", submit_text="Add to register", min_width=520,
            intro=f"Someone on the sign-in sheet of {fmt.session_title(session)} who had not "
                  "booked. They are counted as a booking and an attendance, and listed as a "
                  "walk-in.")
        self.ctx = ctx
        self.session = session
        self.fields = PersonFields(ctx)
        self.fields.email.setPlaceholderText("Work email, if on the sheet (finds them if known)")
        self.first_name, self.last_name = self.fields.first_name, self.fields.last_name
        self.email, self.job_role = self.fields.email, self.fields.job_role
        self.organisation, self.sector = self.fields.organisation, self.fields.sector
        self.fields.add_to(self.rows)
        self.finish_layout()

    def person(self) -> PersonDetails:
        return self.fields.details()

    def save(self) -> None:
        self.run(add_walk_in, self.ctx.db, self.session.id, self.person(), on_done=self._added)

    def _added(self, booking) -> None:
        self.ctx.changes.changed.emit("bookings")
        self.added.emit(booking)
        self.saved_and_close()

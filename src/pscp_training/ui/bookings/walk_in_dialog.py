"""Adding someone from the paper sign-in sheet who came without booking."""

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
from pscp_training.domain.records import SessionRecord
from pscp_training.services.bookings.walk_ins import add_walk_in
from pscp_training.services.people import people
from pscp_training.ui.common import formatting as fmt


def organisation_box(ctx) -> QComboBox:
    """An editable list of the organisations: pick one, or type a new name."""
    box = QComboBox()
    box.setEditable(True)
    box.addItem("")
    for organisation in people.list_organisations(ctx.db, include_inactive=False):
        box.addItem(organisation.name, organisation.sector)
    return box


class WalkInDialog(QDialog):
    """Name, email and organisation of a walk-in; emits `added(BookingRecord)` when saved."""

    added = Signal(object)

    def __init__(self, ctx, session: SessionRecord, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.setWindowTitle("Add a walk-in")
        self.setMinimumWidth(520)
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.email = QLineEdit()
        self.email.setPlaceholderText("Work email, if on the sheet (finds them if known)")
        self.organisation = organisation_box(ctx)
        self.organisation.currentIndexChanged.connect(self._sector_from_organisation)
        self.sector = QComboBox()
        self.sector.setEditable(True)
        self.sector.addItem("")
        self.sector.addItems([s.name for s in people.list_sectors(ctx.db)])
        self.job_role = QLineEdit()
        form = QFormLayout()
        form.addRow("First name", self.first_name)
        form.addRow("Last name", self.last_name)
        form.addRow("Email", self.email)
        form.addRow("Organisation", self.organisation)
        form.addRow("Sector (new organisation)", self.sector)
        form.addRow("Job role", self.job_role)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add to register")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Someone on the sign-in sheet of {fmt.session_title(session)} who had not "
            "booked. They are counted as a booking and an attendance, and listed as a walk-in."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _sector_from_organisation(self, index: int) -> None:
        sector = self.organisation.itemData(index)
        if sector:
            self.sector.setCurrentText(sector)

    def person(self) -> PersonDetails:
        return PersonDetails(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            email=self.email.text() or None,
            organisation=self.organisation.currentText() or None,
            sector=self.sector.currentText() or None,
            job_role=self.job_role.text() or None,
        )

    def accept(self) -> None:
        self.ctx.tasks.run(add_walk_in, self.ctx.db, self.session.id, self.person(),
                           on_done=self._added)

    def _added(self, booking) -> None:
        self.ctx.changes.changed.emit("bookings")
        self.added.emit(booking)
        super().accept()

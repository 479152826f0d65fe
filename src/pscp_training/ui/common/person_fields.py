"""The fields every "who is this person" form has: name, email, organisation, sector, job role.

The walk-in, the colleague a place passes to and the inline new delegate all ask the same
things, so they are made here once.
"""

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLineEdit

from pscp_training.domain.follow_up_records import PersonDetails
from pscp_training.services.people import people


def organisation_box(ctx, *, include_inactive: bool = False) -> QComboBox:
    """An editable list of the organisations: pick one, or type a new name."""
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    fill_organisations(ctx, box, include_inactive=include_inactive)
    return box


def fill_organisations(ctx, box: QComboBox, *, include_inactive: bool = False) -> None:
    box.clear()
    box.addItem("")
    for organisation in people.list_organisations(ctx.db, include_inactive=include_inactive):
        box.addItem(organisation.name, organisation.sector)


class PersonFields:
    """The line edits and boxes; `add_to(form)` lays them out, `details()` reads them."""

    def __init__(self, ctx, *, organisation: bool = True):
        self.ctx = ctx
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.email = QLineEdit()
        self.job_role = QLineEdit()
        self.organisation = organisation_box(ctx) if organisation else None
        self.sector = None
        if organisation:
            self.sector = QComboBox()
            self.sector.setEditable(True)
            self.sector.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            self.fill_sectors()
            # A known organisation brings its sector; a new one needs one chosen.
            self.organisation.currentIndexChanged.connect(self._sector_from_organisation)

    def fill_sectors(self) -> None:
        self.sector.clear()
        self.sector.addItem("")
        self.sector.addItems([s.name for s in people.list_sectors(self.ctx.db)])

    def reload_choices(self) -> None:
        if self.organisation is not None:
            fill_organisations(self.ctx, self.organisation)
            self.fill_sectors()

    def line_edits(self) -> list[QLineEdit]:
        edits = [self.first_name, self.last_name, self.email, self.job_role]
        for box in (self.organisation, self.sector):
            if box is not None:
                edits.append(box.lineEdit())
        return edits

    def add_to(self, form: QFormLayout, *, names_side_by_side: bool = False) -> None:
        if names_side_by_side:
            self.first_name.setPlaceholderText("First name")
            self.last_name.setPlaceholderText("Last name")
            names = QHBoxLayout()
            names.addWidget(self.first_name)
            names.addWidget(self.last_name)
            form.addRow("Name", names)
        else:
            form.addRow("First name", self.first_name)
            form.addRow("Last name", self.last_name)
        form.addRow("Email", self.email)
        if self.organisation is not None:
            form.addRow("Organisation", self.organisation)
            form.addRow("Sector (new organisation)", self.sector)
        form.addRow("Job role", self.job_role)

    def set_enabled(self, enabled: bool) -> None:
        for field in (self.first_name, self.last_name, self.email, self.job_role,
                      self.organisation, self.sector):
            if field is not None:
                field.setEnabled(enabled)

    def clear(self) -> None:
        for field in (self.first_name, self.last_name, self.email, self.job_role):
            field.clear()

    def _sector_from_organisation(self, index: int) -> None:
        sector = self.organisation.itemData(index)
        if sector:
            self.sector.setCurrentText(sector)

    def details(self) -> PersonDetails:
        def text(box: QComboBox | None) -> str | None:
            return (box.currentText().strip() or None) if box is not None else None

        return PersonDetails(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            email=self.email.text() or None,
            organisation=text(self.organisation),
            sector=text(self.sector),
            job_role=self.job_role.text() or None,
        )

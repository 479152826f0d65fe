"""Add or edit an organisation: its name, sector, type and whether it is still active."""

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from pscp_training.domain.records import OrganisationRecord
from pscp_training.services.people import people
from pscp_training.ui.common.form_dialog import FormDialog


class OrganisationDialog(FormDialog):
    """Edits one organisation (or a new one) and saves through the people service."""

    def __init__(self, ctx, organisation: OrganisationRecord | None = None, parent=None):
        super().__init__(parent, title="Edit organisation" if organisation else "New organisation")
        self.ctx = ctx
        self.organisation = organisation
        self.saved: OrganisationRecord | None = None

        self.name = QLineEdit(organisation.name if organisation else "")
        self.sector = QComboBox()
        self.sector.setEditable(False)
        self.org_type = QLineEdit((organisation.org_type or "") if organisation else "")
        self.org_type.setPlaceholderText("e.g. Primary school, GP practice, Charity")
        self.active = QCheckBox("&Active (untick when it has closed)")
        self.active.setChecked(organisation.active if organisation else True)

        self.add_row("&Name", self.name)
        self.add_row("&Sector", self.sector)
        self.add_row("&Type", self.org_type)
        self.add_row("", self.active)
        self.finish_layout()
        ctx.tasks.run(people.list_sectors, ctx.db, on_done=self._fill_sectors)

    def _fill_sectors(self, sectors) -> None:
        for sector in sectors:
            self.sector.addItem(sector.name)
        if self.organisation is not None:
            self.sector.setCurrentText(self.organisation.sector)
        if self.isVisible():
            self.mark_clean()  # the list arriving is not something the person typed

    def save(self) -> None:
        self.run(
            people.save_organisation,
            self.ctx.db,
            organisation_id=self.organisation.id if self.organisation else None,
            name=self.name.text(),
            sector=self.sector.currentText(),
            org_type=self.org_type.text(),
            active=self.active.isChecked(),
            # The version shown: a save over someone else's change since is refused.
            expected_version=self.organisation.version if self.organisation else None,
            on_done=self._saved,
        )

    def _saved(self, record: OrganisationRecord) -> None:
        self.saved = record
        self.ctx.changes.changed.emit("organisations")
        self.saved_and_close()

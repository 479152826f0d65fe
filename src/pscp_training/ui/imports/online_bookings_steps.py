"""The last two steps of File › Import › Bookings from another system: the organisations
to confirm (with a sector for each new one) and the import with its summary."""


from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from pscp_training.domain.errors import PscpError
from pscp_training.services.imports import online_import
from pscp_training.ui.common.error_dialogs import show_error
from pscp_training.ui.imports.online_bookings_common import note as _note
from pscp_training.ui.imports.online_bookings_common import scrolling as _scrolling


class OrganisationsPage(QWizardPage):
    """The proposed organisation matches to confirm, and a sector for each new organisation."""

    def __init__(self, wizard: QWizard):
        super().__init__()
        self.owner = wizard
        self.setTitle("Organisations")
        self.setSubTitle("The file's organisations matched to those the app knows. Untick a "
                         "match that is wrong; give each new organisation its sector once.")
        self.headline = _note()
        self.form = QFormLayout()
        self.checks: dict[str, QCheckBox] = {}
        self.sectors: dict[str, QComboBox] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(_scrolling(self.form), 1)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Import")
        self.setCommitPage(True)

    def initializePage(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.checks.clear()
        self.sectors.clear()
        self.check = None
        self.owner.ctx.tasks.run(self.owner.check_file, on_done=self._checked,
                                 on_error=self._rejected)

    def _checked(self, result) -> None:
        check, sectors = result
        self.check = check
        self.headline.setText(f"{check.rows} people in {check.source}.")
        for match in check.matches:
            if match.exact:
                continue
            if match.organisation:
                box = QCheckBox(f"'{match.name}' is '{match.organisation}' ({match.sector})")
                box.setChecked(True)
                box.toggled.connect(lambda _on, m=match: self._toggle(m))
                self.checks[match.name] = box
                self.form.addRow(box)
            elif match.name in check.sectors_in_file:
                self.form.addRow(f"New: {match.name}",
                                 QLabel(f"{check.sectors_in_file[match.name]} (from the file)"))
            else:
                self._ask_sector(match.name, sectors)
        self._sector_names = sectors
        self.completeChanged.emit()

    def _toggle(self, match) -> None:
        refused = not self.checks[match.name].isChecked()
        if refused and match.name not in self.sectors:
            self._ask_sector(match.name, self._sector_names)
        elif not refused and match.name in self.sectors:
            box = self.sectors.pop(match.name)
            self.form.removeRow(box)
        self.completeChanged.emit()

    def _ask_sector(self, name: str, sectors: list[str]) -> None:
        box = QComboBox()
        box.setObjectName(f"sector_{name}")
        box.addItem("(choose the sector)", "")
        for sector in sectors:
            box.addItem(sector, sector)
        box.currentIndexChanged.connect(self.completeChanged)
        self.sectors[name] = box
        self.form.addRow(f"New: {name}", box)

    def _rejected(self, exc) -> None:
        self.headline.setText(str(exc) if isinstance(exc, PscpError) else "")
        show_error(self, exc)

    def refused(self) -> set[str]:
        return {name for name, box in self.checks.items() if not box.isChecked()}

    def chosen_sectors(self) -> dict[str, str]:
        return {name: box.currentData() for name, box in self.sectors.items() if box.currentData()}

    def isComplete(self) -> bool:
        return self.check is not None and all(box.currentData() for box in self.sectors.values())



class DonePage(QWizardPage):
    """The import itself (cancellable progress), then what it did."""

    def __init__(self, wizard: QWizard):
        super().__init__()
        self.owner = wizard
        self.setTitle("Importing")
        self.text = _note()
        self.text.setObjectName("onlineSummary")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.done = False
        self.text.setText("Importing…")
        owner = self.owner
        owner.ctx.tasks.run_with_progress(
            owner, "Importing bookings…", online_import.import_arrivals, owner.ctx.db,
            owner.path, owner.mapping_page.mapping(),
            session_id=owner.file_page.session_id(),
            refused=owner.organisations_page.refused(),
            sectors=owner.organisations_page.chosen_sectors(),
            on_done=self._imported, on_error=self._failed)

    def _imported(self, summary) -> None:
        self.done = True
        self.setTitle("Imported")
        self.text.setText("\n".join(summary.lines()))
        self.owner.summary = summary
        self.owner.ctx.changes.changed.emit("all")
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.done = True
        self.setTitle("Not imported")
        self.text.setText(str(exc) if isinstance(exc, PscpError)
                          else "The import failed and nothing was written.")
        if not isinstance(exc, PscpError):
            show_error(self, exc)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.done

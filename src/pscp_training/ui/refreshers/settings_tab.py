"""Settings › Refreshers: the requirements, 'due soon', and the job roles read as DSL or deputy."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pscp_training.domain.refreshers import SafeguardingRole
from pscp_training.services.refreshers import refresher_settings, requirements
from pscp_training.ui.common.error_dialogs import show_error
from pscp_training.ui.refreshers.requirement_dialog import RequirementDialog

MUTED = "color: palette(mid);"


def describe(req) -> str:
    return (f"{req.name}: {req.period_years} years; {', '.join(req.course_codes)}; "
            f"{req.applies_to}")


class RefreshersTab(QWidget):
    """Every change here is saved at once, for everyone (like the sector list)."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.list = QListWidget()
        self.list.setObjectName("requirements")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda _item: self.edit())
        add, self.edit_button, self.remove_button = (
            QPushButton("Add…"), QPushButton("Change…"), QPushButton("Remove…"))
        add.clicked.connect(lambda: self.edit(new=True))
        self.edit_button.clicked.connect(lambda: self.edit())
        self.remove_button.clicked.connect(self.remove)
        buttons = QVBoxLayout()
        for button in (add, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        box = QGroupBox("Requirements")
        row = QHBoxLayout(box)
        row.addWidget(self.list, 1)
        row.addLayout(buttons)

        current = refresher_settings.get_refresher_settings(ctx.db)
        self.months = QSpinBox()
        self.months.setObjectName("due_soon_months")
        self.months.setRange(0, refresher_settings.MAX_DUE_SOON_MONTHS)
        self.months.setSuffix(" months before")
        self.months.setValue(current.due_soon_months)
        self.wordings = {}
        for role in SafeguardingRole:
            edit = QLineEdit("; ".join(current.wordings.get(role, ())))
            edit.setObjectName(f"wordings_{role.value}")
            edit.editingFinished.connect(self.save_settings)
            self.wordings[role] = edit
        self.months.editingFinished.connect(self.save_settings)
        self.saved_note = QLabel("Saved at once, for everyone.")
        self.saved_note.setStyleSheet(MUTED)
        reading = QGroupBox("Currency and job roles")
        form = QFormLayout(reading)
        form.addRow("“Due soon” from", self.months)
        note = QLabel("The register import records a delegate as DSL or deputy DSL when the "
                      "job role is exactly one of these wordings (separate them with ;). "
                      "Its summary lists everyone it recorded.")
        note.setWordWrap(True)
        note.setStyleSheet(MUTED)
        form.addRow(note)
        form.addRow("Read as DSL", self.wordings[SafeguardingRole.DSL])
        form.addRow("Read as deputy DSL", self.wordings[SafeguardingRole.DEPUTY_DSL])
        form.addRow(self.saved_note)
        layout = QVBoxLayout(self)
        layout.addWidget(box, 1)
        layout.addWidget(reading)
        self.list.currentRowChanged.connect(lambda _r: self._buttons())
        self.load()

    def load(self) -> None:
        chosen = self.current()
        self.list.clear()
        for req in requirements.list_requirements(self.ctx.db):
            item = QListWidgetItem(describe(req))
            item.setData(Qt.ItemDataRole.UserRole, req)
            self.list.addItem(item)
            if chosen is not None and req.id == chosen.id:
                self.list.setCurrentItem(item)
        self._buttons()

    def current(self):
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _buttons(self) -> None:
        for button in (self.edit_button, self.remove_button):
            button.setEnabled(self.current() is not None)

    def edit(self, new: bool = False) -> RequirementDialog | None:
        requirement = None if new else self.current()
        if not new and requirement is None:
            return None
        dialog = RequirementDialog(self.ctx, requirement, self)
        dialog.accepted.connect(self._changed)
        dialog.open()
        return dialog

    def remove(self) -> None:
        requirement = self.current()
        if requirement is None:
            return
        answer = QMessageBox.question(
            self, "Remove requirement",
            f"Remove the requirement “{requirement.name}”? Attendances and roles stay as they "
            "are; only the Refreshers page stops following it.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self.ctx.tasks.run(requirements.delete_requirement, self.ctx.db, requirement.id,
                               on_done=lambda _r: self._changed())

    def _changed(self) -> None:
        self.load()
        self.ctx.changes.changed.emit("settings")

    def save_settings(self) -> None:
        form = refresher_settings.RefresherSettings(
            wordings={role: refresher_settings.parse_wordings(edit.text())
                      for role, edit in self.wordings.items()},
            due_soon_months=self.months.value(),
        )
        self.ctx.tasks.run(refresher_settings.save_refresher_settings, self.ctx.db, form,
                           on_done=self._settings_saved,
                           on_error=lambda exc: show_error(self, exc))

    def _settings_saved(self, saved) -> None:
        for role, edit in self.wordings.items():
            edit.setText("; ".join(saved.wordings.get(role, ())))
        self.saved_note.setText("Saved, for everyone.")
        self.ctx.changes.changed.emit("settings")

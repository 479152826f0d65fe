"""Add or edit a delegate: name, email, job role and organisation."""

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from pscp_training.domain.records import DelegateRecord
from pscp_training.services.people import people
from pscp_training.services.refreshers import roles
from pscp_training.ui.common.error_dialogs import show_error
from pscp_training.ui.refreshers.role_choice import RoleChoice


class DelegateDialog(QDialog):
    """Edits one delegate (or a new one) and saves through the people service."""

    def __init__(self, ctx, delegate: DelegateRecord | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.delegate = delegate
        self.saved: DelegateRecord | None = None
        # The version of the record whose values the form shows: a save over someone else's
        # change since then is refused (optimistic locking), never silently overwritten.
        self.version: int | None = delegate.version if delegate else None
        self.setWindowTitle("Edit delegate" if delegate else "New delegate")
        self.setMinimumWidth(460)

        self.first_name = QLineEdit(delegate.first_name if delegate else "")
        self.last_name = QLineEdit(delegate.last_name if delegate else "")
        self.email = QLineEdit((delegate.email or "") if delegate else "")
        self.email.setPlaceholderText("name@example.org")
        self.job_role = QLineEdit((delegate.job_role or "") if delegate else "")
        self.job_role.setPlaceholderText("e.g. Designated Safeguarding Lead")
        self.role = RoleChoice(delegate.safeguarding_role if delegate else None)
        self.organisation = QComboBox()
        self.organisation.setEditable(True)
        self.organisation.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.organisation.addItem("(no organisation)", None)

        form = QFormLayout()
        form.addRow("&First name", self.first_name)
        form.addRow("&Last name", self.last_name)
        form.addRow("&Email", self.email)
        form.addRow("&Job role", self.job_role)
        form.addRow("&Safeguarding role", self.role)
        form.addRow("&Organisation", self.organisation)
        hint = QLabel("A new organisation is added on the Organisations tab first.")
        hint.setStyleSheet("color: #6b6b6b;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        ctx.tasks.run(people.list_organisations, ctx.db, on_done=self._fill_organisations)

    def _fill_organisations(self, organisations) -> None:
        for org in organisations:
            self.organisation.addItem(f"{org.name} ({org.sector})", org.id)
        current = self.delegate.organisation_id if self.delegate else None
        index = self.organisation.findData(current)
        self.organisation.setCurrentIndex(max(index, 0))

    def _organisation_id(self) -> int | None:
        # An edited text that matches no organisation counts as none chosen, never a guess.
        index = self.organisation.findText(self.organisation.currentText())
        return self.organisation.itemData(index) if index >= 0 else None

    def save(self) -> None:
        self.ctx.tasks.run(
            roles.save_delegate_with_role,
            self.ctx.db,
            safeguarding_role=self.role.role(),
            delegate_id=self.delegate.id if self.delegate else None,
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            email=self.email.text(),
            job_role=self.job_role.text(),
            organisation_id=self._organisation_id(),
            expected_version=self.version,
            on_done=self._saved,
            on_error=lambda exc: show_error(self, exc),
        )

    def _saved(self, record: DelegateRecord) -> None:
        self.saved = record
        self.ctx.changes.changed.emit("delegates")
        self.accept()

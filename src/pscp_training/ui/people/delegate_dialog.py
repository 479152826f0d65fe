"""Add or edit a delegate: name, email, phone, job role and organisation."""

from PySide6.QtWidgets import QComboBox, QLineEdit

from pscp_training.domain.records import DelegateRecord
from pscp_training.services.people import people
from pscp_training.services.refreshers import roles
from pscp_training.ui.common.form_dialog import FormDialog
from pscp_training.ui.refreshers.role_choice import RoleChoice


class DelegateDialog(FormDialog):
    """Edits one delegate (or a new one) and saves through the people service."""

    def __init__(self, ctx, delegate: DelegateRecord | None = None, parent=None):
        super().__init__(parent, title="Edit delegate" if delegate else "New delegate")
        self.ctx = ctx
        self.delegate = delegate
        self.saved: DelegateRecord | None = None
        # The version of the record whose values the form shows: a save over someone else's
        # change since then is refused (optimistic locking), never silently overwritten.
        self.version: int | None = delegate.version if delegate else None

        self.first_name = QLineEdit(delegate.first_name if delegate else "")
        self.last_name = QLineEdit(delegate.last_name if delegate else "")
        self.email = QLineEdit((delegate.email or "") if delegate else "")
        self.email.setPlaceholderText("name@example.org")
        self.phone = QLineEdit((delegate.phone or "") if delegate else "")
        self.phone.setObjectName("delegate_phone")
        self.phone.setPlaceholderText("optional, e.g. 01632 960 123")
        self.job_role = QLineEdit((delegate.job_role or "") if delegate else "")
        self.job_role.setPlaceholderText("e.g. Designated Safeguarding Lead")
        self.role = RoleChoice(delegate.safeguarding_role if delegate else None)
        self.organisation = QComboBox()
        self.organisation.setEditable(True)
        self.organisation.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.organisation.addItem("(no organisation)", None)

        self.add_row("&First name", self.first_name)
        self.add_row("&Last name", self.last_name)
        self.add_row("&Email", self.email)
        self.add_row("&Phone", self.phone)
        self.add_row("&Job role", self.job_role)
        self.add_row("&Safeguarding role", self.role)
        self.add_row("&Organisation", self.organisation)
        self.add_note("A new organisation is added on the Organisations tab first.")
        self.finish_layout()
        ctx.tasks.run(people.list_organisations, ctx.db, on_done=self._fill_organisations)

    def _fill_organisations(self, organisations) -> None:
        for org in organisations:
            self.organisation.addItem(f"{org.name} ({org.sector})", org.id)
        current = self.delegate.organisation_id if self.delegate else None
        index = self.organisation.findData(current)
        self.organisation.setCurrentIndex(max(index, 0))
        if self.isVisible():
            self.mark_clean()  # the list arriving is not something the person typed

    def _organisation_id(self) -> int | None:
        # An edited text that matches no organisation counts as none chosen, never a guess.
        index = self.organisation.findText(self.organisation.currentText())
        return self.organisation.itemData(index) if index >= 0 else None

    def save(self) -> None:
        self.run(
            roles.save_delegate_with_role,
            self.ctx.db,
            safeguarding_role=self.role.role(),
            delegate_id=self.delegate.id if self.delegate else None,
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            email=self.email.text(),
            job_role=self.job_role.text(),
            phone=self.phone.text(),
            organisation_id=self._organisation_id(),
            expected_version=self.version,
            on_done=self._saved,
        )

    def _saved(self, record: DelegateRecord) -> None:
        self.saved = record
        self.ctx.changes.changed.emit("delegates")
        self.saved_and_close()

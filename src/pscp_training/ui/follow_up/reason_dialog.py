"""Recording why someone did not attend (or cancelled late), and editing the list of reasons."""

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from pscp_training.services import messages
from pscp_training.services.follow_up import non_attendance
from pscp_training.ui.common.form_dialog import FormDialog
from pscp_training.ui.common.table_view import keyboard_friendly


class ReasonDialog(FormDialog):
    """Reason, note and manager's email for one absence; optionally sends the notice.

    Emits `recorded(message)` once saved (and sent, when asked).
    """

    recorded = Signal(str)

    def __init__(self, ctx, booking_id: int, delegate_name: str, parent=None):
        super().__init__(
            parent, title=f"Why {delegate_name} did not attend", min_width=520,
            intro=f"Record why {delegate_name} did not use their place. The reason goes into "
                  "the year's non-attendance table; some reasons are not charged.")
        self.ctx = ctx
        self.booking_id = booking_id
        self.delegate_name = delegate_name
        self.reason = QComboBox()
        self.reason.setObjectName("reason")
        for reason in non_attendance.list_reasons(ctx.db):
            self.reason.addItem(reason.label, reason.code)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Optional: what the delegate or their manager said")
        self.manager = QLineEdit(non_attendance.get_manager_email(ctx.db, booking_id) or "")
        self.manager.setPlaceholderText("manager@example.org (optional)")
        self.send_notice = QCheckBox("Send the non-attendance &notice to the delegate, "
                                     "with a copy to their manager")
        self.send_notice.setChecked(True)
        self.add_row("&Reason", self.reason)
        self.add_row("N&ote", self.note)
        self.add_row("&Manager's email", self.manager)
        self.add_row("", self.send_notice)
        self.finish_layout()

    def save(self) -> None:
        self.run(
            non_attendance.record_reason, self.ctx.db, self.booking_id,
            self.reason.currentData() or "", note=self.note.text(),
            manager_email=self.manager.text() or None, on_done=self._saved,
        )

    def _saved(self, record) -> None:
        self.ctx.changes.changed.emit("bookings")
        message = f"Recorded '{record.reason}' for {record.delegate}."
        if not self.send_notice.isChecked():
            self.recorded.emit(message)
            self.saved_and_close()
            return

        def sent(outcome) -> None:
            extra = " and their manager" if outcome.sent and outcome.sent[0].copy_to else ""
            manager_only = bool(outcome.sent) and not outcome.sent[0].copy_to and (
                outcome.sent[0].recipients == (self.manager.text().strip() or None))
            as_file = bool(outcome.sent) and outcome.sent[0].transport == "eml"
            folder = Path(outcome.sent[0].detail or "").parent if as_file else None
            if manager_only:
                to = (f"{record.delegate} has no email address, so the notice to their manager "
                      f"only ({outcome.sent[0].recipients})")
                self.recorded.emit(
                    f"{message} {to} is written for Outlook in {folder}: open it and press Send."
                    if as_file else f"{message} {to} went.")
            elif as_file:
                # A file for Outlook is not an email sent: say what is left to do.
                self.recorded.emit(f"{message} The notice to {record.delegate}{extra} is "
                                   f"written for Outlook in {folder}: open it and press Send.")
            elif outcome.sent:
                self.recorded.emit(f"{message} The notice went to {record.delegate}{extra}.")
            elif outcome.skipped:
                self.recorded.emit(f"{message} The notice had already been sent.")
            else:
                self.recorded.emit(f"{message} The notice was not sent: {' '.join(outcome.failed)}")
            self.saved_and_close()

        def not_sent(exc) -> None:
            self.recorded.emit(f"{message} The notice was not sent: {exc}")
            self.saved_and_close()

        self.ctx.tasks.run(
            lambda: messages.send_non_attendance(
                self.ctx.db, messages.configured_transport(self.ctx.db), [self.booking_id]
            ),
            on_done=sent, on_error=not_sent,
        )


class ReasonListDialog(QDialog):
    """The coded list of reasons: add, rename, take out of use (never deleted: years use them)."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Reasons for non-attendance")
        self.resize(460, 380)
        self.list = QListWidget()
        keyboard_friendly(self.list)
        self.list.setObjectName("reasons")
        self.list.itemChanged.connect(self._toggled)
        add = QPushButton("Add…")
        rename = QPushButton("Rename…")
        merge = QPushButton("Merge into…")
        add.clicked.connect(lambda: self.add())
        rename.clicked.connect(self.rename)
        merge.clicked.connect(self.merge)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(rename)
        row.addWidget(merge)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Untick a reason to stop offering it; past records keep it."))
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for reason in non_attendance.list_reasons(self.ctx.db, include_inactive=True):
            item = QListWidgetItem(reason.label)
            item.setData(Qt.ItemDataRole.UserRole, reason.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if reason.active else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def _save(self, reason_id, label: str, active: bool) -> None:
        self.ctx.tasks.run(
            non_attendance.save_reason, self.ctx.db, reason_id=reason_id, label=label,
            active=active, on_done=lambda _r: (self.refresh(),
                                               self.ctx.changes.changed.emit("settings")),
        )

    def _toggled(self, item: QListWidgetItem) -> None:
        self._save(item.data(Qt.ItemDataRole.UserRole), item.text(),
                   item.checkState() == Qt.CheckState.Checked)

    def add(self) -> None:
        label, ok = QInputDialog.getText(self, "Add a reason", "Reason:")
        if ok:
            self._save(None, label, True)

    def merge(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        reason_id = item.data(Qt.ItemDataRole.UserRole)
        others = [r for r in non_attendance.list_reasons(self.ctx.db, include_inactive=True)
                  if r.id != reason_id]
        label, ok = QInputDialog.getItem(
            self, "Merge reason",
            f"Record every '{item.text()}' as this reason instead, and take '{item.text()}' "
            "off the list:", [r.label for r in others], 0, False)
        into = next((r for r in others if r.label == label), None) if ok else None
        if into is not None:
            self.ctx.tasks.run(
                non_attendance.merge_reason, self.ctx.db, reason_id, into.id,
                on_done=lambda _r: (self.refresh(), self.ctx.changes.changed.emit("settings")))

    def rename(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        label, ok = QInputDialog.getText(self, "Rename reason", "Reason:", text=item.text())
        if ok:
            self._save(item.data(Qt.ItemDataRole.UserRole), label,
                       item.checkState() == Qt.CheckState.Checked)

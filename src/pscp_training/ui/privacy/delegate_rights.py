"""One delegate's data-protection rights: everything held about them (PDF, JSON), erasure."""

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pscp_training.domain.wording import plural
from pscp_training.services.people import people
from pscp_training.services.privacy import copies, retention, subject_access
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.error_dialogs import show_error

MUTED = "color: palette(mid);"


def _documents() -> Path:
    return Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation))


class EraseDialog(QDialog):
    """Asks how the person asked to be erased; the reason goes into the audit trail."""

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.setObjectName("erase_dialog")
        self.setWindowTitle("Erase a delegate's details")
        self.setMinimumWidth(480)
        text = QLabel(
            f"Remove <b>{name}</b>'s name, email, phone, job role and what was written about "
            "them? Their bookings stay without their name, so the yearly figures do not "
            "change. <b>This cannot be undone.</b>")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("erase_reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText("How and when they asked, e.g. “Email to the training "
                                       "team, 2 December 2026”")
        self.reason.setMaximumHeight(80)
        label = QLabel("&Their request (kept in the History):")
        label.setBuddy(self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = self.buttons.addButton("&Erase their details",
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.erase_button.setEnabled(False)
        self.erase_button.setAutoDefault(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.reason.textChanged.connect(
            lambda: self.erase_button.setEnabled(bool(self.reason.toPlainText().strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)

    def note(self) -> str:
        return self.reason.toPlainText().strip()


class DelegateRightsTab(QWidget):
    """Find a delegate; export everything held about them, or erase them on request."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.matches: list = []
        self.erase_dialog: EraseDialog | None = None
        self.search = QLineEdit()
        self.search.setObjectName("rights_search")
        self.search.setPlaceholderText("Find the delegate: type part of a name, email or "
                                       "organisation")
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.find)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.find)
        self.list = QListWidget()
        self.list.setObjectName("rights_matches")
        self.list.currentRowChanged.connect(self._chosen)
        self.details = QLabel("Choose a delegate to see what can be done.")
        self.details.setObjectName("rights_details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pdf_button = QPushButton("Everything held, as &PDF…")
        self.json_button = QPushButton("Everything held, as &JSON…")
        self.erase_button = QPushButton("&Erase their details on request…")
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.json_button.clicked.connect(lambda: self.export(".json"))
        self.erase_button.clicked.connect(self.erase)
        hint = QLabel("A subject-access request: the person is sent everything the database "
                      "holds about them. Erasure: their details are removed, their bookings kept.")
        hint.setWordWrap(True)
        hint.setStyleSheet(MUTED)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.json_button)
        buttons.addStretch(1)
        buttons.addWidget(self.erase_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        self._chosen(-1)

    def find(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        if not text:
            self._show_matches([])
            return
        self.ctx.tasks.run(people.search_delegates, self.ctx.db, text, limit=50,
                           on_done=self._show_matches)

    def _show_matches(self, matches) -> None:
        self.matches = list(matches)
        self.list.clear()
        for d in self.matches:
            parts = [d.full_name, d.organisation, d.phone, d.email]
            item = QListWidgetItem(", ".join(p for p in parts if p))
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            self.list.addItem(item)
        if len(self.matches) == 1:
            self.list.setCurrentRow(0)
        else:
            self._chosen(self.list.currentRow())

    def chosen(self):
        row = self.list.currentRow()
        return self.matches[row] if 0 <= row < len(self.matches) else None

    def choose(self, delegate_id: int) -> None:
        for row, d in enumerate(self.matches):
            if d.id == delegate_id:
                self.list.setCurrentRow(row)

    def _chosen(self, _row: int) -> None:
        d = self.chosen()
        for button in (self.pdf_button, self.json_button, self.erase_button):
            button.setEnabled(d is not None)
        if d is None:
            self.details.setText("Choose a delegate to see what can be done.")
            return
        self.ctx.tasks.run(retention.erasure_of, self.ctx.db, d.id,
                           on_done=lambda erased: self._describe(d, erased))

    def _describe(self, d, erased) -> None:
        if self.chosen() is not d:
            return
        facts = " · ".join(x for x in (d.organisation, d.phone, d.email) if x)
        if erased is not None:
            at, reason = erased
            how = "the retention rule" if reason == "retention" else "their request"
            self.details.setText(f"{d.full_name}: personal details removed on "
                                 f"{fmt.day(at)} ({how}).")
            self.erase_button.setEnabled(False)
        else:
            self.details.setText(f"{d.full_name}" + (f" · {facts}" if facts else ""))

    def export(self, suffix: str):
        d = self.chosen()
        if d is None:
            return
        kind = "PDF (*.pdf)" if suffix == ".pdf" else "JSON (*.json)"
        suggested = _documents() / f"Subject access - {d.full_name}{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, "Save everything held about them",
                                              str(suggested), kind)
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        from pscp_training.ui.sessions.printing import offer_to_open

        self.ctx.tasks.run(
            subject_access.export_subject_access, self.ctx.db, d.id, Path(path),
            on_done=lambda written: offer_to_open(
                self, f"Everything held about {d.full_name}", written),
            on_error=lambda exc: show_error(self, exc))

    def erase(self) -> EraseDialog | None:
        d = self.chosen()
        if d is None:
            return None
        dialog = EraseDialog(d.full_name, self)
        self.erase_dialog = dialog
        dialog.accepted.connect(lambda: self._erase(d, dialog.note()))
        dialog.open()
        return dialog

    def _erase(self, d, note: str) -> None:
        def done(remaining) -> None:
            self.ctx.changes.changed.emit("delegates")
            told = (f"{d.full_name}'s personal details were removed; their bookings still "
                    "count in the yearly figures.\n\nElsewhere:\n"
                    + "\n".join(f"• {line}" for line in remaining.lines()))
            if remaining.removable and QMessageBox.question(
                self, "Erased",
                told + "\n\nRemove the app's own copies (the automatic backups and outbox "
                "messages listed)? A fresh backup of the data as it is now is made first.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            ) == QMessageBox.StandardButton.Yes:
                self.ctx.tasks.run(copies.remove_copies, self.ctx.db, remaining,
                                   on_done=lambda result: QMessageBox.information(
                                       self, "Copies removed",
                                       f"Removed {plural(result[0], 'file')} that held their "
                                       "details."),
                                   on_error=lambda exc: show_error(self, exc))
            elif not remaining.removable:
                QMessageBox.information(self, "Erased", told)
            self.find()

        self.ctx.tasks.run(copies.erase_on_request, self.ctx.db, d.id, note=note,
                           on_done=done, on_error=lambda exc: show_error(self, exc))

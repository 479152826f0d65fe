"""File › Data protection…: the retention rule (who and why, then apply) and one delegate's rights.

Every action calls the same service as `pscp-training privacy …`, so the checks
are the command line's: the rule's period, an erasure refused while the person
still holds a place to come, an export written whole or not at all.
"""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pscp_training.domain.years import now_utc
from pscp_training.services.privacy import retention
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.error_dialogs import show_error
from pscp_training.ui.privacy.delegate_rights import DelegateRightsTab


def why(candidate, cutoff_text: str) -> str:
    """Why the rule would anonymise them: the last training date, or never trained."""
    if candidate.last_training is None:
        return f"Never booked on a session; added before {cutoff_text}"
    return f"Last training {fmt.day(candidate.last_training)}, before {cutoff_text}"


class RetentionTab(QWidget):
    """Who the retention rule would anonymise now and why; Apply asks first."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.candidates: list = []
        self.last_applied = ""
        self.years = QSpinBox()
        self.years.setObjectName("retention_years")
        self.years.setRange(1, 100)
        self.years.setValue(retention.RETENTION_YEARS)
        self.years.setSuffix(" years")
        self.years.valueChanged.connect(lambda _v: self._timer.start())
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.refresh)
        intro = QLabel(
            "The partnership keeps a delegate's personal details for a set time after their "
            "last training. Anonymising removes their name, email, phone, job role and what "
            "was written about them; their bookings stay, so every yearly figure is the same.")
        intro.setWordWrap(True)
        keep = QHBoxLayout()
        keep.addWidget(QLabel("&Keep personal details for"))
        keep.itemAt(0).widget().setBuddy(self.years)
        keep.addWidget(self.years)
        keep.addWidget(QLabel("after the last training"))
        keep.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("retention_summary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("retention_table")
        self.table.setHorizontalHeaderLabels(["Delegate", "Organisation", "Bookings", "Why"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.apply_button = QPushButton("Anonymise them…")
        self.apply_button.setObjectName("retention_apply")
        self.apply_button.clicked.connect(self.apply)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(keep)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.refresh()

    def cutoff_text(self) -> str:
        return fmt.day(retention.retention_cutoff(now_utc(), self.years.value()))

    def refresh(self) -> None:
        self.ctx.tasks.run(retention.preview_retention, self.ctx.db, years=self.years.value(),
                           on_done=self._show)

    def _show(self, candidates) -> None:
        self.candidates = list(candidates)
        cutoff = self.cutoff_text()
        self.table.setRowCount(0)
        for row, c in enumerate(self.candidates):
            self.table.insertRow(row)
            cells = (f"{c.first_name} {c.last_name}", c.organisation or "", str(c.bookings),
                     why(c, cutoff))
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        count = len(self.candidates)
        if count:
            self.summary.setText(f"{fmt.people(count, 'delegate', 'delegates')} "
                                 f"{'has' if count == 1 else 'have'} had no training since "
                                 f"{cutoff}.")
        else:
            self.summary.setText(f"Nobody is due: every delegate has trained since {cutoff}.")
        if self.last_applied:
            self.summary.setText(f"{self.last_applied} {self.summary.text()}")
        self.apply_button.setEnabled(bool(count))
        self.apply_button.setText(f"Anonymise {fmt.people(count, 'delegate', 'delegates')}…"
                                  if count else "Anonymise them…")

    def apply(self) -> None:
        count = len(self.candidates)
        if not count:
            return
        if QMessageBox.question(
            self, "Apply the retention rule",
            f"Remove the personal details of {fmt.people(count, 'delegate', 'delegates')} with "
            f"no training since {self.cutoff_text()}? This cannot be undone. Their bookings "
            "stay, so the yearly figures do not change.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        ) != QMessageBox.StandardButton.Yes:
            return
        self.ctx.tasks.run(retention.apply_retention, self.ctx.db, years=self.years.value(),
                           on_done=self._applied, on_error=lambda exc: show_error(self, exc))

    def _applied(self, result) -> None:
        done = fmt.people(len(result.anonymised), "delegate", "delegates")
        self.last_applied = f"Anonymised {done} with no training since {fmt.day(result.cutoff)}."
        self.ctx.changes.changed.emit("delegates")
        self.refresh()


class DataProtectionDialog(QDialog):
    """Two tabs: the retention rule, and one delegate (subject access, erasure on request)."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setObjectName("data_protection_dialog")
        self.setWindowTitle("Data protection")
        self.resize(860, 560)
        self.retention = RetentionTab(ctx, self)
        self.delegate = DelegateRightsTab(ctx, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.retention, "&Retention rule")
        self.tabs.addTab(self.delegate, "One &delegate: access and erasure")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        # Enter in a search box must never press a button here (apply, erase, or close).
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)

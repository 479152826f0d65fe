"""A session's or a delegate's history of changes: who changed what, when, with an export."""

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pscp_training.services.common import audit
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.context import concerns
from pscp_training.ui.common.paged_table_model import Column, PagedTableModel
from pscp_training.ui.common.table_view import EmptyStateTable, make_table, set_column_widths

ROWS_FITTED = 200
ACTIONS = {"created": "Added", "changed": "Changed", "deleted": "Deleted",
           "anonymised": "Anonymised"}


def _change(line: audit.AuditLine) -> str:
    if line.action == "changed":
        return "; ".join(f"{c.field}: {c.before} → {c.after}" for c in line.changes)
    if line.action == "created":
        return ", ".join(f"{c.field} {c.after}" for c in line.changes)
    return line.summary


COLUMNS = [
    Column("When", lambda line: fmt.when(line.changed_at)),
    Column("Who", lambda line: line.actor),
    Column("Action", lambda line: ACTIONS.get(line.action, line.action)),
    Column("Record", lambda line: line.record),
    Column("Change", _change, tooltip=_change),
]


class AuditView(QWidget):
    """The history of one session (its details, bookings and register) or of one delegate."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.session_id: int | None = None
        self.delegate_id: int | None = None
        self.model = PagedTableModel(COLUMNS, page_size=500, parent=self)
        self.view = make_table(self.model, object_name="history")
        set_column_widths(self.view, [165, 120, 90, 220, 400], stretch=4)
        self.view.setWordWrap(True)  # a change is read whole, not cut off at the column's edge
        rows = self.view.verticalHeader()
        rows.setMinimumSectionSize(rows.defaultSectionSize())
        self.table = EmptyStateTable(self.view, "No changes recorded yet.")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.export_button = QPushButton("Export history…")
        self.export_button.clicked.connect(self.export)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        ctx.changes.changed.connect(self._on_changed)

    def show_session(self, session_id: int) -> None:
        self.session_id, self.delegate_id = session_id, None
        if self.isVisible():
            self.refresh()

    def show_delegate(self, delegate_id: int) -> None:
        self.session_id, self.delegate_id = None, delegate_id
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        if self.session_id is not None:
            self.ctx.tasks.run(audit.session_history, self.ctx.db, self.session_id,
                               on_done=self._show)
        elif self.delegate_id is not None:
            self.ctx.tasks.run(audit.delegate_history, self.ctx.db, self.delegate_id,
                               on_done=self._show)

    def _show(self, lines: list[audit.AuditLine]) -> None:
        self.lines = lines
        self.model.reset_with(lambda offset, limit: lines[offset:offset + limit])
        # Rows grow to their whole change while few; a long history keeps one line a row.
        self.view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents if len(lines) <= ROWS_FITTED
            else QHeaderView.ResizeMode.Interactive)
        people = sorted({line.actor for line in lines})
        self.note.setText(
            f"{len(lines):,} changes, newest first, by {', '.join(people)}." if lines
            else "Every change to bookings, the register and the details will be listed here."
        )
        self.export_button.setEnabled(bool(lines))

    def _on_changed(self, kind: str) -> None:
        if self.isVisible() and concerns(kind, "sessions", "bookings", "delegates"):
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()  # others may have changed things while this was hidden

    def export(self) -> None:
        name = (f"session-{self.session_id}-history.xlsx" if self.session_id is not None
                else f"delegate-{self.delegate_id}-history.xlsx")
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the history", name, "Excel workbook (*.xlsx);;CSV (*.csv)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        self.ctx.tasks.run(
            audit.export_history, self.ctx.db, path,
            session_id=self.session_id, delegate_id=self.delegate_id,
            on_done=lambda rows: self.note.setText(f"Saved {rows:,} rows to {path}."))


class HistoryDialog(QDialog):
    """One delegate's history in a window of its own (from the Delegates page)."""

    def __init__(self, ctx, delegate_id: int, name: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"History of {name}")
        self.resize(1000, 480)
        self.history = AuditView(ctx, self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.history, 1)
        layout.addWidget(close)
        self.history.show_delegate(delegate_id)
        self.history.refresh()

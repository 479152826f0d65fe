"""File › Restore…: choose a backup, see what it holds beside what is there now, then confirm.

Nothing changes until the person presses "Replace the data": the backup is read
from end to end first (a damaged one is refused there), the current data are
saved aside by the restore itself, and a shared PostgreSQL database is only
offered to a login allowed to restore it (services/backup/restore_access).
"""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pscp_training.services.backup import backup, backup_contents, restore, restore_access
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.error_dialogs import show_error

KINDS = {
    "sqlite": "a copy of an SQLite database file",
    "pg_dump": "a PostgreSQL pg_dump archive",
    "export": "a portable export",
}


def _years(years: tuple[str, ...]) -> str:
    if not years:
        return "no sessions"
    if len(years) == 1:
        return years[0]
    return f"{years[0]} to {years[-1]} ({len(years)} years)"


def _rows(found, now) -> list[tuple[str, str, str]]:
    """The backup (restore.describe_backup) beside the database now (database_contents)."""
    rows = [
        ("Made", fmt.when(found.made_at), "(now)"),
        ("Checksum", "matches: unchanged since it was made" if found.checksum_matches
         else "none beside it", ""),
        ("Financial years", _years(found.years) if found.counts else "not counted",
         _years(now.years)),
    ]
    for key in ("courses", "sessions", "delegates", "bookings"):
        held = f"{found.counts[key]:,}" if key in found.counts else "not counted"
        rows.append((key.capitalize(), held, f"{now.counts.get(key, 0):,}"))
    rows.append(("Delegates erased", f"{found.erasures:,}" if found.counts else "not counted",
                 f"{now.erasures:,} (erased again after the restore)" if now.erasures else "0"))
    return rows


class RestoreDialog(QDialog):
    """Shows a checked backup beside the database now; accepting means "replace the data"."""

    def __init__(self, path: Path, found, now, *, saved_in: Path, parent=None):
        super().__init__(parent)
        self.setObjectName("restore_dialog")
        self.setWindowTitle("Restore a backup")
        self.setMinimumWidth(600)
        self.path = path
        heading = QLabel(f"<b>{path.name}</b> is a sound backup ({KINDS.get(found.kind, found.kind)}"
                         f"). This is what it holds, beside what the database holds now:")
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.RichText)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("restore_contents")
        self.table.setHorizontalHeaderLabels(["", "In the backup", "In the database now"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        for row, cells in enumerate(_rows(found, now)):
            self.table.insertRow(row)
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignVCenter
                                          | Qt.AlignmentFlag.AlignRight)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        height = self.table.horizontalHeader().height() + sum(
            self.table.rowHeight(r) for r in range(self.table.rowCount())) + 4
        self.table.setFixedHeight(height)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        warning = QLabel(
            "Restoring replaces <b>all</b> the data in the database with the backup's, for "
            "everyone who uses it. Anything entered since the backup was made is taken out. "
            f"The data as they are now are saved first, in {saved_in}, so this can be undone "
            "by restoring that copy.")
        warning.setWordWrap(True)
        warning.setTextFormat(Qt.TextFormat.RichText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            "&Replace the data with this backup", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setAutoDefault(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)  # Enter never replaces everybody's data
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table)
        layout.addWidget(warning)
        layout.addWidget(self.buttons)


class RestoreFlow:
    """Runs File › Restore… from start to end; the steps are methods so tests can drive them."""

    def __init__(self, ctx, parent: QWidget):
        self.ctx, self.parent = ctx, parent
        self.dialog: RestoreDialog | None = None
        self.result = None

    def start(self) -> None:
        self.ctx.tasks.run(restore_access.restore_refusal, self.ctx.db, on_done=self._allowed)

    def _allowed(self, refusal: str | None) -> None:
        if refusal:
            QMessageBox.warning(self.parent, "Restore a backup", refusal)
            return
        folder = backup.backups_folder(self.ctx.db)
        path, _ = QFileDialog.getOpenFileName(
            self.parent, "Restore a backup", str(folder if folder.is_dir() else Path.home()),
            "Database backups (*.sqlite3 *.dump *.jsonl.gz);;All files (*)")
        if path:
            self.inspect(Path(path))

    def inspect(self, path: Path) -> None:
        """Check the backup and show what it holds; a damaged one is refused here."""
        def read():
            return (restore.describe_backup(path),
                    backup_contents.database_contents(self.ctx.db))

        self.ctx.tasks.run(read, on_done=lambda both: self._show(path, *both),
                           on_error=lambda exc: show_error(self.parent, exc))

    def _show(self, path: Path, found, now) -> None:
        self.dialog = RestoreDialog(path, found, now, saved_in=backup.backups_folder(self.ctx.db),
                                    parent=self.parent)
        self.dialog.accepted.connect(lambda: self.restore(path))
        self.dialog.open()

    def restore(self, path: Path) -> None:
        busy = QProgressDialog("Restoring the backup…", "", 0, 0, self.parent)
        busy.setWindowTitle("Restore a backup")
        busy.setCancelButton(None)  # half a restore is never left: it runs to the end or not at all
        busy.setWindowModality(Qt.WindowModality.WindowModal)
        busy.setMinimumDuration(300)

        def finished() -> None:
            busy.close()
            busy.deleteLater()

        def done(result) -> None:
            finished()
            self.result = result
            self.ctx.changes.changed.emit("all")
            again = (f" {result.erasures_reapplied} delegate(s) erased since the backup was "
                     "made were erased again." if result.erasures_reapplied else "")
            QMessageBox.information(
                self.parent, "Restore a backup",
                f"The data were restored from {result.path.name}. The data as they were "
                f"before are saved in {result.safety_copy}.{again}")

        def failed(exc: BaseException) -> None:
            finished()
            show_error(self.parent, exc)

        self.ctx.tasks.run(restore_access.restore_open_database, self.ctx.db, path,
                           on_done=done, on_error=failed)

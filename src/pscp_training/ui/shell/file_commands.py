"""The main window's File commands that ask for a file: export the register, back up."""

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox


def export_register(window) -> None:
    """File › Export register…: a financial year, a file, then the export off the UI thread."""
    from pscp_training.domain.years import FinancialYear, now_utc
    from pscp_training.ui.common import formatting as fmt
    from pscp_training.ui.sessions.printing import offer_to_open

    try:
        from pscp_training.services.imports import register_export
    except ImportError:
        QMessageBox.information(window, "Export register",
                                "Exporting the booking register is not available yet.")
        return
    this_year = FinancialYear.of(now_utc())
    labels = [this_year.previous(n).label for n in range(0, 8)]
    label, ok = QInputDialog.getItem(window, "Export register", "Financial year:", labels, 0,
                                     False)
    if not ok:
        return
    path, _ = QFileDialog.getSaveFileName(
        window, "Export the booking register", f"booking-register-{label}.xlsx",
        "Excel workbook (*.xlsx);;CSV (*.csv)")
    if not path:
        return

    def done(rows: int) -> None:
        offer_to_open(window, f"The register for {label} ({fmt.people(rows, 'row', 'rows')})",
                      Path(path))

    window.ctx.tasks.run(register_export.export_register, window.ctx.db,
                         FinancialYear.parse(label), Path(path), on_done=done)


def back_up(window) -> None:
    """File › Back up database…: where to, then the copy off the UI thread."""
    from pscp_training.services.backup import backup

    suffix = backup.suggested_suffix(window.ctx.db)
    suggested = f"pscp-training-backup-{date.today():%Y-%m-%d}{suffix}"
    path, _ = QFileDialog.getSaveFileName(window, "Back up the database", suggested,
                                          f"Database backup (*{suffix})")
    if path and not path.lower().endswith(suffix):
        path += suffix  # so the file reads as what it is when someone looks for it later
    if path:
        window.ctx.tasks.run(
            backup.back_up_database, window.ctx.db, Path(path),
            on_done=lambda written: window.statusBar().showMessage(
                f"Backed up to {written}", 10_000))

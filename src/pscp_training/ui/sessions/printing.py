"""Printing a session's sign-in sheet and certificates through the PDF services."""

import importlib
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from pscp_training.domain.records import SessionRecord
from pscp_training.domain.years import to_local


def _service(name: str):
    """A printing service, imported on first use (ReportLab is slow to import at start-up).

    A module that fails to import is a broken build: the error is raised, never hidden.
    """
    return importlib.import_module(f"pscp_training.services.printing.{name}")


def sign_in_sheets():
    return _service("sign_in_sheets")


def certificates():
    return _service("certificates")


def _documents() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def offer_to_open(parent: QWidget, what: str, target: Path) -> None:
    answer = QMessageBox.question(
        parent, "Saved", f"{what} saved in {target}. Open it now?",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
    )
    if answer == QMessageBox.StandardButton.Open:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))


def print_sign_in_sheet(ctx, parent: QWidget, session: SessionRecord) -> None:
    module = sign_in_sheets()
    if module is None:
        return
    suggested = f"{session.course_code} {to_local(session.start):%Y-%m-%d} sign-in sheet.pdf"
    path, _ = QFileDialog.getSaveFileName(
        parent, "Save the sign-in sheet", str(Path(_documents()) / suggested), "PDF (*.pdf)"
    )
    if not path:
        return
    ctx.tasks.run(module.write_sign_in_sheet, ctx.db, session.id, Path(path),
                  on_done=lambda written: offer_to_open(parent, "The sign-in sheet", written))


def print_certificates(ctx, parent: QWidget, session: SessionRecord) -> None:
    module = certificates()
    if module is None:
        return
    folder = QFileDialog.getExistingDirectory(parent, "Save the certificates in", _documents())
    if not folder:
        return

    def done(paths: list[Path]) -> None:
        if not paths:
            QMessageBox.information(parent, "Certificates",
                                    "Nobody is marked attended, so there are no certificates.")
            return
        offer_to_open(parent, f"{len(paths)} certificate(s)", Path(folder))

    ctx.tasks.run(module.issue_certificates, ctx.db, session.id, Path(folder), on_done=done)

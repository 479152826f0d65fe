"""Printing a session's sign-in sheet, certificates and trainers' summary through the PDF services."""

import importlib
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from pscp_training.domain.records import SessionRecord
from pscp_training.domain.wording import plural
from pscp_training.domain.years import to_local
from pscp_training.ui.common.folders import remember_folder, starting_folder


def _service(name: str):
    """A printing service, imported on first use (ReportLab is slow to import at start-up).

    A module that fails to import is a broken build: the error is raised, never hidden.
    """
    return importlib.import_module(f"pscp_training.services.printing.{name}")


def sign_in_sheets():
    return _service("sign_in_sheets")


def certificates():
    return _service("certificates")


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
        parent, "Save the sign-in sheet",
        str(Path(starting_folder(ctx.settings, "sign_in_sheets")) / suggested), "PDF (*.pdf)"
    )
    if not path:
        return
    remember_folder(ctx.settings, "sign_in_sheets", Path(path).parent)
    ctx.tasks.run(module.write_sign_in_sheet, ctx.db, session.id, Path(path),
                  on_done=lambda written: offer_to_open(parent, "The sign-in sheet", written))


def session_summaries():
    return _service("session_summaries")


def print_session_summary(ctx, parent: QWidget, session: SessionRecord) -> None:
    """The trainers' summary of one session (figures, delegates, evaluations) to a chosen PDF."""
    module = session_summaries()
    suggested = f"{session.course_code} {to_local(session.start):%Y-%m-%d} session summary.pdf"
    path, _ = QFileDialog.getSaveFileName(
        parent, "Save the session summary",
        str(Path(starting_folder(ctx.settings, "session_summaries")) / suggested), "PDF (*.pdf)"
    )
    if not path:
        return
    remember_folder(ctx.settings, "session_summaries", Path(path).parent)
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    ctx.tasks.run(module.write_session_summary, ctx.db, session.id, Path(path),
                  on_done=lambda written: offer_to_open(parent, "The session summary", written))


def print_certificates(ctx, parent: QWidget, session: SessionRecord):
    """Ask one PDF each or one combined, and where; then issue them (the command line's service)."""
    module = certificates()
    from pscp_training.ui.sessions.certificates_dialog import CertificatesDialog

    dialog = CertificatesDialog(session, starting_folder(ctx.settings, "certificates"), parent)

    def chosen(result: int) -> None:
        if result != QDialog.DialogCode.Accepted or dialog.chosen is None:
            return
        folder, combined = dialog.chosen
        remember_folder(ctx.settings, "certificates", folder)

        def done(paths: list[Path]) -> None:
            if combined and len(paths) == 1:
                offer_to_open(parent, "The certificates, in one PDF to print,", paths[0])
            else:
                offer_to_open(parent, plural(len(paths), "certificate").capitalize(), folder)

        ctx.tasks.run_with_progress(parent, "Writing certificates", module.issue_certificates,
                                    ctx.db, session.id, folder, combined=combined, on_done=done)

    dialog.finished.connect(chosen)
    dialog.open()
    return dialog

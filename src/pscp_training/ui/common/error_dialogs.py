"""The one place that turns errors into calm dialogs a training administrator can read."""

import logging
import traceback

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from pscp_training.domain.errors import (
    Cancelled,
    DatabaseProblem,
    NotFound,
    PscpError,
    RuleViolation,
    StaleRecord,
    ValidationFailed,
)

log = logging.getLogger(__name__)

_TITLES: list[tuple[type, str]] = [
    (ValidationFailed, "Please check the details"),
    (RuleViolation, "That cannot be done"),
    (NotFound, "Not found"),
    (StaleRecord, "Changed by someone else"),
    (Cancelled, "Stopped"),
    (DatabaseProblem, "Database problem"),
    (PscpError, "That cannot be done"),
]


def title_for(exc: BaseException) -> str:
    for kind, title in _TITLES:
        if isinstance(exc, kind):
            return title
    return "Something went wrong"


def message_box_for(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """A message box saying what went wrong; ValidationFailed lists its problems as details."""
    box = QMessageBox(parent)
    box.setWindowTitle(title_for(exc))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    if isinstance(exc, ValidationFailed):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(exc.summary)
        details = [str(p) for p in exc.problems] + [f"Warning: {w}" for w in exc.warnings]
        if details:
            box.setDetailedText("\n".join(details))
    elif isinstance(exc, Cancelled):
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(str(exc))
    elif isinstance(exc, PscpError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(str(exc))
    else:
        # A defect, not a refusal: say so plainly and keep the technical part out of the way.
        log.error("Unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText(
            "Something unexpected went wrong and the action was not completed. "
            "Nothing was saved. If it happens again, send the details below to IT."
        )
        box.setDetailedText(
            "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        )
    return box


# A box without a parent would be deleted with its Python wrapper: keep it until closed.
_showing: set[QMessageBox] = set()


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Show the error without blocking the caller (window-modal); returns the box."""
    box = message_box_for(parent, exc)
    box.setObjectName("errorBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _showing.add(box)
    box.finished.connect(lambda _result: _showing.discard(box))
    box.open()
    return box

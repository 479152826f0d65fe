"""The base of every form dialog: Enter submits, Esc asks before throwing typed work away.

A subclass builds its rows with `add_row` (labels without colons, the Windows way), puts
its save in `save()`, and calls `saved_and_close()` when the service has saved. Errors a
submit raises (a date that cannot be read, say) are shown and the dialog stays open.
"""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pscp_training.domain.errors import PscpError
from pscp_training.ui.common.error_dialogs import show_error
from pscp_training.ui.common.style import QUIET

DISCARD_TITLE = "Discard what you typed?"


def _value(widget: QWidget):
    """What a field holds now, to compare with what it held when the dialog opened."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return widget.isChecked()
    return None


class FormDialog(QDialog):
    """A dialog of labelled fields over a row of buttons (`submit_text` names the first)."""

    def __init__(self, parent=None, *, title: str, submit_text: str = "Save",
                 intro: str | None = None, min_width: int = 460):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(min_width)
        self._clean: dict[int, object] | None = None
        self.discard_question: QMessageBox | None = None
        self.layout_ = QVBoxLayout(self)
        if intro:
            self.intro = QLabel(intro)
            self.intro.setWordWrap(True)
            self.layout_.addWidget(self.intro)
        self.rows = QFormLayout()
        self.rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.addLayout(self.rows)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.submit_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.submit_button.setText(submit_text)
        self.submit_button.setDefault(True)  # Enter in any one-line field submits
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

    # --- building --------------------------------------------------------------------------

    def add_row(self, label: str | QWidget, field: QWidget | QLayout) -> None:
        if isinstance(label, str):
            label = label.rstrip(":")
        self.rows.addRow(label, field)

    def add_note(self, text: str) -> QLabel:
        note = QLabel(text)
        note.setWordWrap(True)
        note.setStyleSheet(QUIET)
        self.layout_.addWidget(note)
        return note

    def finish_layout(self) -> None:
        """Put the buttons last; call at the end of the subclass's __init__."""
        self.layout_.addWidget(self.buttons)

    # --- submitting ------------------------------------------------------------------------

    def save(self) -> None:  # pragma: no cover - every subclass says what it saves
        raise NotImplementedError

    def _submit(self) -> None:
        try:
            self.save()
        except PscpError as exc:  # read from the form before any service ran: stay open
            show_error(self, exc)

    def accept(self) -> None:
        """Enter and the submit button save (the service then closes the dialog)."""
        self._submit()

    def saved_and_close(self) -> None:
        super().accept()

    def run(self, fn: Callable, *args, on_done: Callable, **kwargs) -> None:
        """A service call whose refusal is shown over this dialog, which stays open."""
        self.ctx.tasks.run(fn, *args, on_done=on_done,
                           on_error=lambda exc: show_error(self, exc), **kwargs)

    # --- discarding ------------------------------------------------------------------------

    def _fields(self) -> list[QWidget]:
        return [w for w in self.findChildren(QWidget) if _value(w) is not None
                and not isinstance(w.parent(), (QComboBox, QAbstractSpinBox))]

    def mark_clean(self) -> None:
        """What the fields hold now is what the dialog opened with (after a late fill)."""
        self._clean = {id(w): _value(w) for w in self._fields()}

    def has_typed_work(self) -> bool:
        if self._clean is None:
            return False
        return any(self._clean.get(id(w), _value(w)) != _value(w) for w in self._fields())

    def showEvent(self, event) -> None:
        first = self._clean is None
        if first:
            self.mark_clean()
        super().showEvent(event)
        if first and self.layout_.hasHeightForWidth():
            # A wrapped introduction is sized for a narrower dialog than it gets: without
            # this, the room it does not need is left empty above the buttons.
            fitted = self.layout_.totalHeightForWidth(self.width())
            if 0 < fitted < self.height():
                self.resize(self.width(), max(fitted, self.minimumSizeHint().height()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.close_asking()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.has_typed_work() and self.result() != QDialog.DialogCode.Accepted:
            event.ignore()
            self.close_asking()
            return
        super().closeEvent(event)

    def close_asking(self) -> None:
        """Close; with typed work, first ask (without blocking) whether to throw it away."""
        if not self.has_typed_work():
            self.reject()
            return
        box = QMessageBox(QMessageBox.Icon.Question, DISCARD_TITLE,
                          "Close without saving? What you typed here will be lost.",
                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                          self)
        box.button(QMessageBox.StandardButton.Cancel).setText("Keep editing")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setObjectName("discard_question")
        if self.discard_question is not None:  # the one asked last time, answered since
            self.discard_question.deleteLater()
        self.discard_question = box

        def answered(button) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Discard:
                self.reject()

        box.buttonClicked.connect(answered)
        box.open()

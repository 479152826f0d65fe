"""A day typed the way people write it (14/01/2027, 14 Jan 2027, 2027-01-14) or picked from a calendar."""


from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from pscp_training.domain.errors import InputError
from pscp_training.domain.typed_dates import EXAMPLES, parse_typed_date

DISPLAY = "ddd d MMM yyyy"
PROBLEM_STYLE = "QLineEdit { border: 2px solid #b00020; }"


class DateEntry(QWidget):
    """`date()`/`setDate(QDate)` like QDateEdit; a typed day is read when the field is left.

    Up and Down move a day, Page Up and Page Down a month, Alt+Down opens the calendar.
    `date()` raises InputError (what is wrong, in words) while the text is not a day.
    """

    dateChanged = Signal(QDate)

    def __init__(self, value: QDate | None = None, parent=None, *, label: str = "Day"):
        super().__init__(parent)
        self.label = label
        self._date = value if value is not None and value.isValid() else QDate.currentDate()
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(EXAMPLES)
        self.edit.setToolTip(f"Type a day ({EXAMPLES}), or press Alt+Down for a calendar")
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("Wed 30 Sep 2026") + 24)
        self.edit.editingFinished.connect(self._read_typed)
        self.edit.returnPressed.connect(self._read_typed)
        self.edit.installEventFilter(self)
        self.setFocusProxy(self.edit)
        self.calendar_button = QToolButton()
        self.calendar_button.setText("▾")
        self.calendar_button.setToolTip("Pick the day on a calendar (Alt+Down)")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down does it by key
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.menu = QMenu(self)
        holder = QWidgetAction(self.menu)
        holder.setDefaultWidget(self.calendar)
        self.menu.addAction(holder)
        self.menu.aboutToShow.connect(lambda: self.calendar.setSelectedDate(self._date))
        self.calendar_button.setMenu(self.menu)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.calendar_button)
        self._show(self._date)

    # --- value -----------------------------------------------------------------------------

    def date(self) -> QDate:
        """The day shown; InputError if what is typed is not one."""
        text = self.edit.text()
        if text == self._date.toString(DISPLAY):
            return self._date
        typed = self._parse(text)
        return QDate(typed.year, typed.month, typed.day)

    def setDate(self, value: QDate) -> None:
        changed = value != self._date
        self._date = value
        self._show(value)
        if changed:
            self.dateChanged.emit(value)

    def problem(self) -> str | None:
        try:
            self.date()
        except InputError as exc:
            return str(exc)
        return None

    def _parse(self, text: str) -> date:
        try:
            return parse_typed_date(text, QDate.currentDate().toPython())
        except InputError as exc:
            raise InputError(f"{self.label}: {exc}") from exc

    def _show(self, value: QDate) -> None:
        self.edit.setText(value.toString(DISPLAY))
        self.edit.setStyleSheet("")
        self.edit.setToolTip(f"Type a day ({EXAMPLES}), or press Alt+Down for a calendar")

    def _read_typed(self) -> None:
        problem = self.problem()
        if problem is None:
            self.setDate(self.date())
        else:  # keep the text for correcting; say what is wrong where it is
            self.edit.setStyleSheet(PROBLEM_STYLE)
            self.edit.setToolTip(problem)

    def _picked(self, value: QDate) -> None:
        self.menu.hide()
        self.setDate(value)
        self.edit.setFocus()

    # --- keys ------------------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:
        if watched is self.edit and isinstance(event, QKeyEvent) \
                and event.type() == QKeyEvent.Type.KeyPress:
            key, mods = event.key(), event.modifiers()
            if key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier:
                self.calendar_button.showMenu()
                return True
            steps = {Qt.Key.Key_Up: (1, 0), Qt.Key.Key_Down: (-1, 0),
                     Qt.Key.Key_PageUp: (0, 1), Qt.Key.Key_PageDown: (0, -1)}
            if key in steps and not mods & Qt.KeyboardModifier.AltModifier:
                days, months = steps[key]
                start = self._date if self.problem() else self.date()
                self.setDate(start.addDays(days).addMonths(months))
                return True
        return super().eventFilter(watched, event)

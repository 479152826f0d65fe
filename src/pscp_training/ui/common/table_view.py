"""The table every list uses, with an empty-state message in place of a blank grid."""

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QStackedWidget, QTableView

from pscp_training.ui.common.style import FOCUS_FRAME, QUIET


def keyboard_friendly(view: QAbstractItemView) -> QAbstractItemView:
    """Tab leaves the view (the arrows move inside it) and the focus is framed."""
    view.setTabKeyNavigation(False)
    if view.focusPolicy() != Qt.FocusPolicy.NoFocus:
        view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    view.setStyleSheet(FOCUS_FRAME)
    return view


def make_table(model: QAbstractItemModel | None = None, *, sortable: bool = False,
               object_name: str | None = None, view_class: type = QTableView) -> QTableView:
    """A read-only row-selecting table with elided text and sensible column widths.

    Tab and Shift+Tab leave the table for the next control (the arrows move between rows),
    and the table with the keyboard focus is framed, so a keyboard user always sees where
    they are.
    """
    view = view_class()
    if object_name:
        view.setObjectName(object_name)
    keyboard_friendly(view)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    if model is not None:
        view.setModel(model)
    view.setSortingEnabled(sortable)
    return view


STRETCH_LEAST = 100  # pixels: enough for the start of a course title or a name


class _StretchColumn(QObject):
    """Gives one column the room the others leave, but never less than its own width: a
    plain Stretch column shrank to "…" once the other columns filled a small window."""

    def __init__(self, view: QTableView, column: int, least: int):
        super().__init__(view)
        self.view, self.column, self.least = view, column, least
        view.viewport().installEventFilter(self)
        view.horizontalHeader().sectionResized.connect(self._resized)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _resized(self, index: int, _old: int, _new: int) -> None:
        if index != self.column:
            self.fit()

    def fit(self) -> None:
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c != self.column and not header.isSectionHidden(c))
        room = self.view.viewport().width() - others
        wanted = max(self.least, room)
        if header.sectionSize(self.column) != wanted:
            header.blockSignals(True)
            header.resizeSection(self.column, wanted)
            header.blockSignals(False)
            self.view.updateGeometries()


def set_column_widths(view: QTableView, widths: list[int], stretch: int | None = None) -> None:
    """Starting widths; the `stretch` column (say, a title) takes the room left over, and
    keeps at least a third of its starting width (a scroll bar appears rather than a column of "…")."""
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    if stretch is not None:
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        wanted = widths[stretch] if stretch < len(widths) else header.defaultSectionSize()
        least = max(STRETCH_LEAST, wanted // 3)
        view._stretch_column = _StretchColumn(view, stretch, least)


class EmptyStateTable(QStackedWidget):
    """A table that shows a calm sentence instead of an empty grid when it has no rows."""

    def __init__(self, view: QTableView, empty_text: str, parent=None):
        super().__init__(parent)
        self.view = view
        self.empty_label = QLabel(empty_text)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(f"{QUIET} font-size: 11pt; padding: 16px;")
        self.addWidget(view)
        self.addWidget(self.empty_label)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.update_state)
        self.update_state()

    def set_empty_text(self, text: str) -> None:
        self.empty_label.setText(text)

    def update_state(self, *_args) -> None:
        empty = self.view.model().rowCount() == 0
        self.setCurrentWidget(self.empty_label if empty else self.view)

    @property
    def is_empty(self) -> bool:
        return self.currentWidget() is self.empty_label


WHEN_SAMPLE = "Wed 30 Sep 2026 09:30"


def fit_to_text(view: QTableView, column: int, sample: str = WHEN_SAMPLE) -> None:
    """Make a column wide enough for a sample text (dates are the usual case) in this font."""
    view.setColumnWidth(column, view.fontMetrics().horizontalAdvance(sample) + 24)


def follow_top(view: QTableView) -> None:
    """Fetch the rows above when a list opened part-way down (a `PagedTableModel` started
    at an offset) is scrolled to its top, as Qt's fetchMore does at the bottom; the rows
    in sight stay in sight."""

    def at(value: int) -> None:
        model = view.model()
        bar = view.verticalScrollBar()
        if value != bar.minimum() or not model.can_fetch_earlier():
            return
        top = view.rowAt(0)
        if top < 0:  # not laid out yet: nothing is in sight to keep
            return
        added = model.fetch_earlier()
        if added:
            view.scrollTo(model.index(top + added, 0), QAbstractItemView.ScrollHint.PositionAtTop)

    def unfilled(*_args) -> None:
        bar = view.verticalScrollBar()
        if bar.minimum() == bar.maximum() and view.isVisible():
            at(bar.minimum())  # every row in sight and room above: fill it, as Qt does below

    def soon(*_args) -> None:
        QTimer.singleShot(0, view, unfilled)  # once the rows are laid out

    view.verticalScrollBar().valueChanged.connect(at)
    view.verticalScrollBar().rangeChanged.connect(unfilled)
    view.model().modelReset.connect(soon)
    view.model().rowsInserted.connect(soon)

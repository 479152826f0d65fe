"""Single-agency headcounts: how many unnamed staff of each organisation attended."""

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pscp_training.services.people import people
from pscp_training.services.sessions import attendance
from pscp_training.ui.common.paged_table_model import Column, PagedTableModel
from pscp_training.ui.common.table_view import EmptyStateTable, make_table, set_column_widths

COLUMNS = [
    Column("Organisation", lambda h: h.organisation),
    Column("Sector", lambda h: h.sector),
    Column("Attended", lambda h: h.count),
]


class HeadcountsView(QWidget):
    """The headcounts of one single-agency session, and a row to set one (0 removes it)."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.session_id: int | None = None
        self.total = 0  # unnamed attendees counted on the session shown
        ctx.changes.changed.connect(self._on_changed)
        self.model = PagedTableModel(COLUMNS, page_size=1000, parent=self)
        self.view = make_table(self.model, object_name="headcounts")
        set_column_widths(self.view, [300, 180, 80], stretch=0)
        self.table = EmptyStateTable(
            self.view, "No headcounts yet. Add how many staff of an organisation attended."
        )
        self.organisation = QComboBox()
        self.organisation.setEditable(True)
        self.organisation.setMinimumWidth(280)
        self.organisation.lineEdit().setPlaceholderText("Organisation")
        self.count = QSpinBox()
        self.count.setRange(0, 10_000)
        self.count.setSuffix(" attended")
        self.set_button = QPushButton("Set headcount")
        self.set_button.clicked.connect(self.save)
        # Enter in the organisation or the number sets the headcount, as the button does.
        self.organisation.lineEdit().returnPressed.connect(self.save)
        self.count.lineEdit().returnPressed.connect(self.save)
        self.note = QLabel()
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.organisation, 1)
        row.addWidget(self.count)
        row.addWidget(self.set_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.note)

    def show_session(self, session_id: int, markable: bool, why_not: str = "") -> None:
        """Show the session's headcounts; `total` is then the unnamed attendees counted."""
        self.session_id = session_id
        rows = attendance.list_headcounts(self.ctx.db, session_id)
        self.model.reset_with(lambda offset, limit: rows[offset:offset + limit])
        if self.isVisible():
            self._fill_organisations()
        for widget in (self.organisation, self.count, self.set_button):
            widget.setEnabled(markable)
        total = self.total = sum(h.count for h in rows)
        self.note.setText(why_not if not markable else f"{total:,} unnamed attendees in all.")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fill_organisations()

    def _fill_organisations(self) -> None:
        """The organisations to count, read when the tab is first shown (2,000 of them)."""
        if self.organisation.count() == 0:  # filled once; again only when organisations change
            self._load_organisations()

    def _load_organisations(self) -> None:
        chosen = self.organisation.currentText()
        self.organisation.clear()
        self.organisation.addItems([o.name for o in people.list_organisations(self.ctx.db)])
        self.organisation.setCurrentText(chosen)

    def _on_changed(self, kind: str) -> None:
        if kind in ("organisations", "all"):
            self.organisation.clear()

    def save(self) -> None:
        self.ctx.tasks.run(attendance.set_headcount, self.ctx.db, self.session_id,
                           self.organisation.currentText(), self.count.value(),
                           on_done=lambda _r: self.ctx.changes.changed.emit("bookings"))

"""Home's tile "Refreshers due this term": who needs training before the term ends."""

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from pscp_training.domain.refreshers import Currency
from pscp_training.services.refreshers import currency
from pscp_training.ui.common.context import concerns
from pscp_training.ui.common.paged_table_model import PagedTableModel
from pscp_training.ui.common.style import LIST_HEADING
from pscp_training.ui.common.table_view import EmptyStateTable, make_table, set_column_widths
from pscp_training.ui.refreshers.columns import DUE, person_colour


class RefreshersTile(QWidget):
    """Double-click (or Enter) opens the person's record."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.title = QLabel("&Refreshers due this term")
        self.title.setStyleSheet(LIST_HEADING)
        self.title.setObjectName("refreshers_title")
        self.model = PagedTableModel(DUE, page_size=1000, parent=self)
        self.model.row_foreground = person_colour
        self.view = make_table(self.model, object_name="refreshers_due")
        set_column_widths(self.view, [120, 200, 100], stretch=1)
        self.view.activated.connect(self._open)
        self.view.doubleClicked.connect(self._open)
        self.title.setBuddy(self.view)
        self.table = EmptyStateTable(self.view, "Nobody's refresher is due this term.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        ctx.changes.changed.connect(self._changed)
        self.refresh()

    def refresh(self) -> None:
        self.ctx.tasks.run(currency.due_this_term, self.ctx.db, on_done=self._show)

    def _show(self, result) -> None:
        term, people = result
        self.model.reset_with(lambda offset, limit: people[offset:offset + limit])
        overdue = sum(1 for p in people if p.status is Currency.OVERDUE)
        count = (f" ({len(people)}" + (f"; {overdue} overdue" if overdue else "") + ")"
                 if people else "")
        self.title.setText(f"&Refreshers due this term{count}")
        self.title.setToolTip(f"{term.label}: {term.start:%d %b} to {term.end:%d %b %Y}")

    def _open(self, index) -> None:
        person = self.model.record_at(index.row())
        if person is not None:
            self.ctx.changes.open_delegate.emit(person.delegate_id)

    def _changed(self, kind: str) -> None:
        if concerns(kind, "delegates", "bookings", "sessions", "settings") and self.isVisible():
            self.refresh()

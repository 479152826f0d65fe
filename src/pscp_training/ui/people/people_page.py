"""Delegates and organisations: searchable lists, a delegate's training record, edit and merge."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pscp_training.domain.wording import plural
from pscp_training.domain.years import FinancialYear
from pscp_training.services.people import organisation_list, training_record
from pscp_training.ui.common.audit_view import HistoryDialog
from pscp_training.ui.common.context import concerns
from pscp_training.ui.common.style import QUIET
from pscp_training.ui.common.table_view import keyboard_friendly
from pscp_training.ui.people.delegate_dialog import DelegateDialog
from pscp_training.ui.people.delegate_table_model import DelegateTableModel, TrainingRecordModel
from pscp_training.ui.people.merge_dialog import MergeDialog
from pscp_training.ui.people.organisation_dialog import OrganisationDialog
from pscp_training.ui.people.organisation_table_model import OrganisationTableModel
from pscp_training.ui.refreshers.record_currency import currency_lines, record_and_currency

SEARCH_DELAY_MS = 250
MUTED = QUIET  # readable, not faint


def _table(model, widths: list[int]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    keyboard_friendly(view)
    view.setSortingEnabled(True)
    view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    return view


def _search_box(placeholder: str, on_change) -> tuple[QLineEdit, QTimer]:
    box = QLineEdit()
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    timer = QTimer(box)
    timer.setSingleShot(True)
    timer.setInterval(SEARCH_DELAY_MS)
    timer.timeout.connect(on_change)
    box.textChanged.connect(timer.start)
    return box, timer


class PeoplePage(QWidget):
    """The Delegates & organisations page."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.tabs = QTabWidget()
        self.tabs.addTab(self._delegates_tab(), "&Delegates")
        self.tabs.addTab(self._organisations_tab(), "&Organisations")
        layout = QVBoxLayout(self)
        # The same title, size and margins as the other pages, named as in the sidebar.
        layout.addWidget(QLabel("<h2>Delegates &amp; organisations</h2>"))
        layout.addWidget(self.tabs)
        ctx.changes.changed.connect(self._changed)
        self._update_buttons()
        self._count_delegates()
        self._count_organisations()

    # --- building --------------------------------------------------------------------------

    def _delegates_tab(self) -> QWidget:
        self.delegates = DelegateTableModel(self.ctx.db, self)
        self.delegate_search, self._delegate_timer = _search_box(
            "Search by name, email, organisation or sector (Ctrl+F)", self.apply_delegate_search)
        self.new_delegate_button = QPushButton("New delegate…")
        self.edit_delegate_button = QPushButton("Edit…")
        self.merge_button = QPushButton("Merge two records…")
        self.merge_button.setToolTip(
            "Select the two records of the same person (Ctrl+click), then merge them.")
        self.new_delegate_button.clicked.connect(self.new_delegate)
        self.edit_delegate_button.clicked.connect(self.edit_delegate)
        self.merge_button.clicked.connect(self.merge_selected)
        self.history_button = QPushButton("History…")
        self.history_button.clicked.connect(self.show_history)
        bar = QHBoxLayout()
        bar.addWidget(self.delegate_search, 1)
        for button in (self.new_delegate_button, self.edit_delegate_button, self.merge_button,
                       self.history_button):
            bar.addWidget(button)

        self.delegate_view = _table(self.delegates, [180, 240, 250, 170, 75, 75, 100])
        # The organisation takes whatever width is left, so the counts stay in view.
        header = self.delegate_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.delegate_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.delegate_view.activated.connect(lambda _index: self.edit_delegate())
        self.delegate_count = QLabel()
        self.delegate_count.setStyleSheet(MUTED)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.delegate_view)
        left_layout.addWidget(self.delegate_count)

        self.record_title = QLabel()
        self.record_title.setTextFormat(Qt.TextFormat.RichText)
        self.record_title.setWordWrap(True)
        self.record_title.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.record = TrainingRecordModel(self)
        self.record_view = _table(self.record, [125, 70, 360, 140])
        self.record_view.setSortingEnabled(False)
        self.record_view.setMinimumHeight(170)
        self.record_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.record_view.activated.connect(self._open_session)
        self.record_hint = QLabel("Double-click a session to open it.")
        self.record_hint.setStyleSheet(MUTED)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.record_title)
        right_layout.addWidget(self.record_view, 1)
        right_layout.addWidget(self.record_hint)
        self.record_layout = right_layout
        self._show_record(None, [])

        # The record goes under the list: both need the full width to read without elision.
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([430, 330])
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        return tab

    def _organisations_tab(self) -> QWidget:
        self.organisations = OrganisationTableModel(self.ctx.db, self)
        self.organisation_search, self._organisation_timer = _search_box(
            "Search by name, sector or type", self.apply_organisation_search)
        self.new_organisation_button = QPushButton("New organisation…")
        self.edit_organisation_button = QPushButton("Edit…")
        self.new_organisation_button.clicked.connect(self.new_organisation)
        self.edit_organisation_button.clicked.connect(self.edit_organisation)
        bar = QHBoxLayout()
        bar.addWidget(self.organisation_search, 1)
        bar.addWidget(self.new_organisation_button)
        bar.addWidget(self.edit_organisation_button)
        self.organisation_view = _table(self.organisations, [340, 200, 200, 95, 120])
        self.organisation_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.organisation_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.organisation_view.activated.connect(lambda _index: self.edit_organisation())
        self.organisation_count = QLabel()
        self.organisation_count.setStyleSheet(MUTED)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(bar)
        layout.addWidget(self.organisation_view, 1)
        layout.addWidget(self.organisation_count)
        return tab

    # --- refreshing ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Fetch the lists (and the record showing) again, keeping the selection."""
        chosen = [s.delegate.id for s in self.selected_delegates()]
        self.delegates.refresh()
        self.organisations.refresh()
        self._reselect(chosen)
        self._count_delegates()
        self._count_organisations()
        self._load_record()

    def _changed(self, kind: str) -> None:
        if concerns(kind, "delegates", "bookings", "organisations", "sessions", "settings"):
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def focus_search(self) -> None:
        search = self.delegate_search if self.tabs.currentIndex() == 0 else self.organisation_search
        search.setFocus()
        search.selectAll()

    def apply_delegate_search(self) -> None:
        self._delegate_timer.stop()
        self.delegates.set_search(self.delegate_search.text())
        self._count_delegates()
        self._selection_changed()

    def apply_organisation_search(self) -> None:
        self._organisation_timer.stop()
        self.organisations.set_search(self.organisation_search.text())
        self._count_organisations()
        self._update_buttons()

    def _count_delegates(self) -> None:
        search = self.delegates.search
        self.ctx.tasks.run(training_record.count_delegates, self.ctx.db, search,
                           on_done=lambda n: self._show_count(self.delegate_count, n, search,
                                                              "delegate"))

    def _count_organisations(self) -> None:
        search = self.organisations.search
        self.ctx.tasks.run(organisation_list.count_organisations, self.ctx.db, search,
                           on_done=lambda n: self._show_count(self.organisation_count, n, search,
                                                              "organisation"))

    @staticmethod
    def _show_count(label: QLabel, count: int, search: str, what: str) -> None:
        if count == 0 and search:
            label.setText(f"No {what} matches “{search}”.")
        elif count == 0:
            label.setText(f"No {what}s yet. Add one with “New {what}…”, or import a register "
                          "with File › Import.")
        else:
            label.setText(plural(count, what)
                          + (f" matching “{search}”" if search else ""))

    # --- delegates -------------------------------------------------------------------------

    def selected_delegates(self) -> list:
        rows = sorted({i.row() for i in self.delegate_view.selectionModel().selectedRows()})
        return [self.delegates.record_at(r) for r in rows if self.delegates.record_at(r)]

    def _reselect(self, delegate_ids: list[int]) -> None:
        selection = self.delegate_view.selectionModel()
        selection.clearSelection()
        for delegate_id in delegate_ids:
            row = self.delegates.row_of(delegate_id)
            if row >= 0:
                selection.select(self.delegates.index(row, 0),
                                 selection.SelectionFlag.Select | selection.SelectionFlag.Rows)

    def show_delegate(self, delegate_id: int) -> None:
        """Select a delegate (searching from scratch when they are not among the rows fetched)."""
        self.tabs.setCurrentIndex(0)
        if self.delegates.row_of(delegate_id) < 0 and self.delegate_search.text():
            self.delegate_search.clear()
            self.apply_delegate_search()
        while self.delegates.row_of(delegate_id) < 0 and self.delegates.canFetchMore():
            self.delegates.fetchMore()
        row = self.delegates.row_of(delegate_id)
        if row >= 0:
            self.delegate_view.selectRow(row)
            self.delegate_view.scrollTo(self.delegates.index(row, 0))

    def _selection_changed(self, *_args) -> None:
        self._update_buttons()
        self._load_record()

    def _update_buttons(self, *_args) -> None:
        chosen = len(self.selected_delegates())
        self.edit_delegate_button.setEnabled(chosen == 1)
        self.history_button.setEnabled(chosen == 1)
        self.merge_button.setEnabled(chosen == 2)
        has_org = bool(self.organisation_view.selectionModel().selectedRows())
        self.edit_organisation_button.setEnabled(has_org)

    def _load_record(self) -> None:
        chosen = self.selected_delegates()
        if len(chosen) != 1:
            self._show_record(None, [])
            return
        summary = chosen[0]
        self.ctx.tasks.run(record_and_currency, self.ctx.db, summary.delegate.id,
                           on_done=lambda found: self._show_record(summary, *found))

    def _show_record(self, summary, rows, currency=()) -> None:
        self.record.set_rows(rows)
        if summary is None:
            chosen = len(self.selected_delegates())
            self.record_title.setText(
                "Two delegates are selected. If they are the same person, “Merge two records…” "
                "joins their training records into one." if chosen == 2
                else f"{chosen} delegates are selected: choose one to see their training record."
                if chosen > 2
                else "Choose a delegate to see their training record.")
            self.record_view.setVisible(False)
            self.record_hint.setVisible(False)
            self.record_layout.setStretchFactor(self.record_title, 1)
            return
        d = summary.delegate
        years = {FinancialYear.of(s.start) for s, _b in rows}
        where = " · ".join(x for x in (d.job_role, d.organisation, d.email, d.phone) if x)
        attended = sum(1 for _s, b in rows if b.attendance.value == "attended")
        told = (f"{plural(len(rows), 'booking')}, {attended} attended"
                + (f", over {plural(len(years), 'financial year')}"
                   if years else ""))
        self.record_title.setText(
            f"<span style='font-size: 13pt; font-weight: 600'>{d.full_name}</span><br>"
            f"{where}<br><span style='{MUTED}'>Training record: {told}.</span>"
            + currency_lines(d, currency))
        self.record_view.setVisible(bool(rows))
        self.record_hint.setVisible(bool(rows))
        self.record_layout.setStretchFactor(self.record_title, 0 if rows else 1)

    def _open_session(self, index) -> None:
        session = self.record.session_at(index.row())
        if session is not None:
            self.ctx.changes.open_session.emit(session.id)

    def new_delegate(self) -> None:
        dialog = DelegateDialog(self.ctx, None, self)
        if dialog.exec() and dialog.saved is not None:
            self.show_delegate(dialog.saved.id)

    def show_history(self) -> HistoryDialog | None:
        chosen = self.selected_delegates()
        if len(chosen) != 1:
            return None
        dialog = HistoryDialog(self.ctx, chosen[0].delegate.id, chosen[0].delegate.full_name, self)
        dialog.open()
        return dialog

    def edit_delegate(self) -> None:
        chosen = self.selected_delegates()
        if len(chosen) != 1:
            return
        DelegateDialog(self.ctx, chosen[0].delegate, self).exec()

    def merge_selected(self) -> None:
        chosen = self.selected_delegates()
        if len(chosen) != 2:
            QMessageBox.information(
                self, "Merge two records",
                "Select the two records of the same person (hold Ctrl and click each), "
                "then choose Merge.")
            return
        first, second = sorted(chosen, key=lambda s: -s.bookings)
        dialog = self.merge_dialog(first.delegate, second.delegate)
        if dialog.exec() and dialog.merged is not None:
            self.show_delegate(dialog.merged.id)

    def merge_dialog(self, first, second) -> MergeDialog:
        return MergeDialog(self.ctx, first, second, self)

    # --- organisations ---------------------------------------------------------------------

    def selected_organisation(self):
        rows = self.organisation_view.selectionModel().selectedRows()
        return self.organisations.record_at(rows[0].row()) if rows else None

    def new_organisation(self) -> None:
        OrganisationDialog(self.ctx, None, self).exec()

    def edit_organisation(self) -> None:
        chosen = self.selected_organisation()
        if chosen is not None:
            OrganisationDialog(self.ctx, chosen.organisation, self).exec()

"""The Sessions page: every session, filtered and sorted in the database; new, edit, run again, cancel."""

from dataclasses import replace
from datetime import datetime, time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pscp_training.domain.enums import Agency, Delivery, SessionStatus
from pscp_training.domain.records import SessionRecord
from pscp_training.domain.years import FinancialYear, local_to_utc, now_utc, to_local
from pscp_training.services.sessions import catalogue
from pscp_training.ui.bookings.people_to_tell import cancel_session_and_tell
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.context import concerns
from pscp_training.ui.common.table_view import (
    EmptyStateTable,
    fit_to_text,
    follow_top,
    make_table,
    set_column_widths,
)
from pscp_training.ui.sessions.session_dialog import RunAgainDialog, SessionDialog
from pscp_training.ui.sessions.session_table_model import COLUMN_WIDTHS, SessionTableModel

ALL = "all"
REFRESH_PAGES = 5  # pages read again when the list is shown again, around the rows in sight


def _combo(name: str, items: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for label, value in items:
        combo.addItem(label, value)
    return combo


class SessionsPage(QWidget):
    """Filters (year, course, agency, delivery, status, search) over a paged, sortable list."""

    session_activated = Signal(int)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._loading = True
        self._shown_once = False
        self._today: int | None = None  # today's row in the whole list, in date order
        this_year = FinancialYear.of(now_utc())
        years = [this_year.previous(n) for n in range(-1, 6)]
        self.year = _combo("year", [("All years", ALL)] + [(y.label, y.label) for y in years])
        self.course = _combo("course", [("All courses", ALL)])
        self.agency = _combo("agency", [("Any agency", ALL)] +
                             [(label, a.value) for a, label in fmt.AGENCY.items()])
        self.delivery = _combo("delivery", [("Any delivery", ALL)] +
                               [(label, d.value) for d, label in fmt.DELIVERY.items()])
        self.status = _combo("status", [("Any status", ALL)] +
                             [(label, s.value) for s, label in fmt.SESSION_STATUS.items()])
        self.search_box = QLineEdit()
        self.search_box.setObjectName("search")
        self.search_box.setPlaceholderText("Search course, venue or trainer  (Ctrl+F)")
        self.search_box.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search_box.textChanged.connect(self._search_timer.start)
        filters = QHBoxLayout()
        for widget in (self.year, self.course, self.agency, self.delivery, self.status):
            filters.addWidget(widget)
            widget.currentIndexChanged.connect(self.apply_filters)
        filters.addWidget(self.search_box, 1)

        self.model = SessionTableModel(parent=self)
        self.view = make_table(self.model, sortable=True, object_name="sessions")
        set_column_widths(self.view, COLUMN_WIDTHS, stretch=2)
        fit_to_text(self.view, 0)
        follow_top(self.view)  # opened at today: the sessions before come when scrolled up
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.view.activated.connect(lambda index: self.open_row(index.row()))
        self.table = EmptyStateTable(self.view, "No sessions match these filters.")
        self.count_label = QLabel()
        self.count_label.setObjectName("count")

        self.new_button = QPushButton("New session…")
        self.edit_button = QPushButton("Edit…")
        self.again_button = QPushButton("Run again on…")
        self.cancel_button = QPushButton("Cancel session…")
        self.open_button = QPushButton("Open")
        self.new_button.clicked.connect(self.new_session)
        self.edit_button.clicked.connect(self.edit_session)
        self.again_button.clicked.connect(self.run_again)
        self.cancel_button.clicked.connect(lambda: self.cancel_session())
        self.open_button.clicked.connect(lambda: self.open_row(self.current_row()))
        actions = QHBoxLayout()
        actions.addWidget(self.count_label, 1)
        for button in (self.open_button, self.new_button, self.edit_button, self.again_button,
                       self.cancel_button):
            actions.addWidget(button)

        layout = QVBoxLayout(self)
        title = QLabel("<h2>Sessions</h2>")
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        ctx.changes.changed.connect(self._on_changed)
        self._load_courses()
        self._restore_filters()
        self._loading = False
        self.apply_filters()

    # --- filters ---------------------------------------------------------------------------

    def _load_courses(self) -> None:
        chosen = self.course.currentData()
        self.course.blockSignals(True)
        self.course.clear()
        self.course.addItem("All courses", ALL)
        for course in catalogue.list_courses(self.ctx.db):
            self.course.addItem(f"{course.code}  {course.title}", course.id)
        index = self.course.findData(chosen)
        self.course.setCurrentIndex(max(index, 0))
        self.course.blockSignals(False)

    def _filter_combos(self) -> dict[str, QComboBox]:
        return {"year": self.year, "course": self.course, "agency": self.agency,
                "delivery": self.delivery, "status": self.status}

    def _restore_filters(self) -> None:
        settings = self.ctx.settings
        for name, combo in self._filter_combos().items():
            value = settings.value(f"sessions/filter_{name}")
            if value is None and name == "year":
                value = FinancialYear.of(now_utc()).label
            if value is not None:
                if name == "course" and value != ALL:
                    value = int(value)
                index = combo.findData(value)
                if index >= 0:
                    combo.setCurrentIndex(index)
        self.search_box.setText(settings.value("sessions/search", "") or "")

    def _save_filters(self) -> None:
        for name, combo in self._filter_combos().items():
            self.ctx.settings.setValue(f"sessions/filter_{name}", combo.currentData())
        self.ctx.settings.setValue("sessions/search", self.search_box.text())

    def session_filter(self) -> catalogue.SessionFilter:
        def chosen(combo: QComboBox):
            value = combo.currentData()
            return None if value in (ALL, None) else value

        year = chosen(self.year)
        agency, delivery, status = chosen(self.agency), chosen(self.delivery), chosen(self.status)
        return catalogue.SessionFilter(
            year=FinancialYear.parse(year) if year else None,
            course_id=chosen(self.course),
            agency=Agency(agency) if agency else None,
            delivery=Delivery(delivery) if delivery else None,
            status=SessionStatus(status) if status else None,
            search=self.search_box.text().strip() or None,
        )

    def apply_filters(self, *_args) -> None:
        if self._loading:
            return
        flt = self.session_filter()
        db, model = self.ctx.db, self.model

        def fetch(offset: int, limit: int) -> list[SessionRecord]:
            # Continue from the session shown next to the page (an index walk), not past
            # every earlier session again (OFFSET).
            after = model.neighbour(offset - 1)
            return catalogue.list_sessions(
                db, flt, sort=model.sort_key or "start", descending=model.descending,
                offset=offset, limit=limit, after=after,
                before=None if after is not None else model.neighbour(offset + limit))

        self._save_filters()
        total = catalogue.count_sessions(db, flt)
        self._today = today = self._today_offset(flt, total)
        if today is None:
            model.reset_with(fetch)
        else:
            # Opened at today's sessions (or the last), with a page before them to scroll up
            # to: one query of at most two pages wherever today falls in 60,000 sessions.
            start = max(today - model.page_size, 0)
            model.reset_with(fetch, start=start, rows=today - start + model.page_size)
        self._show_count(total, flt)
        self.show_today()
        self._update_buttons()

    def _today_offset(self, flt: catalogue.SessionFilter, total: int) -> int | None:
        """Where today's first session (or else the last) is in the list in date order;
        None in any other order."""
        if (self.model.sort_key or "start") != "start" or self.model.descending or not total:
            return None
        today = to_local(now_utc()).date()
        midnight = local_to_utc(datetime.combine(today, time(0, 0)))
        earlier = catalogue.count_sessions(self.ctx.db, replace(flt, starts_before=midnight))
        return min(earlier, total - 1)

    def show_today(self, *_args) -> None:
        """In date order the list opens at today's sessions (or the next), not at April's."""
        if self._today is None or self.model.rowCount() == 0:
            return
        row = min(max(self._today - self.model.first_offset, 0), self.model.rowCount() - 1)
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.selectRow(row)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)

    def _show_count(self, total: int, flt: catalogue.SessionFilter) -> None:
        self.count_label.setText(fmt.people(total, "session", "sessions"))
        only_a_year = flt == catalogue.SessionFilter(year=flt.year)
        if only_a_year:
            # Nothing narrows the list but the year: say how to add one, not to change filters.
            where = f" in {flt.year.label}" if flt.year else ""
            self.table.set_empty_text(
                f"No sessions{where} yet. Add one with “New session…”, or import a booking "
                "register with File › Import.")
        else:
            self.table.set_empty_text("No sessions match these filters.")

    # --- refreshing ------------------------------------------------------------------------

    def refresh(self) -> None:
        chosen = self.current_session()
        scrolled = self.view.verticalScrollBar().value()
        model = self.model
        keep = REFRESH_PAGES * model.page_size
        top = model.first_offset + max(self.view.rowAt(0), 0)  # in the whole list
        self._load_courses()
        if model.rowCount() <= keep:
            model.refresh()
        else:
            # Read again the rows around those in sight, not every row scrolled past (all
            # 60,000 sessions: 6 s each time the page was shown again).
            start = max(top - model.page_size, 0)
            model.reset_with(start=start, rows=keep)
        if chosen is not None:  # the same place in the list after the rows are fetched again
            row = model.row_where(lambda s: s.id == chosen.id)
            if row >= 0:
                self.view.selectRow(row)
        if model.first_offset or model.rowCount() >= keep:
            index = model.index(min(top - model.first_offset, model.rowCount() - 1), 0)
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
        else:
            self.view.verticalScrollBar().setValue(scrolled)
        flt = self.session_filter()
        self._show_count(catalogue.count_sessions(self.ctx.db, flt), flt)
        self._update_buttons()

    def _on_changed(self, kind: str) -> None:
        if concerns(kind, "sessions", "courses", "bookings") and self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._loading:
            self.refresh()
        if not self._shown_once:
            # Once laid out, the first time: the rows can only be scrolled to when they have
            # their sizes.
            self._shown_once = True
            QTimer.singleShot(0, self.show_today)

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    # --- actions ---------------------------------------------------------------------------

    def current_row(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def current_session(self) -> SessionRecord | None:
        return self.model.record_at(self.current_row())

    def _update_buttons(self, *_args) -> None:
        session = self.current_session()
        for button in (self.open_button, self.edit_button, self.again_button):
            button.setEnabled(session is not None)
        self.cancel_button.setEnabled(
            session is not None and session.status == SessionStatus.SCHEDULED
            and session.start > now_utc()
        )

    def open_row(self, row: int) -> None:
        session = self.model.record_at(row)
        if session is not None:
            self.session_activated.emit(session.id)
            self.ctx.changes.open_session.emit(session.id)

    def new_session(self) -> SessionDialog:
        dialog = SessionDialog(self.ctx, parent=self)
        dialog.open()
        return dialog

    def edit_session(self) -> SessionDialog | None:
        session = self.current_session()
        if session is None:
            return None
        dialog = SessionDialog(self.ctx, catalogue.get_session(self.ctx.db, session.id), self)
        dialog.told.connect(self._told)
        dialog.open()
        return dialog

    def _told(self, text: str) -> None:
        """What was emailed about a session's change (this page has no line for messages)."""
        self.told_box = QMessageBox(QMessageBox.Icon.Information, "Session changed", text,
                                    QMessageBox.StandardButton.Ok, self)
        self.told_box.open()

    def run_again(self) -> RunAgainDialog | None:
        session = self.current_session()
        if session is None:
            return None
        dialog = RunAgainDialog(self.ctx, session, self)
        dialog.open()
        return dialog

    def cancel_session(self, *, confirm: bool = True, tell: bool = False) -> None:
        session = self.current_session()
        if session is None:
            return
        cancel_session_and_tell(self, self.ctx, session, confirm=confirm, tell=tell,
                                done=lambda _r: self.ctx.changes.changed.emit("sessions"))

"""A session's bookings in tabs: confirmed places, the waiting list in order, cancellations,
places passed to a colleague."""

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget

from pscp_training.domain.enums import BookingStatus
from pscp_training.domain.records import BookingRecord
from pscp_training.services.bookings import bookings
from pscp_training.services.bookings.substitution import colleagues_who_took
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.paged_table_model import Column, PagedTableModel
from pscp_training.ui.common.table_view import (
    EmptyStateTable,
    fit_to_text,
    make_table,
    set_column_widths,
)

_NAME = Column("Name", lambda b: b.full_name)
_ORG = Column("Organisation", lambda b: b.organisation or "")
_SECTOR = Column("Sector", lambda b: b.sector or "")
_EMAIL = Column("Email", lambda b: b.email or "")

COLUMNS = {
    BookingStatus.BOOKED: (
        [_NAME, _ORG, _SECTOR, _EMAIL, Column("Booked", lambda b: fmt.when(b.booked_at)),
         Column("Attendance", lambda b: fmt.ATTENDANCE[b.attendance])],
        [180, 220, 140, 220, 160, 90],
    ),
    BookingStatus.WAITLISTED: (
        [Column("No.", lambda b: b.waitlist_position), _NAME, _ORG, _EMAIL,
         Column("Asked", lambda b: fmt.when(b.booked_at))],
        [45, 180, 220, 220, 160],
    ),
    BookingStatus.CANCELLED: (
        [_NAME, _ORG, _EMAIL, Column("Cancelled", lambda b: fmt.when(b.cancelled_at)),
         Column("Late", lambda b: "Late" if b.late_cancellation else "")],
        [180, 220, 220, 160, 60],
    ),
    BookingStatus.SUBSTITUTED: (
        [_NAME, _ORG, Column("Place taken by", lambda b: b.substituted_by or ""), _EMAIL,
         Column("Booked", lambda b: fmt.when(b.booked_at))],
        [180, 220, 180, 220, 160],
    ),
}

WHEN_COLUMN = {BookingStatus.BOOKED: 4, BookingStatus.WAITLISTED: 4, BookingStatus.CANCELLED: 3,
               BookingStatus.SUBSTITUTED: 4}
STRETCH = {BookingStatus.BOOKED: 1, BookingStatus.WAITLISTED: 2, BookingStatus.CANCELLED: 1,
           BookingStatus.SUBSTITUTED: 1}

EMPTY = {
    BookingStatus.BOOKED: "Nobody has a place yet. Book someone with the box above.",
    BookingStatus.WAITLISTED: "Nobody is waiting for a place.",
    BookingStatus.CANCELLED: "No cancellations.",
    BookingStatus.SUBSTITUTED: "No places have been passed to a colleague.",
}

# With Alt+letter mnemonics that neither the menus nor the session's own tabs use.
TAB_NAMES = {
    BookingStatus.BOOKED: "&Confirmed",
    BookingStatus.WAITLISTED: "&Waiting list",
    BookingStatus.CANCELLED: "Ca&ncelled",
    BookingStatus.SUBSTITUTED: "&Passed to a colleague",
}


def _whole_list(records: list):
    """A fetch function over a list already in hand (the register needs every place anyway)."""
    return lambda offset, limit: records[offset:offset + limit]


def _pages(db, session_id: int, status: BookingStatus):
    """A fetch function asking the database for one page of one status at a time: the
    list's order is read once (from the first row), each page then by its bookings' ids
    (sorting 4,000 cancellations by name for every page of 200 took 60 ms a page)."""
    order: list[int] = []

    def fetch(offset: int, limit: int) -> list[BookingRecord]:
        if offset == 0 or not order:
            order[:] = bookings.booking_ids(db, session_id, status)
        page = bookings.bookings_by_id(db, order[offset:offset + limit])
        if status != BookingStatus.SUBSTITUTED:
            return page
        # A place passed on says who holds it now.
        took = colleagues_who_took(db, [b.id for b in page])
        return [replace(b, substituted_by=took.get(b.id)) for b in page]

    return fetch


class BookingsTabs(QTabWidget):
    """Tables of one session's bookings, by status; `selection_changed` when the chosen one changes."""

    selection_changed = Signal()
    activated = Signal(object)  # a BookingRecord double-clicked

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.session_id: int | None = None
        self.models: dict[BookingStatus, PagedTableModel] = {}
        self.views = {}
        self.holders: dict[BookingStatus, EmptyStateTable] = {}
        for status, (columns, widths) in COLUMNS.items():
            model = PagedTableModel(columns, page_size=200, parent=self)
            view = make_table(model, object_name=f"bookings_{status.value}")
            set_column_widths(view, widths, stretch=STRETCH[status])
            fit_to_text(view, WHEN_COLUMN[status])
            view.selectionModel().selectionChanged.connect(self.selection_changed)
            view.doubleClicked.connect(
                lambda index, m=model: self.activated.emit(m.record_at(index.row()))
            )
            holder = EmptyStateTable(view, EMPTY[status])
            self.models[status], self.views[status], self.holders[status] = model, view, holder
            self.addTab(holder, TAB_NAMES[status])
        self._stale: set[BookingStatus] = set()  # lists to read again when next shown
        self.currentChanged.connect(self._tab_shown)

    def show_session(self, session_id: int, bookable: bool = True) -> None:
        """Show the session's bookings; `bookable` False: no box above to book from.

        The confirmed places are read now (the register and the emails need them); the
        other lists when their tab is first shown (a conference's cancellations can run to
        thousands, read a page at a time)."""
        self.session_id = session_id
        self.holders[BookingStatus.BOOKED].set_empty_text(
            EMPTY[BookingStatus.BOOKED] if bookable else "Nobody has a place on this session.")
        counts = bookings.count_bookings(self.ctx.db, session_id)
        self._stale = set(COLUMNS)
        for number, status in enumerate(COLUMNS):
            self.setTabText(number, f"{TAB_NAMES[status]} ({counts[status]:,})")
        self._load(BookingStatus.BOOKED)
        self._load(self.current_status())

    def _load(self, status: BookingStatus) -> None:
        """Read a list if it is not current (the first time its tab is shown after a change)."""
        if status not in self._stale or self.session_id is None:
            return
        self._stale.discard(status)
        if status == BookingStatus.BOOKED:
            fetch = _whole_list(bookings.list_bookings(self.ctx.db, self.session_id, status))
        else:
            fetch = _pages(self.ctx.db, self.session_id, status)
        self.models[status].reset_with(fetch)

    def _tab_shown(self, index: int) -> None:
        if 0 <= index < len(COLUMNS):
            self._load(list(COLUMNS)[index])
        self.selection_changed.emit()

    def current_status(self) -> BookingStatus:
        return list(COLUMNS)[self.currentIndex()]

    def show_status(self, status: BookingStatus) -> None:
        self.setCurrentIndex(list(COLUMNS).index(status))

    def selected(self) -> BookingRecord | None:
        status = self.current_status()
        rows = self.views[status].selectionModel().selectedRows()
        return self.models[status].record_at(rows[0].row()) if rows else None

    def select_booking(self, booking_id: int) -> bool:
        """Show and select a booking, wherever it is now."""
        for status, model in self.models.items():
            self._load(status)
            row = model.row_where(lambda b: b.id == booking_id)
            if row >= 0:
                self.show_status(status)
                self.views[status].selectRow(row)
                return True
        return False

    def names(self, status: BookingStatus) -> list[str]:
        self._load(status)
        return [b.full_name for b in self.models[status].records()]

    def records(self, status: BookingStatus) -> list[BookingRecord]:
        self._load(status)
        return self.models[status].records()

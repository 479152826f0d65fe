"""A table model that fetches its rows a page at a time from a service, sorted and filtered in SQL."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

PAGE_SIZE = 100
_ROOT = QModelIndex()
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_USER = int(Qt.ItemDataRole.UserRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
_ASKED = frozenset((_DISPLAY, _ALIGN, _TOOLTIP, _USER, _FOREGROUND, _DECORATION))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_CELLS_KEPT = 1000  # rows whose texts are kept (a few screenfuls)

FetchPage = Callable[[int, int], list]


@dataclass(frozen=True)
class Column:
    """One column: its header, how to show a record in it, and the service's sort key (or None)."""

    header: str
    value: Callable[[Any], Any]
    sort_key: str | None = None
    tooltip: Callable[[Any], str | None] | None = None
    align_right: bool | None = None  # None: numbers right, text left


def _as_column(spec) -> Column:
    if isinstance(spec, Column):
        return spec
    header, value, *rest = spec
    return Column(header, value, rest[0] if rest else None)


class PagedTableModel(QAbstractTableModel):
    """Rows are records fetched with `fetch_page(offset, limit)`, a page at a time.

    Columns are `Column`s or `(header, function(record) -> value, sort key or None)`.
    Sorting asks the service again: `sort()` sets `sort_key`/`descending`, which the
    `fetch_page` callable reads, and fetches from the start. Filters change with
    `reset_with(new_fetch_page)`. Never put a sort/filter proxy over this model: it
    would only see the rows fetched so far.

    The rows shown may start part-way down the list (`reset_with(..., start=n)`: a long
    list opened at today): `fetch_page` is given offsets in the whole list, and rows
    before the first shown come with `fetch_earlier()` (`follow_top` calls it when the
    view is scrolled to the top), as later rows come with `fetchMore()`. A fetch function
    may ask `neighbour(offset)` for the record shown there, to continue from it.
    """

    def __init__(self, columns: Sequence, fetch_page: FetchPage | None = None, *,
                 page_size: int = PAGE_SIZE, sort_key: str | None = None,
                 descending: bool = False, parent=None):
        super().__init__(parent)
        self.columns = [_as_column(c) for c in columns]
        self.page_size = page_size
        self.sort_key = sort_key
        self.descending = descending
        self._fetch_page = fetch_page
        self._records: list = []
        self._start = 0  # the offset in the whole list of the first row shown
        self._more = fetch_page is not None
        self._resetting = False
        self.rows_fetched = 0  # every row read so far (tests count what a screen reads)
        # id(record) -> its cells' texts and alignments (the records are held in `_records`
        # while kept here: forgotten on every reset and removal)
        self._shown: dict[int, tuple] = {}
        for signal in (self.modelReset, self.dataChanged, self.layoutChanged, self.rowsRemoved):
            signal.connect(self._forget_cells)
        self.row_decoration: Callable[[Any, int], Any] | None = None
        self.row_foreground: Callable[[Any], Any] | None = None

    # --- the data --------------------------------------------------------------------------

    def reset_with(self, fetch_page: FetchPage | None = None, *, start: int = 0,
                   rows: int | None = None) -> None:
        """Start again from the row at `start` (with a new fetch function when filters
        changed), reading `rows` rows (a page unless told) in one fetch."""
        if fetch_page is not None:
            self._fetch_page = fetch_page
        self._reset_to(rows or self.page_size, max(start, 0))

    def refresh(self) -> None:
        """Fetch again as many rows as were showing, from the same place (after a change elsewhere)."""
        self._reset_to(max(len(self._records), self.page_size), self._start)

    def _reset_to(self, wanted: int, start: int) -> None:
        """Replace the rows by `wanted` ones from `start`, fetched before the views hear of it.

        One fetch, not a page at a time: each page is a query of its own. The reset never
        shows an empty model: a view told of a reset with no rows may fetch more (and an
        empty-state cover switch back and forth) in the middle of it, leaving a full table
        hidden behind "No rows" (issue 15, the Sessions list turning blank).
        """
        records: list = []
        more = self._fetch_page is not None
        if more:
            self._resetting = True  # the rows shown are not neighbours of the rows coming
            try:
                records = list(self._fetch_page(start, wanted))
            finally:
                self._resetting = False
            self.rows_fetched += len(records)
            more = len(records) >= wanted
            if not records and start > 0:  # the list has shrunk below where it started
                self._reset_to(wanted, 0)
                return
        self.beginResetModel()
        self._records = records
        self._start = start
        self._more = more
        self.endResetModel()

    @property
    def first_offset(self) -> int:
        """Where the first row shown is in the whole list (0 unless opened part-way down)."""
        return self._start

    def neighbour(self, offset: int):
        """The record shown at `offset` of the whole list, or None (for a fetch to continue from)."""
        row = offset - self._start
        if self._resetting or not 0 <= row < len(self._records):
            return None
        return self._records[row]

    def record_at(self, row: int):
        return self._records[row] if 0 <= row < len(self._records) else None

    def records(self) -> list:
        return list(self._records)

    def row_where(self, predicate: Callable[[Any], bool]) -> int:
        """The row of the first fetched record matching, or -1."""
        for row, record in enumerate(self._records):
            if predicate(record):
                return row
        return -1

    def replace_record(self, row: int, record) -> None:
        """Show an updated record in place (after a write), without fetching again."""
        self._records[row] = record
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    # --- Qt's fetch-more protocol ----------------------------------------------------------

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> None:
        if parent.isValid() or not self._more or self._fetch_page is None:
            return
        self._append(self.page_size)

    def can_fetch_earlier(self) -> bool:
        return self._start > 0 and self._fetch_page is not None

    def fetch_earlier(self) -> int:
        """Fetch the page before the first row shown and put it above; returns the rows added."""
        if not self.can_fetch_earlier():
            return 0
        offset = max(self._start - self.page_size, 0)
        page = list(self._fetch_page(offset, self._start - offset))
        self.rows_fetched += len(page)
        if not page:
            self._start = 0
            return 0
        self.beginInsertRows(QModelIndex(), 0, len(page) - 1)
        self._records[:0] = page
        self._start = offset
        self.endInsertRows()
        return len(page)

    def _append(self, count: int) -> None:
        """Fetch up to `count` more rows after those shown and add them to the views."""
        page = list(self._fetch_page(self._start + len(self._records), count))
        self.rows_fetched += len(page)
        self._more = len(page) >= count
        if not page:
            return
        first = len(self._records)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._records.extend(page)
        self.endInsertRows()

    # --- the table -------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.TextAlignmentRole and self._right(column, None):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ASKED:  # fonts, backgrounds, check states... asked of every cell
            return None
        row = index.row()
        if not 0 <= row < len(self._records) or not index.isValid():
            return None
        if role == _DISPLAY:
            return self._cells(row)[index.column()][0]
        if role == _ALIGN:
            return self._cells(row)[index.column()][1]
        record = self._records[row]
        if role == _TOOLTIP:
            column = self.columns[index.column()]
            if column.tooltip is not None:
                return column.tooltip(record)
            value = column.value(record)
            return str(value) if value not in (None, "") else None
        if role == _USER:
            return record
        if role == _FOREGROUND and self.row_foreground is not None:
            return self.row_foreground(record)
        if role == _DECORATION and self.row_decoration is not None:
            return self.row_decoration(record, index.column())
        return None

    def _cells(self, row: int) -> tuple:
        """A row's (text, alignment) per column, worked out once while it is in sight: a
        view asks for each cell's text and alignment on every repaint of a scroll."""
        record = self._records[row]
        cells = self._shown.get(id(record))
        if cells is None:
            if len(self._shown) >= _CELLS_KEPT:
                self._shown.clear()  # only the rows in sight are asked for: memory stays flat
            cells = self._shown[id(record)] = tuple(
                self._cell(column, record) for column in self.columns)
        return cells

    @staticmethod
    def _cell(column: Column, record) -> tuple[str, int]:
        value = column.value(record)
        number = isinstance(value, int | float) and not isinstance(value, bool)
        right = column.align_right if column.align_right is not None else number
        if value is None:
            text = ""
        elif isinstance(value, int) and not isinstance(value, bool):
            text = f"{value:,}"
        else:
            text = str(value)
        return text, _RIGHT if right else _LEFT

    def _forget_cells(self, *_args) -> None:
        self._shown.clear()

    def _right(self, column: Column, record) -> bool:
        if column.align_right is not None:
            return column.align_right
        if record is None:
            return False
        value = column.value(record)
        return isinstance(value, int | float) and not isinstance(value, bool)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask the service for the rows in a new order (columns without a sort key do nothing)."""
        if not 0 <= column < len(self.columns) or self.columns[column].sort_key is None:
            return
        self.sort_key = self.columns[column].sort_key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reset_with()

    def sort_column(self) -> int:
        for number, column in enumerate(self.columns):
            if column.sort_key is not None and column.sort_key == self.sort_key:
                return number
        return -1

"""A table model that fetches its rows a page at a time from a service, sorted and filtered in SQL."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

PAGE_SIZE = 100
_ROOT = QModelIndex()

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
        self._more = fetch_page is not None
        self.row_decoration: Callable[[Any, int], Any] | None = None
        self.row_foreground: Callable[[Any], Any] | None = None

    # --- the data --------------------------------------------------------------------------

    def reset_with(self, fetch_page: FetchPage | None = None) -> None:
        """Start again from the first page (with a new fetch function when filters changed)."""
        if fetch_page is not None:
            self._fetch_page = fetch_page
        self._reset_to(self.page_size)

    def refresh(self) -> None:
        """Fetch again as many rows as were showing (after a change elsewhere)."""
        self._reset_to(max(len(self._records), self.page_size))

    def _reset_to(self, wanted: int) -> None:
        """Replace the rows by the first `wanted` ones, fetched before the views hear of it.

        The reset never shows an empty model: a view told of a reset with no rows may fetch
        more (and an empty-state cover switch back and forth) in the middle of it, leaving a
        full table hidden behind "No rows" (issue 15, the Sessions list turning blank).
        """
        records: list = []
        more = self._fetch_page is not None
        while more and len(records) < wanted:
            page = list(self._fetch_page(len(records), self.page_size))
            more = len(page) >= self.page_size
            records.extend(page)
        self.beginResetModel()
        self._records = records
        self._more = more
        self.endResetModel()

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

    def fetch_through(self, row: int) -> None:
        """Fetch at once every row up to and including `row` (one query, not a page at a time:
        paging 60,000 sessions to today with OFFSET was 600 queries, each slower than the last)."""
        wanted = row + 1 - len(self._records)
        if wanted <= 0 or not self._more or self._fetch_page is None:
            return
        self._append(-(-wanted // self.page_size) * self.page_size)  # whole pages

    def _append(self, count: int) -> None:
        """Fetch up to `count` more rows after those shown and add them to the views."""
        page = list(self._fetch_page(len(self._records), count))
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
        if not index.isValid() or index.row() >= len(self._records):
            return None
        record = self._records[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(record)
            if value is None:
                return ""
            if isinstance(value, int) and not isinstance(value, bool):
                return f"{value:,}"
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if self._right(column, record):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None:
                return column.tooltip(record)
            value = column.value(record)
            return str(value) if value not in (None, "") else None
        if role == Qt.ItemDataRole.UserRole:
            return record
        if role == Qt.ItemDataRole.ForegroundRole and self.row_foreground is not None:
            return self.row_foreground(record)
        if role == Qt.ItemDataRole.DecorationRole and self.row_decoration is not None:
            return self.row_decoration(record, index.column())
        return None

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

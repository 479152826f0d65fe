"""A long table that platypus lays out a page at a time, in time proportional to its rows.

A ReportLab Table that runs over many pages is split once per page, and every split
builds and measures the whole remainder again: a year's index of dates (4,700 rows,
about 80 pages) took most of a brochure's 16 seconds that way. This flowable hands the
frame a Table of only the rows a page can hold (with the heading rows repeated), and
keeps the rest for the next page; the pages come out as the whole table's split would.
"""

from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable, Table, TableStyle

# (command, first column, last column, *arguments) applied to one row, e.g.
# ("BACKGROUND", 0, -1, PALE); the row is the one the style belongs to.
RowCommand = tuple


class PagedTable(Flowable):
    """`header` rows repeated on every page, then `rows`, each with its own row commands.

    `style` holds the commands for the whole table (ranges such as (0, 0), (-1, -1));
    `row_styles[i]` the commands of `rows[i]` alone, so striping and highlighting stay
    with their rows wherever the pages break. `rows` may be a callable returning
    (rows, row_styles): it is called when the table is first laid out (an index whose
    page numbers are known only by then).
    """

    def __init__(self, header: list[list], rows, col_widths: Sequence[float], style: list,
                 row_styles: Sequence[Sequence[RowCommand]] | None = None,
                 h_align: str = "LEFT"):
        super().__init__()
        self._header = header
        self._source: Callable[[], tuple[list, list]] | None = rows if callable(rows) else None
        self._rows: list[list] = [] if callable(rows) else list(rows)
        self._row_styles = list(row_styles or ()) if not callable(rows) else []
        self._col_widths = list(col_widths)
        self._style = style
        self.hAlign = h_align
        self._table: Table | None = None
        self._shown = 0  # how many of the rows self._table holds

    def _load(self) -> None:
        if self._source is not None:
            self._rows, self._row_styles = self._source()
            self._source = None

    def _chunk(self, count: int) -> Table:
        head = len(self._header)
        commands = list(self._style)
        for i, commands_of_row in enumerate(self._row_styles[:count]):
            r = head + i
            commands += [(c[0], (c[1], r), (c[2], r), *c[3:]) for c in commands_of_row]
        table = Table(self._header + self._rows[:count], colWidths=self._col_widths,
                      repeatRows=head, hAlign=self.hAlign)
        table.setStyle(TableStyle(commands))
        self._shown = count
        return table

    def wrap(self, avail_width: float, avail_height: float):
        self._load()
        # More rows than the page can hold (rows are at least 10 points high), so the
        # frame splits this table; doubled in the rare case they all fit.
        count = min(len(self._rows), int(avail_height / 10) + 2)
        while True:
            self._table = self._chunk(count)
            width, height = self._table.wrap(avail_width, avail_height)
            if height > avail_height or count == len(self._rows):
                return width, height
            count = min(len(self._rows), count * 2)

    def split(self, avail_width: float, avail_height: float) -> list:
        if self._table is None:
            self.wrap(avail_width, avail_height)
        parts = self._table.split(avail_width, avail_height)
        if len(parts) < 2:
            return parts
        first = parts[0]
        used = len(first._cellvalues) - len(self._header)
        rest = PagedTable(self._header, self._rows[used:], self._col_widths, self._style,
                          self._row_styles[used:], self.hAlign)
        return [first, rest]

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 (ReportLab's name)
        self._table.drawOn(canvas, x, y, _sW)

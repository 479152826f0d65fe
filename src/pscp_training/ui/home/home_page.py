"""Home: the next four weeks, registers to mark, waiting lists, and the year's running totals."""

from dataclasses import dataclass

from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from pscp_training.domain.records import SessionRecord
from pscp_training.services.sessions import dashboard
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.context import concerns
from pscp_training.ui.common.paged_table_model import Column, PagedTableModel
from pscp_training.ui.common.style import LIST_HEADING
from pscp_training.ui.common.table_view import (
    EmptyStateTable,
    fit_to_text,
    make_table,
    set_column_widths,
)
from pscp_training.ui.refreshers.home_tile import RefreshersTile


@dataclass(frozen=True)
class HomeFigures:
    upcoming: list[SessionRecord]
    unmarked: list[dashboard.UnmarkedRegister]
    waiting: list[SessionRecord]
    totals: dashboard.YearTotals


def gather(db) -> HomeFigures:
    """Everything the Home page shows, in one go off the UI thread."""
    return HomeFigures(
        upcoming=dashboard.upcoming_sessions(db),
        unmarked=dashboard.unmarked_registers(db),
        waiting=dashboard.sessions_with_waiting_lists(db),
        totals=dashboard.year_totals(db),
    )


_WHEN = Column("When", lambda s: fmt.when(s.start))
_COURSE = Column("Course", lambda s: f"{s.course_code} {s.course_title}")

UPCOMING = [_WHEN, _COURSE, Column("Venue", lambda s: s.venue or ""),
            Column("Booked", fmt.fill, align_right=True),
            Column("Waiting", lambda s: s.waitlisted or None, align_right=True)]
# The two to-do lists share the lower row with the refreshers: a date, the course (which gives
# way), and one number, so that each fits a third of a 1280-wide window with no sideways scroll.
_DAY = Column("Date", lambda s: fmt.short_day(s.start))
UNMARKED = [Column("Date", lambda u: fmt.short_day(u.session.start)),
            Column("Course", lambda u: f"{u.session.course_code} {u.session.course_title}"),
            Column("To mark", lambda u: u.unmarked, align_right=True)]
WAITING = [_DAY, _COURSE, Column("Waiting", lambda s: s.waitlisted, align_right=True)]
SHORT_DAY_SAMPLE = "30 Sep 2026"


def _session_id(record) -> int:
    return record.session.id if isinstance(record, dashboard.UnmarkedRegister) else record.id


class HomePage(QWidget):
    """Every row opens its session (double-click or Enter)."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.figures: HomeFigures | None = None
        self.totals = QLabel("Loading…")
        self.totals.setObjectName("totals")
        self.totals.setWordWrap(True)
        self.totals.setStyleSheet("font-size: 11pt; padding: 6px 0;")
        self.upcoming, upcoming_box = self._section(
            "&Next four weeks", UPCOMING, [150, 300, 260, 70, 70],
            "No sessions in the next four weeks.")
        # A register to mark opens on the Register tab: that is what the row is for.
        self.unmarked, unmarked_box = self._section(
            "Registers to &mark", UNMARKED, [90, 260, 64], "Every register is marked.",
            tab="register", sample=SHORT_DAY_SAMPLE)
        self.waiting, waiting_box = self._section(
            "&Waiting lists", WAITING, [90, 260, 64], "Nobody is waiting for a place.",
            tab="waiting", sample=SHORT_DAY_SAMPLE)
        # The coming weeks across the whole width; the two to-do lists side by side below.
        grid = QGridLayout()
        grid.addWidget(upcoming_box, 0, 0, 1, 3)
        grid.addWidget(unmarked_box, 1, 0)
        grid.addWidget(waiting_box, 1, 1)
        self.refreshers = RefreshersTile(ctx, self)
        grid.addWidget(self.refreshers, 1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Home</h2>"))
        layout.addWidget(self.totals)
        layout.addLayout(grid, 1)
        ctx.changes.changed.connect(self._on_changed)
        self.refresh()

    def _section(self, title: str, columns, widths, empty: str, tab: str = "",
                 sample: str | None = None):
        """A heading (Alt+its letter jumps to the list) over a list whose rows open sessions."""
        model = PagedTableModel(columns, page_size=1000, parent=self)
        plain = title.replace("&", "")
        view = make_table(model, object_name=plain.lower().replace(" ", "_"))
        set_column_widths(view, widths, stretch=1)
        fit_to_text(view, 0, *([sample] if sample else []))
        view.doubleClicked.connect(lambda index: self._open(model, index.row(), tab))
        view.activated.connect(lambda index: self._open(model, index.row(), tab))
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(title)
        heading.setStyleSheet(LIST_HEADING)
        heading.setBuddy(view)
        layout.addWidget(heading)
        layout.addWidget(EmptyStateTable(view, empty), 1)
        return model, box

    def _open(self, model: PagedTableModel, row: int, tab: str = "") -> None:
        record = model.record_at(row)
        if record is not None:
            if tab:
                self.ctx.changes.open_session_on.emit(_session_id(record), tab)
            else:
                self.ctx.changes.open_session.emit(_session_id(record))

    def refresh(self) -> None:
        self.ctx.tasks.run(gather, self.ctx.db, on_done=self._show)

    def _show(self, figures: HomeFigures) -> None:
        self.figures = figures
        for model, rows in ((self.upcoming, figures.upcoming), (self.unmarked, figures.unmarked),
                            (self.waiting, figures.waiting)):
            model.reset_with(lambda offset, limit, rows=rows: rows[offset:offset + limit])
        t = figures.totals
        headcount = f" (and {t.headcount:,} counted at single-agency sessions)" if t.headcount else ""
        # An unmarked register counts as no attendance yet: say so rather than alarm anyone.
        pending = (f" — {fmt.people(len(figures.unmarked), 'register', 'registers')} still to mark"
                   if figures.unmarked else "")
        self.totals.setText(
            f"<b>{t.year.label} so far:</b> {fmt.people(t.sessions_run, 'session', 'sessions')} "
            f"run · {fmt.people(t.bookings, 'booking', 'bookings')} · {t.attendances:,} attended{headcount} · "
            f"attendance {fmt.pct(t.attendance_pct)}{pending}"
        )

    def _on_changed(self, kind: str) -> None:
        if concerns(kind, "sessions", "bookings", "courses") and self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.figures is not None:
            self.refresh()

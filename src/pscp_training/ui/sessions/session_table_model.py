"""The sessions list as a paged table: when, course, agency, delivery, venue, fill, waiting, status."""

from PySide6.QtGui import QBrush, QColor

from pscp_training.domain.enums import SessionStatus
from pscp_training.domain.session_status import session_state
from pscp_training.domain.years import now_utc
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.paged_table_model import Column, PagedTableModel

SESSION_COLUMNS = [
    Column("When", lambda s: fmt.when(s.start), "start"),
    Column("Code", lambda s: s.course_code, "course_code"),
    Column("Course", lambda s: s.course_title, "course_title"),
    Column("Agency", lambda s: fmt.AGENCY[s.agency]),
    Column("Delivery", lambda s: fmt.DELIVERY[s.delivery]),
    Column("Venue", lambda s: s.venue or "", "venue"),
    Column("Booked", lambda s: fmt.fill(s), "booked", align_right=True),
    Column("Waiting", lambda s: s.waitlisted or None, None, align_right=True),
    Column("Status", lambda s: session_state(s, now_utc()).label),
]

COLUMN_WIDTHS = [150, 90, 300, 100, 80, 170, 100, 60, 160]

_CANCELLED = QBrush(QColor(140, 140, 140))


class SessionTableModel(PagedTableModel):
    """Sessions fetched a page at a time; cancelled sessions greyed."""

    def __init__(self, fetch_page=None, *, sort_key: str = "start", descending: bool = False,
                 parent=None):
        # Pages of 200: scrolling through 60,000 sessions is 300 queries, not 600.
        super().__init__(SESSION_COLUMNS, fetch_page, page_size=200, sort_key=sort_key,
                         descending=descending, parent=parent)
        self.row_foreground = lambda s: _CANCELLED if s.status == SessionStatus.CANCELLED else None

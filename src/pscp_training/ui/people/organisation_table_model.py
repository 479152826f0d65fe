"""The paged, searchable list of organisations with their sector, type and number of delegates."""

from PySide6.QtGui import QBrush, QColor

from pscp_training.domain.people_records import OrganisationSummary
from pscp_training.services.people import organisation_list
from pscp_training.ui.common.paged_table_model import Column, PagedTableModel

ORGANISATION_COLUMNS = [
    Column("Organisation", lambda s: s.organisation.name, "name"),
    Column("Sector", lambda s: s.organisation.sector, "sector"),
    Column("Type", lambda s: s.organisation.org_type, "type"),
    Column("Delegates", lambda s: s.delegates, "delegates", align_right=True),
    Column("On the register", lambda s: "Yes" if s.registered else "No", "registered"),
    Column("Status", lambda s: "Active" if s.organisation.active else "Closed", "active"),
]


class OrganisationTableModel(PagedTableModel):
    """Organisations matching a search, a page at a time, sorted by the database."""

    def __init__(self, db, parent=None):
        super().__init__(ORGANISATION_COLUMNS, sort_key="name", parent=parent)
        self.db = db
        self.search = ""
        self.row_foreground = lambda s: None if s.organisation.active else QBrush(QColor("#6b6b6b"))
        self.reset_with(self._fetch)

    def _fetch(self, offset: int, limit: int) -> list[OrganisationSummary]:
        return organisation_list.list_organisations_page(
            self.db, self.search, sort=self.sort_key or "name", descending=self.descending,
            offset=offset, limit=limit,
        )

    def set_search(self, text: str) -> None:
        self.search = text.strip()
        self.reset_with(self._fetch)

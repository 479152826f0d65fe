"""Refreshers: each organisation's safeguarding leads, in date or not; letters and emails."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from pscp_training.services.refreshers import currency, requirements, telling
from pscp_training.ui.common.context import concerns
from pscp_training.ui.common.error_dialogs import show_error
from pscp_training.ui.common.paged_table_model import PagedTableModel
from pscp_training.ui.common.table_view import EmptyStateTable, make_table, set_column_widths
from pscp_training.ui.refreshers.columns import (
    ORGANISATIONS,
    PEOPLE,
    organisation_colour,
    person_colour,
)
from pscp_training.ui.sessions.printing import offer_to_open

ALL = "All"
MUTED = "color: palette(mid);"


class OrganisationModel(PagedTableModel):
    """Holds the whole list the service gave; a header click re-sorts all of it by its rule."""

    def __init__(self, parent=None):
        super().__init__(ORGANISATIONS, page_size=500, sort_key="next_due", parent=parent)
        self.rows: list = []
        self.row_foreground = organisation_colour

    def show(self, rows: list) -> None:
        self.rows = rows
        self.reset_with(lambda offset, limit: self.rows[offset:offset + limit])

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort_key if 0 <= column < len(self.columns) else None
        if key is None:
            return
        self.sort_key, self.descending = key, order == Qt.SortOrder.DescendingOrder
        self.show(currency.sort_organisations(self.rows, key, self.descending))


class RefreshersPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.requirement = QComboBox()
        self.requirement.setObjectName("requirement")
        self.sector = QComboBox()
        self.sector.setObjectName("sector")
        self.org_type = QComboBox()
        self.org_type.setObjectName("org_type")
        for combo in (self.requirement, self.sector, self.org_type):
            combo.setMinimumWidth(170)
            combo.activated.connect(lambda _i: self.refresh())
        self.letters_button = QPushButton("Letters (PDF)…")
        self.email_button = QPushButton("Email…")
        self.letters_button.clicked.connect(self.choose_letters_folder)
        self.email_button.clicked.connect(self.confirm_emails)
        bar = QHBoxLayout()
        for caption, widget in (("&Requirement", self.requirement), ("&Sector", self.sector),
                                ("&Type", self.org_type)):
            label = QLabel(caption)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.letters_button)
        bar.addWidget(self.email_button)

        self.summary = QLabel("Loading…")
        self.summary.setObjectName("refreshers_summary")
        self.summary.setWordWrap(True)
        self.organisations = OrganisationModel(self)
        self.org_view = make_table(self.organisations, sortable=True, object_name="organisations")
        self.org_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.org_view.horizontalHeader().setSortIndicator(5, Qt.SortOrder.AscendingOrder)
        set_column_widths(self.org_view, [300, 110, 130, 80, 70, 105, 105, 170], stretch=0)
        self.org_view.selectionModel().selectionChanged.connect(self._show_people)
        self.org_box = EmptyStateTable(
            self.org_view, "No requirement yet: add one in Settings › Refreshers.")
        self.people = PagedTableModel(PEOPLE, page_size=1000, parent=self)
        self.people.row_foreground = person_colour
        self.people_view = make_table(self.people, object_name="people")
        set_column_widths(self.people_view, [220, 100, 160, 90, 110, 120], stretch=0)
        self.people_view.activated.connect(self._open_person)
        self.people_title = QLabel("Choose an organisation to see its people in the role.")
        self.people_title.setWordWrap(True)
        hint = QLabel("Double-click a person to open their record (and change their role).")
        hint.setStyleSheet(MUTED)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.people_title)
        lower_layout.addWidget(self.people_view, 1)
        lower_layout.addWidget(hint)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.org_box)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.status = QLabel()
        self.status.setStyleSheet(MUTED)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Refreshers</h2>"))
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        ctx.changes.changed.connect(self._changed)
        self.load_choices()

    # --- loading ---------------------------------------------------------------------------

    def load_choices(self) -> None:
        def fill(result) -> None:
            reqs, (sectors, types) = result
            for combo, items in ((self.sector, sectors), (self.org_type, types)):
                current = combo.currentText()
                combo.clear()
                combo.addItem(ALL)
                combo.addItems(items)
                combo.setCurrentText(current or ALL)
            current = self.requirement.currentData()
            self.requirement.clear()
            for req in reqs:
                self.requirement.addItem(req.name, req.id)
                self.requirement.setItemData(self.requirement.count() - 1,
                                             f"{req.period_years} years; {req.applies_to}",
                                             Qt.ItemDataRole.ToolTipRole)
            index = self.requirement.findData(current)
            self.requirement.setCurrentIndex(max(index, 0))
            self.refresh()

        self.ctx.tasks.run(
            lambda db: (requirements.list_requirements(db), currency.filter_choices(db)),
            self.ctx.db, on_done=fill)

    def _filters(self) -> dict:
        sector, kind = self.sector.currentText(), self.org_type.currentText()
        return {"sector": None if sector in ("", ALL) else sector,
                "org_type": None if kind in ("", ALL) else kind}

    def refresh(self) -> None:
        requirement_id = self.requirement.currentData()
        if requirement_id is None:
            self.organisations.show([])
            self.summary.setText("No refresher requirement is set up yet: add one (for example "
                                 "“DSL training”, two years) in Settings › Refreshers.")
            self._buttons()
            return
        self.ctx.tasks.run(
            currency.organisations, self.ctx.db, requirement_id, **self._filters(),
            sort=self.organisations.sort_key, descending=self.organisations.descending,
            on_done=self._show)

    def _show(self, rows) -> None:
        chosen = {o.organisation_id for o in self.selected()}
        self.organisations.show(rows)
        selection = self.org_view.selectionModel()
        for row, org in enumerate(rows):
            if org.organisation_id in chosen:
                selection.select(self.organisations.index(row, 0),
                                 selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
        covered = sum(1 for o in rows if o.has_in_date)
        due = sum(len(o.needing_training()) for o in rows)
        nobody = sum(1 for o in rows if not o.people)
        self.summary.setText(
            f"<b>{covered} of {len(rows)}</b> organisations have someone in the role in date. "
            f"{due} {'person is' if due == 1 else 'people are'} due soon, overdue or never "
            f"trained" + (f"; {nobody} organisation{'s have' if nobody != 1 else ' has'} "
                          "nobody in the role recorded." if nobody else "."))
        self._show_people()

    def selected(self) -> list:
        rows = sorted({i.row() for i in self.org_view.selectionModel().selectedRows()})
        return [r for r in (self.organisations.record_at(n) for n in rows) if r is not None]

    def _show_people(self, *_args) -> None:
        chosen = self.selected()
        self._buttons()
        if len(chosen) != 1:
            self.people.reset_with(lambda offset, limit: [])
            self.people_title.setText(
                f"{len(chosen)} organisations chosen: letters and emails go to these."
                if chosen else "Choose an organisation to see its people in the role.")
            return
        org = chosen[0]
        people = list(org.people)
        self.people.reset_with(lambda offset, limit: people[offset:offset + limit])
        self.people_title.setText(
            f"<b>{org.name}</b>: " + (org.summary if org.people else
                                      "nobody is recorded as DSL or deputy DSL. Record the "
                                      "role on a delegate's record."))

    def _buttons(self) -> None:
        chosen = self.selected()
        targets = chosen or self.organisations.rows
        enabled = any(o.needing_training() for o in targets)
        for button in (self.letters_button, self.email_button):
            button.setEnabled(enabled)
        what = "the chosen organisations" if chosen else "every organisation"
        self.letters_button.setToolTip(f"A letter for {what} with someone due or overdue")
        self.email_button.setToolTip(f"An email to those due at {what} with someone due")

    def _open_person(self, index) -> None:
        person = self.people.record_at(index.row())
        if person is not None:
            self.ctx.changes.open_delegate.emit(person.delegate_id)

    def _changed(self, kind: str) -> None:
        if concerns(kind, "settings", "organisations"):
            self.load_choices()
        elif concerns(kind, "delegates", "bookings", "sessions") and self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.requirement.count():
            self.refresh()

    # --- telling organisations -------------------------------------------------------------

    def _targets(self) -> list[int] | None:
        chosen = self.selected()
        return [o.organisation_id for o in chosen] if chosen else None

    def choose_letters_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Folder for the letters", str(self.ctx.settings.value(
                "refreshers/folder", str(Path.home()))))
        if folder:
            self.ctx.settings.setValue("refreshers/folder", folder)
            self.write_letters(folder)

    def write_letters(self, folder: str) -> None:
        self.status.setText("Writing the letters…")
        self.ctx.tasks.run(telling.write_letters, self.ctx.db, Path(folder),
                           self.requirement.currentData(), organisation_ids=self._targets(),
                           on_done=lambda paths: self._letters_written(folder, paths),
                           on_error=lambda exc: (self.status.clear(), show_error(self, exc)))

    def _letters_written(self, folder: str, paths) -> None:
        self.status.setText(f"Wrote {len(paths)} letter{'s' if len(paths) != 1 else ''} "
                            f"to {folder}.")
        if paths:
            offer_to_open(self, "The letters were", Path(folder))

    def confirm_emails(self) -> None:
        targets = self.selected() or self.organisations.rows
        count = sum(1 for o in targets if o.needing_training())
        answer = QMessageBox.question(
            self, "Email organisations",
            f"Email {count} organisation{'s' if count != 1 else ''}? Each email goes to the "
            "people there who are due, by the settings in File › Messages.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self.send_emails()

    def send_emails(self) -> None:
        self.status.setText("Sending the emails…")
        self.ctx.tasks.run(telling.email_letters, self.ctx.db, self.requirement.currentData(),
                           organisation_ids=self._targets(), on_done=self._emails_sent,
                           on_error=lambda exc: (self.status.clear(), show_error(self, exc)))

    def _emails_sent(self, outcome) -> None:
        text = f"Sent {len(outcome.done)} email{'s' if len(outcome.done) != 1 else ''}."
        if outcome.failed:
            text += " Not sent: " + " ".join(outcome.failed)
        self.status.setText(text)

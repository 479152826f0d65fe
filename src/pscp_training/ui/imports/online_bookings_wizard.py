"""File › Import › Bookings from another system: Eventbrite, Microsoft Forms, Google Forms.

Choose the file and the session, map the file's columns to ours (the mapping
offered for the file's columns is chosen already), translate the statuses,
see the first rows as they would be stored, confirm the organisations, give
the sector of new ones once each, then import. The rules are the services'.
"""

from datetime import timedelta
from pathlib import Path

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from pscp_training.domain.online_bookings import FIELDS, Arrival, BookingMapping
from pscp_training.domain.years import now_utc
from pscp_training.services.imports import booking_mappings, online_import
from pscp_training.services.people import people
from pscp_training.services.sessions import catalogue
from pscp_training.ui.common.dialog_size import fit_on_screen
from pscp_training.ui.common.error_dialogs import show_error
from pscp_training.ui.common.table_view import keyboard_friendly, make_table
from pscp_training.ui.imports.online_bookings_common import note as _note
from pscp_training.ui.imports.online_bookings_common import scrolling as _scrolling
from pscp_training.ui.imports.online_bookings_common import session_label as _session_label
from pscp_training.ui.imports.online_bookings_steps import DonePage, OrganisationsPage

FILES = "Exports (*.csv *.xlsx *.ods);;CSV files (*.csv);;Excel workbooks (*.xlsx)"
NONE = "(not in the file)"
NEW_MAPPING = "(a new mapping)"
PREVIEWED = ("first_name", "last_name", "email", "organisation", "status", "booked_at")


class FilePage(QWizardPage):
    """The file, the mapping offered for it, and the session it is for."""

    def __init__(self, wizard: "OnlineBookingsWizard"):
        super().__init__()
        self.owner = wizard
        self.setTitle("Bookings from another system")
        self.setSubTitle("An attendee export from Eventbrite, or the responses of a Microsoft "
                         "or Google booking form (.csv, .xlsx or .ods).")
        self.path = QLineEdit()
        self.path.setPlaceholderText("Choose a file…")
        self.path.editingFinished.connect(lambda: self.open_file(self.path.text()))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.about = _note()
        self.mapping = QComboBox()
        self.mapping.setObjectName("mapping")
        self.one_session = QRadioButton("All the bookings are for this session:")
        self.one_session.setChecked(True)
        self.by_column = QRadioButton("A column of the file says which session (mapped next)")
        self.session = QComboBox()
        self.session.setObjectName("session")
        self.one_session.toggled.connect(self.session.setEnabled)
        self.one_session.toggled.connect(self.completeChanged)
        self.forget = QPushButton("&Forget this mapping…")
        self.forget.setToolTip("Delete a mapping the team saved (the ready-made ones stay).")
        self.forget.clicked.connect(self.forget_mapping)
        self.forget.setEnabled(False)
        self.mapping.currentTextChanged.connect(self._mapping_chosen)
        choosing = QHBoxLayout()
        choosing.addWidget(self.mapping, 1)
        choosing.addWidget(self.forget)
        form = QFormLayout()
        form.addRow("File", row)
        form.addRow("", self.about)
        form.addRow("&Mapping", choosing)
        form.labelForField(choosing).setBuddy(self.mapping)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self.one_session)
        layout.addWidget(self.session)
        layout.addWidget(self.by_column)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.owner.ctx.tasks.run(self.owner.load_choices, on_done=self._choices,
                                 on_error=lambda e: show_error(self, e))

    def _choices(self, choices) -> None:
        mappings, sessions = choices
        self.owner.mappings = {m.name: m for m in mappings}
        self.owner.sessions = sessions
        self.mapping.clear()
        self.mapping.addItems([NEW_MAPPING, *self.owner.mappings])
        self.session.clear()
        for record in sessions:
            self.session.addItem(_session_label(record), record.id)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose the export", "", FILES)
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> None:
        """Read the file's header; the mapping saved for (or made for) its columns is chosen."""
        self.path.setText(path)
        if not path:
            return
        self.owner.ctx.tasks.run(self.owner.read_and_offer, path, on_done=self._read,
                                 on_error=self._unreadable)

    def _read(self, result) -> None:
        table, offered = result
        self.owner.table = table
        self.about.setText(f"{len(table.rows)} rows; columns: {', '.join(table.header)}")
        if offered is not None:
            self.mapping.setCurrentText(offered.name)
            self.about.setText(self.about.text() + f"\nThe mapping '{offered.name}' fits it.")
        self.completeChanged.emit()

    def _unreadable(self, exc) -> None:
        self.owner.table = None
        self.about.setText("")
        show_error(self, exc)
        self.completeChanged.emit()

    def session_id(self) -> int | None:
        return self.session.currentData() if self.one_session.isChecked() else None

    def _mapping_chosen(self, name: str) -> None:
        chosen = self.owner.mappings.get(name)
        self.forget.setEnabled(chosen is not None and not chosen.ready_made)

    def forget_mapping(self) -> None:
        name = self.mapping.currentText()
        answer = QMessageBox.question(
            self, "Forget the mapping",
            f"Delete the saved mapping '{name}' for the whole team? Files already imported "
            "with it keep their bookings.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.owner.ctx.tasks.run(booking_mappings.delete_mapping, self.owner.ctx.db, name,
                                 on_done=lambda _none: self._forgotten(name),
                                 on_error=lambda e: show_error(self, e))

    def _forgotten(self, name: str) -> None:
        self.owner.mappings.pop(name, None)
        self.mapping.removeItem(self.mapping.findText(name))
        self.about.setText(f"The mapping '{name}' was deleted.")

    def chosen_mapping(self) -> BookingMapping:
        return self.owner.mappings.get(self.mapping.currentText()) or BookingMapping(NEW_MAPPING, {})

    def isComplete(self) -> bool:
        return self.owner.table is not None and (
            self.by_column.isChecked() or self.session.currentData() is not None)


class MappingPage(QWizardPage):
    """Our fields, each with a drop-down of the file's columns; status translations; preview."""

    def __init__(self, wizard: "OnlineBookingsWizard"):
        super().__init__()
        self.owner = wizard
        self.setTitle("Which column is which")
        self.setSubTitle("Choose the file's column for each of our fields. The preview shows the "
                         "first rows as they would be stored.")
        self.fields: dict[str, QComboBox] = {}
        form = QFormLayout()
        for name, label in FIELDS.items():
            box = QComboBox()
            box.setObjectName(f"field_{name}")
            # A long column title ("Eventbrite Payment Processing") does not widen the form.
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(14)
            if name == "full_name":
                box.setToolTip("For a file whose one name column holds first and last names "
                               "together: they are split at the last space.")
            box.currentIndexChanged.connect(self.refresh)
            self.fields[name] = box
            form.addRow(label, box)
        self.translations = QTableWidget(0, 2)
        self.translations.setHorizontalHeaderLabels(["Value in the file", "Means"])
        self.translations.horizontalHeader().setStretchLastSection(True)
        self.translations.verticalHeader().hide()
        keyboard_friendly(self.translations)
        self.preview_model = QStandardItemModel(0, len(PREVIEWED) + 1)
        self.preview_model.setHorizontalHeaderLabels(
            ["Line", *(FIELDS[n].split(" (")[0] for n in PREVIEWED)])
        self.line_problems = _note()
        self.line_problems.setObjectName("lineProblems")
        self.preview = make_table(self.preview_model)
        self.general = _note()
        self.save_name = QLineEdit()
        self.save_name.setPlaceholderText("e.g. Our MS Forms booking form")
        self.save_button = QPushButton("Save mapping")
        self.save_button.clicked.connect(self.save_mapping)
        saving = QHBoxLayout()
        saving.addWidget(QLabel("Save as"))
        saving.addWidget(self.save_name, 1)
        saving.addWidget(self.save_button)
        self.translations.setMinimumHeight(self.translations.verticalHeader()
                                           .defaultSectionSize() * 3)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(_scrolling(form), 3)
        left_layout.addWidget(QLabel("Translations"))
        left_layout.addWidget(self.translations, 2)
        right = QVBoxLayout()
        right.addWidget(QLabel("Preview"))
        right.addWidget(self.preview, 1)
        right.addWidget(self.line_problems)
        right.addWidget(self.general)
        right.addLayout(saving)
        layout = QHBoxLayout(self)
        layout.addWidget(left, 2)
        layout.addLayout(right, 3)
        self._filling = False

    def initializePage(self) -> None:
        table = self.owner.table
        mapping = self.owner.file_page.chosen_mapping()
        found = online_import.found_columns(table.header, mapping)
        self._filling = True
        for name, box in self.fields.items():
            box.clear()
            box.addItems([NONE, *table.header])
            if name in found:
                box.setCurrentIndex(found[name] + 1)
        self._filling = False
        self._values = mapping.values
        if not mapping.ready_made and mapping.name != NEW_MAPPING:
            self.save_name.setText(mapping.name)
        self.refresh()

    def _fill_translations(self) -> None:
        table = self.owner.table
        current = self.translations_now() if self.translations.rowCount() else {}
        known = {**self._values, **current}
        rows: list[tuple[str, str, str]] = []
        for name in ("status", "session"):
            title = self.fields[name].currentText()
            if title == NONE:
                continue
            for value in online_import.values_of(table, title):
                rows.append((name, value, known.get(name, {}).get(value.casefold(), "")))
        self.translations.setRowCount(len(rows))
        for index, (name, value, chosen) in enumerate(rows):
            item = QLabel(value)
            item.setProperty("field", name)
            self.translations.setCellWidget(index, 0, item)
            means = QComboBox()
            means.setObjectName(f"means_{index}")
            if name == "status":
                means.addItem("(choose)", "")
                for arrival in Arrival:
                    means.addItem(arrival.value, arrival.value)
            else:
                means.addItem("(choose the session)", "")
                for record in self.owner.sessions:
                    means.addItem(_session_label(record), str(record.id))
            at = means.findData(chosen)
            means.setCurrentIndex(max(at, 0))
            means.currentIndexChanged.connect(lambda _i: self._preview())
            self.translations.setCellWidget(index, 1, means)

    def translations_now(self) -> dict[str, dict[str, str]]:
        values: dict[str, dict[str, str]] = {}
        for index in range(self.translations.rowCount()):
            label = self.translations.cellWidget(index, 0)
            means = self.translations.cellWidget(index, 1)
            if label is None or means is None or not means.currentData():
                continue
            values.setdefault(label.property("field"), {})[label.text().casefold()] = means.currentData()
        return values

    def mapping(self, name: str | None = None) -> BookingMapping:
        columns = {n: (box.currentText(),) for n, box in self.fields.items()
                   if box.currentText() not in ("", NONE)}
        return BookingMapping(name or NEW_MAPPING, columns, self.translations_now(),
                              header=tuple(self.owner.table.header))

    def refresh(self) -> None:
        if self._filling:
            return
        self._fill_translations()
        self._preview()

    def _preview(self) -> None:
        shown, general = online_import.preview(
            self.owner.table, self.mapping(), session_id=self.owner.file_page.session_id())
        self.preview_model.setRowCount(0)
        problems = []
        for line, values, messages in shown:
            cells = [str(line), *(values.get(n, "") for n in PREVIEWED)]
            self.preview_model.appendRow([QStandardItem(text) for text in cells])
            problems.extend(f"Line {line}: {message}" for message in messages)
        self.preview.resizeColumnsToContents()
        self.line_problems.setText("\n".join(problems))
        self.general.setText(" ".join(general))
        self.completeChanged.emit()

    def save_mapping(self) -> None:
        name = self.save_name.text().strip()
        self.owner.ctx.tasks.run(booking_mappings.save_mapping, self.owner.ctx.db,
                                 self.mapping(name), on_done=self._saved,
                                 on_error=lambda e: show_error(self, e))

    def _saved(self, mapping) -> None:
        self.owner.mappings[mapping.name] = mapping
        self.general.setText(f"The mapping '{mapping.name}' was saved for the whole team.")

    def isComplete(self) -> bool:
        return not self.general.text() or self.general.text().startswith("The mapping '")


class OnlineBookingsWizard(QWizard):
    """The four steps; every service call runs through the task runner."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Bookings from another system")
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        fit_on_screen(self, 1100, 700, parent)
        self.table = None
        self.summary = None
        self.mappings: dict[str, BookingMapping] = {}
        self.sessions: list = []
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.organisations_page = OrganisationsPage(self)
        self.done_page = DonePage(self)
        for page in (self.file_page, self.mapping_page, self.organisations_page, self.done_page):
            self.addPage(page)

    @property
    def path(self) -> str:
        return self.file_page.path.text()

    def load_choices(self):
        since = now_utc() - timedelta(days=120)
        sessions = catalogue.list_sessions(
            self.ctx.db, catalogue.SessionFilter(starts_from=since), limit=500)
        return booking_mappings.list_mappings(self.ctx.db), sessions

    def read_and_offer(self, path: str):
        table = online_import.read_export(Path(path))
        return table, booking_mappings.offered_mapping(self.ctx.db, table.header)

    def check_file(self):
        check = online_import.check_arrivals(
            self.ctx.db, self.path, self.mapping_page.mapping(),
            session_id=self.file_page.session_id())
        return check, [s.name for s in people.list_sectors(self.ctx.db)]


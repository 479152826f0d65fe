"""The import wizard: choose a register file, check it, import it, see the summary."""

from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from pscp_training.domain.errors import Cancelled, PscpError, ValidationFailed
from pscp_training.domain.import_records import KINDS
from pscp_training.services.imports import register_import
from pscp_training.ui.common.dialog_size import fit_on_screen
from pscp_training.ui.common.error_dialogs import show_error
from pscp_training.ui.common.problem_table_model import ProblemTableModel
from pscp_training.ui.common.table_view import keyboard_friendly

REGISTER = "register"
ORGANISATIONS = "organisations"
IMPORTERS = {
    REGISTER: register_import.import_register,
    ORGANISATIONS: register_import.import_organisations,
}
FILES = ("Registers (*.csv *.xlsx *.ods);;CSV files (*.csv);;Excel workbooks (*.xlsx);;"
         "OpenDocument spreadsheets (*.ods)")


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ChooseFilePage(QWizardPage):
    """Which kind of file, and where it is."""

    def __init__(self, wizard: "ImportWizard"):
        super().__init__()
        self.setTitle("Choose the file to import")
        self.setSubTitle("A .csv or .xlsx file; it is checked in full before anything is written.")
        self.setButtonText(QWizard.WizardButton.NextButton, "Check")
        self.owner = wizard
        self.register = QRadioButton("A booking register: courses, sessions, bookings, "
                                     "attendance and headcounts")
        self.organisations = QRadioButton("The organisation register: name, sector and type "
                                          "(used for engagement figures)")
        self.register.setChecked(True)
        self.path = QLineEdit()
        self.path.setPlaceholderText("Choose a file…")
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.register)
        layout.addWidget(self.organisations)
        layout.addSpacing(12)
        layout.addWidget(QLabel("File"))
        layout.addLayout(row)
        layout.addStretch(1)

    @property
    def kind(self) -> str:
        return REGISTER if self.register.isChecked() else ORGANISATIONS

    def browse(self) -> None:
        folder = str(self.owner.ctx.settings.value("import/folder", str(Path.home())))
        path, _filter = QFileDialog.getOpenFileName(self, "Choose the file to import", folder,
                                                    FILES)
        if path:
            self.owner.ctx.settings.setValue("import/folder", str(Path(path).parent))
            self.path.setText(path)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())


ROWS_FITTED = 300  # problems whose rows are made tall enough for the whole sentence


def summary_table(summary) -> str:
    """What an import added and updated, as a small table (the warnings are listed apart)."""
    head = "padding: 3px 12px 3px 0; font-weight: 600; border-bottom: 1px solid palette(mid);"
    cell = "padding: 2px 12px 2px 0;"
    rows = [f'<tr><th align="left" style="{head}">What</th>'
            f'<th align="right" style="{head}">Added</th>'
            f'<th align="right" style="{head}">Updated</th></tr>']
    for kind in KINDS:
        added, updated = summary.added.get(kind, 0), summary.updated.get(kind, 0)
        rows.append(f'<tr><td style="{cell}">{kind.capitalize()}</td>'
                    f'<td align="right" style="{cell}">{added:,}</td>'
                    f'<td align="right" style="{cell}">{updated:,}</td></tr>')
    table = '<table cellspacing="0">' + "".join(rows) + "</table>"
    if summary.merged_duplicates:
        n = summary.merged_duplicates
        table += (f"<p>{n:,} duplicate row{' was' if n == 1 else 's were'} merged with an "
                  "identical earlier row.</p>")
    return table


def _warnings_list() -> tuple[QLabel, QListWidget]:
    label = QLabel("Warnings")
    label.setStyleSheet("font-weight: 600;")
    warnings = QListWidget()
    warnings.setObjectName("warnings")
    warnings.setWordWrap(True)  # a long warning wraps; it never widens the wizard
    warnings.setMaximumHeight(140)
    warnings.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return label, warnings


def _fill_warnings(label: QLabel, widget: QListWidget, warnings) -> None:
    widget.clear()
    widget.addItems(list(dict.fromkeys(warnings)))  # each warning once
    widget.setVisible(bool(warnings))
    label.setVisible(bool(warnings))


class _Moved(QObject):
    """Carries a check's progress from the worker thread to the page's bar (queued)."""

    moved = Signal(int, int, int)  # the check's number, done, total


class CheckPage(QWizardPage):
    """The dry run: every problem with its line, column and value, and the warnings."""

    def __init__(self, wizard: "ImportWizard"):
        super().__init__()
        self.owner = wizard
        self.setTitle("Checking the file")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Import")
        self.passed = False
        self.headline = _note()
        self.headline.setObjectName("checkHeadline")
        self.headline.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # A large file takes seconds to check: a bar shows it is getting on.
        self.progress = QProgressBar()
        self.progress.setObjectName("checkProgress")
        self.progress.hide()
        self._checks = 0
        self._moved = _Moved(self)
        self._moved.moved.connect(self._progressed)
        self.problems = ProblemTableModel(self)
        self.problem_view = QTableView()
        keyboard_friendly(self.problem_view)
        self.problem_view.setModel(self.problems)
        self.problem_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problem_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problem_view.setAlternatingRowColors(True)
        # Whole sentences wrap (the date format example was cut off); a long list keeps
        # one line per row, since fitting thousands of rows would hold the screen up.
        self.problem_view.setWordWrap(True)
        self.problem_view.verticalHeader().hide()
        rows = self.problem_view.verticalHeader()
        rows.setMinimumSectionSize(rows.defaultSectionSize())  # fitted rows never shrink
        header = self.problem_view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in enumerate((55, 150, 170)):
            header.resizeSection(column, width)
        self.warnings_label, self.warnings = _warnings_list()
        self.check_again = QPushButton("Check again")
        self.check_again.setToolTip("After correcting the file and saving it, check it again.")
        self.check_again.clicked.connect(self.check)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.check_again)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.progress)
        layout.addWidget(self.problem_view, 1)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.warnings)
        layout.addLayout(row)

    def initializePage(self) -> None:
        self.check()

    def _fit_rows(self) -> None:
        """Rows follow their sentence's height (as the columns' widths change) when few."""
        few = self.problems.rowCount() <= ROWS_FITTED
        self.problem_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents if few else QHeaderView.ResizeMode.Interactive)

    def check(self) -> None:
        self.passed = False
        self.completeChanged.emit()
        self.setSubTitle(Path(self.owner.path).name)
        self.headline.setText("Checking…")
        self.problems.set_problems([])
        self._show_warnings([])
        self._checks += 1
        number = self._checks
        self.progress.setRange(0, 0)  # busy until the check says how far it has to go
        self.progress.show()
        self.problem_view.hide()  # an empty table under the bar, until there are problems

        def progress(done: int, total: int) -> bool:
            self._moved.moved.emit(number, done, total)  # from the worker thread
            return True

        self.owner.ctx.tasks.run(
            IMPORTERS[self.owner.kind], self.owner.ctx.db, self.owner.path, dry_run=True,
            on_done=self._checked, on_error=self._rejected, progress=progress,
        )

    def _progressed(self, number: int, done: int, total: int) -> None:
        if number == self._checks:  # not a check that "Check again" has replaced
            self.progress.setRange(0, max(total, 0))
            self.progress.setValue(min(done, total) if total > 0 else 0)

    def _headline_fills_page(self, fills: bool) -> None:
        """Without a problem table the headline takes the room, so it stays at the top."""
        self.layout().setStretchFactor(self.headline, 1 if fills else 0)

    def _checked(self, summary) -> None:
        self.passed = True
        self.progress.hide()
        self.problem_view.hide()
        self._headline_fills_page(True)
        verdict = ("The file has no problems. Importing it would change:"
                   if summary.changed else
                   "The file has no problems, and everything in it is already in the database: "
                   "importing it would change nothing.")
        self.headline.setText(f"<b>{verdict}</b>{summary_table(summary)}" if summary.changed
                              else f"<b>{verdict}</b>")
        self._show_warnings(summary.warnings)
        self.completeChanged.emit()

    def _rejected(self, exc: BaseException) -> None:
        self.progress.hide()
        self._headline_fills_page(True)
        whole_file = isinstance(exc, ValidationFailed) and all(
            p.line is None and p.column is None for p in exc.problems)
        if whole_file:
            # The file as a whole cannot be read (missing, empty, not a spreadsheet): no table.
            reasons = " ".join(p.message for p in exc.problems)
            self.headline.setText(f"<b>{exc.summary}</b><br>{reasons}<br>Choose <i>Back</i> "
                                  "to pick another file, or Cancel.")
            self.problem_view.hide()
            self._show_warnings(exc.warnings)
        elif isinstance(exc, ValidationFailed):
            self.headline.setText(
                f"<b>{exc.summary}</b><br>Correct these in the file, "
                "save it, then choose <i>Check again</i>; or Cancel.")
            self.problems.set_problems(exc.problems)
            self.problem_view.setVisible(bool(exc.problems))
            self._fit_rows()
            self._headline_fills_page(not exc.problems)
            self._show_warnings(exc.warnings)
        elif isinstance(exc, PscpError):
            self.headline.setText(f"<b>{exc}</b>")
            self.problem_view.hide()
        else:
            self.headline.setText("The file could not be checked.")
            show_error(self, exc)

    def _show_warnings(self, warnings) -> None:
        _fill_warnings(self.warnings_label, self.warnings, warnings)

    def isComplete(self) -> bool:
        return self.passed


class ImportPage(QWizardPage):
    """The import itself, with a progress bar that can be cancelled, then the summary."""

    def __init__(self, wizard: "ImportWizard"):
        super().__init__()
        self.owner = wizard
        self.setTitle("Importing")
        self.summary = _note()
        self.summary.setObjectName("importSummary")
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.warnings_label, self.warnings = _warnings_list()
        self.done = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.warnings)
        layout.addStretch(1)
        _fill_warnings(self.warnings_label, self.warnings, [])

    def initializePage(self) -> None:
        self.done = False
        self.setSubTitle(Path(self.owner.path).name)
        self.summary.setText("Importing…")
        self.progress.setRange(0, 0)  # busy until the import says how far it has to go
        self.progress.show()
        _fill_warnings(self.warnings_label, self.warnings, [])
        self.owner.ctx.tasks.run_with_progress(
            self.owner, "Importing the file…", IMPORTERS[self.owner.kind], self.owner.ctx.db,
            self.owner.path, on_done=self._imported, on_error=self._failed,
            on_progress=self._progressed,
        )

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(min(done, total) if total > 0 else 0)

    def _imported(self, summary) -> None:
        self.done = True
        self.setTitle("Imported")
        if self.progress.maximum() == 0:  # the import never said how far it had to go
            self.progress.setRange(0, 1)
        self.progress.setValue(self.progress.maximum())  # done: the bar stays, full
        # The file's name, not its whole path: a long path cannot wrap and would widen the page.
        headline = summary.lines()[0].replace(summary.source, Path(summary.source).name)
        self.summary.setText(f"<b>{escape(headline)}</b>{summary_table(summary)}")
        _fill_warnings(self.warnings_label, self.warnings, summary.warnings)
        self.owner.imported = summary
        self.owner.ctx.changes.changed.emit("all")
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.done = True
        self.progress.hide()
        self.setTitle("Not imported")
        if isinstance(exc, Cancelled):
            self.summary.setText(f"<b>{exc}</b> Start the import again when you are ready.")
        elif isinstance(exc, ValidationFailed):
            # The database changed between the check and the import; nothing was written.
            self.summary.setText(f"<b>{exc.summary}</b><br>" + "<br>".join(
                str(p) for p in exc.problems[:20]))
        elif isinstance(exc, PscpError):
            self.summary.setText(f"<b>{exc}</b>")
        else:
            self.summary.setText("The import failed and nothing was written.")
            show_error(self, exc)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.done


class ImportWizard(QWizard):
    """File > Import: choose, check (and check again), import with progress, summary."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.imported = None
        self.setWindowTitle("Import")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        fit_on_screen(self, 860, 600, parent)
        self.choose_page = ChooseFilePage(self)
        self.check_page = CheckPage(self)
        self.import_page = ImportPage(self)
        for page in (self.choose_page, self.check_page, self.import_page):
            self.addPage(page)

    @property
    def kind(self) -> str:
        return self.choose_page.kind

    @property
    def path(self) -> str:
        return self.choose_page.path.text().strip()

    def choose_file(self, path: str, kind: str = REGISTER) -> None:
        """Fill in the first page (as Browse… does)."""
        (self.choose_page.register if kind == REGISTER else self.choose_page.organisations
         ).setChecked(True)
        self.choose_page.path.setText(str(path))

    def refresh(self) -> None:
        if self.currentPage() is self.check_page:
            self.check_page.check()

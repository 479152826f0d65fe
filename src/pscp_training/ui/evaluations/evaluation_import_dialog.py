"""Import evaluations from an online-form export: choose the file (and a mapping), check, import."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from pscp_training.domain.errors import Cancelled, Problem, ValidationFailed
from pscp_training.domain.evaluation_records import EvaluationImportResult
from pscp_training.domain.wording import plural
from pscp_training.register.evaluation_import import read_mapping
from pscp_training.services.evaluations.evaluation_import import import_evaluations
from pscp_training.ui.common.error_dialogs import show_error
from pscp_training.ui.common.problem_table_model import ProblemTableModel
from pscp_training.ui.common.table_view import keyboard_friendly

FILES = "Form exports (*.csv *.xlsx);;CSV files (*.csv);;Excel workbooks (*.xlsx)"


def run_import(db, path: str, mapping_path: str, *, dry_run: bool, skip_unmatched: bool,
               progress=None) -> EvaluationImportResult:
    """Read the mapping (if any) and import or check the file (runs off the UI thread)."""
    mapping = read_mapping(mapping_path) if mapping_path else None
    return import_evaluations(db, path, mapping=mapping, dry_run=dry_run,
                              skip_unmatched=skip_unmatched, progress=progress)


def verdict(result: EvaluationImportResult) -> str:
    """What an import did, or on a check would do, in sentences."""
    if result.dry_run:
        text = (f"The file has {plural(result.responses, 'response')}: "
                f"{plural(result.created, 'new evaluation')} would be saved, "
                f"{result.unchanged:,} {'is' if result.unchanged == 1 else 'are'} already in.")
    else:
        text = (f"Imported: {plural(result.created, 'new evaluation')} saved, "
                f"{result.unchanged:,} {'was' if result.unchanged == 1 else 'were'} already in.")
    if result.unmatched:
        text += f" {plural(len(result.unmatched), 'response')} set aside (listed below)."
    if result.kept:
        had = "delegate already had" if len(result.kept) == 1 else "delegates already had"
        text += (f" {len(result.kept):,} {had} different answers, which were "
                 "kept (listed below).")
    return text


class EvaluationImportDialog(QDialog):
    """Check a file in full, then import all of it (or, if asked, all that matches)."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Import evaluations")
        self.resize(820, 520)
        self.path = QLineEdit()
        self.path.setPlaceholderText("The .csv or .xlsx export of your evaluation form…")
        self.mapping = QLineEdit()
        self.mapping.setPlaceholderText("Optional: a column mapping, if your form names "
                                        "columns differently (Help › Guide explains it)")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse_file)
        browse_mapping = QPushButton("Browse…")
        browse_mapping.clicked.connect(self.browse_mapping)
        self.skip = QCheckBox("Set aside responses that match no attended booking, and list them")
        grid = QGridLayout()
        grid.addWidget(QLabel("File:"), 0, 0)
        grid.addWidget(self.path, 0, 1)
        grid.addWidget(browse, 0, 2)
        grid.addWidget(QLabel("Mapping:"), 1, 0)
        grid.addWidget(self.mapping, 1, 1)
        grid.addWidget(browse_mapping, 1, 2)
        self.verdict = QLabel("Choose the file, then Check: nothing is saved until you Import.")
        self.verdict.setObjectName("import_verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = ProblemTableModel(self)
        self.problem_view = QTableView()
        keyboard_friendly(self.problem_view)
        self.problem_view.setModel(self.problems)
        self.problem_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problem_view.verticalHeader().hide()
        self.problem_view.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        self.check_button = QPushButton("Check")
        self.import_button = QPushButton("Import")
        self.import_button.setEnabled(False)
        close = QPushButton("Close")
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.run)
        close.clicked.connect(self.accept)
        self.path.textChanged.connect(lambda: self.import_button.setEnabled(False))
        self.mapping.textChanged.connect(lambda: self.import_button.setEnabled(False))
        self.skip.toggled.connect(lambda: self.import_button.setEnabled(False))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.check_button, self.import_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.skip)
        layout.addWidget(self.verdict)
        layout.addWidget(self.problem_view, 1)
        layout.addLayout(buttons)

    def browse_file(self) -> None:
        folder = str(self.ctx.settings.value("evaluations/import_folder", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self, "Choose the form export", folder, FILES)
        if path:
            self.ctx.settings.setValue("evaluations/import_folder", str(Path(path).parent))
            self.path.setText(path)

    def browse_mapping(self) -> None:
        folder = str(self.ctx.settings.value("evaluations/import_folder", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self, "Choose the column mapping", folder,
                                              "Text files (*.txt);;All files (*)")
        if path:
            self.mapping.setText(path)

    def _arguments(self) -> tuple[str, str] | None:
        path = self.path.text().strip()
        if not path:
            self.verdict.setText("Choose the file to import first.")
            return None
        return path, self.mapping.text().strip()

    def check(self) -> None:
        arguments = self._arguments()
        if arguments is None:
            return
        self.ctx.tasks.run(run_import, self.ctx.db, *arguments, dry_run=True,
                           skip_unmatched=self.skip.isChecked(),
                           on_done=self._checked, on_error=self._failed)

    def run(self) -> None:
        arguments = self._arguments()
        if arguments is None:
            return
        self.import_button.setEnabled(False)
        self.ctx.tasks.run_with_progress(
            self, "Importing evaluations", run_import, self.ctx.db, *arguments, dry_run=False,
            skip_unmatched=self.skip.isChecked(), on_done=self._imported, on_error=self._failed)

    def _listed(self, result: EvaluationImportResult) -> None:
        self.problems.set_problems([
            Problem(r.line, None, r.email, r.reason) for r in (*result.unmatched, *result.kept)
        ])

    def _checked(self, result: EvaluationImportResult) -> None:
        self.verdict.setText(verdict(result))
        self._listed(result)
        self.import_button.setEnabled(result.created > 0)

    def _imported(self, result: EvaluationImportResult) -> None:
        self.verdict.setText(verdict(result))
        self._listed(result)
        self.ctx.changes.changed.emit("evaluations")

    def _failed(self, error: BaseException) -> None:
        self.import_button.setEnabled(False)
        if isinstance(error, ValidationFailed):
            self.verdict.setText(error.summary + "".join(f"\nWarning: {w}" for w in error.warnings))
            self.problems.set_problems(error.problems)
        elif isinstance(error, Cancelled):
            self.verdict.setText(str(error))
        else:
            show_error(self, error)

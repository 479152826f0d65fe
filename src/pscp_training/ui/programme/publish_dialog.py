"""File › Publish programme…: choose a period, a format and a file; the programme is written."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from pscp_training.domain.errors import InputError
from pscp_training.domain.programme import (
    SUFFIXES,
    ProgrammePeriod,
    financial_year_period,
    long_day,
    term_periods,
)
from pscp_training.domain.years import FinancialYear, now_utc, to_local
from pscp_training.ui.common.error_dialogs import show_error
from pscp_training.ui.sessions.printing import offer_to_open

FORMATS = (
    ("pdf", "Brochure to print or send (PDF)", "PDF (*.pdf)"),
    ("html", "Web page for the partnership's website (HTML)", "Web page (*.html)"),
    ("ics", "Calendar feed people subscribe to (.ics)", "Calendar (*.ics)"),
)
CHOSEN_DATES = "Dates I choose"


def presets(today: date) -> list[ProgrammePeriod]:
    """This and next financial year, then the terms from the current one on."""
    year = FinancialYear.of(today)
    periods = [financial_year_period(year), financial_year_period(FinancialYear(year.start_year + 1))]
    terms = term_periods(year) + term_periods(FinancialYear(year.start_year + 1))
    periods += [t for t in terms if t.last_day >= today][:4]
    return periods


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class PublishProgrammeDialog(QDialog):
    """Publishes through services/programme/publish.publish_programme, off the UI thread."""

    def __init__(self, ctx, parent=None, *, today: date | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.published: Path | None = None
        self.setWindowTitle("Publish the training programme")
        self.setMinimumWidth(560)
        today = today or to_local(now_utc()).date()
        self._presets = presets(today)
        form = QFormLayout(self)
        intro = QLabel(
            "The period's scheduled multi-agency sessions, course by course and theme by "
            "theme, with places left; single-agency courses appear once, as on request."
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.period = QComboBox()
        for period in self._presets:
            self.period.addItem(period.name, period)
        self.period.addItem(CHOSEN_DATES, None)
        self.period.setAccessibleName("Period")
        form.addRow("&Period", self.period)
        self.first = QDateEdit(calendarPopup=True)
        self.last = QDateEdit(calendarPopup=True)
        for edit in (self.first, self.last):
            edit.setDisplayFormat("ddd d MMM yyyy")
        dates = QHBoxLayout()
        dates.addWidget(self.first)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.last)
        dates.addStretch(1)
        holder = QWidget()
        holder.setLayout(dates)
        dates.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Dates", holder)
        self.span = QLabel()
        self.span.setWordWrap(True)
        form.addRow("", self.span)
        self.format = QComboBox()
        for key, label, _filter in FORMATS:
            self.format.addItem(label, key)
        form.addRow("F&ormat", self.format)
        self.file = QLineEdit()
        self.file.setAccessibleName("File")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        file_holder = QWidget()
        file_holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        form.addRow("F&ile", file_holder)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.publish_button = self.buttons.addButton(
            "&Publish", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.publish_button.setDefault(True)
        self.buttons.accepted.connect(self.publish)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._folder = Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            or Path.home()
        )
        self._typed = False
        self.file.textEdited.connect(lambda _text: setattr(self, "_typed", True))
        self.period.currentIndexChanged.connect(self._preset_chosen)
        self.first.dateChanged.connect(self._dates_edited)
        self.last.dateChanged.connect(self._dates_edited)
        self.format.currentIndexChanged.connect(self._suggest_file)
        self._preset_chosen()

    # --- the period ------------------------------------------------------------------------

    def _preset_chosen(self) -> None:
        period = self.period.currentData()
        if period is not None:
            for edit, day in ((self.first, period.first_day), (self.last, period.last_day)):
                edit.blockSignals(True)
                edit.setDate(_qdate(day))
                edit.blockSignals(False)
        self._show_span()

    def _dates_edited(self) -> None:
        chosen = self.chosen_period(quiet=True)
        index = next(
            (i for i, p in enumerate(self._presets)
             if chosen is not None and (p.first_day, p.last_day) == (chosen.first_day,
                                                                     chosen.last_day)),
            self.period.count() - 1,
        )
        self.period.blockSignals(True)
        self.period.setCurrentIndex(index)
        self.period.blockSignals(False)
        self._show_span()

    def chosen_period(self, *, quiet: bool = False) -> ProgrammePeriod | None:
        preset = self.period.currentData()
        first, last = _day(self.first), _day(self.last)
        name = preset.name if preset is not None else ""
        try:
            return ProgrammePeriod(first, last, name)
        except InputError:
            if quiet:
                return None
            raise

    def _show_span(self) -> None:
        period = self.chosen_period(quiet=True)
        if period is None:
            self.span.setText("The last day is before the first: change one of them.")
        else:
            self.span.setText(
                f"{long_day(period.first_day)} to {long_day(period.last_day)}, both included."
            )
        self.publish_button.setEnabled(period is not None)
        self._suggest_file()

    # --- the file --------------------------------------------------------------------------

    def _suffix(self) -> str:
        return SUFFIXES[self.format.currentData()]

    def _suggest_file(self) -> None:
        """Follow the period and format until the person types a file of their own."""
        period = self.chosen_period(quiet=True)
        current = self.file.text().strip()
        if self._typed and current:
            if Path(current).suffix.lower() in SUFFIXES.values():
                self.file.setText(str(Path(current).with_suffix(self._suffix())))
            return
        if period is None:
            return
        name = period.name or f"{period.first_day:%Y-%m-%d} to {period.last_day:%Y-%m-%d}"
        self.file.setText(str(self._folder / f"Training programme {name}{self._suffix()}"))

    def browse(self) -> None:
        _key, _label, file_filter = FORMATS[self.format.currentIndex()]
        path, _ = QFileDialog.getSaveFileName(self, "Publish the programme as", self.file.text(),
                                              file_filter)
        if path:
            if not path.lower().endswith(self._suffix()):
                path += self._suffix()
            self.file.setText(path)
            self._typed = True

    # --- publishing ------------------------------------------------------------------------

    def publish(self) -> None:
        try:
            period = self.chosen_period()
            text = self.file.text().strip()
            if not text:
                raise InputError("Say which file to write the programme to.")
            path = Path(text)
            if not path.parent.exists():
                raise InputError(
                    f"The folder {path.parent} does not exist, so {path.name} cannot be written."
                )
        except InputError as error:
            show_error(self, error)
            return
        fmt = self.format.currentData()
        from pscp_training.services.programme import publish  # loads ReportLab: not at start

        self.ctx.tasks.run_with_progress(
            self, "Publishing the programme…", publish.publish_programme, self.ctx.db, period,
            fmt, path, on_done=lambda programme: self._published(programme, path),
        )

    def _published(self, programme, path: Path) -> None:
        self.published = path
        count = programme.session_count
        what = (f"The programme for {programme.period.name or 'the period'} "
                f"({count} session{'' if count == 1 else 's'})")
        self.accept()
        offer_to_open(self.parentWidget() or self, what, path)

"""Evaluation summaries on screen: a readable panel, and the Reports screen's course/year section."""

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pscp_training.domain.evaluation_records import EvaluationSummary, one_decimal, percent
from pscp_training.domain.years import FinancialYear, now_utc, to_local
from pscp_training.services.evaluations import evaluation_summaries
from pscp_training.services.sessions import catalogue
from pscp_training.services.settings.team_settings import PARTNERSHIP_NAME, get_setting
from pscp_training.ui.common.context import concerns
from pscp_training.ui.common.folders import documents, existing_folder

_CELL = "padding: 3px 8px; border-bottom: 1px solid #B7C4D1;"
_HEAD = "padding: 3px 8px; background: #1F3A5F; color: white; font-weight: bold;"


def _row(cells: list[str], head: bool = False, first_left: bool = True) -> str:
    style = _HEAD if head else _CELL
    out = []
    for i, cell in enumerate(cells):
        align = "left" if i == 0 and first_left else "right"
        out.append(f'<td style="{style}" align="{align}">{cell}</td>')
    return "<tr>" + "".join(out) + "</tr>"


def _table(rows: list[str]) -> str:
    return '<table cellspacing="0" style="margin: 4px 0 10px 0;">' + "".join(rows) + "</table>"


def summary_html(summary: EvaluationSummary) -> str:
    """The summary as HTML for a QTextBrowser; comments are only those consented to be quoted."""
    gain = summary.confidence
    overall = summary.rating("overall_rating")
    objectives = summary.rating("objectives_met")
    change = (
        "–" if gain.mean_gain is None
        else f"{one_decimal(gain.mean_before)} → {one_decimal(gain.mean_after)} "
        f"({gain.mean_gain:+.1f})"
    )
    parts = [f"<h3>{escape(summary.title)}</h3>"]
    if summary.attendances == 0:
        parts.append("<p>Nobody is marked as attended yet, so there is nothing to summarise.</p>")
        return "".join(parts)
    figures = [
        ("Delegates who attended", str(summary.attendances)),
        ("Evaluations received",
         f"{summary.evaluations} ({percent(summary.response_rate)} response rate)"),
        ("Overall rating (out of 5)", one_decimal(overall.mean)),
        ("Learning objectives met (out of 5)", one_decimal(objectives.mean)),
        ("Confidence out of 10: before → after (gain)", change),
        ("More / as / less confident", f"{gain.improved} / {gain.same} / {gain.worse}"),
    ]
    if summary.scope != "session":
        figures.insert(0, ("Sessions", str(summary.sessions)))
    parts.append(_table([_row([escape(a), escape(b)]) for a, b in figures]))
    parts.append("<h4>How delegates scored</h4>")
    # The 1-5 questions fit a row each; the 0-10 confidence scores (eleven columns would
    # squeeze the question to a letter a line) are the bars below, a score a row.
    rows = [_row(["Question", *[str(s) for s in range(1, 6)], "Mean"], head=True)]
    for r in summary.ratings[:2]:
        counts = dict(r.distribution)
        rows.append(_row([escape(r.label), *[str(counts[s]) for s in range(1, 6)],
                          one_decimal(r.mean)]))
    parts.append(_table(rows))
    parts.append(confidence_bars(summary))
    if summary.breakdown:
        first = "Session" if summary.scope == "course" else "Course"
        rows = [_row([first, "Attended", "Evaluations", "Response", "Overall", "Gain"], head=True)]
        for b in summary.breakdown:
            rows.append(_row([
                escape(b.label), str(b.attendances), str(b.evaluations), percent(b.response_rate),
                one_decimal(b.mean_overall),
                "–" if b.mean_gain is None else f"{b.mean_gain:+.1f}",
            ]))
        parts += [f"<h4>{first} by {first.lower()}</h4>", _table(rows)]
    parts.append(f"<h4>Comments that may be quoted ({len(summary.comments)})</h4>")
    if not summary.comments:
        parts.append("<p>No comments were given with consent to quote.</p>")
    for c in summary.comments:
        source = f"{escape(c.question)} — {escape(c.course_code)}, {to_local(c.session_start):%d %b %Y}"
        parts.append(
            f'<p style="margin: 6px 0 0 0;">“{escape(c.text)}”<br>'
            f'<span style="color: #5A6570; font-size: small;">{source}</span></p>'
        )
    return "".join(parts)


def confidence_bars(summary: EvaluationSummary, widest: int = 16) -> str:
    """Confidence before (grey) and after (teal) the course as bars of blocks, score by score."""
    before = dict(summary.rating("confidence_before").distribution)
    after = dict(summary.rating("confidence_after").distribution)
    highest = max([*before.values(), *after.values(), 0])
    if highest == 0:
        return ""

    def bar(count: int, colour: str) -> str:
        blocks = "█" * max(round(count * widest / highest), 1 if count else 0)
        # One unbreakable bar and its count: a narrow panel must not wrap the count under it.
        return (f'<span style="white-space: nowrap;"><span style="color: {colour};">{blocks}'
                f'</span>&nbsp;{count}</span>')

    rows = ["<tr>" + "".join(f'<td style="{_HEAD}" align="{align}">{text}</td>' for text, align in
                             (("Score", "right"), ("Before the course", "left"),
                              ("After the course", "left"))) + "</tr>"]
    for score in range(10, -1, -1):
        rows.append(
            "<tr>"
            f'<td style="{_CELL}" align="right">{score}</td>'
            f'<td style="{_CELL}">{bar(before[score], "#8A9BAD")}</td>'
            f'<td style="{_CELL}">{bar(after[score], "#2A7F8F")}</td>'
            "</tr>"
        )
    means = [one_decimal(summary.rating(name).mean)
             for name in ("confidence_before", "confidence_after")]
    rows.append("<tr>" + "".join(f'<td style="{_HEAD}" align="{align}">{text}</td>' for text, align
                                 in (("Mean", "right"), (means[0], "left"), (means[1], "left")))
                + "</tr>")
    return "<h4>Confidence out of 10, before and after</h4>" + _table(rows)


class EvaluationSummaryWidget(QTextBrowser):
    """Shows one evaluation summary; the text can be selected to copy a quote."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("evaluation_summary")
        self.setOpenLinks(False)
        self.summary: EvaluationSummary | None = None
        # On the Reports page this sits in the page's own scroll area: it grows to its text
        # instead of scrolling inside it, so the wheel always scrolls the page.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)

    def _fit(self, size) -> None:
        margins = self.contentsMargins()
        height = int(size.height()) + margins.top() + margins.bottom() + 4
        self.setFixedHeight(max(height, 60))

    def show_summary(self, summary: EvaluationSummary | None) -> None:
        self.summary = summary
        self.setHtml(summary_html(summary) if summary is not None else "")


def save_summary(db, summary: EvaluationSummary, path: str) -> str:
    """Write the summary as PDF or XLSX, by the file's extension (runs off the UI thread)."""
    if Path(path).suffix.lower() == ".xlsx":
        from pscp_training.reports.evaluation_xlsx import write_evaluation_xlsx

        write_evaluation_xlsx(summary, path)
    else:
        from pscp_training.pdf.evaluation_summary import save_evaluation_pdf

        save_evaluation_pdf(summary, path, partnership_name=get_setting(db, PARTNERSHIP_NAME) or "")
    return path


def ask_and_save(ctx, parent: QWidget, summary: EvaluationSummary, kind: str,
                 on_saved=None) -> None:
    """Ask where to save the summary as a PDF or XLSX file, then write it."""
    label = "PDF document (*.pdf)" if kind == "pdf" else "Excel workbook (*.xlsx)"
    stem = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in summary.title).strip()
    folder = Path(existing_folder(ctx.settings.value("evaluations/folder"), documents()))
    start = str(folder / f"Evaluations {stem}.{kind}")
    path, _ = QFileDialog.getSaveFileName(parent, "Save the evaluation summary", start, label)
    if not path:
        return
    if not path.lower().endswith(f".{kind}"):
        path += f".{kind}"
    ctx.settings.setValue("evaluations/folder", str(Path(path).parent))
    ctx.tasks.run(save_summary, ctx.db, summary, path, on_done=on_saved)


class EvaluationSummaryView(QWidget):
    """The Reports screen's evaluations section: a course or every course, for a year."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.course = QComboBox()
        self.course.setObjectName("evaluation_course")
        # Long course titles must not widen the Reports page past its window.
        self.course.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.course.setMinimumContentsLength(14)
        self.year = QComboBox()
        self.year.setObjectName("evaluation_year")
        current = FinancialYear.of(now_utc())
        self.year.addItem("All years", None)
        for back in range(0, 12):  # as far back as the workforce report goes
            year = current.previous(back)
            self.year.addItem(year.label, year)
        self.year.setCurrentIndex(1)
        self.show_button = QPushButton("Show")
        self.pdf_button = QPushButton("Save as PDF…")
        self.xlsx_button = QPushButton("Save as XLSX…")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.panel = EvaluationSummaryWidget(self)
        self.panel.setMinimumHeight(480)  # readable inside the Reports screen's scroll area
        self.panel.setPlaceholderText(
            "Choose a course (or every course) and a financial year, then Show: the answers "
            "to the evaluation questions are summarised here.")
        self.show_button.clicked.connect(self.show_selected)
        self.pdf_button.clicked.connect(lambda: self._save("pdf"))
        self.xlsx_button.clicked.connect(lambda: self._save("xlsx"))
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Course"))
        controls.addWidget(self.course, 2)
        controls.addWidget(QLabel("Financial year"))
        controls.addWidget(self.year)
        controls.addWidget(self.show_button)
        controls.addStretch(1)
        controls.addWidget(self.pdf_button)
        controls.addWidget(self.xlsx_button)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.note)
        layout.addWidget(self.panel, 1)
        self._set_exportable(False)
        ctx.changes.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self) -> None:
        self.ctx.tasks.run(catalogue.list_courses, self.ctx.db, on_done=self._fill_courses)

    def _fill_courses(self, courses) -> None:
        chosen = self.course.currentData()
        self.course.blockSignals(True)
        self.course.clear()
        self.course.addItem("Every course", None)
        for course in courses:
            self.course.addItem(f"{course.code} {course.title}", course.code)
        index = self.course.findData(chosen)
        self.course.setCurrentIndex(max(index, 0))
        self.course.blockSignals(False)

    def follow_year(self, label: str) -> None:
        """Offer the year the page around shows (when it is one of the years listed)."""
        index = self.year.findText(label)
        if index >= 0:
            self.year.setCurrentIndex(index)

    def show_selected(self) -> None:
        code, year = self.course.currentData(), self.year.currentData()
        if code is None and year is None:
            self.note.setText("Choose a course, or a financial year, to summarise.")
            return
        self.note.setText("")
        if code is None:
            self.ctx.tasks.run(evaluation_summaries.summarise_year, self.ctx.db, year,
                               on_done=self._show)
        else:
            self.ctx.tasks.run(evaluation_summaries.summarise_course, self.ctx.db, code, year,
                               on_done=self._show)

    def _show(self, summary: EvaluationSummary) -> None:
        self.panel.show_summary(summary)
        self._set_exportable(True)

    def _set_exportable(self, on: bool) -> None:
        self.pdf_button.setEnabled(on)
        self.xlsx_button.setEnabled(on)

    def _save(self, kind: str) -> None:
        if self.panel.summary is not None:
            ask_and_save(self.ctx, self, self.panel.summary, kind,
                         on_saved=lambda path: self.note.setText(f"Saved {path}"))

    def _on_changed(self, kind: str) -> None:
        if concerns(kind, "courses"):
            self.refresh()

"""An evaluation summary as an XLSX workbook: figures, ratings, breakdown and quotable comments."""

import io
import os
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from pscp_training.domain.errors import InputError
from pscp_training.domain.evaluation_records import EvaluationSummary
from pscp_training.domain.years import to_local
from pscp_training.register.safe_cells import append_safe, safe_value

_HEAD_FONT = Font(bold=True, color="FFFFFF")
_HEAD_FILL = PatternFill("solid", fgColor="1F3A5F")


def _rounded(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def _table(sheet: Worksheet, header: list[str], rows: list[list], widths: list[int]) -> None:
    append_safe(sheet, header)
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = _HEAD_FONT, _HEAD_FILL
    for row in rows:
        append_safe(sheet, row)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    sheet.freeze_panes = sheet.cell(sheet.max_row - len(rows) + 1, 1)


def summary_rows(summary: EvaluationSummary) -> list[list]:
    """The key figures, one per row: (figure, value)."""
    gain = summary.confidence
    rate = summary.response_rate
    rows: list[list] = [
        ["Sessions", summary.sessions],
        ["Attendances", summary.attendances],
        ["Evaluations", summary.evaluations],
        ["Response rate %", None if rate is None else round(rate * 100, 1)],
    ]
    rows += [[f"Mean: {r.label}", _rounded(r.mean)] for r in summary.ratings]
    rows += [
        ["Confidence answered before and after", gain.answered],
        ["Mean confidence gain", _rounded(gain.mean_gain)],
        ["Delegates more confident", gain.improved],
        ["Delegates as confident", gain.same],
        ["Delegates less confident", gain.worse],
        ["Comments that may be quoted", len(summary.comments)],
    ]
    return rows


def write_evaluation_xlsx(summary: EvaluationSummary, path: str | Path) -> Path:
    """Write the workbook; only comments whose authors consented are in it.

    Raises InputError when the file cannot be written (open in Excel, no such folder).
    """
    path = Path(path)
    book = Workbook()
    sheet = book.active
    sheet.title = "Summary"
    sheet.append([safe_value(f"Evaluations: {summary.title}")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    _table(sheet, ["Figure", "Value"], summary_rows(summary), [40, 14])

    ratings = book.create_sheet("Ratings")
    header = ["Question", "Answered", "Mean", *[str(s) for s in range(0, 11)]]
    rows = []
    for r in summary.ratings:
        counts = dict(r.distribution)
        rows.append([r.label, r.answered, _rounded(r.mean),
                     *[counts.get(score) for score in range(0, 11)]])
    _table(ratings, header, rows, [34, 10, 8, *[6] * 11])

    if summary.breakdown:
        lines = book.create_sheet("By session" if summary.scope == "course" else "By course")
        _table(
            lines,
            ["", "Attendances", "Evaluations", "Response rate %", "Mean overall rating",
             "Mean confidence gain"],
            [
                [b.label, b.attendances, b.evaluations,
                 None if b.response_rate is None else round(b.response_rate * 100, 1),
                 _rounded(b.mean_overall), _rounded(b.mean_gain)]
                for b in summary.breakdown
            ],
            [44, 12, 12, 16, 20, 20],
        )

    comments = book.create_sheet("Comments to quote")
    _table(
        comments,
        ["Course", "Session", "Question", "Comment (consent given to quote anonymously)"],
        [
            [c.course_code, to_local(c.session_start).strftime("%Y-%m-%d"), c.question, c.text]
            for c in summary.comments
        ],
        [14, 12, 44, 90],
    )
    for row in comments.iter_rows(min_row=2, min_col=4, max_col=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    try:
        # Beside the target, then moved over it: never half a workbook where the old one was.
        handle, temporary = tempfile.mkstemp(prefix=".~", suffix=".part", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(buffer.getvalue())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise InputError(
            f"Could not write {path}: {error.strerror or error}. Close it if it is open in "
            "Excel, and check that the folder exists."
        ) from error
    return path

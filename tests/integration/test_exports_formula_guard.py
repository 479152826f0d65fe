"""Every spreadsheet and CSV the app writes, over hostile names: no cell is ever a formula.

Names, titles, organisations, sectors, venues and comments that start with `=`,
`+`, `-`, `@`, a tab or a carriage return (CSV injection: `=HYPERLINK(...)`)
are written as text with a leading `'`, through the one guard in
register/safe_cells.py; read back with openpyxl and csv.
"""

import csv
from datetime import UTC, date, datetime, timedelta

from openpyxl import load_workbook

from pscp_training.domain.enums import Attendance
from pscp_training.domain.evaluation_records import EvaluationForm
from pscp_training.domain.years import FinancialYear
from pscp_training.register.safe_cells import FORMULA_STARTS
from pscp_training.reports import tabular
from pscp_training.reports.evaluation_xlsx import write_evaluation_xlsx
from pscp_training.reports.workforce import compute
from pscp_training.services.bookings import bookings
from pscp_training.services.common import audit
from pscp_training.services.evaluations import evaluation_summaries, evaluations
from pscp_training.services.follow_up.charges import export_ledger_xlsx
from pscp_training.services.imports.register_export import export_register
from pscp_training.services.people import people
from pscp_training.services.sessions import attendance
from tests import factories as f

HOSTILE = ['=1+2', '=HYPERLINK("http://evil.example","Click")', "+44 cmd", "-2+3",
           "@SUM(A1)", "\tTabbed", "\rReturned"]
START = datetime(2022, 6, 15, 9, 0, tzinfo=UTC)
NOW = datetime(2022, 7, 1, 12, 0, tzinfo=UTC)


def _hostile_data(db):
    sector = people.add_sector(db, HOSTILE[4]).name
    course = f.course(db, code="HOST", title=HOSTILE[0])
    s = f.session(db, course_id=course.id, start=START, capacity=20)
    made = []
    for n, text in enumerate(HOSTILE):
        person = f.delegate(db, text, HOSTILE[(n + 1) % len(HOSTILE)], org=HOSTILE[1],
                            sector=sector)
        made.append(bookings.book(db, session_id=s.id, delegate_id=person.id, now=START
                                  - timedelta(days=30)))
    marks = {b.id: (Attendance.ABSENT if n % 2 else Attendance.ATTENDED)
             for n, b in enumerate(made)}
    attendance.mark_register(db, s.id, marks, now=START + timedelta(hours=4))
    evaluations.save_evaluation(db, made[0].id, EvaluationForm(
        5, 4, 3, 8, practice_change=HOSTILE[0], other_comments=HOSTILE[1], consent_to_quote=True))
    return s


def _no_formula_in_workbook(path) -> list[str]:
    book = load_workbook(path)
    texts = []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{path.name}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), (path.name, cell.value)
                    texts.append(cell.value)
    return texts


def _no_formula_in_csv(path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        values = [v for row in csv.reader(handle) for v in row]
    assert not [v for v in values if v.startswith(FORMULA_STARTS)], path.name
    return values


def test_every_export_writes_hostile_names_as_text(db, tmp_path):
    s = _hostile_data(db)
    year = FinancialYear(2022)
    written = {}
    for suffix in ("csv", "xlsx"):
        export_register(db, year, tmp_path / f"register.{suffix}")
        written[f"register.{suffix}"] = tmp_path / f"register.{suffix}"
        audit.export_history(db, tmp_path / f"history.{suffix}", session_id=s.id)
        written[f"history.{suffix}"] = tmp_path / f"history.{suffix}"
    report = compute(db, year, now=NOW)
    written["workforce.csv"] = tabular.write_csv(report, tmp_path / "workforce.csv")
    written["workforce.xlsx"] = tabular.write_xlsx(report, tmp_path / "workforce.xlsx")
    written["ledger.xlsx"], count = export_ledger_xlsx(
        db, date(2022, 4, 1), date(2023, 3, 31), tmp_path / "ledger.xlsx", now=NOW)
    assert count == 3
    summary = evaluation_summaries.summarise_session(db, s.id)
    written["evaluations.xlsx"] = write_evaluation_xlsx(summary, tmp_path / "evaluations.xlsx")

    for name, path in written.items():
        texts = (_no_formula_in_csv if name.endswith(".csv") else _no_formula_in_workbook)(path)
        guarded = {"'" + h for h in HOSTILE}
        assert guarded & set(texts) or any(t.startswith("'") for t in texts), name
    register_texts = _no_formula_in_csv(written["register.csv"])
    stored = {h.strip() for h in HOSTILE}  # names are trimmed when saved: tab and CR go there
    assert {"'" + h for h in stored if h[0] in "=+-@"} <= set(register_texts)
    ledger_texts = _no_formula_in_workbook(written["ledger.xlsx"])
    assert "'" + HOSTILE[1] in ledger_texts  # the organisation
    history_texts = _no_formula_in_workbook(written["history.xlsx"])
    assert any(t.startswith("'=") for t in history_texts)
    evaluation_texts = _no_formula_in_workbook(written["evaluations.xlsx"])
    assert "'" + HOSTILE[0] in evaluation_texts


def test_tab_and_carriage_return_prefixes_are_guarded_in_csv_and_xlsx(tmp_path):
    from openpyxl import Workbook

    from pscp_training.register.safe_cells import SafeCsvWriter, append_safe, unguard_formula

    path = tmp_path / "cells.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        SafeCsvWriter(handle).writerows([HOSTILE, [1, None, 2.5, "'Brien"]])
    values = _no_formula_in_csv(path)
    assert [unguard_formula(v) for v in values[:len(HOSTILE)]] == HOSTILE
    assert values[len(HOSTILE):] == ["1", "", "2.5", "'Brien"]  # numbers and a name as they are
    book = Workbook()
    append_safe(book.active, HOSTILE)
    book.save(tmp_path / "cells.xlsx")
    texts = _no_formula_in_workbook(tmp_path / "cells.xlsx")
    # XML reads a carriage return back as a line feed; the cell is still guarded text.
    assert texts == ["'" + h.replace("\r", "\n") for h in HOSTILE]

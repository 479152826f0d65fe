"""`pscp-training report workforce` and `pscp-training demo` as a script or a person runs them."""

import csv
import json
import subprocess
import sys
from datetime import timedelta

from openpyxl import load_workbook

from pscp_training.cli import main
from pscp_training.domain.enums import Attendance
from pscp_training.domain.years import FinancialYear
from pscp_training.reports.workforce import compute
from pscp_training.services.bookings.enrolment import book_person
from pscp_training.services.sessions import attendance
from tests import factories as f
from tests.pdfs import pdf_text


def _one_session_last_year(db):
    """A 2022-23 DSL session: one attended, one absent (the report is made today)."""
    s = f.session(db, start=f.NOW + timedelta(days=10), capacity=5)
    made = [
        book_person(db, session_id=s.id, first_name=first, last_name="Ó Súilleabháin",
                    organisation="Arundel Court Primary School", sector="Education", now=f.NOW)
        for first in ("Siobhán", "Ciarán")
    ]
    attendance.mark_register(
        db, s.id, {made[0].id: Attendance.ATTENDED, made[1].id: Attendance.ABSENT},
        now=s.start + timedelta(hours=4),
    )


def test_json_on_standard_output_is_the_report_object(db, db_url, capsys):
    _one_session_last_year(db)
    assert main(["--db", db_url, "report", "workforce", "--year", "2022-23", "--format",
                 "json", "--engagement", "DSL:Education", "--engagement", "DSL:Health"]) == 0
    shown = json.loads(capsys.readouterr().out)
    expected = compute(db, FinancialYear(2022),
                       engagement=[("DSL", "Education"), ("DSL", "Health")]).to_dict()
    assert shown == expected
    assert shown["multi_agency"]["2022-23"] == {"courses_run": 1, "bookings": 2,
                                                "attendances": 1, "booking_attendance_pct": 50.0}
    assert [e["sector"] for e in shown["engagement"]] == ["Education", "Health"]


def test_text_csv_xlsx_and_pdf_files(db, db_url, tmp_path, capsys):
    _one_session_last_year(db)
    assert main(["--db", db_url, "report", "workforce", "--year", "2022-23", "--years", "2"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Workforce development report 2022-23")
    assert "Number of bookings" in text and "2021-22" in text and "2020-21" not in text

    assert main(["--db", db_url, "report", "workforce", "--year", "2022-23",
                 "--format", "csv", "--out", str(tmp_path / "w.csv")]) == 0
    rows = list(csv.reader((tmp_path / "w.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert ["Multi-agency training", "Number of attendances", "0", "0", "1", ""] in rows

    assert main(["--db", db_url, "report", "workforce", "--year", "2022-23",
                 "--out", str(tmp_path / "w.xlsx")]) == 0  # the format from the extension
    sheet = load_workbook(tmp_path / "w.xlsx").active
    assert ["Multi-agency training", "Number of bookings", 0, 0, 2, None] in [
        [c.value for c in row] for row in sheet.iter_rows()
    ]

    code = main(["--db", db_url, "report", "workforce", "--year", "2022-23",
                 "--out", str(tmp_path / "w.pdf")])
    assert code == 0, capsys.readouterr().err
    text = pdf_text(tmp_path / "w.pdf")
    assert "2022-23" in text and "Number of bookings" in text


def test_bad_arguments_say_what_is_wrong_and_write_nothing(db_url, tmp_path, capsys):
    cases = [
        (["--year", "2022-24"], "the second year must follow the first"),
        (["--year", "2022-23", "--engagement", "DSL"], "as in DSL:Education"),
        (["--year", "2022-23", "--years", "0"], "1 to 10 years"),
        (["--year", "2022-23", "--format", "csv"], "with --out FILE"),
        (["--year", "2022-23", "--out", str(tmp_path / "nowhere" / "w.csv")], "does not exist"),
    ]
    for arguments, message in cases:
        assert main(["--db", db_url, "report", "workforce", *arguments]) == 2, arguments
        assert message in capsys.readouterr().err
    assert not [p for p in tmp_path.rglob("*") if p.suffix in (".csv", ".xlsx", ".pdf")]


def test_demo_fills_an_empty_database_once(db_url, capsys):
    assert main(["--db", db_url, "demo"]) == 0
    assert "69 schools" in capsys.readouterr().out
    assert main(["--db", db_url, "demo"]) == 2
    assert "already holds" in capsys.readouterr().err


def test_the_report_command_never_loads_qt():
    code = (
        "import sys; import pscp_training.cli.report_commands, pscp_training.reports.workforce, "
        "pscp_training.reports.text, pscp_training.reports.tabular, pscp_training.services.demo; "
        "assert 'PySide6' not in sys.modules"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0

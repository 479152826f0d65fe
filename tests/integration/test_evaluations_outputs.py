"""Evaluation summaries as text, XLSX and PDF through the command line; chasing; importing.

A comment whose author did not consent to be quoted must appear in none of them.
"""

import io
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from pscp_training.cli import main
from tests.integration.test_evaluations_summaries import SECRET, dataset  # noqa: F401

FIXTURES = Path(__file__).parent.parent / "fixtures" / "evaluations"


def _run(capsys, db_url, *args) -> tuple[int, str, str]:
    code = main(["--db", db_url, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_text_summary_of_a_course_has_the_figures_and_only_consented_quotes(
    dataset, db_url, capsys  # noqa: F811
):
    code, out, _ = _run(capsys, db_url, "evaluations", "summary", "--course", "EV1",
                        "--year", "2022-23")
    assert code == 0
    assert "attended 7, evaluations 4, response rate 57%" in out
    assert "Overall rating: mean 3.5 of 4 answers" in out
    assert "Confidence gain: mean 2.5 over 4 delegates: 2 more confident, 1 the same" in out
    assert '"I will use the GCP2 tool"' in out
    assert SECRET not in out


def test_the_xlsx_export_has_the_hand_computed_figures_and_no_unconsented_comment(
    dataset, db_url, capsys, tmp_path  # noqa: F811
):
    out = tmp_path / "year.xlsx"
    code, printed, _ = _run(capsys, db_url, "evaluations", "summary", "--year", "2022-23",
                            "--out", str(out))
    assert code == 0 and f"Wrote {out}" in printed
    book = load_workbook(out)
    figures = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=4, values_only=True)}
    assert figures["Attendances"] == 8
    assert figures["Evaluations"] == 4
    assert figures["Response rate %"] == 50.0
    assert figures["Mean: Overall rating"] == 3.5
    assert figures["Mean confidence gain"] == 2.5
    by_course = list(book["By course"].iter_rows(min_row=2, values_only=True))
    assert [r[:3] for r in by_course] == [
        ("EV1 Neglect: Graded Care Profile", 7, 4), ("EV2 Child Exploitation", 1, 0)
    ]
    ratings = {r[0]: r for r in book["Ratings"].iter_rows(min_row=2, values_only=True)}
    assert ratings["Overall rating"][1:3] == (4, 3.5)
    assert ratings["Overall rating"][4:9] == (0, 1, 1, 1, 1)  # scores 1..5
    every_cell = [
        str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v
    ]
    assert "Ask about home life" in every_cell
    assert not any(SECRET in v for v in every_cell)


def test_the_pdf_of_a_session_has_its_figures_and_only_consented_quotes(
    dataset, db_url, capsys, tmp_path  # noqa: F811
):
    _, s1, _ = dataset
    out = tmp_path / "session.pdf"
    code, _, _ = _run(capsys, db_url, "evaluations", "summary", "--session", str(s1.id),
                      "--format", "pdf", "--out", str(out))
    assert code == 0
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Evaluation summary" in text
    assert "60%" in text  # response rate 3 / 5
    assert "4.7 → 5.7 (+1.0)" in text
    assert "I will use the GCP2 tool" in text
    assert "The room was cold" in text
    assert SECRET not in text


def test_chase_lists_the_attendees_without_an_evaluation_with_their_emails(
    dataset, db_url, capsys  # noqa: F811
):
    _, s1, _ = dataset
    code, out, _ = _run(capsys, db_url, "evaluations", "chase", "--session", str(s1.id))
    assert code == 0
    assert "2 delegates who attended EV1" in out
    to_line = next(line for line in out.splitlines() if line.startswith("To: "))
    assert to_line.count("@") == 2


def test_bad_requests_exit_2_with_a_sentence(dataset, db_url, capsys, tmp_path):  # noqa: F811
    code, _, err = _run(capsys, db_url, "evaluations", "summary", "--year", "2022-23",
                        "--format", "pdf")
    assert code == 2 and "Say where to write the PDF file with --out FILE." in err
    code, _, err = _run(capsys, db_url, "evaluations", "summary")
    assert code == 2 and "Say what to summarise" in err
    code, _, err = _run(capsys, db_url, "evaluations", "import", str(FIXTURES / "invalid.csv"))
    assert code == 2 and "line 2, column 'overall_rating' (value '7')" in err
    taken = tmp_path / "taken.pdf"
    taken.mkdir()  # a folder where the PDF should go: it cannot be written
    code, _, err = _run(capsys, db_url, "evaluations", "summary", "--year", "2022-23",
                        "--out", str(taken))
    assert code == 2 and f"Could not write {taken}" in err
    assert list(tmp_path.glob("*.part")) == []  # no half-written file left behind

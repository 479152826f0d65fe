"""The Reports page over a real database: the annual report's figures read off the screen, exports."""

import csv
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

from pscp_training.domain.enums import Agency
from pscp_training.services.bookings import bookings
from pscp_training.services.sessions import attendance
from pscp_training.ui.reports.reports_page import ReportsPage
from tests import factories as f
from tests.factories import NOW
from tests.pdfs import pdf_text

AFTER_THE_YEAR = datetime(2023, 6, 1, 9, 0, tzinfo=UTC)


def _page(ctx, qtbot):
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    return page


def test_the_published_2022_23_figures_on_screen(ctx, qtbot, tmp_path):
    demo = pytest.importorskip("pscp_training.services.demo")
    demo.load_demo(ctx.db, now=AFTER_THE_YEAR)
    page = _page(ctx, qtbot)
    page.choose("2022-23", 3)

    assert page.multi.headers == ["Multi-agency training data", "2020-21", "2021-22", "2022-23"]
    assert page.multi.row_named("Number of courses run") == ["129", "134", "127"]
    assert page.multi.row_named("Number of bookings") == ["1,972", "1,636", "1,766"]
    assert page.multi.row_named("Number of attendances") == ["1,556", "1,337", "1,416"]
    assert page.multi.row_named("Booking attendance %") == ["78.90%", "81.72%", "80.18%"]
    assert page.single.row_named("Number of courses run") == ["17", "27", "63"]
    assert page.single.row_named("Booking Attendances") == ["408", "1,220", "1,506"]
    sentences = page.sentences.text()
    assert "Despite a 5.2% decrease in the number of multi-agency training courses run" in sentences
    assert "a 7.9% increase in bookings" in sentences
    assert "a 133.3% increase in the number of single-agency (bespoke) courses run" in sentences

    # The chart and the sector table show the same figures, and they add up to the attendances.
    assert page.sectors.row_named("Total") == ["1,556", "1,337", "1,416"]
    chart = page.chart.bar_values()
    assert list(chart) == ["2020-21", "2021-22", "2022-23"]
    sector_rows = page.sectors.rows[:-1]
    assert [int(v) for v in chart["2022-23"]] == [int(r[3].replace(",", "")) for r in sector_rows]
    assert "75.4% of Education organisations on the register (52 of 69)" in \
        page.engagement_text.text()

    page.export("csv", str(tmp_path / "report.csv"))
    page.export("xlsx", str(tmp_path / "report.xlsx"))
    assert page.status.text() == f"Saved {tmp_path / 'report.xlsx'}."
    with open(tmp_path / "report.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert ["Multi-agency training", "Number of bookings", "1972", "1636", "1766", "7.9"] in rows
    sheet = load_workbook(tmp_path / "report.xlsx").active
    assert [c.value for c in sheet[3]][:5] == [
        "Multi-agency training", "Number of bookings", 1972, 1636, 1766]


def test_figures_follow_the_year_and_span_chosen(ctx, qtbot):
    db = ctx.db
    multi = f.session(db, start=NOW - timedelta(days=3), capacity=5)  # 2022-23
    single = f.session(db, start=NOW - timedelta(days=2), agency=Agency.SINGLE)
    for s in (multi, single):
        b = bookings.book(db, session_id=s.id, delegate_id=f.delegate(db).id,
                          now=NOW - timedelta(days=30))
        attendance.mark(db, b.id, "attended", now=NOW)
    page = _page(ctx, qtbot)
    page.choose("2022-23", 1)
    assert page.years.text() == "1 year"
    assert page.multi.headers[1:] == ["2022-23"]
    assert page.multi.row_named("Number of bookings") == ["1"]
    assert page.multi.row_named("Booking attendance %") == ["100.00%"]
    assert page.single.row_named("Booking Attendances") == ["1"]
    assert page.sectors.row_named("Education") == ["1"]
    assert page.sentences.text().startswith("Choose two years or more")

    assert page.evaluations.year.currentText() == "2022-23"  # its evaluations, the same year
    assert "then Show" in page.evaluations.panel.placeholderText()  # not a blank box
    page.choose("2021-22", 2)
    assert page.years.text() == "2 years"
    assert page.multi.headers[1:] == ["2020-21", "2021-22"]
    assert page.multi.row_named("Number of bookings") == ["0", "0"]
    assert page.multi.row_named("Booking attendance %") == ["–", "–"]
    assert page.status.text() == "No sessions ran in these years yet."
    # The choice is remembered for next time.
    assert ctx.settings.value("reports/year") == "2021-22"
    assert int(ctx.settings.value("reports/years")) == 2


def test_an_export_into_a_missing_folder_is_explained(ctx, qtbot, tmp_path, error_boxes):
    page = _page(ctx, qtbot)
    page.choose("2022-23")
    page.export("csv", str(tmp_path / "no such folder" / "report.csv"))
    assert len(error_boxes()) == 1 and "does not exist" in error_boxes()[0]
    assert page.status.text() == "The file was not saved."


def test_pdf_export(ctx, qtbot, tmp_path):
    pytest.importorskip("pscp_training.pdf.workforce_report")
    page = _page(ctx, qtbot)
    page.choose("2022-23")
    page.export("pdf", str(tmp_path / "report.pdf"))
    text = pdf_text(tmp_path / "report.pdf")
    assert "2022-23" in text and "Number of bookings" in text


def test_reasons_for_non_attendance_and_walk_ins_read_off_the_screen(ctx, qtbot):
    from pscp_training.domain.follow_up_records import PersonDetails
    from pscp_training.reports.workforce import NO_REASON
    from pscp_training.services.bookings.walk_ins import add_walk_in
    from pscp_training.services.follow_up.non_attendance import record_reason

    db = ctx.db
    s = f.session(db, start=NOW - timedelta(days=3), capacity=5)  # 2022-23
    made = [bookings.book(db, session_id=s.id, delegate_id=f.delegate(db).id,
                          now=NOW - timedelta(days=30)) for _ in range(3)]
    for b in made:
        attendance.mark(db, b.id, "absent", now=NOW)
    record_reason(db, made[0].id, "Illness", now=NOW)
    record_reason(db, made[1].id, "Illness", now=NOW)
    add_walk_in(db, s.id, PersonDetails("Łukasz", "Nowak", None, "Trafalgar School",
                                        "Education"), now=NOW)
    page = _page(ctx, qtbot)
    page.show()
    page.choose("2022-23", 2)

    assert page.reasons.headers == ["Reason", "Absences", "Late cancellations", "Total"]
    assert page.reasons.row_named("Illness") == ["2", "0", "2"]
    assert page.reasons.row_named("Work pressures") == ["0", "0", "0"]
    assert page.reasons.row_named(NO_REASON) == ["1", "0", "1"]
    assert page.reasons.row_named("Total") == ["3", "0", "3"]
    assert page.reasons_view.isVisible()
    assert page.reasons_text.text().startswith(
        "3 absences and 0 late cancellations on sessions that ran in 2022-23")
    assert "1 still has no reason" in page.reasons_text.text()
    assert page.multi.row_named("Number of bookings") == ["0", "4"]
    assert page.multi_walk_ins.text().startswith("Of which walk-ins: 0 in 2021-22, 1 in 2022-23")

    # A reason recorded elsewhere in the app shows here without choosing the year again.
    record_reason(db, made[2].id, "Work pressures", now=NOW)
    ctx.changes.changed.emit("bookings")
    qtbot.waitUntil(lambda: page.reasons.row_named(NO_REASON) == ["0", "0", "0"], timeout=3000)
    assert page.reasons.row_named("Work pressures") == ["1", "0", "1"]
    assert "no reason" not in page.reasons_text.text()

    page.choose("2021-22", 1)
    assert page.reasons.row_named("Total") == ["0", "0", "0"]
    assert not page.reasons_view.isVisible()
    assert page.reasons_text.text() == \
        "No absences or late cancellations on sessions that ran in 2021-22."
    assert page.multi_walk_ins.text().startswith("Of which walk-ins: 0 (people who")

"""The report's rounding, change sentences, text tables and spreadsheets, from the published figures."""

import csv

from openpyxl import load_workbook

from pscp_training.reports.figures import (
    Engagement,
    MultiAgencyYear,
    SectorAttendance,
    SingleAgencyYear,
    WorkforceReport,
    rounded,
)
from pscp_training.reports.tabular import write_csv, write_xlsx
from pscp_training.reports.text import change_sentences, render_text

YEARS = ("2020-21", "2021-22", "2022-23")


def published(sector_name="Education", warnings=()) -> WorkforceReport:
    """The annual report 2022-23's tables, as the report object holds them."""
    multi = [(129, 1972, 1556), (134, 1636, 1337), (127, 1766, 1416)]
    single = [(17, 300, 108), (27, 1220, 0), (63, 1000, 506)]
    return WorkforceReport(
        years=YEARS,
        multi_agency=tuple(MultiAgencyYear(y, *m) for y, m in zip(YEARS, multi, strict=True)),
        single_agency=tuple(SingleAgencyYear(y, *s) for y, s in zip(YEARS, single, strict=True)),
        attendance_by_sector=tuple(
            SectorAttendance(y, ((sector_name, 700), ("Health", 0))) for y in YEARS
        ),
        engagement=(Engagement("2022-23", "DSL", "Education", 69, 52),),
        warnings=tuple(warnings),
    )


def test_the_json_shape_and_rounding_match_the_specification():
    shown = published().to_dict()
    assert shown["multi_agency"]["2022-23"] == {
        "courses_run": 127, "bookings": 1766, "attendances": 1416,
        "booking_attendance_pct": 80.18,
    }
    assert shown["multi_agency"]["2021-22"]["booking_attendance_pct"] == 81.72
    assert shown["multi_agency"]["2020-21"]["booking_attendance_pct"] == 78.9
    assert shown["single_agency"]["2022-23"] == {"courses_run": 63, "booking_attendances": 1506}
    assert shown["change_pct"] == {
        "multi_agency": {"courses_run": -5.2, "bookings": 7.9, "attendances": 5.9,
                         "booking_attendance_pct": -1.9},
        "single_agency": {"courses_run": 133.3, "booking_attendances": 23.4},
    }
    assert shown["engagement"] == [{"year": "2022-23", "category": "DSL", "sector": "Education",
                                    "organisations": 69, "engaged": 52, "pct": 75.4}]
    assert list(shown) == ["years", "multi_agency", "single_agency", "attendance_by_sector",
                           "change_pct", "engagement", "warnings"]


def test_a_saved_report_reads_back_to_the_same_figures_and_sentences():
    report = published(warnings=["A warning."])
    again = WorkforceReport.from_dict(report.to_dict())
    assert again.to_dict() == report.to_dict()
    assert change_sentences(again) == change_sentences(report)


def test_rounding_is_half_up_as_a_person_rounds():
    from fractions import Fraction

    assert rounded(Fraction(5, 1000), 2) == 0.01  # float round() would give 0.0
    assert rounded(Fraction(-125, 100), 1) == -1.3
    assert rounded(None, 1) is None


def test_change_sentences_word_the_annual_report():
    assert change_sentences(published()) == [
        "Despite a 5.2% decrease in the number of multi-agency training courses run in 2022-23 "
        "compared to 2021-22, there was a 7.9% increase in bookings and a 5.9% increase in "
        "attendance.",
        "In 2022-23 compared to 2021-22, there was a 133.3% increase in the number of "
        "single-agency (bespoke) courses run and a 23.4% increase in single-agency booking "
        "attendances.",
    ]


def test_change_sentences_leave_out_what_cannot_be_compared():
    report = published()
    quiet = WorkforceReport(
        years=YEARS[1:],
        multi_agency=(MultiAgencyYear("2021-22", 0, 0, 0), MultiAgencyYear("2022-23", 4, 10, 8)),
        single_agency=(SingleAgencyYear("2021-22", 2, 5, 0),
                       SingleAgencyYear("2022-23", 2, 5, 0)),
        attendance_by_sector=report.attendance_by_sector[1:],
        engagement=(),
        warnings=(),
    )
    assert change_sentences(quiet) == [
        "In 2022-23 compared to 2021-22, there was no change in the number of single-agency "
        "(bespoke) courses run and no change in single-agency booking attendances."
    ]
    single_year = WorkforceReport(YEARS[2:], report.multi_agency[2:], report.single_agency[2:],
                                  report.attendance_by_sector[2:], (), ())
    assert change_sentences(single_year) == []


def test_text_shows_the_tables_as_the_annual_report_does():
    text = render_text(published(warnings=["2022-23: 1 session that ran has an unmarked register"]))
    lines = text.splitlines()
    assert lines[0] == "Workforce development report 2022-23"
    row = next(line for line in lines if line.startswith("Number of bookings"))
    assert row.split() == ["Number", "of", "bookings", "1,972", "1,636", "1,766", "+7.9%"]
    pct = next(line for line in lines if line.startswith("Booking attendance %"))
    assert pct.split()[-4:] == ["78.90%", "81.72%", "80.18%", "-1.9%"]
    assert "DSL training, Education: 52 of 69 organisations on the register (75.4%)" in text
    assert "Despite a 5.2% decrease" in text
    assert "  - 2022-23: 1 session that ran has an unmarked register" in text


def test_csv_has_a_byte_order_mark_every_figure_and_no_live_formulas(tmp_path):
    path = write_csv(published(sector_name="=HYPERLINK(\"http://x\")"), tmp_path / "w.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["Section", "Figure", *YEARS, "Change on previous year %"]
    assert ["Multi-agency training", "Number of attendances", "1556", "1337", "1416", "5.9"] in rows
    assert ["Single agency training", "Booking attendances", "408", "1220", "1506", "23.4"] in rows
    sector = next(r for r in rows if r[0] == "Multi-agency attendance by sector")
    assert sector[1] == "'=HYPERLINK(\"http://x\")"
    assert ["Engagement", "DSL training, Education: engagement %", "", "", "75.4", ""] in rows


def test_xlsx_holds_numbers_as_numbers_and_formula_lookalikes_as_text(tmp_path):
    path = write_xlsx(published(sector_name="=1+1"), tmp_path / "w.xlsx")
    sheet = load_workbook(path).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert sheet.title == "Workforce 2022-23"
    assert ["Multi-agency training", "Number of bookings", 1972, 1636, 1766, 7.9] in rows
    cell = next(row[1] for row in sheet.iter_rows() if row[1].value == "'=1+1")
    assert cell.data_type == "s"

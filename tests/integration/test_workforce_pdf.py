"""The workforce report PDF: the annual report's tables, change sentences and sector chart."""

import copy
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from pscp_training.domain.enums import Attendance
from pscp_training.domain.years import FinancialYear
from pscp_training.pdf.workforce_report import write_workforce_pdf
from pscp_training.reports.figures import WorkforceReport
from pscp_training.reports.text import change_sentences
from pscp_training.reports.workforce import compute
from pscp_training.services.bookings import bookings
from pscp_training.services.sessions import attendance
from tests import factories as f

PARTNERSHIP = "Portsmouth Safeguarding Children Partnership"

REPORT = {
    "years": ["2020-21", "2021-22", "2022-23"],
    "multi_agency": {
        "2020-21": {"courses_run": 129, "bookings": 1972, "attendances": 1556,
                    "booking_attendance_pct": 78.9},
        "2021-22": {"courses_run": 134, "bookings": 1636, "attendances": 1337,
                    "booking_attendance_pct": 81.72},
        "2022-23": {"courses_run": 127, "bookings": 1766, "attendances": 1416,
                    "booking_attendance_pct": 80.18},
    },
    "single_agency": {
        "2020-21": {"courses_run": 17, "booking_attendances": 408},
        "2021-22": {"courses_run": 27, "booking_attendances": 1220},
        "2022-23": {"courses_run": 63, "booking_attendances": 1506},
    },
    "attendance_by_sector": {
        year: {"Education": e, "Portsmouth City Council": p, "Health": h, "Voluntary & Community": v}
        for year, e, p, h, v in (
            ("2020-21", 690, 380, 150, 126), ("2021-22", 610, 330, 140, 87),
            ("2022-23", 707, 401, 123, 45),
        )
    },
    "change_pct": {
        "multi_agency": {"courses_run": -5.2, "bookings": 7.9, "attendances": 5.9,
                         "booking_attendance_pct": -1.9},
        "single_agency": {"courses_run": 133.3, "booking_attendances": 23.4},
    },
    "engagement": [{"year": "2022-23", "category": "DSL", "sector": "Education",
                    "organisations": 69, "engaged": 52, "pct": 75.4}],
    "warnings": ["2022-23: 1 session had more confirmed bookings than places <over> & above."],
}


def _text(path) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(text.split())


def test_the_tables_sentences_and_chart_of_the_annual_report(tmp_path):
    path = write_workforce_pdf(REPORT, tmp_path / "workforce.pdf", PARTNERSHIP)
    assert path == tmp_path / "workforce.pdf"
    assert 1 <= len(PdfReader(path).pages) <= 2
    text = _text(path)
    assert (
        "Despite a 5.2% decrease in the number of multi-agency training courses run in 2022-23 "
        "compared to 2021-22, there was a 7.9% increase in bookings and a 5.9% increase in "
        "attendance." in text
    )
    assert (
        "In 2022-23 compared to 2021-22, there was a 133.3% increase in the number of "
        "single-agency (bespoke) courses run and a 23.4% increase in single-agency booking "
        "attendances." in text
    )
    assert "Multi-agency training data 2020-21 2021-22 2022-23" in text
    assert "Number of courses run 129 134 127" in text
    assert "Number of bookings 1,972 1,636 1,766" in text
    assert "Number of attendances 1,556 1,337 1,416" in text
    assert "Booking attendance % 78.9% 81.72% 80.18%" in text
    assert "Single Agency Data 2020-21 2021-22 2022-23" in text
    assert "Booking Attendances 408 1,220 1,506" in text
    for sector_or_bar in ("Education", "Portsmouth City Council", "Voluntary & Community",
                          "707", "401", "123"):
        assert sector_or_bar in text  # the chart's labels are text in the PDF
    assert "75.4% of Education organisations on the register (52 of 69)" in text
    assert "<over> & above" in text  # escaped, printed as written
    assert PARTNERSHIP.upper() in text


def _with_figures(courses, bookings, attendances, single_courses, single_attendances):
    """The published report with other 2022-23 figures (2021-22 stays 134, 1,636, 1,337, 27, 1,220)."""
    report = copy.deepcopy(REPORT)
    report["multi_agency"]["2022-23"].update(
        courses_run=courses, bookings=bookings, attendances=attendances)
    report["single_agency"]["2022-23"].update(
        courses_run=single_courses, booking_attendances=single_attendances)
    return report


@pytest.mark.parametrize(
    "report",
    [
        REPORT,
        _with_figures(138, 1603, 1317, 27, 1220),  # more courses, fewer bookings and attendances
        _with_figures(134, 1700, 1300, 20, 1300),  # no change in courses run
        _with_figures(140, 1636, 1400, 27, 1000),
    ],
    ids=["published", "more-courses-fewer-bookings", "same-courses", "mixed"],
)
def test_the_pdf_words_the_change_as_the_text_report_and_the_app_do(report, tmp_path):
    """One wording of the change sentences: the PDF prints reports.text's sentences as they are."""
    sentences = change_sentences(WorkforceReport.from_dict(report))
    assert len(sentences) == 2
    text = _text(write_workforce_pdf(report, tmp_path / "change.pdf", PARTNERSHIP))
    for sentence in sentences:
        assert sentence in text
    assert "compared to the previous year" not in text  # the PDF's own wording is gone
    # The multi-agency sentence comes before its table, the single-agency one before its own.
    multi, single = sentences
    assert text.index(multi) < text.index("Multi-agency training data")
    assert text.index("Single-agency (bespoke) training") < text.index(single)
    assert text.index(single) < text.index("Single Agency Data")


def test_a_single_year_without_sectors_or_engagement_still_prints(tmp_path):
    report = {
        "years": ["2022-23"],
        "multi_agency": {"2022-23": {"courses_run": 0, "bookings": 0, "attendances": 0,
                                     "booking_attendance_pct": None}},
        "single_agency": {"2022-23": {"courses_run": 0, "booking_attendances": 0}},
        "attendance_by_sector": {"2022-23": {"Education": 0}},
        "change_pct": {"multi_agency": dict.fromkeys(REPORT["change_pct"]["multi_agency"]),
                       "single_agency": dict.fromkeys(REPORT["change_pct"]["single_agency"])},
        "engagement": [],
        "warnings": [],
    }
    text = _text(write_workforce_pdf(report, tmp_path / "one.pdf", "Zoë's <Partnership>"))
    assert "Booking attendance % –" in text
    assert "increase" not in text and "decrease" not in text
    assert "ZOË'S <PARTNERSHIP>" in text


def test_a_pdf_of_figures_computed_from_the_database(db, tmp_path):
    """The report developer's compute(...).to_dict() feeds the PDF unchanged."""
    now = datetime(2023, 4, 10, 12, tzinfo=UTC)
    course = f.course(db, title="Neglect")
    sessions = [f.session(db, course_id=course.id, capacity=5,
                          start=datetime(2022, 6, 15 + d, 9, tzinfo=UTC)) for d in (0, 7)]
    for s, people in zip(sessions, (3, 2), strict=True):
        for i in range(people):
            who = f.delegate(db, "Łukasz", org=f"Org {i}", sector="Health" if i else "Police")
            booking = bookings.book(db, session_id=s.id, delegate_id=who.id,
                                    now=s.start - timedelta(days=7))
            mark = Attendance.ATTENDED if i < 2 else Attendance.ABSENT
            attendance.mark(db, booking.id, mark, now=s.start + timedelta(hours=1))

    report = compute(db, FinancialYear(2022), years=2, now=now).to_dict()
    text = _text(write_workforce_pdf(report, tmp_path / "real.pdf", PARTNERSHIP))
    assert "Multi-agency training data 2021-22 2022-23" in text
    assert "Number of courses run 0 2" in text
    assert "Number of bookings 0 5" in text
    assert "Number of attendances 0 4" in text
    assert "Booking attendance % – 80%" in text
    assert "Police" in text and "Health" in text


def test_the_report_object_adds_walk_ins_and_reasons_for_non_attendance(db, tmp_path):
    """Given the report itself (not its JSON), the PDF also carries what issue 7 asks for."""
    from pscp_training.services.follow_up import non_attendance

    now = datetime(2023, 4, 10, 12, tzinfo=UTC)
    s = f.session(db, capacity=5, start=datetime(2022, 6, 15, 9, tzinfo=UTC))
    made = []
    for i in range(3):
        who = f.delegate(db, "Zoë", org=f"Org {i}")
        made.append(bookings.book(db, session_id=s.id, delegate_id=who.id,
                                  now=s.start - timedelta(days=7)))
    for booking in made:
        attendance.mark(db, booking.id, Attendance.ABSENT, now=s.start + timedelta(hours=1))
    illness = next(r for r in non_attendance.list_reasons(db) if r.label == "Illness")
    non_attendance.record_reason(db, made[0].id, illness.code, now=now)

    report = compute(db, FinancialYear(2022), years=2, now=now)
    text = _text(write_workforce_pdf(report, tmp_path / "with-reasons.pdf", PARTNERSHIP))
    assert "Reasons for non-attendance 2022-23" in text
    assert "Illness 1 0 1" in text
    assert "Total 3 0 3" in text
    # The JSON form keeps to the spec's contract and so carries neither.
    plain = _text(write_workforce_pdf(report.to_dict(), tmp_path / "plain.pdf", PARTNERSHIP))
    assert "Reasons for non-attendance" not in plain

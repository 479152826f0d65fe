"""The workforce report's reasons for non-attendance and walk-ins, counted by hand, on both databases."""

import csv
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook

from pscp_training.domain.enums import Agency, Attendance
from pscp_training.domain.follow_up_records import PersonDetails
from pscp_training.domain.years import FinancialYear, local_to_utc
from pscp_training.reports.figures import WorkforceReport
from pscp_training.reports.tabular import write_csv, write_xlsx
from pscp_training.reports.text import render_text
from pscp_training.reports.workforce import NO_REASON, compute
from pscp_training.services.bookings import bookings
from pscp_training.services.bookings.enrolment import book_person
from pscp_training.services.bookings.walk_ins import add_walk_in
from pscp_training.services.follow_up.non_attendance import list_reasons, record_reason, save_reason
from pscp_training.services.sessions import attendance
from tests import factories as f

REPORT_NOW = datetime(2023, 6, 1, 12, 0, tzinfo=UTC)
Y2223 = FinancialYear(2022)


def local(*parts) -> datetime:
    return local_to_utc(datetime(*parts))


def run_session(db, start, agency=Agency.MULTI):
    return f.session(db, course_id=f.course(db, agency=agency).id, start=start, capacity=10)


def book(db, session, first, last):
    return book_person(db, session_id=session.id, first_name=first, last_name=last,
                       organisation="Arundel Court Primary School", sector="Education",
                       now=session.start - timedelta(days=30))


def after(session) -> datetime:
    return session.start + timedelta(hours=4)


def mark(db, session, marks):
    attendance.mark_register(db, session.id, {b.id: a for b, a in marks}, now=after(session))


def absent(db, session, first, last, reason=None):
    """A booking marked absent, with its reason recorded when one is given."""
    booking = book(db, session, first, last)
    mark(db, session, [(booking, Attendance.ABSENT)])
    if reason:
        record_reason(db, booking.id, reason, now=after(session))
    return booking


def cancelled_late(db, session, first, last, reason=None):
    booking = book(db, session, first, last)
    result = bookings.cancel(db, booking.id, now=session.start - timedelta(hours=20))
    assert result.late
    if reason:
        record_reason(db, booking.id, reason, now=session.start)
    return booking


def walk_in(db, session, first, last):
    person = PersonDetails(first, last, None, "Trafalgar School", "Education")
    return add_walk_in(db, session.id, person, now=after(session))


def reasons(report) -> dict[str, tuple[int, int, int]]:
    return {r.reason: (r.absences, r.late_cancellations, r.total) for r in report.non_attendance}


def test_the_years_reasons_are_counted_by_reason_and_kind(db):
    june = run_session(db, local(2022, 6, 14, 9, 30))
    absent(db, june, "Amara", "Okafor", "Illness")
    absent(db, june, "Łukasz", "Nowak", "Illness")
    absent(db, june, "Siobhán", "Ó Súilleabháin")  # no reason yet
    cancelled_late(db, june, "Priya", "Patel", "Work pressures")
    early = book(db, june, "Tom", "Hughes")
    assert not bookings.cancel(db, early.id, now=june.start - timedelta(days=30)).late
    mark(db, june, [(book(db, june, "Zoë", "Adams"), Attendance.ATTENDED)])
    single = run_session(db, local(2023, 1, 10, 9, 30), agency=Agency.SINGLE)
    absent(db, single, "Grace", "Mensah", "Safeguarding emergency")
    # A retired reason still shows where it was given; a retired one never given does not.
    retired = absent(db, single, "Ben", "Carter", "Did not know about the booking")
    assert retired
    by_label = {r.label: r for r in list_reasons(db)}
    for label in ("Did not know about the booking", "No reason given"):
        save_reason(db, reason_id=by_label[label].id, label=label, active=False)
    # Not in 2022-23: the year before, a cancelled session, and a session not yet run.
    earlier = run_session(db, local(2021, 11, 3, 9, 30))
    absent(db, earlier, "Ada", "Lovelace", "Illness")
    upcoming = run_session(db, REPORT_NOW + timedelta(days=1))
    cancelled_late(db, upcoming, "Alan", "Turing", "Illness")

    report = compute(db, Y2223, years=2, now=REPORT_NOW)

    table = reasons(report)
    assert table["Illness"] == (2, 0, 2)
    assert table["Work pressures"] == (0, 1, 1)
    assert table["Safeguarding emergency"] == (1, 0, 1)
    assert table["Did not know about the booking"] == (1, 0, 1)
    assert "No reason given" not in table
    assert table[NO_REASON] == (1, 0, 1)
    assert [r.reason for r in report.non_attendance][-1] == NO_REASON
    active = [r.label for r in list_reasons(db)]
    shown = [r.reason for r in report.non_attendance]
    assert [label for label in shown if label in active] == active  # the list's own order
    total = report.non_attendance_total()
    assert (total.absences, total.late_cancellations, total.total) == (5, 1, 6)

    before = compute(db, FinancialYear(2021), years=1, now=REPORT_NOW)
    assert reasons(before)["Illness"] == (1, 0, 1)
    assert before.non_attendance_total().total == 1


def test_walk_ins_are_counted_per_year_within_bookings_and_attendances(db):
    last_year = run_session(db, local(2021, 9, 7, 9, 30))
    walk_in(db, last_year, "Amara", "Okafor")
    this_year = run_session(db, local(2022, 9, 6, 9, 30))
    mark(db, this_year, [(book(db, this_year, "Zoë", "Adams"), Attendance.ABSENT)])
    walk_in(db, this_year, "Łukasz", "Nowak")
    walk_in(db, this_year, "Priya", "Patel")
    bespoke = run_session(db, local(2022, 10, 4, 9, 30), agency=Agency.SINGLE)
    walk_in(db, bespoke, "Grace", "Mensah")

    report = compute(db, Y2223, years=2, now=REPORT_NOW)

    multi = {m.year: m for m in report.multi_agency}
    assert (multi["2021-22"].bookings, multi["2021-22"].walk_ins) == (1, 1)
    assert (multi["2022-23"].bookings, multi["2022-23"].attendances) == (3, 2)
    assert multi["2022-23"].walk_ins == 2
    single = {s.year: s for s in report.single_agency}
    assert (single["2022-23"].booking_attendances, single["2022-23"].walk_ins) == (1, 1)
    assert single["2021-22"].walk_ins == 0
    assert report.walk_ins_change_pct() == {"multi_agency": 100.0, "single_agency": None}


def test_the_year_boundary_is_31_march_in_london(db):
    # 23:30 on 31 March 2023 in London is 2022-23; 00:30 on 1 April is 2023-24 (still
    # 31 March in UTC).
    last_evening = run_session(db, local(2023, 3, 31, 23, 30))
    first_night = run_session(db, local(2023, 4, 1, 0, 30))
    assert first_night.start.date().isoformat() == "2023-03-31"
    for s, name in ((last_evening, "Okafor"), (first_night, "Nowak")):
        absent(db, s, "Amara", name, "Illness")
        cancelled_late(db, s, "Priya", name, "Work pressures")
        walk_in(db, s, "Grace", name)

    report = compute(db, FinancialYear(2023), years=2, now=REPORT_NOW)

    assert [m.walk_ins for m in report.multi_agency] == [1, 1]
    assert reasons(report)["Illness"] == (1, 0, 1)
    assert reasons(report)["Work pressures"] == (0, 1, 1)
    earlier = compute(db, Y2223, years=1, now=REPORT_NOW)
    assert reasons(earlier)["Illness"] == (1, 0, 1)
    assert reasons(earlier)["Work pressures"] == (0, 1, 1)


def test_the_json_contract_is_unchanged_and_the_exports_carry_the_new_tables(db, tmp_path):
    june = run_session(db, local(2022, 6, 14, 9, 30))
    absent(db, june, "Amara", "Okafor", "Illness")
    cancelled_late(db, june, "Priya", "Patel")
    walk_in(db, june, "Grace", "Mensah")
    report = compute(db, Y2223, years=2, now=REPORT_NOW)

    shown = report.to_dict()
    assert list(shown) == ["years", "multi_agency", "single_agency", "attendance_by_sector",
                           "change_pct", "engagement", "warnings"]
    assert shown["multi_agency"]["2022-23"] == {
        "courses_run": 1, "bookings": 2, "attendances": 1, "booking_attendance_pct": 50.0}
    again = WorkforceReport.from_dict(shown)
    assert again.non_attendance == () and again.to_dict() == shown
    assert [m.walk_ins for m in again.multi_agency] == [0, 0]

    text = render_text(report)
    lines = text.splitlines()
    heading = lines.index(next(x for x in lines if x.startswith("Reasons for non-attendance")))
    assert lines[heading].split() == ["Reasons", "for", "non-attendance", "2022-23", "Absences",
                                      "Late", "cancellations", "Total"]
    body = lines[heading + 2:]
    assert next(x for x in body if x.startswith("Illness")).split()[-3:] == ["1", "0", "1"]
    assert next(x for x in body if x.startswith(NO_REASON)).split()[-3:] == ["0", "1", "1"]
    assert next(x for x in body if x.startswith("Total")).split() == ["Total", "1", "1", "2"]
    walk_row = next(x for x in lines if x.strip().startswith("of which walk-ins"))
    assert walk_row.split()[-3:] == ["0", "1", "n/a"]

    write_csv(report, tmp_path / "report.csv")
    with open(tmp_path / "report.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    # One tidy table: every value under its year, no second header inside it.
    assert rows[0] == ["Section", "Figure", "2021-22", "2022-23", "Change on previous year %"]
    assert all(len(r) == len(rows[0]) for r in rows)
    section = "Reasons for non-attendance"
    assert [section, "Illness: absences", "", "1", ""] in rows
    assert [section, f"{NO_REASON}: late cancellations", "", "1", ""] in rows
    assert [section, "Total: total", "", "2", ""] in rows
    assert ["Multi-agency training", "Of which walk-ins (in bookings and attendances)",
            "0", "1", ""] in rows
    import pandas as pd

    frame = pd.read_csv(tmp_path / "report.csv", encoding="utf-8-sig")
    assert list(frame.columns) == rows[0]
    pd.to_numeric(frame["2022-23"][frame["Section"] != "Warning"])  # no text under a year

    write_xlsx(report, tmp_path / "report.xlsx")
    book = load_workbook(tmp_path / "report.xlsx")
    assert book.sheetnames == ["Workforce 2022-23", "Non-attendance 2022-23"]
    values = [[c.value for c in row] for row in book["Non-attendance 2022-23"].iter_rows()]
    assert values[0] == ["Reason", "Absences", "Late cancellations", "Total"]
    assert ["Illness", 1, 0, 1] in values and ["Total", 1, 1, 2] in values
    figures = [[c.value for c in row] for row in book["Workforce 2022-23"].iter_rows()]
    assert not any(r[1] == "Reason" for r in figures)
    assert book["Non-attendance 2022-23"]["A1"].font.bold

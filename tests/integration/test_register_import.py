"""Importing the booking register: what lands in the database, and importing again changes nothing."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from pscp_training.domain.enums import Attendance, BookingStatus, SessionStatus
from pscp_training.domain.errors import Cancelled
from pscp_training.services.bookings import bookings
from pscp_training.services.imports.register_import import import_register
from pscp_training.services.people import people
from pscp_training.services.sessions import catalogue
from tests.integration.register_data import (
    BASE_ROW,
    generate_register,
    headcount_row,
    row,
    session_row,
    snapshot,
    write_rows,
)


def _sessions(db):
    return {(s.course_code, s.start): s for s in catalogue.list_sessions(db)}


def _bookings(db, session_id):
    return {b.email or b.last_name: b for b in bookings.list_bookings(db, session_id)}


def test_a_register_becomes_sessions_bookings_and_headcounts(db, tmp_path):
    rows = [
        row(),
        row(first_name="Amir", last_name="Khan", email="", job_role="Nurse",
            organisation="Solent NHS Trust", sector="Health", attendance="dna"),
        row(first_name="Mei", last_name="Chen", email="mei@example.org", walk_in="yes",
            booked_at=""),
        row(first_name="Olu", last_name="Ade", email="olu@example.org",
            booking_status="cancelled", cancelled_at="2022-09-13 16:00", attendance=""),
        row(first_name="Ffion", last_name="Hughes", email="ffion@example.org",
            booking_status="waitlisted", attendance=""),
        headcount_row(),
        session_row(session_start="2023-02-01", session_end="", capacity=""),
    ]
    summary = import_register(db, write_rows(tmp_path / "register.csv", rows))
    assert summary.added == {"courses": 2, "sessions": 3, "delegates": 5, "organisations": 3,
                             "sectors": 0, "bookings": 5, "headcounts": 1}
    assert summary.rows == 7 and not summary.dry_run

    sessions = _sessions(db)
    # 09:30 in London in September is 08:30 UTC (summer time); a date alone is 09:00.
    dsl = sessions[("DSL-L3", datetime(2022, 9, 14, 8, 30, tzinfo=UTC))]
    assert (dsl.booked, dsl.waitlisted, dsl.attended) == (3, 1, 2)
    assert (dsl.capacity, dsl.venue, dsl.trainers) == (20, "Civic Offices", "Ann Smith")
    empty = sessions[("DSL-L3", datetime(2023, 2, 1, 9, 0, tzinfo=UTC))]
    assert (empty.booked, empty.capacity, empty.end) == (0, None, None)
    inset = sessions[("INSET", datetime(2022, 9, 14, 8, 30, tzinfo=UTC))]
    assert inset.commissioning_organisation == "Mayfield School"

    by_person = _bookings(db, dsl.id)
    assert by_person["zoe.obrien@example.org"].attendance is Attendance.ATTENDED
    assert by_person["zoe.obrien@example.org"].booked_at == datetime(2022, 8, 1, 9, 0, tzinfo=UTC)
    assert by_person["Khan"].attendance is Attendance.ABSENT
    assert by_person["Khan"].organisation == "Solent NHS Trust" and by_person["Khan"].sector == "Health"
    assert by_person["mei@example.org"].walk_in and by_person["mei@example.org"].booked_at is None
    cancelled = by_person["olu@example.org"]
    assert cancelled.status is BookingStatus.CANCELLED and cancelled.late_cancellation
    waiting = by_person["ffion@example.org"]
    assert (waiting.status, waiting.waitlist_position) == (BookingStatus.WAITLISTED, 1)
    khan = people.search_delegates(db, "Khan")[0]
    assert (khan.job_role, khan.organisation, khan.sector) == ("Nurse", "Solent NHS Trust", "Health")


def test_importing_the_same_file_again_changes_nothing(db, tmp_path):
    rows = [row(), row(), headcount_row(), headcount_row(),
            row(email="", first_name="Amir", last_name="Khan", booking_status="waitlisted",
                attendance="")]
    path = write_rows(tmp_path / "register.csv", rows)
    first = import_register(db, path)
    assert first.merged_duplicates == 2 and first.added["bookings"] == 2
    before = snapshot(db)
    again = import_register(db, path)
    assert not again.changed
    assert set(again.added.values()) == {0} and set(again.updated.values()) == {0}
    assert "nothing changed" in "\n".join(again.lines())
    assert snapshot(db) == before


def test_a_dry_run_says_what_would_change_and_writes_nothing(db, tmp_path):
    path = write_rows(tmp_path / "register.csv", [row(), headcount_row()])
    before = snapshot(db)
    dry = import_register(db, path, dry_run=True)
    assert dry.dry_run and dry.added["bookings"] == 1 and dry.added["headcounts"] == 1
    assert "Dry run: nothing was written" in "\n".join(dry.lines())
    assert snapshot(db) == before
    real = import_register(db, path)
    assert (real.added, real.updated) == (dry.added, dry.updated)


def test_changed_rows_update_records_in_place(db, tmp_path):
    import_register(db, write_rows(tmp_path / "first.csv", [row(attendance=""), headcount_row()]))
    session = next(iter(_sessions(db).values()))
    booking = _bookings(db, session.id)["zoe.obrien@example.org"]
    changed = [row(attendance="attended", venue="Guildhall", job_role="Head teacher"),
               headcount_row(headcount="28")]
    summary = import_register(db, write_rows(tmp_path / "second.csv", changed))
    assert summary.added == dict.fromkeys(summary.added, 0)
    assert {k: v for k, v in summary.updated.items() if v} == {
        "sessions": 1, "delegates": 1, "bookings": 1, "headcounts": 1}
    after = _bookings(db, session.id)["zoe.obrien@example.org"]
    assert after.id == booking.id and after.attendance is Attendance.ATTENDED
    assert after.version == booking.version + 1
    assert catalogue.get_session(db, session.id).venue == "Guildhall"
    assert people.get_delegate(db, after.delegate_id).job_role == "Head teacher"


def test_waiting_list_places_follow_the_file_and_continue_after_stored_ones(db, tmp_path):
    waiting = dict(booking_status="waitlisted", attendance="")
    first = [row(email="a@example.org", **waiting), row(email="b@example.org", **waiting)]
    import_register(db, write_rows(tmp_path / "first.csv", first))
    later = [row(email="c@example.org", **waiting), row(email="a@example.org", **waiting)]
    import_register(db, write_rows(tmp_path / "later.csv", later))
    session = next(iter(_sessions(db).values()))
    places = {e: b.waitlist_position for e, b in _bookings(db, session.id).items()}
    assert places == {"a@example.org": 1, "b@example.org": 2, "c@example.org": 3}


def test_a_cancelled_session_and_its_bookings_are_kept_as_recorded(db, tmp_path):
    rows = [row(session_status="cancelled", booking_status="cancelled", attendance="",
                cancelled_at="2022-09-01 12:00")]
    import_register(db, write_rows(tmp_path / "register.csv", rows))
    session = next(iter(_sessions(db).values()))
    assert session.status is SessionStatus.CANCELLED and session.booked == 0
    booking = _bookings(db, session.id)["zoe.obrien@example.org"]
    assert booking.status is BookingStatus.CANCELLED and not booking.late_cancellation


def test_a_new_sector_is_added_with_a_warning_and_extra_columns_are_named(db, tmp_path):
    columns = [*BASE_ROW, "Notes"]
    rows = [row(sector="Faith Groups", organisation="St Mary's Church", notes="x")]
    summary = import_register(db, write_rows(tmp_path / "register.csv", rows, columns=columns))
    assert summary.added["sectors"] == 1
    assert "Faith Groups" in [s.name for s in people.list_sectors(db)]
    assert any("'Faith Groups'" in w and "line 2" in w for w in summary.warnings)
    assert any("'Notes'" in w and "ignored" in w for w in summary.warnings)


def test_bookings_over_capacity_are_kept_with_a_warning(db, tmp_path):
    rows = [row(capacity="1"), row(capacity="1", email="b@example.org", walk_in="yes")]
    summary = import_register(db, write_rows(tmp_path / "register.csv", rows))
    assert next(iter(_sessions(db).values())).booked == 2
    assert any("2 confirmed places for a capacity of 1" in w for w in summary.warnings)


def test_disagreeing_details_keep_the_last_row_and_warn(db, tmp_path):
    rows = [row(course_title="DSL Level Three", venue="Guildhall"),
            row(email="b@example.org", venue="Civic Offices")]
    summary = import_register(db, write_rows(tmp_path / "register.csv", rows))
    session = next(iter(_sessions(db).values()))
    assert (session.course_title, session.venue) == ("DSL Level 3", "Civic Offices")
    assert any("lines 2 and 3" in w and "DSL-L3" in w for w in summary.warnings)
    assert any("lines 2 and 3" in w and "same session" in w for w in summary.warnings)


def test_header_case_spaces_synonyms_and_formula_guards_are_understood(db, tmp_path):
    columns = [f"  {c.upper()} " for c in BASE_ROW]
    rows = [row(delivery="In Person", attendance="YES", booking_status=" Booked ",
                first_name="'=Zoë", last_name="'Brien")]
    import_register(db, write_rows(tmp_path / "register.csv", rows, columns=columns))
    session = next(iter(_sessions(db).values()))
    booking = next(iter(_bookings(db, session.id).values()))
    assert (booking.first_name, booking.last_name) == ("=Zoë", "'Brien")
    assert booking.attendance is Attendance.ATTENDED


def test_a_windows_1252_file_is_read_with_a_warning(db, tmp_path):
    path = write_rows(tmp_path / "excel.csv", [row(first_name="Zoë", last_name="Núñez")],
                      encoding="cp1252")
    summary = import_register(db, path)
    assert any("Windows-1252" in w for w in summary.warnings)
    assert people.search_delegates(db, "Núñez")[0].first_name == "Zoë"


def test_a_utf8_byte_order_mark_is_accepted_silently(db, tmp_path):
    path = write_rows(tmp_path / "bom.csv", [row()], encoding="utf-8-sig")
    summary = import_register(db, path)
    assert summary.warnings == () and summary.added["bookings"] == 1


def test_an_xlsx_with_date_cells_reads_its_first_sheet_and_says_so(db, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Register"
    sheet.append(list(BASE_ROW))
    values = row(capacity=20)
    values["session_start"] = datetime(2022, 9, 14, 9, 30)
    values["session_end"] = datetime(2022, 9, 14, 12, 30)
    values["booked_at"] = datetime(2022, 8, 1)  # a date cell at 00:00 is midnight
    sheet.append([values[c] or None for c in BASE_ROW])
    book.create_sheet("Notes").append(["not read"])
    path = tmp_path / "register.xlsx"
    book.save(path)
    summary = import_register(db, path)
    assert any("'Register'" in w and "'Notes'" in w and "first" in w for w in summary.warnings)
    session = next(iter(_sessions(db).values()))
    assert session.start == datetime(2022, 9, 14, 8, 30, tzinfo=UTC) and session.capacity == 20
    booking = next(iter(_bookings(db, session.id).values()))
    assert booking.booked_at == datetime(2022, 7, 31, 23, 0, tzinfo=UTC)


def test_blank_lines_keep_the_line_numbers_a_spreadsheet_shows(db, tmp_path):
    path = write_rows(tmp_path / "gaps.csv", [row()])
    with path.open("a", encoding="utf-8") as handle:
        handle.write(",,,,\n\n")
    write_rows(tmp_path / "bad.csv", [row(agency="mult")])
    bad_line = (tmp_path / "bad.csv").read_text(encoding="utf-8").splitlines()[1]
    with path.open("a", encoding="utf-8") as handle:
        handle.write(bad_line + "\n")
    from pscp_training.domain.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as failed:
        import_register(db, path)
    assert [(p.line, p.column) for p in failed.value.problems] == [(5, "agency")]


def test_a_register_of_thousands_of_rows_lands_whole(db, tmp_path):
    path = generate_register(tmp_path / "big.csv", 3000)
    steps = []
    lines = len(path.read_text(encoding="utf-8").splitlines())
    summary = import_register(db, path, progress=lambda done, total: steps.append((done, total)) or True)
    assert summary.rows == lines - 1 >= 3000 and summary.added["courses"] == 12
    assert steps[-1][0] == steps[-1][1] and [d for d, _ in steps] == sorted(d for d, _ in steps)
    sessions = catalogue.list_sessions(db)
    assert len(sessions) == summary.added["sessions"]
    named = sum(s.booked + s.waitlisted for s in sessions)
    with db.read() as session:
        from sqlalchemy import func, select

        from pscp_training.db.models import Booking, Headcount
        total = session.scalar(select(func.count()).select_from(Booking))
        headcounts = session.scalar(select(func.count()).select_from(Headcount))
    assert total == summary.added["bookings"] and named <= total
    assert headcounts == summary.added["headcounts"]
    assert summary.added["bookings"] + summary.added["headcounts"] + summary.merged_duplicates == (
        summary.rows
    )
    assert not import_register(db, path).changed


def test_stopping_an_import_keeps_nothing(db, tmp_path):
    path = generate_register(tmp_path / "big.csv", 500)
    before = snapshot(db)
    with pytest.raises(Cancelled):
        import_register(db, path, progress=lambda done, total: done < total * 3 // 4)
    assert snapshot(db) == before


FIXTURES = Path(__file__).parent.parent / "fixtures" / "register"


def test_a_register_saved_by_excel_on_windows_keeps_its_accents(db):
    # Saved as "CSV (Comma delimited)": Windows-1252, CRLF, curly apostrophes, an en dash, £.
    summary = import_register(db, FIXTURES / "excel-windows-1252.csv")
    assert any("Windows-1252" in w for w in summary.warnings)
    session = next(iter(_sessions(db).values()))
    assert session.course_title == "Neglect – recognising and responding"
    assert session.venue == "St Mary’s Community Centre" and session.trainers == "Siân Evans"
    names = {(b.first_name, b.last_name): b for b in bookings.list_bookings(db, session.id)}
    assert set(names) == {("Zoë", "Núñez"), ("Siobhán", "O’Connor"), ("François", "Müller")}
    assert names[("Siobhán", "O’Connor")].attendance is Attendance.ABSENT
    assert names[("François", "Müller")].organisation == "Café Youth Project"
    assert people.search_delegates(db, "Müller")[0].job_role == "Youth Worker (£ funded)"


def test_an_imported_register_gives_the_report_a_careful_hand_count_gives(db, tmp_path):
    from pscp_training.domain.years import FinancialYear
    from pscp_training.reports.workforce import compute

    a = {"session_start": "2022-09-14 09:30"}
    rows = [
        row(**a),  # booked, attended, Education
        row(**a, email="amir@example.org", organisation="Solent NHS Trust", sector="Health",
            attendance="absent"),
        row(**a, email="mei@example.org", walk_in="yes"),  # a walk-in counts as a booking
        row(**a, email="olu@example.org", booking_status="cancelled", attendance=""),
        row(**a, email="ffion@example.org", booking_status="waitlisted", attendance=""),
        row(**a, email="ben@example.org", booking_status="substituted", attendance=""),
        # 31 March late evening is still 2022-23; 1 April just after midnight is 2023-24.
        row(session_start="2023-03-31 23:30", session_end="", sector="Police",
            organisation="Hampshire Constabulary"),
        row(session_start="2023-04-01 00:30", session_end=""),
        # A cancelled session does not count, nor do its bookings.
        row(session_start="2022-10-01 09:30", session_end="", session_status="cancelled"),
        # An unmarked register: the booking counts, the attendance does not, and a warning.
        row(session_start="2023-01-10 09:30", session_end="", attendance=""),
        headcount_row(session_start="2022-06-01 09:00"),
        headcount_row(session_start="2022-06-01 09:00", organisation="Mayfield Nursery",
                      sector="Early Years", headcount="4"),
        row(course_code="INSET", course_title="Inset: safeguarding", agency="single",
            commissioning_organisation="Mayfield School", session_start="2022-06-01 09:00"),
    ]
    import_register(db, write_rows(tmp_path / "register.csv", rows))
    report = compute(db, FinancialYear(2022), years=2,
                     now=datetime(2024, 1, 1, tzinfo=UTC)).to_dict()
    assert report["multi_agency"]["2022-23"] == {
        "courses_run": 3, "bookings": 5, "attendances": 3, "booking_attendance_pct": 60.0}
    assert report["single_agency"]["2022-23"] == {"courses_run": 1, "booking_attendances": 35}
    by_sector = report["attendance_by_sector"]["2022-23"]
    assert (by_sector["Education"], by_sector["Police"], by_sector["Health"]) == (2, 1, 0)
    assert any("10 Jan 2023" in w or "January 2023" in w or "2023-01-10" in w
               for w in report["warnings"]), report["warnings"]

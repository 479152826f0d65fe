"""Registers as Excel and LibreOffice really save them: encodings, separators, dates, sheets.

Every file is made here the way the program that saves it writes it: Windows-1252
with lost letters, semicolons and UK dates (European Excel), UTF-16 "Unicode
Text" with tabs, serial and midnight date cells, hidden sheets, title rows.
"""

import csv
import io
import tracemalloc
from datetime import UTC, datetime

import pandas as pd
import pytest
from openpyxl import Workbook

from pscp_training.domain.enums import BookingStatus
from pscp_training.domain.errors import ValidationFailed
from pscp_training.register.columns import BOOKING_COLUMN_NAMES
from pscp_training.register.reading import MAX_COLUMNS, read_table
from pscp_training.services.bookings import bookings
from pscp_training.services.imports.register_import import import_register
from pscp_training.services.sessions import catalogue
from tests.integration.register_data import row, snapshot, write_rows

PAWEL = row(first_name="Paweł", last_name="Wiśniewski", email="pawel@example.org",
            organisation="Szkoła Łódź Academy")
ZOE = row(first_name="Zoë", last_name="Nguyễn", email="", booked_at="2022-08-02 10:00")


def _csv_text(rows: list[dict], sep: str = ",", columns=BOOKING_COLUMN_NAMES) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(columns)
    for values in rows:
        writer.writerow([values.get(c, "") for c in columns])
    return out.getvalue()


def _refused(db, path, **options) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as failed:
        import_register(db, path, **options)
    return failed.value


def _only_booking(db):
    session = catalogue.list_sessions(db)[0]
    return session, bookings.list_bookings(db, session.id)


# --- lossy and damaged copies --------------------------------------------------------------


def test_a_windows_1252_copy_that_lost_letters_is_refused_and_changes_nothing(db, tmp_path):
    import_register(db, write_rows(tmp_path / "first.csv", [PAWEL, ZOE]))
    before = snapshot(db)
    lossy = tmp_path / "saved by excel.csv"  # "CSV (Comma delimited)": ł, ś, ễ become ?
    lossy.write_bytes(_csv_text([PAWEL, ZOE]).encode("cp1252", errors="replace"))
    for dry_run in (True, False):
        failed = _refused(db, lossy, dry_run=dry_run)
        named = {(p.line, p.column, p.value) for p in failed.problems}
        assert (2, "first_name", "Pawe?") in named  # matched by email: an update refused
        assert (2, "organisation", "Szko?a ?ód? Academy") in named
        assert (3, "last_name", "Nguy?n") in named  # no email: a new delegate refused
        assert all("CSV UTF-8" in p.message for p in failed.problems if p.line)
        assert "Paweł" in next(p.message for p in failed.problems if p.value == "Pawe?")
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "damaged",
    ["PaweÅ‚", "Pawe³", "Pawe\ufffd", "Pawel"],  # UTF-8 read as 1252, Latin-2 as 1252, lost
)
def test_every_kind_of_damaged_copy_is_refused(db, tmp_path, damaged):
    import_register(db, write_rows(tmp_path / "first.csv", [PAWEL]))
    failed = _refused(db, write_rows(tmp_path / "again.csv", [{**PAWEL, "first_name": damaged}]))
    assert [(p.line, p.column) for p in failed.problems] == [(2, "first_name")]


def test_adding_accents_is_a_correction_and_a_dry_run_lists_every_change(db, tmp_path):
    import_register(db, write_rows(tmp_path / "first.csv", [{**PAWEL, "first_name": "Zoe"}]))
    changed = {**PAWEL, "first_name": "Zoë", "venue": "Guildhall", "attendance": "absent"}
    summary = import_register(db, write_rows(tmp_path / "fix.csv", [changed]), dry_run=True)
    assert "Delegate Zoe Wiśniewski: first name 'Zoe' → 'Zoë'" in summary.changes
    assert any("venue 'Civic Offices' → 'Guildhall'" in c for c in summary.changes)
    assert any(c.startswith("Booking of Zoe Wiśniewski on DSL-L3 on 14 Sep 2022 09:30: "
                            "attendance 'attended' → 'absent'") for c in summary.changes)
    assert len(summary.changes) == 3
    text = "\n".join(summary.lines())
    assert "Stored values it would change (3), before and after:" in text
    import_register(db, write_rows(tmp_path / "fix.csv", [changed]))
    assert _only_booking(db)[1][0].first_name == "Zoë"


def test_a_windows_1252_file_holding_every_letter_imports_with_a_warning(db, tmp_path):
    path = tmp_path / "cp1252.csv"
    path.write_bytes(_csv_text([ZOE | {"last_name": "Müller"}]).encode("cp1252"))
    summary = import_register(db, path)
    assert any("Windows-1252" in w for w in summary.warnings)
    assert _only_booking(db)[1][0].last_name == "Müller"


# --- files that are not cleanly one encoding -------------------------------------------------


def _lines_of(failed: ValidationFailed) -> list[int | None]:
    return [p.line for p in failed.problems]


def test_a_file_mixing_utf8_and_another_encoding_is_refused_at_the_first_bad_line(db, tmp_path):
    rows = [row(email=f"p{n}@example.org") for n in range(5)]
    good = _csv_text(rows).encode("utf-8")
    lines = good.split(b"\r\n")
    lines[4] = lines[4].replace(b"Zo\xc3\xab", b"Zo\xeb")  # one person's name in Windows-1252
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\r\n".join(lines))
    failed = _refused(db, path)
    assert _lines_of(failed) == [5] and "mixes two encodings" in failed.problems[0].message
    assert snapshot(db)["bookings"] == []


def test_a_second_byte_order_mark_a_nul_and_a_torn_row_are_refused_naming_the_line(db, tmp_path):
    first = _csv_text([row()]).encode("utf-8-sig")
    pasted = tmp_path / "pasted.csv"
    pasted.write_bytes(first + _csv_text([row(email="b@example.org")]).encode("utf-8-sig"))
    failed = _refused(db, pasted)
    assert _lines_of(failed) == [3] and "second byte-order mark" in failed.problems[0].message

    many = [row(email=f"p{n}@example.org") for n in range(400)]  # well past 64 KiB
    text = _csv_text(many)
    at = text.index("p390@example.org")
    nul = tmp_path / "nul.csv"
    nul.write_bytes((text[:at] + "\x00" + text[at:]).encode("utf-8"))
    assert len(nul.read_bytes()) > 65536
    assert _lines_of(_refused(db, nul)) == [392]

    cut = tmp_path / "cut.csv"
    text = _csv_text([row(), row(email="b@example.org")])
    cut.write_text(text[: text.rindex("2022-08-01 10:00") + len("2022-08-01 10:00")] + "\r\n",
                   encoding="utf-8")
    failed = _refused(db, cut)
    assert _lines_of(failed) == [3] and "cut off" in failed.problems[0].message
    assert snapshot(db)["bookings"] == []


# --- separators, UTF-16, UK and serial dates -----------------------------------------------


def test_semicolons_and_uk_dates_as_european_excel_saves_them(db, tmp_path):
    values = row(session_start="14/09/2022 09:30", session_end="14/09/2022 12:30",
                 booked_at="01/08/2022 10:00", venue="Civic Offices, Room 2")
    path = tmp_path / "semicolons.csv"
    path.write_bytes(_csv_text([values], sep=";").encode("cp1252"))
    summary = import_register(db, path)
    assert any("semicolons" in w for w in summary.warnings)
    session, (booking,) = _only_booking(db)
    assert session.start == datetime(2022, 9, 14, 8, 30, tzinfo=UTC)
    assert session.venue == "Civic Offices, Room 2" and booking.first_name == "Zoë"
    assert booking.booked_at == datetime(2022, 8, 1, 9, 0, tzinfo=UTC)


def test_utf16_unicode_text_with_tabs_as_excel_saves_it(db, tmp_path):
    path = tmp_path / "unicode text.txt.csv"
    path.write_bytes(b"\xff\xfe" + _csv_text([PAWEL, ZOE], sep="\t").encode("utf-16-le"))
    import_register(db, path)
    names = sorted(b.first_name for b in _only_booking(db)[1])
    assert names == ["Paweł", "Zoë"]
    damaged = tmp_path / "damaged.csv"
    damaged.write_bytes(path.read_bytes() + b"\x00\xd8")  # a lone surrogate at the end
    assert _lines_of(_refused(db, damaged)) == [4]


def test_month_first_dates_get_a_summary_and_a_bounded_list(db, tmp_path):
    rows = [row(email=f"p{n}@example.org", booked_at=f"08/{13 + n % 15}/2022 10:00")
            for n in range(300)]
    failed = _refused(db, write_rows(tmp_path / "us.csv", rows))
    summary = failed.problems[0]
    assert summary.column == "booked_at" and summary.line is None
    assert "300 lines" in summary.message and "month first" in summary.message
    listed = [p for p in failed.problems if p.line is not None]
    assert len(listed) == 100 and listed[-1].line == 101
    assert "300 problems in all" in failed.problems[-1].message


def test_serial_dates_are_dates_in_a_workbook_but_a_hint_in_a_csv(db, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(list(BOOKING_COLUMN_NAMES))
    values = row(capacity=20)
    values["session_start"] = 44818.395833333336  # 14/09/2022 09:30 as a number cell
    values["session_end"] = 44818.520833333336
    sheet.append([values[c] or None for c in BOOKING_COLUMN_NAMES])
    path = tmp_path / "serials.xlsx"
    book.save(path)
    import_register(db, path)
    assert _only_booking(db)[0].start == datetime(2022, 9, 14, 8, 30, tzinfo=UTC)

    rows = [row(email=f"p{n}@example.org", session_start=str(44818 + n), session_end="")
            for n in range(6)]
    failed = _refused(db, write_rows(tmp_path / "serials.csv", rows))
    assert "formatted as numbers" in failed.problems[0].message


# --- workbooks: midnight, hidden sheets, title rows, .ods ----------------------------------


def _workbook(path, rows: list[list], *, hidden_first: bool = False, titles=()) -> None:
    book = Workbook()
    sheet = book.active
    if hidden_first:
        sheet.title = "Old register"
        sheet.append(["course_code", "not this one"])
        sheet.sheet_state = "hidden"
        sheet = book.create_sheet("Register")
    for title in titles:
        sheet.append(title)
    for values in rows:
        sheet.append(values)
    book.save(path)


def test_a_midnight_cell_stays_midnight_and_re_imports_unchanged(db, tmp_path):
    header = list(BOOKING_COLUMN_NAMES)
    values = row(capacity=20)
    values["session_start"] = datetime(2022, 9, 14, 9, 30)
    values["booked_at"] = datetime(2022, 6, 1, 0, 0)  # a date cell at midnight
    path = tmp_path / "midnight.xlsx"
    _workbook(path, [header, [values[c] or None for c in header]])
    import_register(db, path)
    booking = _only_booking(db)[1][0]
    assert booking.booked_at == datetime(2022, 5, 31, 23, 0, tzinfo=UTC)  # 00:00 in London
    assert not import_register(db, path).changed


def test_hidden_first_sheet_title_rows_and_spaced_headers(db, tmp_path):
    header = [name.replace("_", " ").title() for name in BOOKING_COLUMN_NAMES]  # Course Code
    good = row()
    bad = row(email="b@example.org", agency="mult")
    path = tmp_path / "titled.xlsx"
    _workbook(path, [header, [good[c] for c in BOOKING_COLUMN_NAMES],
                     [bad[c] for c in BOOKING_COLUMN_NAMES]],
              hidden_first=True, titles=[["Booking register 2022-23"], []])
    failed = _refused(db, path)
    assert [(p.line, p.column) for p in failed.problems] == [(5, "agency")]  # as Excel shows
    table = read_table(path, required=("course_code", "agency"))
    assert table.header_line == 3 and table.lines == [4, 5]
    assert any("hidden" in w and "Old register" in w for w in table.warnings)


def test_an_ods_spreadsheet_is_read(db, tmp_path):
    frame = pd.DataFrame([PAWEL, ZOE], columns=list(BOOKING_COLUMN_NAMES))
    path = tmp_path / "register.ods"
    frame.to_excel(path, index=False, engine="odf", sheet_name="Register")
    import_register(db, path)
    assert sorted(b.first_name for b in _only_booking(db)[1]) == ["Paweł", "Zoë"]
    assert not import_register(db, path).changed


def test_a_csv_with_title_rows_keeps_the_lines_people_see(db, tmp_path):
    path = tmp_path / "titled.csv"
    text = "Booking register\r\nExported 1 June\r\n" + _csv_text([row(), row(agency="x",
                                                                           email="c@d.org")])
    path.write_text(text, encoding="utf-8")
    assert [(p.line, p.column) for p in _refused(db, path).problems] == [(5, "agency")]


# --- memory: tiny files that once took gigabytes -------------------------------------------


def test_a_workbook_stating_a_million_rows_is_read_within_its_real_extent(db, tmp_path):
    header = list(BOOKING_COLUMN_NAMES)
    path = tmp_path / "far cell.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for n in range(300):
        values = row(email=f"p{n}@example.org")
        sheet.append([values[c] or None for c in header])
    sheet.cell(row=1_048_576, column=16_384, value="x")  # XFD1048576
    book.save(path)
    tracemalloc.start()
    try:
        summary = import_register(db, path, dry_run=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert summary.rows == 300 and summary.added["bookings"] == 300
    assert peak < 150 * 2**20, f"{peak / 2**20:.0f} MB"  # it was 3.9 GB


def test_a_header_of_thousands_of_columns_is_refused_before_any_row(db, tmp_path):
    path = tmp_path / "wide.csv"
    names = ",".join(f"c{n}" for n in range(100_000))
    path.write_text(names + "\n" + ",".join("1" for _ in range(100_000)) + "\n")
    failed = _refused(db, path)
    assert f"{MAX_COLUMNS} at most" in failed.problems[0].message
    assert failed.problems[0].line == 1


def test_a_waiting_list_from_a_file_is_numbered_in_booked_at_order(db, tmp_path):
    full = [row(email=f"p{n}@example.org", capacity="1") for n in range(1)]
    waiting = [row(email=f"w{n}@example.org", last_name=f"W{n}", booking_status="waitlisted",
                   attendance="", booked_at=at)
               for n, at in enumerate(["2022-08-03 10:00", "2022-08-01 10:00", "",
                                       "2022-08-02 10:00"])]
    import_register(db, write_rows(tmp_path / "waiting.csv", full + waiting))
    places = {b.last_name: b.waitlist_position for b in _only_booking(db)[1]
              if b.status is BookingStatus.WAITLISTED}
    assert places == {"W1": 1, "W3": 2, "W0": 3, "W2": 4}

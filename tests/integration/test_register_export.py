"""Exporting a year's booking register, and export -> import into an empty database -> same figures."""

import shutil
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from pscp_training.db.engine import Database
from pscp_training.db.models import Organisation, Sector
from pscp_training.domain.errors import InputError
from pscp_training.domain.years import FinancialYear
from pscp_training.register.columns import BOOKING_COLUMN_NAMES
from pscp_training.reports.workforce import compute
from pscp_training.services.bookings import bookings
from pscp_training.services.imports.register_export import export_register
from pscp_training.services.imports.register_import import import_organisations, import_register
from pscp_training.services.sessions import catalogue
from tests.integration.register_data import headcount_row, row, session_row, write_rows

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
YEAR = FinancialYear(2022)


@pytest.fixture
def empty_db(request, db, tmp_path, sqlite_template):
    """A second, empty database of the same kind as `db`."""
    if db.is_sqlite:
        path = tmp_path / "empty.sqlite3"
        shutil.copy(sqlite_template, path)
        other = Database(f"sqlite:///{path}")
        yield other
        other.dispose()
        return
    server = request.getfixturevalue("postgres_server")
    url = server.new_database_url()
    other = Database(url)
    yield other
    other.dispose()
    server.drop(url)


def _figures(db):
    """What a person checks: each session's counts and each booking's details."""
    sessions = {}
    for s in catalogue.list_sessions(db):
        people = sorted(
            (b.first_name, b.last_name, b.email, b.organisation, b.sector, b.status,
             b.waitlist_position, b.booked_at, b.cancelled_at, b.late_cancellation, b.walk_in,
             b.attendance)
            for b in bookings.list_bookings(db, s.id)
        )
        sessions[(s.course_code, s.start)] = (
            s.course_title, s.course_category, s.agency, s.end, s.delivery, s.venue, s.capacity,
            s.trainers, s.status, s.commissioning_organisation, s.booked, s.waitlisted,
            s.attended, people,
        )
    return sessions


TRICKY = [
    row(first_name="=HYPERLINK(\"http://x\")", last_name="-Smith", job_role="@home"),
    # Booked in the hour the clocks went back (01:30 happened twice that night).
    row(first_name="Łukasz", last_name="Nguyễn", email="lukasz@example.org", attendance="absent",
        booked_at="2021-10-31 01:30+00:00"),
    row(first_name="Siobhán", last_name="O'Neill", email="", booking_status="waitlisted",
        attendance=""),
    row(first_name="Kwame", last_name="Mensah", email="kwame@example.org",
        booking_status="cancelled", cancelled_at="2022-09-13 08:15:30", attendance=""),
    row(first_name="Ana", last_name="Silva", email="ana@example.org", walk_in="yes", booked_at=""),
    row(first_name="Ben", last_name="Ode", email="ben@example.org", booking_status="substituted",
        attendance=""),
    headcount_row(),
    headcount_row(organisation="Mayfield Nursery", sector="Early Years", headcount="4"),
    session_row(course_code="EH-FSP", course_title="Family Support Plan", session_start="2023-03-01",
                session_end="", session_status="cancelled", capacity="", venue="+44 Room", trainer=""),
]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_into_an_empty_database_gives_the_same_register(
    db, empty_db, tmp_path, suffix
):
    import_register(db, write_rows(tmp_path / "source.csv", TRICKY))
    out = tmp_path / f"register{suffix}"
    assert export_register(db, YEAR, out) == len(TRICKY)
    summary = import_register(empty_db, out)
    assert summary.warnings == ()
    assert _figures(empty_db) == _figures(db)
    assert compute(empty_db, YEAR, now=NOW).to_dict() == compute(db, YEAR, now=NOW).to_dict()
    assert not import_register(db, out).changed


def test_the_csv_export_has_a_byte_order_mark_and_no_runnable_formulas(db, tmp_path):
    import_register(db, write_rows(tmp_path / "source.csv", TRICKY))
    out = tmp_path / "register.csv"
    export_register(db, YEAR, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(BOOKING_COLUMN_NAMES)
    assert "Łukasz,Nguyễn" in text
    assert "'-Smith" in text and "'@home" in text and "'+44 Room" in text
    assert '"\'=HYPERLINK(""http://x"")"' in text
    assert "O'Neill" in text and "''" not in text
    assert "2022-09-13 08:15:30" in text  # seconds kept when there are any
    assert "2021-10-31 01:30+00:00" in text  # the second 01:30 of the night clocks go back


def test_the_xlsx_export_has_date_cells_and_guarded_text(db, tmp_path):
    import_register(db, write_rows(tmp_path / "source.csv", TRICKY))
    out = tmp_path / "register.xlsx"
    export_register(db, YEAR, out)
    sheet = load_workbook(out).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == list(BOOKING_COLUMN_NAMES)
    first = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert first["session_start"] == datetime(2022, 9, 14, 9, 30)
    assert first["capacity"] == 20
    names = {sheet.cell(r, 13).value for r in range(2, sheet.max_row + 1)}
    assert "'=HYPERLINK(\"http://x\")" in names
    assert not any(str(c.value).startswith("=") for r in sheet.iter_rows() for c in r if c.value)


def test_a_session_belongs_to_the_year_of_its_local_start(db, tmp_path):
    rows = [session_row(session_start="2023-03-31 23:30", session_end=""),
            session_row(session_start="2023-04-01 00:30", session_end="")]
    import_register(db, write_rows(tmp_path / "source.csv", rows))
    for year, start in ((FinancialYear(2022), "2023-03-31 23:30"),
                        (FinancialYear(2023), "2023-04-01 00:30")):
        out = tmp_path / f"{year}.csv"
        assert export_register(db, year, out) == 1
        assert start in out.read_text(encoding="utf-8-sig")


def test_an_export_to_another_kind_of_file_is_refused(db, tmp_path):
    with pytest.raises(InputError, match=r"\.csv or \.xlsx"):
        export_register(db, YEAR, tmp_path / "register.txt")
    assert not (tmp_path / "register.txt").exists()


def _organisation_register(db, path):
    with db.read() as session:
        rows = session.execute(
            select(Organisation.name, Sector.name, Organisation.org_type)
            .join(Sector, Organisation.sector_id == Sector.id)
            .where(Organisation.registered.is_(True))
        ).all()
    lines = ["name,sector,type"] + [f'"{n}","{s}","{t or ""}"' for n, s, t in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_demo_years_exported_and_imported_into_an_empty_database_give_the_same_report(
    only_sqlite, db, empty_db, tmp_path
):
    from pscp_training.services.demo import load_demo

    load_demo(db, now=NOW)
    import_organisations(empty_db, _organisation_register(db, tmp_path / "organisations.csv"))
    for start in (2020, 2021, 2022):
        out = tmp_path / f"register-{start}.xlsx" if start == 2021 else tmp_path / f"r{start}.csv"
        export_register(db, FinancialYear(start), out)
        import_register(empty_db, out)
        assert not import_register(db, out).changed
    before = compute(db, YEAR, now=NOW).to_dict()
    assert before["multi_agency"]["2022-23"]["attendances"] == 1416
    assert compute(empty_db, YEAR, now=NOW).to_dict() == before

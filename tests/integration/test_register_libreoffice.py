"""The demo year exported, opened and saved by LibreOffice, imported back: no figure moves.

Needs `soffice` (Debian: libreoffice-calc-nogui); skipped with the reason where it is absent.
"""

import shutil
import subprocess
from datetime import UTC, datetime

import pytest

from pscp_training.domain.errors import ValidationFailed
from pscp_training.domain.years import FinancialYear
from pscp_training.reports.workforce import compute
from pscp_training.services.imports.register_export import export_register
from pscp_training.services.imports.register_import import import_register

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
YEAR = FinancialYear(2022)
PUBLISHED = (1766, 1416, 1506)  # the 2022-23 annual report: bookings, attendances, single

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)
UTF8_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1"  # comma, quote, UTF-8, from line 1
WINDOWS_CSV = "csv:Text - txt - csv (StarCalc):44,34,1,1"  # the same in Windows-1252


def _figures(db) -> tuple[int, int, int]:
    report = compute(db, YEAR, now=NOW).to_dict()
    multi = report["multi_agency"]["2022-23"]
    return multi["bookings"], multi["attendances"], \
        report["single_agency"]["2022-23"]["booking_attendances"]


def _convert(source, target_format: str, folder, tmp_path, infilter: str | None = None):
    folder.mkdir(exist_ok=True)
    command = [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
               "--convert-to", target_format, "--outdir", str(folder), str(source)]
    if infilter:
        command[2:2] = [f"--infilter={infilter}"]
    subprocess.run(command, check=True, capture_output=True, timeout=240)
    suffix = target_format.split(":")[0]
    converted = folder / f"{source.stem}.{suffix}"
    assert converted.is_file(), f"LibreOffice did not write {converted}"
    return converted


def test_round_trips_through_libreoffice_leave_the_published_figures(only_sqlite, db, tmp_path):
    from pscp_training.services.demo import load_demo

    load_demo(db, now=NOW)
    assert _figures(db) == PUBLISHED
    exported_csv, exported_xlsx = tmp_path / "register.csv", tmp_path / "register.xlsx"
    export_register(db, YEAR, exported_csv)
    export_register(db, YEAR, exported_xlsx)

    saved = [
        _convert(exported_csv, "xlsx", tmp_path / "from-csv", tmp_path, "CSV:44,34,76,1"),
        _convert(exported_xlsx, UTF8_CSV, tmp_path / "from-xlsx", tmp_path),
        _convert(exported_xlsx, "ods", tmp_path / "ods", tmp_path),
    ]
    for path in saved:
        summary = import_register(db, path, dry_run=True)
        assert not summary.changed and summary.changes == (), (path.name, summary.changes[:5])
        import_register(db, path)
        assert _figures(db) == PUBLISHED, path.name

    # Saved as a Windows-1252 CSV, the Polish and Vietnamese letters become '?': refused.
    lossy = _convert(exported_xlsx, WINDOWS_CSV, tmp_path / "lossy", tmp_path)
    with pytest.raises(ValidationFailed) as failed:
        import_register(db, lossy)
    assert any("damaged copy" in p.message for p in failed.value.problems)
    assert _figures(db) == PUBLISHED


def test_an_ods_saved_by_libreoffice_with_a_hidden_first_sheet_and_title_rows(tmp_path):
    from openpyxl import Workbook

    from pscp_training.register.reading import read_table

    book = Workbook()
    old = book.active
    old.title = "Old register"
    old.append(["course_code", "not this one"])
    old.sheet_state = "hidden"
    sheet = book.create_sheet("Register")
    sheet.append(["Booking register 2022-23"])
    sheet.append([])
    sheet.append(["Course Code", "Agency", "Session Start"])
    sheet.append(["DSL-L3", "multi", datetime(2022, 9, 14, 0, 0)])
    source = tmp_path / "titled.xlsx"
    book.save(source)
    ods = _convert(source, "ods", tmp_path / "ods", tmp_path)
    table = read_table(ods, required=("course_code", "agency"))
    assert table.header_line == 3 and table.lines == [4]
    assert table.rows == [["DSL-L3", "multi", "2022-09-14 00:00"]]  # midnight stays midnight
    assert any("Old register" in w for w in table.warnings)

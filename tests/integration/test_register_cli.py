"""`pscp-training import register|organisations` and `export register` as scripts run them."""

import os
import subprocess
import sys

from pscp_training.cli import main
from tests.integration.register_data import row, write_rows


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_good_register_is_imported_with_a_summary_and_exported(
    only_sqlite, db_url, tmp_path, capsys
):
    path = write_rows(tmp_path / "register.csv", [row(), row(email="b@example.org")])
    code, out, err = run(capsys, "--db", db_url, "import", "register", str(path), "--dry-run")
    assert code == 0, err
    assert "Dry run: nothing was written" in out
    code, out, err = run(capsys, "--db", db_url, "import", "register", str(path))
    assert code == 0, err
    assert "Imported register.csv: 2 rows." in out
    assert any(line.split()[:3] == ["Bookings", "2", "added"] for line in out.splitlines())
    target = tmp_path / "export.xlsx"
    code, out, err = run(
        capsys, "--db", db_url, "export", "register", "--year", "2022-23", "--out", str(target)
    )
    assert code == 0, err
    assert "Wrote 2 rows of the 2022-23 booking register" in out and target.is_file()


def test_a_rejected_register_exits_2_with_a_summary_and_the_first_hundred_lines(
    only_sqlite, db_url, tmp_path
):
    rows = [row(email=f"p{n}@example.org", agency="mult") for n in range(250)]
    result = subprocess.run(
        [sys.executable, "-m", "pscp_training", "--db", db_url, "import", "register",
         str(write_rows(tmp_path / "bad.csv", rows))],
        capture_output=True, text=True, env=dict(os.environ), timeout=120,
    )
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    summary = next(line for line in lines if line.strip().startswith("column 'agency'"))
    assert "250 lines fail in this column (lines 2, 3, 4, 5, 6, 7, …)" in summary
    listed = [line for line in lines if line.strip().startswith("line ")]
    assert len(listed) == 100 and "line 101," in listed[-1]
    assert "250 problems in all" in lines[-1]
    assert "250 problems (nothing was written)" in result.stderr
    assert "Traceback" not in result.stderr


def test_organisations_and_bad_arguments(only_sqlite, db_url, tmp_path, capsys):
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("name,sector,type\nMayfield School,Education,All-through school\n")
    code, out, _ = run(capsys, "--db", db_url, "import", "organisations", str(orgs))
    assert code == 0 and "Organisations" in out
    code, _, err = run(
        capsys, "--db", db_url, "export", "register", "--year", "2022", "--out", "x.csv"
    )
    assert code == 2 and "2022-23" in err
    code, _, err = run(capsys, "--db", db_url, "import", "register", str(tmp_path / "nowhere.csv"))
    assert code == 2 and "There is no file" in err

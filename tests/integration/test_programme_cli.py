"""`pscp-training programme`: the three formats from the command line, and bad dates refused."""

import json
from datetime import UTC, datetime

from icalendar import Calendar

from pscp_training.domain.enums import Agency
from pscp_training.services.sessions import catalogue
from tests import factories as f
from tests.integration.test_cli import run


def test_each_format_is_written_and_described(db, db_url, tmp_path):
    course = f.course(db, title="Domestic abuse and its impact on children", agency=Agency.MULTI)
    f.session(db, course_id=course.id, start=datetime(2026, 12, 8, 9, 30, tzinfo=UTC))
    for fmt in ("pdf", "html", "ics"):
        out = tmp_path / f"programme.{fmt}"
        result = run("--db", db_url, "programme", "--from", "2026-12-08", "--to", "2026-12-08",
                     "--format", fmt, "--out", str(out))
        assert result.returncode == 0, result.stderr
        summary = json.loads(result.stdout)
        assert summary["sessions"] == 1 and summary["file"] == str(out)
        assert out.stat().st_size > 0
    [event] = Calendar.from_ical((tmp_path / "programme.ics").read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Domestic abuse and its impact on children"
    assert catalogue.list_courses(db)  # the database is untouched by publishing


def test_bad_dates_exit_2_with_a_sentence(db_url, tmp_path):
    out = str(tmp_path / "p.pdf")
    bad = run("--db", db_url, "programme", "--from", "8/12/2026", "--to", "2026-12-31",
              "--format", "pdf", "--out", out)
    assert bad.returncode == 2 and "'8/12/2026' is not a date" in bad.stderr
    backwards = run("--db", db_url, "programme", "--from", "2026-12-31", "--to", "2026-12-01",
                    "--format", "pdf", "--out", out)
    assert backwards.returncode == 2 and "cannot end" in backwards.stderr
    nowhere = run("--db", db_url, "programme", "--from", "2026-12-01", "--to", "2026-12-31",
                  "--format", "pdf", "--out", str(tmp_path / "missing" / "p.pdf"))
    assert nowhere.returncode == 2 and "does not exist" in nowhere.stderr
    assert not (tmp_path / "p.pdf").exists()

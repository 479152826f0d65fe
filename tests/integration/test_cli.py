"""The command line as scripts use it: real processes, real databases, JSON out, exit codes."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from pscp_training.services.bookings import bookings
from tests import factories as f


def run(*args, env_extra=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "pscp_training", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_version_comes_from_the_package_metadata():
    from importlib.metadata import version

    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"pscp-training {version('pscp-training')}"


def test_book_and_cancel_through_the_same_rules_as_the_app(db, db_url):
    soon = datetime.now(UTC) + timedelta(days=20)
    s = f.session(db, capacity=1, start=soon)
    first = run("--db", db_url, "book", "--session", str(s.id), "--first-name", "Siobhán",
                "--last-name", "Ó Súilleabháin", "--email", "siobhan@example.org",
                "--organisation", "Solent NHS Trust", "--sector", "Health")
    assert first.returncode == 0, first.stderr
    booked = json.loads(first.stdout)
    assert booked["status"] == "booked" and booked["waitlist_position"] is None

    second = run("--db", db_url, "book", "--session", str(s.id), "--first-name", "Łukasz",
                 "--last-name", "Nowak", "--organisation", "Solent NHS Trust")
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)["status"] == "waitlisted"
    assert json.loads(second.stdout)["waitlist_position"] == 1

    again = run("--db", db_url, "book", "--session", str(s.id), "--first-name", "Siobhan",
                "--last-name", "O'Sullivan", "--email", " SIOBHAN@example.org ")
    assert again.returncode == 2
    assert "already has a place" in again.stderr and "Traceback" not in again.stderr

    cancelled = run("--db", db_url, "cancel", "--booking", str(booked["booking_id"]))
    assert cancelled.returncode == 0, cancelled.stderr
    result = json.loads(cancelled.stdout)
    assert result["cancelled"] == booked["booking_id"] and result["late"] is False
    assert result["promoted"]["first_name"] == "Łukasz"
    assert result["promoted"]["last_name"] == "Nowak"
    statuses = sorted(b.status for b in bookings.list_bookings(db, s.id))
    assert statuses == ["booked", "cancelled"]


def test_sessions_of_a_year_as_json(db, db_url):
    s = f.session(db, capacity=3, start=datetime(2023, 3, 31, 22, 30, tzinfo=UTC))  # 1 April BST? no: GMT
    later = f.session(db, start=datetime(2023, 4, 1, 8, 0, tzinfo=UTC))  # 09:00 BST, 2023-24
    result = run("--db", db_url, "sessions", "--year", "2022-23", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == [s.id]
    row = rows[0]
    assert set(row) == {"id", "course_code", "course_title", "agency", "start", "status",
                        "capacity", "booked", "waitlisted", "attended"}
    assert row["start"] == "2023-03-31T23:30:00+01:00"
    assert (row["capacity"], row["booked"], row["agency"]) == (3, 0, "multi")
    text = run("--db", db_url, "sessions", "--year", "2023-24")
    assert text.returncode == 0 and str(later.id) in text.stdout


def test_bad_arguments_exit_2_with_a_sentence(db_url):
    bad_year = run("--db", db_url, "sessions", "--year", "2022")
    assert bad_year.returncode == 2 and "write it like 2022-23" in bad_year.stderr
    missing = run("--db", db_url, "cancel", "--booking", "424242")
    assert missing.returncode == 2 and "no booking 424242" in missing.stderr
    no_args = run("--db", db_url, "book", "--session", "1")
    assert no_args.returncode == 2 and "--first-name" in no_args.stderr


def test_book_never_adds_a_sector_from_typed_text(db, db_url):
    from pscp_training.services.people import people

    s = f.session(db, capacity=3, start=datetime.now(UTC) + timedelta(days=20))
    before = [x.name for x in people.list_sectors(db)]
    typo = run("--db", db_url, "book", "--session", str(s.id), "--first-name", "Ann",
               "--last-name", "Lee", "--organisation", "New School", "--sector", "Educaton")
    assert typo.returncode == 2 and "Traceback" not in typo.stderr
    assert "'Educaton' is not on the list of sectors. Did you mean 'Education'?" in typo.stderr
    assert [x.name for x in people.list_sectors(db)] == before
    assert not [o for o in people.list_organisations(db) if o.name == "New School"]
    ok = run("--db", db_url, "book", "--session", str(s.id), "--first-name", "Ann",
             "--last-name", "Lee", "--organisation", "New School", "--sector", " education ")
    assert ok.returncode == 0, ok.stderr
    assert [x.name for x in people.list_sectors(db)] == before


def test_an_unreachable_server_is_a_sentence_not_a_traceback():
    result = run("--db", "postgresql+psycopg://nobody:x@127.0.0.1:9/none", "db", "upgrade")
    assert result.returncode == 1
    assert "Could not open the database" in result.stderr
    assert "Traceback" not in result.stderr and "x@" not in result.stderr


def test_the_embedded_database_is_created_and_migrated_on_first_use(tmp_path):
    home = tmp_path / "home"
    result = run("db", "upgrade", env_extra={"PSCP_TRAINING_HOME": str(home)})
    assert result.returncode == 0, result.stderr
    assert (home / "pscp-training.sqlite3").exists()
    current = run("db", "current", env_extra={"PSCP_TRAINING_HOME": str(home)})
    assert current.returncode == 0 and "(newest)" in current.stdout


def test_the_environment_variable_chooses_the_database(tmp_path):
    path = tmp_path / "chosen.sqlite3"
    result = run("db", "upgrade", env_extra={"PSCP_TRAINING_DB": f"sqlite:///{path}",
                                             "PSCP_TRAINING_HOME": str(tmp_path / "h")})
    assert result.returncode == 0, result.stderr
    assert path.exists() and not (tmp_path / "h" / "pscp-training.sqlite3").exists()


@pytest.mark.parametrize("url", ["mysql://u@h/db", "not a url at all"])
def test_unsupported_database_addresses_are_refused(url):
    result = run("--db", url, "db", "upgrade")
    assert result.returncode == 2 and "postgresql" in result.stderr.lower()

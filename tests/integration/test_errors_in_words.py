"""Every failure is a sentence for the team: no SQL, no rows of personal data, no traceback."""

import os
import stat
import subprocess
import sys
from datetime import timedelta

from pscp_training.cli import main
from pscp_training.services.people import people
from tests import factories


def test_a_name_longer_than_its_column_is_refused_alike_on_both_databases(db, db_url, capsys):
    training = factories.session(db, capacity=3)
    long_name = "Zoë" * 7000  # 21,000 characters: PostgreSQL's column would refuse it
    code = main(["--db", db_url, "book", "--session", str(training.id),
                 "--first-name", long_name, "--last-name", "Nguyễn", "--email", "z@example.org"])
    err = capsys.readouterr().err
    assert code == 2
    assert "first name is 21,000 characters long; it can be at most 100" in err
    assert "INSERT" not in err and "Zoë" not in err
    assert people.search_delegates(db, "Nguyễn", limit=5) == []


def test_a_damaged_database_file_says_so_and_how_to_mend_it(only_sqlite, tmp_path, capsys):
    path = tmp_path / "damaged.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    code = main(["--db", f"sqlite:///{path}", "sessions", "--year", "2022-23"])
    err = capsys.readouterr().err
    assert code == 1
    assert "damaged" in err and "Restore the latest backup" in err
    assert "Check that the server" not in err and "DatabaseError" not in err


def _run(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "pscp_training", *args], capture_output=True,
                          text=True, env=dict(os.environ), **kwargs)


def test_a_listing_piped_into_head_ends_quietly(only_sqlite, db, db_url):
    course = factories.course(db)
    for n in range(400):
        factories.session(db, course_id=course.id, start=factories.NOW + timedelta(hours=n))
    listing = subprocess.Popen(
        [sys.executable, "-m", "pscp_training", "--db", db_url, "sessions", "--year", "2022-23",
         "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ),
    )
    first = listing.stdout.read(100)  # the reader has all it wants and goes away
    listing.stdout.close()
    err = listing.stderr.read().decode()
    assert listing.wait(timeout=60) == 0
    assert first.startswith(b"[")
    assert err == ""


def test_the_files_it_writes_are_its_owners_alone(only_sqlite, _isolated_home):
    assert _run("db", "upgrade").returncode == 0
    backup = _isolated_home / "copy.sqlite3"
    assert _run("db", "backup", str(backup)).returncode == 0
    database = next(_isolated_home.rglob("pscp-training.sqlite3"))
    for path in (database, backup, backup.with_name(backup.name + ".sha256")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700

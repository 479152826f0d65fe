"""Backups you can trust: checked before they are made, checksummed, and refused once changed."""

import os
import sqlite3
import tempfile
import time
from datetime import date

import pytest

from pscp_training.cli import main
from pscp_training.db.engine import Database
from pscp_training.domain.errors import DatabaseProblem, InputError
from pscp_training.services.backup import backup, restore
from pscp_training.services.backup.checksums import checksum_file
from tests import factories


def _flip_a_byte_inside_a_name(path, name: bytes) -> None:
    """A bit flipped on a disk: one letter of a stored name changes; SQLite's own check passes."""
    data = bytearray(path.read_bytes())
    at = data.index(name)
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def test_every_backup_has_a_checksum_and_a_changed_backup_is_refused(db, db_url, tmp_path, capsys):
    person = factories.delegate(db, last="Quartermaine")
    made = backup.backup_database(db, tmp_path / "copy.bak", use_pg_dump=False).path
    line = checksum_file(made).read_text("ascii")
    assert line.endswith(f"  {made.name}\n") and len(line.split()[0]) == 64
    assert restore.describe_backup(made).checksum_matches

    _flip_a_byte_inside_a_name(made, b"Quartermaine" if db.is_sqlite else made.read_bytes()[-40:-39])
    factories.delegate(db, last="Kept")
    with pytest.raises(InputError, match="has changed since it was made"):
        restore.restore_database(db_url, made)
    assert main(["--db", db_url, "db", "check", str(made)]) == 2
    assert "does not match its checksum" in capsys.readouterr().err
    # Nothing was replaced: the delegate added after the backup is still there.
    from pscp_training.services.people import people

    names = {d.last_name for d in people.search_delegates(db, "", limit=50)}
    assert {"Kept", person.last_name} <= names


def test_a_backup_without_its_checksum_is_still_usable_and_says_so(db, tmp_path):
    made = backup.backup_database(db, tmp_path / "copy.bak", use_pg_dump=False).path
    checksum_file(made).unlink()
    contents = restore.describe_backup(made)
    assert not contents.checksum_matches
    assert "There is no checksum beside it" in "\n".join(contents.lines())


def test_a_live_file_that_fails_its_integrity_check_is_not_backed_up(only_sqlite, tmp_path):
    path = tmp_path / "live.sqlite3"
    db = Database(f"sqlite:///{path}")
    from pscp_training.db.migrate import upgrade_to_head

    upgrade_to_head(db.engine)
    for n in range(400):
        factories.delegate(db, last=f"Person{n:03d}")
    folder = tmp_path / "backups"
    first = backup.daily_backup_if_due(db, keep=2, today=date(2026, 11, 1), folder=folder)
    db.dispose()
    # Damage an index page in the middle of the file, as a failing disk would.
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = con.execute(
            "SELECT rootpage FROM sqlite_master WHERE type='index' AND tbl_name='delegates'"
        ).fetchone()[0]
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start + 8 : start + page_size] = bytes(page_size - 8)
    path.write_bytes(bytes(data))

    db = Database(f"sqlite:///{path}")
    with pytest.raises(DatabaseProblem, match="failed its integrity check.*earlier backups are all kept"):
        backup.daily_backup_if_due(db, keep=2, today=date(2026, 11, 2), folder=folder)
    with pytest.raises(DatabaseProblem, match="failed its integrity check"):
        backup.backup_database(db, tmp_path / "on-demand.bak")
    db.dispose()
    assert sorted(p.name for p in folder.iterdir()) == [first.name, first.name + ".sha256"]
    assert not (tmp_path / "on-demand.bak").exists()


def test_leftovers_of_killed_backups_and_restores_are_cleaned_up(only_sqlite, db, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "pscp.daily.2026-11-01.sqlite3.partial").write_bytes(b"x" * 1000)
    (folder / "pscp.daily.2026-11-01.sqlite3.partial.partial").write_bytes(b"x" * 1000)
    stale = tempfile.mkdtemp(prefix=backup.SCRATCH_PREFIX)
    fresh = tempfile.mkdtemp(prefix=backup.SCRATCH_PREFIX)
    old = time.time() - backup.STALE_SCRATCH_SECONDS - 60
    os.utime(stale, (old, old))
    try:
        backup.daily_backup_if_due(db, keep=2, today=date(2026, 11, 2), folder=folder)
        assert not list(folder.glob("*.partial"))
        assert not os.path.exists(stale)
        assert os.path.exists(fresh)  # perhaps a restore running right now
    finally:
        os.rmdir(fresh)


def test_safety_copies_before_a_restore_are_pruned_to_the_last_three(only_sqlite, db, db_url, tmp_path):
    made = backup.backup_database(db, tmp_path / "copy.bak").path
    copies = []
    for _ in range(5):
        copies.append(restore.restore_database(db_url, made).safety_copy)
        time.sleep(1.05)  # the safety copies are named to the second
    folder = copies[0].parent
    kept = sorted(p for p in folder.glob("*before-restore*") if not p.name.endswith(".sha256"))
    assert kept == sorted(copies[-3:])

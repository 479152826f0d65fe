"""Backups of a live database, and restores that check the file before replacing anything."""

import gzip
import shutil
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from pscp_training.cli import main
from pscp_training.db.engine import Database, make_engine
from pscp_training.db.migrate import alembic_config, current_revision, head_revision
from pscp_training.domain.enums import BookingStatus
from pscp_training.domain.errors import InputError
from pscp_training.services.backup import backup, restore
from pscp_training.services.bookings import bookings
from tests import factories


def _booked_names(db, session_id):
    return sorted(b.last_name for b in bookings.list_bookings(db, session_id, BookingStatus.BOOKED))


def _session_with_bookings(db, people=2):
    training = factories.session(db, capacity=5)
    for n in range(people):
        person = factories.delegate(db, last=f"Kept{n}")
        bookings.book(db, session_id=training.id, delegate_id=person.id, now=factories.NOW)
    return training


def test_a_backup_brings_back_the_data_after_a_mistake(db, db_url, tmp_path):
    training = _session_with_bookings(db)
    made = backup.backup_database(db, tmp_path / "before.bak")
    assert made.kind == (
        "sqlite" if db.is_sqlite else "pg_dump" if shutil.which("pg_dump") else "export"
    )

    mistake = factories.delegate(db, last="Mistake")
    bookings.book(db, session_id=training.id, delegate_id=mistake.id, now=factories.NOW)
    restored = restore.restore_database(db_url, made.path)

    assert _booked_names(db, training.id) == ["Kept0", "Kept1"]
    assert restored.safety_copy is not None and restored.safety_copy.exists()
    # New records after a restore get fresh numbers and the schema is current.
    another = factories.delegate(db, last="After")
    bookings.book(db, session_id=training.id, delegate_id=another.id, now=factories.NOW)
    assert current_revision(db.engine) == head_revision(db.engine)


def test_the_portable_export_restores_into_either_kind_of_database(db, db_url, tmp_path):
    training = _session_with_bookings(db, people=3)
    if db.is_sqlite:
        # An SQLite file is backed up as a file; the export format is written directly.
        from pscp_training.services.backup import backup_export

        export_path = tmp_path / "all.jsonl.gz"
        with db.engine.connect() as connection:
            backup_export.write_export(connection, head_revision(db.engine), export_path)
        export = backup.BackupResult(path=export_path, kind="export")
    else:
        export = backup.backup_database(db, tmp_path / "all.jsonl.gz", use_pg_dump=False)
    assert export.kind == "export" and restore.check_backup(export.path) == head_revision(db.engine)
    fresh = tmp_path / "elsewhere.sqlite3"
    restore.restore_database(f"sqlite:///{fresh}", export.path)
    elsewhere = Database(f"sqlite:///{fresh}")
    try:
        assert _booked_names(elsewhere, training.id) == ["Kept0", "Kept1", "Kept2"]
    finally:
        elsewhere.dispose()
    bookings.cancel(db, bookings.list_bookings(db, training.id)[0].id, now=factories.NOW)
    restore.restore_database(db_url, export.path)
    assert _booked_names(db, training.id) == ["Kept0", "Kept1", "Kept2"]


def test_an_sqlite_backup_can_be_restored_into_postgresql(db, db_url, tmp_path):
    if db.is_sqlite:
        pytest.skip("covered by the SQLite half of the other tests")
    source = tmp_path / "laptop.sqlite3"
    laptop = Database(f"sqlite:///{source}")
    from pscp_training.db.migrate import upgrade_to_head

    upgrade_to_head(laptop.engine)
    training = _session_with_bookings(laptop)
    copy = backup.backup_database(laptop, tmp_path / "laptop-backup.sqlite3")
    laptop.dispose()
    restore.restore_database(db_url, copy.path)
    assert _booked_names(db, training.id) == ["Kept0", "Kept1"]


@pytest.mark.parametrize("damage", ["garbage", "cut short", "newer version"])
def test_a_bad_backup_is_refused_and_nothing_is_replaced(db, db_url, tmp_path, damage):
    training = _session_with_bookings(db)
    good = backup.backup_database(db, tmp_path / "good.bak", use_pg_dump=False).path
    bad = tmp_path / "bad.bak"
    if damage == "garbage":
        bad.write_bytes(b"this is a spreadsheet, not a backup\n" * 20)
        expected = "not a PSCP Training backup"
    elif damage == "cut short":
        data = good.read_bytes()
        if db.is_sqlite:
            bad.write_bytes(data[: len(data) // 3])
        else:
            lines = gzip.decompress(data).splitlines(keepends=True)
            bad.write_bytes(gzip.compress(b"".join(lines[:-3])))
        expected = "damaged|stops part-way"
    else:
        bad.write_bytes(good.read_bytes())
        if db.is_sqlite:
            engine = make_engine(f"sqlite:///{bad}")
            with engine.begin() as connection:
                connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
            engine.dispose()
        else:
            lines = gzip.decompress(good.read_bytes()).splitlines(keepends=True)
            lines[0] = lines[0].replace(head_revision(db.engine).encode(), b"9999")
            bad.write_bytes(gzip.compress(b"".join(lines)))
        expected = "newer version"
    extra = factories.delegate(db, last="Later")
    bookings.book(db, session_id=training.id, delegate_id=extra.id, now=factories.NOW)

    with pytest.raises(InputError, match=expected):
        restore.restore_database(db_url, bad)
    assert _booked_names(db, training.id) == ["Kept0", "Kept1", "Later"]


def test_an_older_sqlite_backup_is_brought_up_to_date_when_restored(db, db_url, tmp_path):
    old = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{old}")
    from alembic import command

    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO settings (key, value) VALUES ('partnership', 'PSCP')"))
    engine.dispose()
    restore.restore_database(db_url, old)
    with db.engine.connect() as connection:
        value = connection.execute(text("SELECT value FROM settings WHERE key='partnership'"))
        assert value.scalar() == "PSCP"
    assert current_revision(db.engine) == head_revision(db.engine)


def test_the_daily_backup_runs_once_a_day_and_keeps_the_last_few(db, tmp_path):
    factories.delegate(db)
    folder = tmp_path / "daily"
    start = date(2026, 11, 1)
    if not db.is_sqlite:
        # The shared database is backed up on its server, not onto every office PC.
        assert backup.daily_backup_if_due(db, keep=3, today=start, folder=folder) is None
        assert not folder.exists()
        return
    made = [backup.daily_backup_if_due(db, keep=3, today=start, folder=folder)]
    assert made[0] is not None and made[0].exists()
    assert backup.daily_backup_if_due(db, keep=3, today=start, folder=folder) is None
    for n in range(1, 5):
        made.append(
            backup.daily_backup_if_due(db, keep=3, today=start + timedelta(days=n), folder=folder)
        )
    kept = sorted(p.name for p in folder.iterdir())
    # The last three, each with its checksum beside it; the older ones gone with theirs.
    assert kept == sorted([p.name for p in made[-3:]] + [p.name + ".sha256" for p in made[-3:]])
    assert restore.check_backup(made[-1]) == head_revision(db.engine)


def test_the_backup_and_restore_commands(db, db_url, tmp_path, capsys):
    training = _session_with_bookings(db)
    target = tmp_path / "cli-backup.bak"
    assert main(["--db", db_url, "db", "backup", str(target)]) == 0
    assert "Backed up to" in capsys.readouterr().out
    extra = factories.delegate(db, last="Later")
    bookings.book(db, session_id=training.id, delegate_id=extra.id, now=factories.NOW)
    # Without a terminal to ask at, a restore needs --yes and changes nothing without it.
    assert main(["--db", db_url, "db", "restore", str(target)]) == 2
    shown = capsys.readouterr()
    assert "Add --yes to confirm" in shown.err
    assert "Its checksum matches: it has not changed since it was made." in shown.out
    if db.is_sqlite:  # a pg_dump archive is not opened to count its rows
        assert ("It holds 1 session of 1 course, 2 delegates and 2 bookings, from 2022-23 to "
                "2022-23.") in shown.out
    assert _booked_names(db, training.id) == ["Kept0", "Kept1", "Later"]
    assert main(["--db", db_url, "db", "restore", "--yes", str(target)]) == 0
    assert "Restored from" in capsys.readouterr().out
    assert _booked_names(db, training.id) == ["Kept0", "Kept1"]

    (tmp_path / "notes.txt").write_text("not a backup")
    assert main(["--db", db_url, "db", "restore", "--yes", str(tmp_path / "notes.txt")]) == 2
    assert "not a PSCP Training backup" in capsys.readouterr().err


def test_a_damaged_pg_dump_archive_is_refused_and_nothing_is_replaced(db, db_url, tmp_path):
    if db.is_sqlite or not shutil.which("pg_dump"):
        pytest.skip("a pg_dump archive is made of a PostgreSQL database with pg_dump installed")
    training = _session_with_bookings(db)
    good = backup.backup_database(db, tmp_path / "good.dump", use_pg_dump=True).path
    bad = tmp_path / "bad.dump"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    extra = factories.delegate(db, last="Later")
    bookings.book(db, session_id=training.id, delegate_id=extra.id, now=factories.NOW)
    with pytest.raises(InputError, match="damaged"):
        restore.restore_database(db_url, bad)
    assert _booked_names(db, training.id) == ["Kept0", "Kept1", "Later"]

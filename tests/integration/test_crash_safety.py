"""A process killed (SIGKILL) in the middle of a bulk update or an import leaves the database as before."""

import csv
import multiprocessing
import os
import signal
import sqlite3
import time
from datetime import timedelta

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from pscp_training.db.all_models import metadata
from pscp_training.db.engine import Database
from pscp_training.domain.enums import Attendance
from pscp_training.services.bookings import bookings
from pscp_training.services.imports.register_import import import_register
from pscp_training.services.sessions import attendance
from tests import factories

CAUGHT_MID_WAY = 60  # seconds a child waits to be killed; the parent kills it at once


def _everything(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order: what 'exactly as before' compares."""
    with db.engine.connect() as connection:
        return {
            table.name: sorted(map(tuple, connection.execute(select(table)).all()), key=repr)
            for table in metadata.sorted_tables
        }


def _kill_mid_way(target, *args) -> None:
    """Run `target` in a fresh process; SIGKILL it when it says it is half-way through."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    half_way = context.Event()
    process = context.Process(target=target, args=(*args, half_way))
    process.start()
    assert half_way.wait(timeout=120), "the child never reached the middle of its work"
    os.kill(process.pid, signal.SIGKILL)
    process.join(timeout=30)
    assert process.exitcode == -signal.SIGKILL


def _mark_everyone_then_hang(url, session_id, half_way) -> None:
    def hang(session, _flush_context):
        # The attendance updates are in the database's transaction, not committed.
        half_way.set()
        time.sleep(CAUGHT_MID_WAY)

    event.listen(Session, "after_flush", hang)
    attendance.mark_all_attended(Database(url), session_id, now=factories.NOW)


def _import_then_hang(url, path, half_way) -> None:
    def progress(done: int, total: int) -> bool:
        if done > total * 0.75:  # the second half is writing rows
            half_way.set()
            time.sleep(CAUGHT_MID_WAY)
        return True

    import_register(Database(url), path, progress=progress)


def _session_with_delegates(db, people):
    training = factories.session(db, capacity=people, start=factories.NOW)
    for _ in range(people):
        person = factories.delegate(db)
        bookings.book(
            db,
            session_id=training.id,
            delegate_id=person.id,
            now=factories.NOW - timedelta(days=3),
        )
    return training


def _still_sound(db: Database) -> None:
    if db.is_sqlite:
        with sqlite3.connect(db.engine.url.database) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        connection.close()


def test_killing_a_bulk_attendance_update_leaves_the_register_untouched(db, db_url):
    training = _session_with_delegates(db, 40)
    before = _everything(db)
    db.dispose()  # the killed process must not find our connection holding anything

    _kill_mid_way(_mark_everyone_then_hang, db_url, training.id)

    after = Database(db_url)
    try:
        assert _everything(after) == before
        _still_sound(after)
        # And the database takes the same work at once: nothing is left locked.
        marked = attendance.mark_all_attended(after, training.id, now=factories.NOW)
        assert len(marked) == 40 and {b.attendance for b in marked} == {Attendance.ATTENDED}
    finally:
        after.dispose()


def _register_file(path, sessions=6, per_session=40):
    header = [
        "course_code",
        "course_title",
        "agency",
        "session_start",
        "session_end",
        "delivery",
        "capacity",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "sector",
        "booking_status",
        "attendance",
    ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for s in range(sessions):
            start = f"2022-0{4 + s % 5}-{10 + s:02d} 09:30"
            end = start.replace("09:30", "12:30")
            for n in range(per_session):
                writer.writerow(
                    [
                        f"CRASH{s % 2}",
                        f"Crash course {s % 2}",
                        "multi",
                        start,
                        end,
                        "in_person",
                        per_session,
                        f"Person{n}",
                        f"Session{s}",
                        f"p{s}.{n}@example.org",
                        f"School {n % 7}",
                        "Education",
                        "booked",
                        "attended",
                    ]
                )
    return path


def test_killing_an_import_half_way_leaves_the_database_as_before(db, db_url, tmp_path):
    _session_with_delegates(db, 3)  # something already there, which must survive unchanged
    register = _register_file(tmp_path / "register.csv")
    before = _everything(db)
    db.dispose()

    _kill_mid_way(_import_then_hang, db_url, str(register))

    after = Database(db_url)
    try:
        assert _everything(after) == before
        _still_sound(after)
        summary = import_register(after, register)
        assert summary.added["bookings"] == 240
    finally:
        after.dispose()

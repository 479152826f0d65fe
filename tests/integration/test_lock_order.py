"""Writers that touch two sessions lock them in id order, and a merge locks every session whose
waiting list it changes (issue 23, "Locking" and "Merge").

Only PostgreSQL has row locks (an SQLite write holds the whole file). Each test holds the
*higher* session's row from a second connection, starts the writer on another thread, waits
until PostgreSQL reports it waiting for a lock, and then asks, from a third connection with
NOWAIT, whether the writer already holds the *lower* one. A writer that locked in the other
order would be waiting on the higher row holding nothing; one that did not lock would not
wait at all.
"""

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from pscp_training.domain.enums import BookingStatus
from pscp_training.services.bookings import bookings
from pscp_training.services.people.merge import ClashChoice, merge_delegates
from tests import factories

WAIT_LIMIT = 20  # seconds for PostgreSQL to report the writer waiting; never reached when right


@pytest.fixture
def pg(db, db_url):
    if db.is_sqlite:
        pytest.skip("row locks are PostgreSQL's; an SQLite write holds the whole file")
    engine = create_engine(db_url)
    yield engine
    engine.dispose()


def _hold(engine, session_id: int):
    """A connection holding one session's row lock until it is closed."""
    conn = engine.connect()
    conn.execute(text("SELECT id FROM training_sessions WHERE id = :id FOR UPDATE"),
                 {"id": session_id})
    return conn


def _wait_until_blocked(engine, holder) -> None:
    """Until some other backend waits for a lock that the holder's backend holds."""
    holder_pid = holder.execute(text("SELECT pg_backend_pid()")).scalar()
    deadline = time.monotonic() + WAIT_LIMIT
    with engine.connect() as watch:
        while time.monotonic() < deadline:
            blocked = watch.execute(text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE :holder = ANY(pg_blocking_pids(pid))"), {"holder": holder_pid}).scalar()
            if blocked:
                return
            watch.rollback()
            time.sleep(0.02)
    raise AssertionError("the writer never waited for the session held by the test")


def _held_by_someone_else(engine, session_id: int) -> bool:
    with engine.connect() as probe:
        try:
            probe.execute(text("SELECT id FROM training_sessions WHERE id = :id FOR UPDATE NOWAIT"),
                          {"id": session_id})
        except OperationalError as exc:
            assert "could not obtain lock" in str(exc)
            return True
        finally:
            probe.rollback()
    return False


def _run_blocked_on(engine, held_id: int, lower_id: int, work) -> tuple[bool, dict]:
    """Run `work` while `held_id` is held; say whether it held `lower_id` while it waited."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except BaseException as exc:  # reported by the test below, not lost in the thread
            outcome["error"] = exc

    holder = _hold(engine, held_id)
    worker = threading.Thread(target=run)
    try:
        worker.start()
        _wait_until_blocked(engine, holder)
        lower_held = _held_by_someone_else(engine, lower_id)
    finally:
        holder.rollback()
        holder.close()
        worker.join(30)
    assert not worker.is_alive()
    assert "error" not in outcome, outcome.get("error")
    return lower_held, outcome


@pytest.mark.parametrize("direction", ["to the later session", "to the earlier session"])
def test_a_transfer_locks_the_lower_numbered_session_first_whichever_way_it_goes(
        db, pg, direction):
    course = factories.course(db)
    first = factories.session(db, course_id=course.id)
    second = factories.session(db, course_id=course.id, start=factories.NOW + timedelta(days=21))
    low, high = sorted((first.id, second.id))
    source, target = (low, high) if direction == "to the later session" else (high, low)
    person = factories.delegate(db)
    booking = bookings.book(db, session_id=source, delegate_id=person.id, now=factories.NOW)

    lower_held, outcome = _run_blocked_on(
        pg, high, low, lambda: bookings.transfer(db, booking.id, target, now=factories.NOW))

    assert lower_held, "the transfer waited for the higher session without holding the lower"
    moved, _promoted = outcome["result"]
    assert moved.session_id == target and moved.status == BookingStatus.BOOKED


def test_a_merge_locks_each_session_whose_waiting_list_it_changes_in_id_order(db, pg):
    """Both people are booked on two full sessions with someone waiting: the merge removes one
    booking of each pair, so both waiting lists move, and both sessions must be locked."""
    keep = factories.delegate(db, "Ann", "Kept", email="ann@example.org")
    other = factories.delegate(db, "Ann", "Other", email="ann.other@example.org")
    sessions = [factories.session(db, capacity=2) for _ in range(2)]
    low, high = sorted(s.id for s in sessions)
    for training in sessions:
        for person in (keep, other, factories.delegate(db, "Wait", "Ing")):
            bookings.book(db, session_id=training.id, delegate_id=person.id, now=factories.NOW)

    lower_held, outcome = _run_blocked_on(pg, high, low, lambda: merge_delegates(
        db, keep.id, other.id, {low: ClashChoice.KEEP, high: ClashChoice.KEEP},
        now=factories.NOW))

    assert lower_held, "the merge waited for the higher session without holding the lower"
    assert outcome["result"].id == keep.id
    for training in sessions:  # the freed place went to the person waiting on each
        statuses = sorted(b.status.value for b in bookings.list_bookings(db, training.id)
                          if b.status != BookingStatus.CANCELLED)
        assert statuses == ["booked", "booked"]

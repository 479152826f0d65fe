"""Real processes racing for the last places, and cancellations racing bookings: no overbooking, a fair queue."""

import json
import multiprocessing
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import text

from pscp_training.db.engine import Database
from pscp_training.domain.enums import BookingStatus
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.bookings.bookings import place_booking
from pscp_training.services.bookings.locking import locked_session
from pscp_training.services.people.people import ensure_delegate
from tests import factories

PEOPLE = 20
FREE_PLACES = 5


def _book_when_told(url, session_id, number, start, turns, results):
    """One office PC: waits for the starting gun, then books one person.

    The turn is taken while the session lock is held, so the turns are the
    order in which the database granted the lock.
    """
    db = Database(url)
    with db.read() as session:  # connect before the race, as a running app would be
        session.execute(text("SELECT 1"))
    start.wait()
    with db.write() as session:
        row = locked_session(session, session_id)
        with turns.get_lock():
            turns.value += 1
            turn = turns.value
        delegate, _ = ensure_delegate(
            session,
            first_name="Racer",
            last_name=f"Number{number:02d}",
            email=f"racer{number}@example.org",
            organisation="Arundel Court Primary School",
            sector="Education",
        )
        booking = place_booking(session, row, delegate, now=factories.NOW)
        outcome = (turn, booking.id, booking.status, booking.waitlist_position)
    db.dispose()
    results.put(outcome)


def _cancel_when_told(url, booking_id, start, turns, results):
    """Another PC cancels a place at the same moment; the waiting list must move up fairly."""
    db = Database(url)
    with db.read() as session:
        session.execute(text("SELECT 1"))
    start.wait()
    result = bookings.cancel(db, booking_id, now=factories.NOW)
    db.dispose()
    results.put(("cancelled", result.cancelled.id, result.promoted.id if result.promoted else None))


def _session_with_places_left(db, free=FREE_PLACES, start=None):
    training = factories.session(db, capacity=8, start=start)
    for _ in range(8 - free):
        person = factories.delegate(db)
        bookings.book(db, session_id=training.id, delegate_id=person.id, now=factories.NOW)
    return training


def test_twenty_processes_booking_the_last_five_places(db, db_url):
    training = _session_with_places_left(db)
    # Fresh processes (no connection inherited), forked from a server that has
    # imported the application once, so twenty of them start in seconds.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    start = context.Event()
    turns = context.Value("i", 0)
    results = context.Queue()
    workers = [
        context.Process(
            target=_book_when_told, args=(db_url, training.id, n, start, turns, results)
        )
        for n in range(PEOPLE)
    ]
    for worker in workers:
        worker.start()
    start.set()
    outcomes = sorted(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0

    assert [turn for turn, *_ in outcomes] == list(range(1, PEOPLE + 1))
    # The first five the database let in got the places, the rest queued in that order.
    assert [status for _, _, status, _ in outcomes[:FREE_PLACES]] == ["booked"] * FREE_PLACES
    assert [(s, p) for _, _, s, p in outcomes[FREE_PLACES:]] == [
        ("waitlisted", n) for n in range(1, PEOPLE - FREE_PLACES + 1)
    ]

    # And the database, read afresh, agrees.
    confirmed = bookings.list_bookings(db, training.id, BookingStatus.BOOKED)
    waiting = bookings.list_bookings(db, training.id, BookingStatus.WAITLISTED)
    assert len(confirmed) == 8
    waiting_ids = [b.id for b in sorted(waiting, key=lambda b: b.waitlist_position)]
    assert waiting_ids == [booking_id for _, booking_id, *_ in outcomes[FREE_PLACES:]]
    assert [
        b.waitlist_position for b in sorted(waiting, key=lambda b: b.waitlist_position)
    ] == list(range(1, PEOPLE - FREE_PLACES + 1))


def test_the_book_command_from_four_processes_at_once_never_overbooks(db, db_url, tmp_path):
    """The command-line front door, as scheduled tasks on several PCs would run it."""
    training = _session_with_places_left(db, free=2, start=now_utc() + timedelta(days=30))
    env = dict(os.environ, PSCP_TRAINING_HOME=str(tmp_path), PYTHONPATH=str(Path.cwd() / "src"))
    commands = [
        [
            sys.executable,
            "-m",
            "pscp_training",
            "--db",
            db_url,
            "book",
            "--session",
            str(training.id),
            "--first-name",
            "Walk",
            "--last-name",
            f"Up{n}",
            "--email",
            f"walkup{n}@example.org",
        ]
        for n in range(4)
    ]
    running = [
        subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    finished = [p.communicate(timeout=120) for p in running]
    assert [p.returncode for p in running] == [0] * 4, [err for _, err in finished]
    confirmed = bookings.list_bookings(db, training.id, BookingStatus.BOOKED)
    waiting = bookings.list_bookings(db, training.id, BookingStatus.WAITLISTED)
    assert len(confirmed) == 8
    assert sorted(b.waitlist_position for b in waiting) == [1, 2]
    printed = sorted(
        (json.loads(out)["status"], json.loads(out)["waitlist_position"] or 0)
        for out, _ in finished
    )
    assert printed == [("booked", 0), ("booked", 0), ("waitlisted", 1), ("waitlisted", 2)]


def test_cancellations_racing_new_bookings_promote_the_waiting_list_in_order(db, db_url):
    training = factories.session(db, capacity=4)
    people = [factories.delegate(db) for _ in range(8)]
    placed = [
        bookings.book(db, session_id=training.id, delegate_id=p.id, now=factories.NOW)
        for p in people
    ]
    confirmed, queued = placed[:4], placed[4:]
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    start, turns, results = context.Event(), context.Value("i", 0), context.Queue()
    workers = [
        context.Process(target=_cancel_when_told, args=(db_url, b.id, start, turns, results))
        for b in confirmed
    ] + [
        context.Process(
            target=_book_when_told, args=(db_url, training.id, 50 + n, start, turns, results)
        )
        for n in range(4)
    ]
    for worker in workers:
        worker.start()
    start.set()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0

    # Each cancellation gave its place to the longest-waiting person, never to a newcomer.
    promoted = {o[2] for o in outcomes if o[0] == "cancelled"}
    assert promoted == {b.id for b in queued}
    newcomers = sorted(o for o in outcomes if o[0] != "cancelled")
    # Newcomers always joined the queue (each freed place went to it first), in lock order.
    assert {status for _, _, status, _ in newcomers} == {"waitlisted"}
    now_confirmed = bookings.list_bookings(db, training.id, BookingStatus.BOOKED)
    now_waiting = bookings.list_bookings(db, training.id, BookingStatus.WAITLISTED)
    assert {b.id for b in now_confirmed} == {b.id for b in queued}
    assert [b.id for b in now_waiting] == [booking_id for _, booking_id, *_ in newcomers]
    assert [b.waitlist_position for b in now_waiting] == [1, 2, 3, 4]

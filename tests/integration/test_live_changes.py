"""Live refresh: a save on one PC is heard by another PC's listener as it commits."""

import contextlib
import queue
import time

from pscp_training.db.audit import acting_as
from pscp_training.db.engine import Database
from pscp_training.domain.errors import RuleViolation
from pscp_training.services.bookings import bookings
from pscp_training.services.common.live_changes import ChangeListener
from tests import factories


def test_another_pcs_booking_is_heard_when_it_commits(db, db_url):
    heard: queue.Queue = queue.Queue()
    listener = ChangeListener(db, heard.put).start()
    try:
        if not listener.enabled:  # SQLite: one PC, nothing to hear
            assert listener._thread is None
            return
        assert listener.listening.wait(10)
        training = factories.session(db, capacity=1)
        person = factories.delegate(db)
        other_pc = Database(db_url)
        try:
            with acting_as("Jo Bloggs"):
                bookings.book(
                    other_pc, session_id=training.id, delegate_id=person.id, now=factories.NOW
                )
            news = _first_by(heard, "Jo Bloggs")
            assert "bookings" in news["kinds"] and training.id in news["sessions"]
            # A refused action commits nothing, so nothing is announced.
            with contextlib.suppress(RuleViolation), acting_as("Sam Refused"):
                bookings.book(
                    other_pc, session_id=training.id, delegate_id=person.id, now=factories.NOW
                )
            time.sleep(1)
            assert all(item["by"] != "Sam Refused" for item in _drain(heard))
        finally:
            other_pc.dispose()
    finally:
        listener.stop()


def _drain(heard: queue.Queue) -> list[dict]:
    items = []
    while not heard.empty():
        items.append(heard.get())
    return items


def _first_by(heard: queue.Queue, actor: str) -> dict:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        item = heard.get(timeout=max(0.1, deadline - time.monotonic()))
        if item["by"] == actor:
            return item
    raise AssertionError(f"no news of {actor}'s change")

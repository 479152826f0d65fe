"""Live refresh: a save on one PC is heard by another PC's listener as it commits."""

import contextlib
import queue
import time

import pytest

from pscp_training.db.audit import acting_as
from pscp_training.db.engine import Database
from pscp_training.domain.errors import RuleViolation
from pscp_training.services.bookings import bookings
from pscp_training.services.common.live_changes import ChangeListener
from tests import factories


def test_on_an_sqlite_file_no_listener_starts(db, only_sqlite):
    listener = ChangeListener(db, lambda _news: None).start()
    try:
        assert not listener.enabled and listener._thread is None  # one PC, nothing to hear
    finally:
        listener.stop()


def test_another_pcs_booking_is_heard_when_it_commits(db, db_url):
    if db.is_sqlite:
        pytest.skip("live changes are heard on a shared PostgreSQL database")
    heard: queue.Queue = queue.Queue()
    listener = ChangeListener(db, heard.put).start()
    try:
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
            # News arrives in commit order: once a later save is heard, anything the refused
            # action had announced would have come before it.
            with acting_as("Later Save"):
                factories.delegate(other_pc)
            before = _until_by(heard, "Later Save")
            assert all(item["by"] != "Sam Refused" for item in before)
        finally:
            other_pc.dispose()
    finally:
        listener.stop()


def _until_by(heard: queue.Queue, actor: str) -> list[dict]:
    """Everything heard up to and including the first news of `actor`'s change."""
    items: list[dict] = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        items.append(heard.get(timeout=max(0.1, deadline - time.monotonic())))
        if items[-1]["by"] == actor:
            return items
    raise AssertionError(f"no news of {actor}'s change")


def _first_by(heard: queue.Queue, actor: str) -> dict:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        item = heard.get(timeout=max(0.1, deadline - time.monotonic()))
        if item["by"] == actor:
            return item
    raise AssertionError(f"no news of {actor}'s change")

"""A register import and a booking at the same moment: the booking waits, nothing is overbooked."""

import threading
import time
from datetime import timedelta

from pscp_training.db.engine import Database
from pscp_training.domain.enums import BookingStatus
from pscp_training.domain.years import now_utc, to_local
from pscp_training.services.bookings import bookings
from pscp_training.services.bookings.locking import locked_session
from pscp_training.services.imports.register_import import import_register
from pscp_training.services.sessions import catalogue
from tests import factories
from tests.integration.register_data import row, write_rows


def _person(first: str, last: str, start: str, end: str) -> dict:
    booked_at = to_local(now_utc() - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    return row(first_name=first, last_name=last, email=f"{first.lower()}@example.org",
               session_start=start, session_end=end, capacity="2", attendance="",
               booked_at=booked_at, session_status="scheduled")


def test_a_booking_made_during_an_import_waits_for_it_and_does_not_overbook(db, db_url, tmp_path):
    day = to_local(now_utc() + timedelta(days=10))
    start, end = f"{day:%Y-%m-%d} 09:30", f"{day:%Y-%m-%d} 12:30"
    amy = _person("Amy", "One", start, end)
    import_register(db, write_rows(tmp_path / "first.csv", [amy]))
    [session] = catalogue.list_sessions(db)
    cara = factories.delegate(db, "Cara", "Three", email="cara@example.org")
    # The second file brings Ben into the last place of two.
    second = write_rows(tmp_path / "second.csv", [amy, _person("Ben", "Two", start, end)])

    writing, carry_on = threading.Event(), threading.Event()

    def progress(done: int, total: int) -> bool:
        if done > total // 2 and not writing.is_set():  # planned (and locked); now writing
            writing.set()
            carry_on.wait(20)
        return True

    outcome: dict = {}

    def run_import() -> None:
        outcome["import"] = import_register(db, second, progress=progress)

    def book_cara() -> None:
        other_pc = Database(db_url)
        try:
            outcome["cara"] = bookings.book(other_pc, session_id=session.id,
                                            delegate_id=cara.id)
            outcome["cara_at"] = time.monotonic()
        finally:
            other_pc.dispose()

    importer = threading.Thread(target=run_import)
    booker = threading.Thread(target=book_cara)
    importer.start()
    try:
        assert writing.wait(20)
        booker.start()
        booker.join(1.5)
        assert booker.is_alive(), "the booking went ahead while the import held the session"
        released_at = time.monotonic()
    finally:
        carry_on.set()
        importer.join(30)
        if booker.ident is not None:
            booker.join(30)

    assert outcome["import"].added["bookings"] == 1
    assert outcome["cara_at"] >= released_at
    assert outcome["cara"].status == BookingStatus.WAITLISTED
    assert outcome["cara"].waitlist_position == 1
    placed = {b.first_name: b.status for b in bookings.list_bookings(db, session.id)}
    assert placed == {"Amy": BookingStatus.BOOKED, "Ben": BookingStatus.BOOKED,
                      "Cara": BookingStatus.WAITLISTED}
    assert catalogue.get_session(db, session.id).booked == 2


def test_a_dry_run_takes_no_lock(db, db_url, tmp_path):
    day = to_local(now_utc() + timedelta(days=10))
    start, end = f"{day:%Y-%m-%d} 09:30", f"{day:%Y-%m-%d} 12:30"
    amy = _person("Amy", "One", start, end)
    import_register(db, write_rows(tmp_path / "first.csv", [amy]))
    [session] = catalogue.list_sessions(db)
    second = write_rows(tmp_path / "second.csv", [amy, _person("Ben", "Two", start, end)])
    outcome: dict = {}
    looker = threading.Thread(
        target=lambda: outcome.update(summary=import_register(db, second, dry_run=True)))
    other_pc = Database(db_url)
    try:
        # Someone is booking on the session right now; a dry run only looks, so it need not wait.
        with other_pc.write() as busy:
            locked_session(busy, session.id)
            looker.start()
            looker.join(5)
            assert not looker.is_alive(), "the dry run waited for the session's lock"
    finally:
        looker.join(30)
        other_pc.dispose()
    assert outcome["summary"].dry_run and outcome["summary"].added["bookings"] == 1
    assert catalogue.get_session(db, session.id).booked == 1

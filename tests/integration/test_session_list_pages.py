"""The sessions list read a page at a time: continuing from a session shown (keyset) gives
the same rows as counting from the start (OFFSET), in every order, both ways."""

from datetime import timedelta

import pytest

from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.sessions import catalogue
from tests import factories


@pytest.fixture
def thirty(db):
    courses = [factories.course(db, code=code, title=title)
               for code, title in (("B", "Neglect"), ("A", "Designated Lead"), ("C", "Early Help"))]
    start = now_utc().replace(microsecond=0) - timedelta(days=20)
    for n in range(30):
        # Three sessions at each start: the start alone does not order them.
        catalogue.create_session(db, catalogue.SessionForm(
            course_id=courses[n % 3].id, start=start + timedelta(days=n // 3),
            venue=None if n % 4 == 0 else f"Room {n % 5}", capacity=None if n % 7 == 0 else 5))
    return db


@pytest.mark.parametrize("sort", catalogue.SESSION_SORT_KEYS)
@pytest.mark.parametrize("descending", [False, True])
def test_pages_continued_from_a_session_shown_match_the_whole_list(thirty, sort, descending):
    db = thirty
    whole = catalogue.list_sessions(db, sort=sort, descending=descending)
    assert len(whole) == 30
    shown = catalogue.list_sessions(db, sort=sort, descending=descending, limit=7)
    while len(shown) < 30:
        shown += catalogue.list_sessions(db, sort=sort, descending=descending,
                                         offset=len(shown), limit=7, after=shown[-1])
    assert [s.id for s in shown] == [s.id for s in whole]
    earlier = catalogue.list_sessions(db, sort=sort, descending=descending, offset=10,
                                      limit=7, before=whole[17])
    assert [s.id for s in earlier] == [s.id for s in whole[10:17]]


def test_a_page_carries_each_sessions_counts(db):
    session = factories.session(db, capacity=1, start=now_utc() + timedelta(days=3))
    for name in ("Amy", "Ben", "Cat"):
        bookings.book(db, session_id=session.id, delegate_id=factories.delegate(db, name).id)
    other = factories.session(db, start=now_utc() + timedelta(days=4))
    listed = {s.id: s for s in catalogue.list_sessions(db, limit=10)}
    assert listed[session.id] == catalogue.get_session(db, session.id)
    assert (listed[session.id].booked, listed[session.id].waitlisted) == (1, 2)
    assert listed[other.id] == catalogue.get_session(db, other.id)

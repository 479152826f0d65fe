"""Walk-ins: people on the paper sign-in sheet who never booked are counted as attended bookings."""

from datetime import timedelta

import pytest

from pscp_training.domain.enums import Attendance, BookingStatus
from pscp_training.domain.errors import InputError, RuleViolation
from pscp_training.domain.follow_up_records import PersonDetails
from pscp_training.domain.years import FinancialYear
from pscp_training.services.bookings import bookings
from pscp_training.services.bookings.walk_ins import add_walk_in, count_walk_ins, list_walk_ins
from pscp_training.services.people import people
from pscp_training.services.sessions import catalogue
from tests import factories as f
from tests.factories import NOW

ON_THE_DAY = NOW + timedelta(days=14)


def test_a_walk_in_is_a_booked_attended_place_even_over_capacity(db):
    s = f.session(db, capacity=1)
    bookings.book(db, session_id=s.id, delegate_id=f.delegate(db).id, now=NOW)
    person = PersonDetails("Łukasz", "Nowak", "l.nowak@example.org", "Trafalgar School", "Education")

    walk_in = add_walk_in(db, s.id, person, now=ON_THE_DAY)

    assert (walk_in.status, walk_in.attendance, walk_in.walk_in) == (
        BookingStatus.BOOKED,
        Attendance.ATTENDED,
        True,
    )
    assert walk_in.organisation == "Trafalgar School"
    record = catalogue.get_session(db, s.id)
    assert (record.booked, record.attended, record.capacity) == (2, 1, 1)
    assert [w.full_name for w in list_walk_ins(db, s.id)] == ["Łukasz Nowak"]
    lo, hi = FinancialYear(2022).utc_bounds()
    assert count_walk_ins(db, lo, hi) == 1


def test_a_known_delegate_is_found_not_duplicated(db):
    s = f.session(db)
    known = f.delegate(db, "Amara", "Okafor", email="amara@example.org")
    add_walk_in(db, s.id, PersonDetails("amara", "okafor", " AMARA@example.org "), now=ON_THE_DAY)
    assert [d.id for d in people.search_delegates(db, "Okafor")] == [known.id]


def test_someone_who_cancelled_or_was_waiting_becomes_the_walk_in(db):
    s = f.session(db, capacity=1)
    first = f.delegate(db)
    waiting = [f.delegate(db) for _ in range(2)]
    bookings.book(db, session_id=s.id, delegate_id=first.id, now=NOW)
    w1, w2 = (bookings.book(db, session_id=s.id, delegate_id=d.id, now=NOW) for d in waiting)
    assert (w1.waitlist_position, w2.waitlist_position) == (1, 2)

    walk_in = add_walk_in(
        db, s.id, PersonDetails(waiting[0].first_name, waiting[0].last_name, waiting[0].email),
        now=ON_THE_DAY,
    )

    assert walk_in.id == w1.id and walk_in.walk_in
    left = bookings.list_bookings(db, s.id, BookingStatus.WAITLISTED)
    assert [(b.id, b.waitlist_position) for b in left] == [(w2.id, 1)]


def test_refusals_say_why_and_write_nothing(db):
    s = f.session(db)
    booked = f.delegate(db)
    bookings.book(db, session_id=s.id, delegate_id=booked.id, now=NOW)
    with pytest.raises(RuleViolation, match="has not happened yet"):
        add_walk_in(db, s.id, PersonDetails("New", "Person", organisation="X", sector="Health"),
                    now=NOW)
    with pytest.raises(RuleViolation, match="already has a place.*mark them attended"):
        add_walk_in(db, s.id, PersonDetails(booked.first_name, booked.last_name, booked.email),
                    now=ON_THE_DAY)
    with pytest.raises(InputError, match="new organisation: say which sector"):
        add_walk_in(db, s.id, PersonDetails("New", "Person", organisation="Unheard Of Ltd"),
                    now=ON_THE_DAY)
    assert people.search_delegates(db, "New Person") == []
    other = f.session(db)
    catalogue.cancel_session(db, other.id, now=NOW)
    with pytest.raises(RuleViolation, match="cancelled"):
        add_walk_in(db, other.id, PersonDetails("A", "B"), now=ON_THE_DAY)
    assert catalogue.get_session(db, s.id).booked == 1

"""Booking rules on a real database: places, waiting list, cancellation, transfer, capacity."""

from datetime import timedelta

import pytest

from pscp_training.domain.enums import BookingStatus, SessionStatus
from pscp_training.domain.errors import InputError, NotFound, RuleViolation
from pscp_training.services.bookings import bookings
from pscp_training.services.sessions import catalogue
from tests import factories as f
from tests.factories import NOW


def _book(db, session_id, delegate_id, now=NOW):
    return bookings.book(db, session_id=session_id, delegate_id=delegate_id, now=now)


def test_places_then_waiting_list_first_come_first_served(db):
    s = f.session(db, capacity=2)
    people = [f.delegate(db) for _ in range(4)]
    results = [_book(db, s.id, p.id) for p in people]
    assert [r.status for r in results] == ["booked", "booked", "waitlisted", "waitlisted"]
    assert [r.waitlist_position for r in results] == [None, None, 1, 2]
    fresh = catalogue.get_session(db, s.id)
    assert (fresh.booked, fresh.waitlisted, fresh.places_left) == (2, 2, 0)


def test_booking_the_same_delegate_twice_is_refused_with_their_name(db):
    s = f.session(db, capacity=1)
    zoe, other = f.delegate(db, "Zoë", "Ó Súilleabháin"), f.delegate(db)
    _book(db, s.id, zoe.id)
    with pytest.raises(RuleViolation, match="Zoë Ó Súilleabháin already has a place"):
        _book(db, s.id, zoe.id)
    _book(db, s.id, other.id)
    with pytest.raises(RuleViolation, match="already on the waiting list .*number 1"):
        _book(db, s.id, other.id)
    assert len(bookings.list_bookings(db, s.id)) == 2


def test_cancelled_and_past_sessions_take_no_bookings(db):
    past = f.session(db, start=NOW - timedelta(days=1))
    person = f.delegate(db)
    with pytest.raises(RuleViolation, match="already taken place"):
        _book(db, past.id, person.id)
    future = f.session(db)
    catalogue.cancel_session(db, future.id, now=NOW)
    with pytest.raises(RuleViolation, match="has been cancelled"):
        _book(db, future.id, person.id)
    assert bookings.list_bookings(db, past.id) == []


def test_unknown_session_or_delegate(db):
    s = f.session(db)
    with pytest.raises(NotFound, match="no session 9999"):
        _book(db, 9999, f.delegate(db).id)
    with pytest.raises(NotFound, match="delegate no longer exists"):
        _book(db, s.id, 9999)


def test_cancel_promotes_the_first_on_the_waiting_list(db):
    s = f.session(db, capacity=1)
    a, b, c = (f.delegate(db, "Ann"), f.delegate(db, "Ben"), f.delegate(db, "Cat"))
    first = _book(db, s.id, a.id)
    _book(db, s.id, b.id)
    _book(db, s.id, c.id)
    result = bookings.cancel(db, first.id, now=NOW)
    assert result.cancelled.status == BookingStatus.CANCELLED
    assert result.promoted is not None and result.promoted.first_name == "Ben"
    after = {r.first_name: r for r in bookings.list_bookings(db, s.id)}
    assert after["Ben"].status == "booked" and after["Ben"].waitlist_position is None
    assert after["Cat"].status == "waitlisted" and after["Cat"].waitlist_position == 1
    assert after["Ann"].cancelled_at == NOW


def test_cancelling_a_waiting_list_place_closes_the_gap(db):
    s = f.session(db, capacity=1)
    people = [f.delegate(db) for _ in range(4)]
    made = [_book(db, s.id, p.id) for p in people]
    result = bookings.cancel(db, made[2].id, now=NOW)  # second on the waiting list
    assert result.promoted is None and result.late is False
    waiting = bookings.list_bookings(db, s.id, BookingStatus.WAITLISTED)
    positions = [(w.delegate_id, w.waitlist_position) for w in waiting]
    assert positions == [(people[1].id, 1), (people[3].id, 2)]


def test_late_cancellation_uses_the_working_day_notice_period(db):
    # Session on Wednesday 15 June 2022 at 11:00 London time.
    s = f.session(db, start=NOW + timedelta(days=14, hours=0), capacity=5)
    early, late = f.delegate(db), f.delegate(db)
    b1, b2 = _book(db, s.id, early.id), _book(db, s.id, late.id)
    friday = NOW + timedelta(days=9)  # Friday 10 June: Monday and Tuesday remain
    monday = NOW + timedelta(days=12)  # Monday 13 June: only Tuesday remains
    assert bookings.cancel(db, b1.id, now=friday).late is False
    assert bookings.cancel(db, b2.id, now=monday).late is True
    stored = {b.id: b.late_cancellation for b in bookings.list_bookings(db, s.id)}
    assert stored == {b1.id: False, b2.id: True}


def test_cancel_twice_and_cancel_after_the_session_are_refused(db):
    s = f.session(db)
    b = _book(db, s.id, f.delegate(db).id)
    bookings.cancel(db, b.id, now=NOW)
    with pytest.raises(RuleViolation, match="already cancelled"):
        bookings.cancel(db, b.id, now=NOW)
    b2 = _book(db, s.id, f.delegate(db).id)
    with pytest.raises(RuleViolation, match="mark .* absent"):
        bookings.cancel(db, b2.id, now=s.start + timedelta(hours=1))


def test_cancel_then_rebook_gets_the_back_of_the_queue(db):
    s = f.session(db, capacity=1)
    a, b = f.delegate(db), f.delegate(db)
    first = _book(db, s.id, a.id)
    _book(db, s.id, b.id)  # waitlisted
    bookings.cancel(db, first.id, now=NOW)  # b promoted
    again = _book(db, s.id, a.id, now=NOW + timedelta(minutes=5))
    assert again.id == first.id  # the same row, booked afresh
    assert again.status == "waitlisted" and again.waitlist_position == 1
    assert again.cancelled_at is None and again.booked_at == NOW + timedelta(minutes=5)


def test_raising_capacity_promotes_two_at_once_in_order(db):
    s = f.session(db, capacity=1)
    people = [f.delegate(db) for _ in range(4)]
    for p in people:
        _book(db, s.id, p.id)
    record, promoted = bookings.change_capacity(db, s.id, 3)
    assert [p.delegate_id for p in promoted] == [people[1].id, people[2].id]
    assert (record.capacity, record.booked, record.waitlisted) == (3, 3, 1)
    waiting = bookings.list_bookings(db, s.id, BookingStatus.WAITLISTED)
    assert [(w.delegate_id, w.waitlist_position) for w in waiting] == [(people[3].id, 1)]


def test_lowering_capacity_below_the_confirmed_places_is_refused(db):
    s = f.session(db, capacity=3)
    for _ in range(3):
        _book(db, s.id, f.delegate(db).id)
    with pytest.raises(RuleViolation, match="already has 3 confirmed places"):
        bookings.change_capacity(db, s.id, 2)
    with pytest.raises(InputError, match="negative"):
        bookings.change_capacity(db, s.id, -1)
    assert catalogue.get_session(db, s.id).capacity == 3
    record, promoted = bookings.change_capacity(db, s.id, 3)
    assert promoted == [] and record.capacity == 3


def test_removing_the_limit_promotes_everyone(db):
    s = f.session(db, capacity=0)
    people = [f.delegate(db) for _ in range(3)]
    assert all(_book(db, s.id, p.id).status == "waitlisted" for p in people)
    record, promoted = bookings.change_capacity(db, s.id, None)
    assert len(promoted) == 3 and record.waitlisted == 0


def test_transfer_to_another_session_of_the_same_course(db):
    c = f.course(db)
    here = f.session(db, course_id=c.id, capacity=1)
    there = f.session(db, course_id=c.id, capacity=5, start=NOW + timedelta(days=30))
    a, b = f.delegate(db), f.delegate(db)
    ba = _book(db, here.id, a.id)
    _book(db, here.id, b.id)  # waitlisted here
    moved, promoted = bookings.transfer(db, ba.id, there.id, now=NOW)
    assert moved.session_id == there.id and moved.status == "booked"
    assert promoted is not None and promoted.delegate_id == b.id
    old = [x for x in bookings.list_bookings(db, here.id) if x.delegate_id == a.id][0]
    assert old.status == "cancelled" and old.late_cancellation is False


def test_transfer_is_refused_across_courses_and_leaves_everything_as_it_was(db):
    here, elsewhere = f.session(db), f.session(db)
    b = _book(db, here.id, f.delegate(db).id)
    with pytest.raises(RuleViolation, match="same course"):
        bookings.transfer(db, b.id, elsewhere.id, now=NOW)
    assert bookings.list_bookings(db, here.id)[0].status == "booked"
    assert bookings.list_bookings(db, elsewhere.id) == []


def test_transfer_to_a_session_the_delegate_is_already_on_changes_nothing(db):
    c = f.course(db)
    here = f.session(db, course_id=c.id)
    there = f.session(db, course_id=c.id, start=NOW + timedelta(days=40))
    person = f.delegate(db)
    b = _book(db, here.id, person.id)
    _book(db, there.id, person.id)
    with pytest.raises(RuleViolation, match="already has a place"):
        bookings.transfer(db, b.id, there.id, now=NOW)
    assert bookings.list_bookings(db, here.id)[0].status == "booked"


def test_manual_promotion_needs_a_free_place(db):
    s = f.session(db, capacity=1)
    people = [f.delegate(db) for _ in range(3)]
    made = [_book(db, s.id, p.id) for p in people]
    with pytest.raises(RuleViolation, match="is full"):
        bookings.promote(db, made[2].id, now=NOW)
    with pytest.raises(RuleViolation, match="Only someone on the waiting list"):
        bookings.promote(db, made[0].id, now=NOW)
    bookings.change_capacity(db, s.id, 1)
    bookings.cancel(db, made[0].id, now=NOW)  # promotes made[1]
    bookings.change_capacity(db, s.id, 2)  # promotes made[2] by itself
    statuses = {b.id: b.status for b in bookings.list_bookings(db, s.id)}
    assert statuses == {made[0].id: "cancelled", made[1].id: "booked", made[2].id: "booked"}


def test_out_of_turn_promotion_renumbers_the_rest(db):
    s = f.session(db, capacity=0)
    people = [f.delegate(db) for _ in range(3)]
    made = [_book(db, s.id, p.id) for p in people]
    # Room for one, taken by hand by the third in the queue: raise the capacity directly.
    with db.write() as session:
        from pscp_training.db.models import TrainingSession

        session.get(TrainingSession, s.id).capacity = 1
    promoted = bookings.promote(db, made[2].id, now=NOW)
    assert promoted.status == "booked"
    waiting = bookings.list_bookings(db, s.id, BookingStatus.WAITLISTED)
    assert [(w.id, w.waitlist_position) for w in waiting] == [(made[0].id, 1), (made[1].id, 2)]


def test_cancel_session_cancels_everyone_and_lists_who_to_tell(db):
    s = f.session(db, capacity=1)
    a, b = f.delegate(db, "Łukasz"), f.delegate(db, "Nguyễn")
    _book(db, s.id, a.id)
    _book(db, s.id, b.id)
    result = catalogue.cancel_session(db, s.id, now=NOW)
    assert result.session.status == SessionStatus.CANCELLED
    assert sorted(p.first_name for p in result.to_tell) == ["Nguyễn", "Łukasz"]
    assert {b.status for b in bookings.list_bookings(db, s.id)} == {"cancelled"}
    with pytest.raises(RuleViolation, match="already cancelled"):
        catalogue.cancel_session(db, s.id, now=NOW)


def test_booking_keeps_the_organisation_as_at_booking(db):
    from pscp_training.services.people import people

    s = f.session(db, start=NOW + timedelta(days=3))
    person = f.delegate(db, org="Solent NHS Trust", sector="Health")
    booking = _book(db, s.id, person.id)
    council = f.organisation(db, "Portsmouth City Council Children's Services",
                             "Portsmouth City Council")
    people.save_delegate(db, delegate_id=person.id, first_name=person.first_name,
                         last_name=person.last_name, email=person.email,
                         organisation_id=council.id)
    stored = bookings.list_bookings(db, s.id)[0]
    assert stored.id == booking.id
    assert (stored.organisation, stored.sector) == ("Solent NHS Trust", "Health")

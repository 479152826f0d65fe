"""The booking service's smaller rules, each pinned so that the mutant mutmut found surviving
fails (docs/test-strength.md): waiting-list order, re-booking a cancelled place, transfers
to a lower-numbered session, capacity 0, the exact words of each refusal."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from pscp_training.db.models import Booking
from pscp_training.db.models_follow_up import Charge
from pscp_training.domain.enums import Attendance, BookingStatus
from pscp_training.domain.errors import InputError, NotFound, RuleViolation, StaleRecord
from pscp_training.services.bookings import bookings
from pscp_training.services.bookings.bookings import place_booking
from pscp_training.services.bookings.locking import locked_session
from pscp_training.services.sessions import catalogue
from tests import factories as f

NOW = f.NOW
START = NOW + timedelta(days=30)  # Friday 1 July 2022, 11:00 London time


def _book(db, session_id, delegate_id, minutes=0):
    return bookings.book(db, session_id=session_id, delegate_id=delegate_id,
                         now=NOW + timedelta(minutes=minutes))


def _row(db, booking_id) -> Booking:
    with db.read() as session:
        return session.get(Booking, booking_id)


def _back_dated(db, session_id, delegate_id, asked):
    with db.write() as session:
        from pscp_training.db.models import Delegate

        return place_booking(session, locked_session(session, session_id),
                             session.get(Delegate, delegate_id), now=NOW, booked_at=asked).id


def test_a_freed_place_goes_to_number_one_even_when_a_later_booking_holds_that_number(db):
    training = f.session(db, capacity=1, start=START)
    first = _book(db, training.id, f.delegate(db, "Ann").id)
    _book(db, training.id, f.delegate(db, "Ben").id, minutes=5)
    # Cat is entered last (the highest id) but asked first: she is number 1.
    cat = _back_dated(db, training.id, f.delegate(db, "Cat").id, NOW - timedelta(days=3))
    result = bookings.cancel(db, first.id, now=NOW + timedelta(minutes=10))
    assert result.promoted.id == cat
    assert [(b.first_name, b.waitlist_position) for b in bookings.list_bookings(
        db, training.id, BookingStatus.WAITLISTED)] == [("Ben", 1)]


def test_a_back_dated_booking_asked_at_the_same_moment_goes_after_the_one_already_there(db):
    training = f.session(db, capacity=1, start=START)
    _book(db, training.id, f.delegate(db, "Ann").id)
    asked = NOW - timedelta(days=1)
    _back_dated(db, training.id, f.delegate(db, "Ben").id, asked)
    _back_dated(db, training.id, f.delegate(db, "Cat").id, asked)
    assert [(b.first_name, b.waitlist_position) for b in bookings.list_bookings(
        db, training.id, BookingStatus.WAITLISTED)] == [("Ben", 1), ("Cat", 2)]


def test_another_sessions_longer_waiting_list_does_not_number_this_one(db):
    course = f.course(db)
    busy = f.session(db, course_id=course.id, capacity=0, start=START)
    for n in range(3):
        _book(db, busy.id, f.delegate(db, f"Busy{n}").id, minutes=n)
    quiet = f.session(db, course_id=course.id, capacity=0, start=START + timedelta(days=7))
    assert _book(db, quiet.id, f.delegate(db, "Quiet").id).waitlist_position == 1


def test_a_capacity_of_none_means_every_booking_is_a_place_and_zero_means_waiting_only(db):
    open_ended = f.session(db, capacity=None, start=START)
    assert _book(db, open_ended.id, f.delegate(db).id).status is BookingStatus.BOOKED
    training = f.session(db, capacity=2, start=START)
    record, promoted = bookings.change_capacity(db, training.id, 0)
    assert record.capacity == 0 and promoted == []
    with pytest.raises(InputError) as refused:
        bookings.change_capacity(db, training.id, -1)
    assert str(refused.value) == "The capacity cannot be negative."


def test_a_capacity_change_over_someone_elses_is_refused_naming_the_session(db):
    training = f.session(db, capacity=2, start=START)
    seen = catalogue.get_session(db, training.id).version
    bookings.change_capacity(db, training.id, 5, expected_version=seen)
    with pytest.raises(StaleRecord) as refused:
        bookings.change_capacity(db, training.id, 3, expected_version=seen)
    assert str(refused.value).startswith(
        "Someone else saved a change to this session while you were editing it.")
    assert catalogue.get_session(db, training.id).capacity == 5


def test_a_cancelled_place_booked_again_starts_clean(db):
    training = f.session(db, capacity=1, start=START)
    person = f.delegate(db, "Ann")
    place = _book(db, training.id, person.id)
    _book(db, training.id, f.delegate(db, "Ben").id, minutes=1)
    # Cancelled the day before: late, and the place went to Ben.
    bookings.cancel(db, place.id, now=START - timedelta(days=1))
    before = _row(db, place.id)
    assert (before.late_cancellation, before.place_refilled, before.cancelled_from) == (
        True, True, "booked")
    again = _book(db, training.id, person.id, minutes=2)
    assert again.id == place.id and again.status is BookingStatus.WAITLISTED
    row = _row(db, place.id)
    assert row.late_cancellation is False and row.place_refilled is False
    assert row.cancelled_from is None and row.waitlist_move_reason is None
    assert row.cancelled_at is None and row.walk_in is False


def test_cancelling_a_waiting_list_place_records_where_it_was_and_refills_nothing(db):
    training = f.session(db, capacity=1, start=START)
    _book(db, training.id, f.delegate(db).id)
    waiting = _book(db, training.id, f.delegate(db).id, minutes=1)
    bookings.cancel(db, waiting.id, now=NOW + timedelta(days=1))
    row = _row(db, waiting.id)
    assert (row.cancelled_from, row.place_refilled) == ("waitlisted", False)


def test_a_delegate_without_an_organisation_can_be_booked(db):
    training = f.session(db, start=START)
    record = _book(db, training.id, f.delegate(db, org=None).id)
    assert (record.organisation, record.sector) == (None, None)


def test_cancelling_at_the_instant_the_session_starts_is_refused_one_second_before_is_taken(db):
    training = f.session(db, capacity=3, start=START)
    ann = _book(db, training.id, f.delegate(db, "Ann", "Archer").id)
    ben = _book(db, training.id, f.delegate(db, "Ben", "Baker").id)
    with pytest.raises(RuleViolation) as refused:
        bookings.cancel(db, ann.id, now=START)
    assert str(refused.value) == (
        f"{training.course_title} on 01 July 2022 has already taken place: mark Ann Archer "
        "absent on the register instead of cancelling.")
    assert bookings.cancel(db, ben.id, now=START - timedelta(seconds=1)).late
    with pytest.raises(RuleViolation) as again:
        bookings.cancel(db, ben.id, now=START - timedelta(seconds=1))
    assert str(again.value) == (
        f"Ben Baker's booking on {training.course_title} on 01 July 2022 is already cancelled.")


def test_a_late_cancellation_charges_its_own_session_only(db):
    course = f.course(db)
    ran = f.session(db, course_id=course.id, capacity=3, start=NOW - timedelta(days=3))
    absent = bookings.book(db, session_id=ran.id, delegate_id=f.delegate(db).id,
                           now=NOW - timedelta(days=10))
    with db.write() as session:  # an absence marked without raising its charge yet
        session.get(Booking, absent.id).attendance = Attendance.ABSENT.value
    training = f.session(db, course_id=course.id, capacity=3, start=START)
    place = _book(db, training.id, f.delegate(db).id)
    assert bookings.cancel(db, place.id, now=START - timedelta(hours=2)).late
    with db.read() as session:
        charged = session.scalars(select(Charge.booking_id)).all()
    assert charged == [place.id]


def test_only_someone_on_the_waiting_list_can_be_given_a_place(db):
    training = f.session(db, capacity=1, start=START)
    first = _book(db, training.id, f.delegate(db, "Ann").id)
    with pytest.raises(RuleViolation) as refused:
        bookings.promote(db, first.id, now=NOW)
    assert str(refused.value) == "Only someone on the waiting list can be given a place."


def test_promoting_out_of_turn_closes_the_gap_it_leaves(db):
    training = f.session(db, capacity=1, start=START)
    first = _book(db, training.id, f.delegate(db, "Ann").id)
    _book(db, training.id, f.delegate(db, "Ben").id, minutes=1)
    cat = _book(db, training.id, f.delegate(db, "Cat").id, minutes=2)
    _book(db, training.id, f.delegate(db, "Dee").id, minutes=3)
    with db.write() as session:  # a place freed without the waiting list moving (a raise of
        session.get(Booking, first.id).status = "cancelled"  # capacity elsewhere, say)
    promoted = bookings.promote(db, cat.id, now=NOW)
    assert promoted.status is BookingStatus.BOOKED
    assert [(b.first_name, b.waitlist_position) for b in bookings.list_bookings(
        db, training.id, BookingStatus.WAITLISTED)] == [("Ben", 1), ("Dee", 2)]


def test_a_transfer_to_an_earlier_numbered_session_moves_the_booking(db):
    course = f.course(db)
    later_in_the_list = f.session(db, course_id=course.id, capacity=1, start=START)
    source = f.session(db, course_id=course.id, capacity=1, start=START + timedelta(days=7))
    assert later_in_the_list.id < source.id
    place = _book(db, source.id, f.delegate(db, "Ann").id)
    waiting = _book(db, source.id, f.delegate(db, "Ben").id, minutes=1)
    moved, promoted = bookings.transfer(db, place.id, later_in_the_list.id, now=NOW)
    assert (moved.session_id, moved.status) == (later_in_the_list.id, BookingStatus.BOOKED)
    assert promoted.id == waiting.id
    assert _row(db, place.id).status == "cancelled"


def test_each_refused_transfer_says_why(db):
    course = f.course(db)
    training = f.session(db, course_id=course.id, capacity=3, start=START)
    other_course = f.session(db, capacity=3, start=START)
    ran = f.session(db, course_id=course.id, capacity=3, start=NOW - timedelta(days=1))
    place = _book(db, training.id, f.delegate(db).id)
    past = bookings.book(db, session_id=ran.id, delegate_id=f.delegate(db, "Pat", "Past").id,
                         now=NOW - timedelta(days=5))

    def refusal(booking_id, to, error=RuleViolation):
        with pytest.raises(error) as refused:
            bookings.transfer(db, booking_id, to, now=NOW)
        return str(refused.value)

    assert refusal(999_999, training.id, NotFound) == "There is no booking 999999."
    assert refusal(place.id, training.id) == "Choose a different session to transfer to."
    assert refusal(place.id, other_course.id) == (
        "A booking can only be transferred to another session of the same course.")
    assert refusal(past.id, training.id) == (
        f"{training.course_title} on {ran.start.strftime('%d %B %Y')} has already taken place.")
    bookings.cancel(db, place.id, now=NOW)
    assert refusal(place.id, ran.id) == (
        "Only a current booking or waiting-list place can be transferred.")


def test_a_transfer_at_the_instant_the_session_starts_is_refused(db):
    course = f.course(db)
    training = f.session(db, course_id=course.id, capacity=3, start=START)
    later = f.session(db, course_id=course.id, capacity=3, start=START + timedelta(days=7))
    place = _book(db, training.id, f.delegate(db).id)
    with pytest.raises(RuleViolation):
        bookings.transfer(db, place.id, later.id, now=START)
    moved, _ = bookings.transfer(db, place.id, later.id, now=START - timedelta(seconds=1))
    assert moved.session_id == later.id


def test_the_list_shows_places_by_surname_in_any_case_then_the_waiting_list_in_order(db):
    training = f.session(db, capacity=3, start=START)
    for n, (first, last) in enumerate((("ann", "de Souza"), ("Bob", "Cole"), ("Al", "cole"),
                                       ("Wyn", "Zed"), ("Abe", "Able"))):
        _book(db, training.id, f.delegate(db, first, last).id, minutes=n)
    shown = [(b.first_name, b.status.value, b.waitlist_position)
             for b in bookings.list_bookings(db, training.id)]
    assert shown == [("Al", "booked", None), ("Bob", "booked", None), ("ann", "booked", None),
                     ("Wyn", "waitlisted", 1), ("Abe", "waitlisted", 2)]
    page = bookings.list_bookings(db, training.id, offset=2, limit=2)
    assert [b.first_name for b in page] == ["ann", "Wyn"]


def test_a_booking_refused_for_a_session_that_has_run_names_it_and_says_what_to_do(db):
    training = f.session(db, start=START)
    with pytest.raises(RuleViolation) as refused:
        bookings.book(db, session_id=training.id, delegate_id=f.delegate(db).id, now=START)
    assert str(refused.value) == (
        f"{training.course_title} on 01 July 2022 has already taken place, so it cannot take "
        "bookings. Add someone who came without booking as a walk-in on the register.")


def test_no_one_is_given_a_place_once_the_session_has_started(db):
    training = f.session(db, capacity=1, start=START)
    first = _book(db, training.id, f.delegate(db).id)
    waiting = _book(db, training.id, f.delegate(db).id, minutes=1)
    with db.write() as session:
        session.get(Booking, first.id).status = "cancelled"
    with pytest.raises(RuleViolation):
        bookings.promote(db, waiting.id, now=START)
    assert bookings.promote(db, waiting.id, now=START - timedelta(seconds=1)).status is (
        BookingStatus.BOOKED)


def test_a_transferred_booking_is_cancelled_at_the_moment_of_the_transfer(db):
    course = f.course(db)
    training = f.session(db, course_id=course.id, capacity=3, start=START)
    later = f.session(db, course_id=course.id, capacity=3, start=START + timedelta(days=7))
    place = _book(db, training.id, f.delegate(db).id)
    moment = NOW + timedelta(days=2, hours=3)
    bookings.transfer(db, place.id, later.id, now=moment)
    assert _row(db, place.id).cancelled_at.replace(tzinfo=None) == moment.replace(tzinfo=None)


def test_people_of_the_same_name_are_listed_in_the_order_they_booked(db):
    training = f.session(db, capacity=5, start=START)
    twins = [_book(db, training.id, f.delegate(db, "Sam", "Lee").id, minutes=n).id
             for n in range(3)]
    assert [b.id for b in bookings.list_bookings(db, training.id)] == twins


def test_the_counts_are_this_sessions_by_status_with_none_for_the_rest(db):
    training = f.session(db, capacity=2, start=START)
    for n in range(3):
        _book(db, training.id, f.delegate(db).id, minutes=n)
    other = f.session(db, capacity=5, start=START)
    _book(db, other.id, f.delegate(db).id)
    counts = bookings.count_bookings(db, training.id)
    assert counts == {**dict.fromkeys(BookingStatus, 0),
                      BookingStatus.BOOKED: 2, BookingStatus.WAITLISTED: 1}


def test_a_delegates_record_is_their_own_bookings_newest_session_first(db):
    person = f.delegate(db, "Ann")
    first = f.session(db, capacity=5, start=START)
    second = f.session(db, capacity=5, start=START + timedelta(days=40))
    _book(db, first.id, person.id)
    _book(db, second.id, person.id)
    _book(db, second.id, f.delegate(db, "Someone", "Else").id)
    record = bookings.delegate_bookings(db, person.id)
    assert [(s.id, b.first_name) for s, b in record] == [(second.id, "Ann"), (first.id, "Ann")]
    assert record[0][0].booked == 2


def test_booking_someone_who_no_longer_exists_says_so(db):
    training = f.session(db, start=START)
    with pytest.raises(NotFound) as refused:
        bookings.book(db, session_id=training.id, delegate_id=999_999, now=NOW)
    assert str(refused.value) == "That delegate no longer exists."

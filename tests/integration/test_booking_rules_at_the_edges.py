"""Booking rules pinned at their edges: each assertion fails if one rule is planted wrong."""

from datetime import UTC, datetime, timedelta

import pytest

from pscp_training.domain.enums import BookingStatus
from pscp_training.domain.errors import RuleViolation
from pscp_training.domain.years import FinancialYear
from pscp_training.services.bookings import bookings, substitution
from pscp_training.services.sessions import catalogue
from pscp_training.services.settings import team_settings
from tests import factories

# Thursday 2 July 2026, 09:30 BST (08:30 UTC). With two working days' notice a cancellation
# is in time up to the end of Monday 29 June, London time (Tuesday and Wednesday remain).
THURSDAY = datetime(2026, 7, 2, 8, 30, tzinfo=UTC)
MONDAY_LAST_MINUTE_LONDON = datetime(2026, 6, 29, 22, 59, tzinfo=UTC)  # 23:59 BST Monday
TUESDAY_FIRST_MINUTES_LONDON = datetime(2026, 6, 29, 23, 30, tzinfo=UTC)  # 00:30 BST Tuesday
BOOKED_EARLY = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _full_session_with_waiting_list(db, waiting=2, start=THURSDAY):
    training = factories.session(db, capacity=1, start=start)
    people = [factories.delegate(db, last=f"P{n}") for n in range(1 + waiting)]
    placed = [
        bookings.book(db, session_id=training.id, delegate_id=p.id, now=BOOKED_EARLY + timedelta(minutes=n))
        for n, p in enumerate(people)
    ]
    return training, placed


def _status(db, session_id):
    return [
        (b.last_name, b.status, b.waitlist_position)
        for b in sorted(bookings.list_bookings(db, session_id), key=lambda b: b.id)
    ]


def test_a_cancellation_at_the_last_minute_of_the_notice_day_in_london_is_in_time(db):
    training, (confirmed, *_) = _full_session_with_waiting_list(db, waiting=0)
    result = bookings.cancel(db, confirmed.id, now=MONDAY_LAST_MINUTE_LONDON)
    assert result.late is False


def test_after_london_midnight_it_is_late_though_utc_still_says_monday(db):
    training, (confirmed, *_) = _full_session_with_waiting_list(db, waiting=0)
    result = bookings.cancel(db, confirmed.id, now=TUESDAY_FIRST_MINUTES_LONDON)
    assert result.late is True
    assert result.cancelled.late_cancellation is True


def test_the_teams_notice_setting_is_used_not_a_fixed_two_days(db):
    with db.write() as session:
        team_settings.write_setting(session, team_settings.NOTICE_WORKING_DAYS, "3")
    training, (confirmed, *_) = _full_session_with_waiting_list(db, waiting=0)
    # Monday for Thursday leaves two working days: in time with 2 days' notice, late with 3.
    assert bookings.cancel(db, confirmed.id, now=MONDAY_LAST_MINUTE_LONDON).late is True


def test_cancelling_a_waiting_list_place_inside_the_notice_period_is_never_late(db):
    training, (_confirmed, first_waiting, second_waiting) = _full_session_with_waiting_list(db)
    result = bookings.cancel(db, first_waiting.id, now=TUESDAY_FIRST_MINUTES_LONDON)
    assert result.late is False and result.cancelled.late_cancellation is False
    assert result.promoted is None
    # The waiting list closes up: the second in line is now first.
    assert _status(db, training.id) == [
        ("P0", BookingStatus.BOOKED, None),
        ("P1", BookingStatus.CANCELLED, None),
        ("P2", BookingStatus.WAITLISTED, 1),
    ]


def test_a_transfer_inside_the_notice_period_is_not_a_late_cancellation(db):
    training, (confirmed, _waiting, _second) = _full_session_with_waiting_list(db)
    later = factories.session(db, course_id=training.course_id, capacity=5,
                              start=THURSDAY + timedelta(days=7))
    new, promoted = bookings.transfer(db, confirmed.id, later.id, now=TUESDAY_FIRST_MINUTES_LONDON)
    old = next(b for b in bookings.list_bookings(db, training.id) if b.id == confirmed.id)
    assert old.status == BookingStatus.CANCELLED and old.late_cancellation is False
    assert new.status == BookingStatus.BOOKED and promoted is not None
    assert promoted.last_name == "P1"


def test_a_transfer_to_a_full_session_joins_its_waiting_list_at_the_end(db):
    training, (confirmed, *_rest) = _full_session_with_waiting_list(db, waiting=0)
    full = factories.session(db, course_id=training.course_id, capacity=1,
                             start=THURSDAY + timedelta(days=14))
    for n, name in enumerate(("Holder", "Waiting")):
        person = factories.delegate(db, last=name)
        bookings.book(db, session_id=full.id, delegate_id=person.id,
                      now=BOOKED_EARLY + timedelta(minutes=n))
    new, _ = bookings.transfer(db, confirmed.id, full.id, now=BOOKED_EARLY + timedelta(days=1))
    assert new.status == BookingStatus.WAITLISTED and new.waitlist_position == 2


def test_a_cancelled_session_promotes_nobody_from_its_waiting_list(db):
    training, _placed = _full_session_with_waiting_list(db)
    result = catalogue.cancel_session(db, training.id, now=BOOKED_EARLY + timedelta(days=1))
    statuses = {b.status for b in bookings.list_bookings(db, training.id)}
    assert statuses == {BookingStatus.CANCELLED}
    assert len(result.to_tell) == 3


def test_a_booking_at_the_very_instant_the_session_starts_is_refused(db):
    training = factories.session(db, capacity=5, start=THURSDAY)
    person = factories.delegate(db)
    with pytest.raises(RuleViolation, match="already taken place"):
        bookings.book(db, session_id=training.id, delegate_id=person.id, now=THURSDAY)
    one_second_before = bookings.book(db, session_id=training.id, delegate_id=person.id,
                                      now=THURSDAY - timedelta(seconds=1))
    assert one_second_before.status == BookingStatus.BOOKED


def test_a_substitute_from_the_waiting_list_leaves_no_gap_in_it(db):
    training = factories.session(db, capacity=1, start=THURSDAY)
    org = "Arundel Court Primary School"
    holder = factories.delegate(db, last="Holder", org=org)
    first = factories.delegate(db, last="First", org="Another School")
    colleague = factories.delegate(db, last="Colleague", org=org)
    last = factories.delegate(db, last="Last", org="Another School")
    held = bookings.book(db, session_id=training.id, delegate_id=holder.id, now=BOOKED_EARLY)
    for n, person in enumerate((first, colleague, last), start=1):
        bookings.book(db, session_id=training.id, delegate_id=person.id,
                      now=BOOKED_EARLY + timedelta(minutes=n))
    substitution.substitute(db, held.id, colleague.id, now=BOOKED_EARLY + timedelta(days=1))
    waiting = sorted(
        (b.waitlist_position, b.last_name)
        for b in bookings.list_bookings(db, training.id, BookingStatus.WAITLISTED)
    )
    assert waiting == [(1, "First"), (2, "Last")]


@pytest.mark.parametrize(
    ("moment", "year"),
    [
        (datetime(2023, 3, 31, 23, 0, tzinfo=UTC), "2023-24"),  # 00:00 BST on 1 April 2023
        (datetime(2023, 3, 31, 22, 59, 59, tzinfo=UTC), "2022-23"),  # 23:59:59 on 31 March
        (datetime(2022, 4, 1, 0, 0, tzinfo=UTC) - timedelta(hours=1), "2022-23"),  # 00:00 BST
        (datetime(2027, 4, 1, 0, 0, tzinfo=UTC) - timedelta(hours=1), "2027-28"),
        (datetime(2021, 3, 31, 23, 0, tzinfo=UTC), "2021-22"),
    ],
)
def test_a_session_at_midnight_london_time_on_1_april_belongs_to_the_new_year(moment, year):
    assert FinancialYear.of(moment).label == year
    lo, hi = FinancialYear.parse(year).utc_bounds()
    assert lo <= moment < hi

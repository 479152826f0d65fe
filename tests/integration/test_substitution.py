"""Substitution: a colleague takes over a place; no charge, no waiting-list promotion."""

from datetime import timedelta

import pytest

from pscp_training.domain.enums import BookingStatus
from pscp_training.domain.errors import RuleViolation
from pscp_training.domain.follow_up_records import PersonDetails
from pscp_training.services.bookings import bookings
from pscp_training.services.bookings.substitution import substitute
from pscp_training.services.follow_up.non_attendance import get_manager_email, set_manager_email
from pscp_training.services.sessions import catalogue
from tests import factories as f
from tests.factories import NOW

SCHOOL = "Arundel Court Primary School"


def _full_session_with_waiting_list(db):
    s = f.session(db, capacity=1)
    holder = f.delegate(db, "Priya", "Shah")
    waiting = f.delegate(db, org="Portsmouth Hospitals", sector="Health")
    place = bookings.book(db, session_id=s.id, delegate_id=holder.id, now=NOW)
    queued = bookings.book(db, session_id=s.id, delegate_id=waiting.id, now=NOW)
    return s, place, queued


def test_a_colleague_takes_the_place_and_the_waiting_list_does_not_move(db):
    s, place, queued = _full_session_with_waiting_list(db)
    set_manager_email(db, place.id, "head@arundel.example.org")

    result = substitute(
        db, place.id, PersonDetails("Tom", "O'Brien", "tom.obrien@example.org"), now=NOW
    )

    states = {b.id: (b.status, b.full_name) for b in bookings.list_bookings(db, s.id)}
    assert states[place.id] == (BookingStatus.SUBSTITUTED, "Priya Shah")
    assert states[result.colleague_booking_id] == (BookingStatus.BOOKED, "Tom O'Brien")
    assert states[queued.id][0] == BookingStatus.WAITLISTED
    assert result.organisation == SCHOOL
    record = catalogue.get_session(db, s.id)
    assert (record.booked, record.waitlisted) == (1, 1)
    colleague = next(b for b in bookings.list_bookings(db, s.id) if b.id == result.colleague_booking_id)
    assert colleague.organisation == SCHOOL and not colleague.late_cancellation
    assert get_manager_email(db, result.colleague_booking_id) == "head@arundel.example.org"


def test_the_colleague_may_be_an_existing_delegate_on_the_waiting_list(db):
    s = f.session(db, capacity=1)
    holder = f.delegate(db)
    colleague = f.delegate(db)
    place = bookings.book(db, session_id=s.id, delegate_id=holder.id, now=NOW)
    queued = bookings.book(db, session_id=s.id, delegate_id=colleague.id, now=NOW)
    result = substitute(db, place.id, colleague.id, now=NOW)
    assert result.colleague_booking_id == queued.id
    assert [b.id for b in bookings.list_bookings(db, s.id, BookingStatus.BOOKED)] == [queued.id]
    assert catalogue.get_session(db, s.id).waitlisted == 0


def test_only_a_colleague_from_the_same_organisation_before_the_session(db):
    s, place, queued = _full_session_with_waiting_list(db)
    outsider = f.delegate(db, org="Portsmouth Hospitals", sector="Health")
    with pytest.raises(RuleViolation, match="works for Portsmouth Hospitals, not Arundel"):
        substitute(db, place.id, outsider.id, now=NOW)
    with pytest.raises(RuleViolation, match="only pass to a colleague from Arundel"):
        substitute(db, place.id, PersonDetails("A", "B", organisation="Elsewhere"), now=NOW)
    with pytest.raises(RuleViolation, match="already started.*walk-in"):
        substitute(db, place.id, PersonDetails("A", "B"), now=s.start + timedelta(minutes=5))
    with pytest.raises(RuleViolation, match="does not hold a confirmed place"):
        substitute(db, queued.id, PersonDetails("A", "B"), now=NOW)
    assert bookings.list_bookings(db, s.id, BookingStatus.BOOKED)[0].id == place.id

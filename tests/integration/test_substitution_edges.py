"""Passing a place to a colleague, pinned where mutmut found the tests silent: each refusal's
exact words, the instant the session starts, the colleague's booking as it is stored, and
who took which place (docs/test-strength.md)."""

from datetime import timedelta

import pytest

from pscp_training.db.models import Booking, TrainingSession
from pscp_training.domain.enums import BookingStatus
from pscp_training.domain.errors import InputError, NotFound, RuleViolation
from pscp_training.domain.follow_up_records import PersonDetails
from pscp_training.services.bookings import bookings
from pscp_training.services.bookings.substitution import colleagues_who_took, substitute
from tests import factories as f
from tests.factories import NOW

SCHOOL = "Arundel Court Primary School"
START = NOW + timedelta(days=30)  # 1 July 2022
ON = "on 01 July 2022"


def _place(db, first="Priya", last="Shah", org=SCHOOL, capacity=3):
    training = f.session(db, capacity=capacity, start=START)
    holder = f.delegate(db, first, last, org=org)
    place = bookings.book(db, session_id=training.id, delegate_id=holder.id, now=NOW)
    return training, holder, place


def _refusal(db, booking_id, colleague, error=RuleViolation, now=NOW):
    with pytest.raises(error) as refused:
        substitute(db, booking_id, colleague, now=now)
    return str(refused.value)


def test_the_colleagues_booking_is_stored_as_a_fresh_place_of_the_organisation(db):
    training, _holder, place = _place(db)
    later = NOW + timedelta(days=2)
    result = substitute(db, place.id, PersonDetails("Tom", "Reed", email="tom.reed@school.org",
                                                    job_role="Teaching assistant"), now=later)
    assert (result.original_booking_id, result.colleague, result.organisation) == (
        place.id, "Tom Reed", SCHOOL)
    with db.read() as session:
        row = session.get(Booking, result.colleague_booking_id)
        assert (row.status, row.walk_in, row.cancelled_from, row.waitlist_position) == (
            "booked", False, None, None)
        assert row.booked_at.replace(tzinfo=None) == later.replace(tzinfo=None)
        assert row.sector_id == row.organisation.sector_id is not None
        assert (row.delegate.email, row.delegate.job_role) == (
            "tom.reed@school.org", "Teaching assistant")
    assert colleagues_who_took(db, [place.id, result.colleague_booking_id]) == {
        place.id: "Tom Reed"}
    assert colleagues_who_took(db, []) == {}
    shown = {b.id: b for b in bookings.list_bookings(db, training.id)}
    assert shown[place.id].status is BookingStatus.SUBSTITUTED


def test_a_colleague_waiting_on_another_session_is_not_taken_for_one_on_this(db):
    training, _holder, place = _place(db)
    colleague = f.delegate(db, "Tom", "Reed", org=SCHOOL)
    other = f.session(db, capacity=0, start=START + timedelta(days=7))
    bookings.book(db, session_id=other.id, delegate_id=colleague.id, now=NOW)
    result = substitute(db, place.id, colleague.id, now=NOW)
    with db.read() as session:
        row = session.get(Booking, result.colleague_booking_id)
        assert (row.session_id, row.status) == (training.id, "booked")
    [still_waiting] = bookings.list_bookings(db, other.id)
    assert still_waiting.status is BookingStatus.WAITLISTED


def test_each_refusal_says_what_and_why(db):
    training, holder, place = _place(db)
    assert _refusal(db, place.id, holder.id, InputError) == (
        "Choose a colleague other than the person who holds the place.")
    assert _refusal(db, place.id, 999_999, NotFound) == (
        "That colleague is not on the list of delegates.")
    nurse = f.delegate(db, "Nia", "Nurse", org="Portsmouth Hospitals", sector="Health")
    assert _refusal(db, place.id, nurse.id) == (
        f"Nia Nurse works for Portsmouth Hospitals, not {SCHOOL}: a place can only pass to a "
        "colleague from the same organisation.")
    loner = f.delegate(db, "Lee", "Loner", org=None)
    assert _refusal(db, place.id, loner.id) == (
        f"Lee Loner works for no organisation, not {SCHOOL}: a place can only pass to a "
        "colleague from the same organisation.")
    assert _refusal(db, place.id, PersonDetails("Ola", "Other", organisation=" Other Academy ")) == (
        f"A place can only pass to a colleague from {SCHOOL}, not from Other Academy.")
    booked_colleague = f.delegate(db, "Bea", "Booked", org=SCHOOL)
    bookings.book(db, session_id=training.id, delegate_id=booked_colleague.id, now=NOW)
    assert _refusal(db, place.id, booked_colleague.id) == (
        f"Bea Booked already has a place on {training.course_title} {ON}.")


def test_a_place_without_an_organisation_cannot_pass_and_says_so(db):
    _training, _holder, place = _place(db, "Sam", "Solo", org=None)
    assert _refusal(db, place.id, PersonDetails("Tom", "Reed")) == (
        "Sam Solo's booking has no organisation, so a colleague from the same organisation "
        "cannot be identified.")


def test_only_a_confirmed_place_of_a_session_still_to_come_can_pass(db):
    training, _holder, place = _place(db, capacity=1)
    queued = bookings.book(db, session_id=training.id,
                           delegate_id=f.delegate(db, "Wes", "Wait").id, now=NOW)
    colleague = PersonDetails("Tom", "Reed")
    assert _refusal(db, queued.id, colleague) == (
        f"Wes Wait does not hold a confirmed place on {training.course_title} {ON} "
        "(waitlisted), so there is no place to pass on.")
    assert _refusal(db, place.id, colleague, now=START) == (
        f"{training.course_title} {ON} has already started: a colleague who came instead is "
        "added to the register as a walk-in, and Priya Shah marked absent.")
    assert substitute(db, place.id, colleague, now=START - timedelta(seconds=1)).colleague == (
        "Tom Reed")
    # A session marked cancelled with a place still standing (as an older copy of the
    # database can hold; cancelling from the app cancels its places too).
    again, _h, other_place = _place(db, "Ann", "Archer")
    with db.write() as session:
        session.get(TrainingSession, again.id).status = "cancelled"
    assert _refusal(db, other_place.id, PersonDetails("Tom", "Reed")) == (
        f"{again.course_title} {ON} has been cancelled.")


def test_a_colleague_typed_with_the_organisation_in_other_letters_is_taken(db):
    _training, _holder, place = _place(db)
    result = substitute(db, place.id, PersonDetails(
        "Tom", "Reed", organisation="arundel court primary school"), now=NOW)
    assert (result.colleague, result.organisation) == ("Tom Reed", SCHOOL)

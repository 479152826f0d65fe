"""Merging two delegate records on a real database: bookings move, clashes resolved, nothing lost."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from pscp_training.db.audit import acting_as
from pscp_training.db.models_certificate import IssuedCertificate
from pscp_training.db.models_evaluation import Evaluation
from pscp_training.domain.enums import Attendance, BookingStatus
from pscp_training.domain.errors import InputError, NotFound, StaleRecord
from pscp_training.domain.merge_records import ClashChoice
from pscp_training.services.bookings import bookings
from pscp_training.services.common.audit import delegate_history, session_history
from pscp_training.services.people import people
from pscp_training.services.people.merge import merge_delegates, preview_merge
from pscp_training.services.printing import certificates
from pscp_training.services.sessions import attendance, catalogue
from tests import factories as f
from tests.factories import NOW

EARLIER = NOW - timedelta(days=60)


def _book(db, s, d, now=NOW):
    return bookings.book(db, session_id=s.id, delegate_id=d.id, now=now)


def _record(db, delegate_id):
    return {s.id: (b.status, b.attendance, b.waitlist_position)
            for s, b in bookings.delegate_bookings(db, delegate_id)}


def test_bookings_move_and_blanks_are_filled(db):
    keep = people.save_delegate(db, delegate_id=None, first_name="Zoë", last_name="Nguyễn",
                                email=None, organisation_id=None)
    other = people.save_delegate(db, delegate_id=None, first_name="Zoe", last_name="Nguyen",
                                 email="zoe.nguyen@school.example", job_role="DSL",
                                 organisation_id=f.organisation(db).id)
    one, two = f.session(db), f.session(db)
    _book(db, one, other)
    _book(db, two, other)

    preview = preview_merge(db, keep.id, other.id)
    assert {m.session.id for m in preview.moves} == {one.id, two.id}
    assert preview.clashes == ()
    assert dict(preview.filled) == {"email": "zoe.nguyen@school.example", "job role": "DSL",
                                    "organisation": "Arundel Court Primary School"}

    merged = merge_delegates(db, keep.id, other.id, {}, preview.expected_versions)
    assert (merged.first_name, merged.email, merged.job_role) == (
        "Zoë", "zoe.nguyen@school.example", "DSL")
    assert merged.organisation == "Arundel Court Primary School"
    assert set(_record(db, keep.id)) == {one.id, two.id}
    with pytest.raises(NotFound):
        people.get_delegate(db, other.id)
    # The email now identifies the kept delegate.
    assert [d.id for d in people.search_delegates(db, "zoe.nguyen@")] == [keep.id]


def test_kept_details_are_not_overwritten(db):
    keep = f.delegate(db, "Sam", "Jones", email="sam.jones@a.example")
    other = f.delegate(db, "Sam", "Jones", email="sjones@b.example")
    merged = merge_delegates(db, keep.id, other.id)
    assert merged.email == "sam.jones@a.example"


def test_an_unresolved_clash_changes_nothing(db):
    keep, other = f.delegate(db, "Ann", "Lee"), f.delegate(db, "Anne", "Lee")
    shared, own = f.session(db, capacity=5), f.session(db, capacity=5)
    _book(db, shared, keep)
    _book(db, shared, other)
    _book(db, own, other)
    preview = preview_merge(db, keep.id, other.id)
    assert [c.session.id for c in preview.clashes] == [shared.id]
    assert [m.session.id for m in preview.moves] == [own.id]

    with pytest.raises(InputError, match="both booked on .*Choose which booking to keep"):
        merge_delegates(db, keep.id, other.id, {})
    assert set(_record(db, other.id)) == {shared.id, own.id}
    assert set(_record(db, keep.id)) == {shared.id}


def test_clash_keeping_the_waitlisted_booking_frees_a_place_for_the_waiting_list(db):
    s = f.session(db, capacity=1)
    keep, waiting, other = f.delegate(db), f.delegate(db), f.delegate(db)
    _book(db, s, keep)  # the one place
    _book(db, s, waiting)  # waiting list 1
    _book(db, s, other)  # waiting list 2
    preview = preview_merge(db, keep.id, other.id)
    assert preview.clashes[0].suggested == ClashChoice.KEEP

    merge_delegates(db, keep.id, other.id, {s.id: ClashChoice.OTHER}, preview.expected_versions,
                    now=NOW)
    by_person = {b.delegate_id: (b.status, b.waitlist_position)
                 for b in bookings.list_bookings(db, s.id)}
    assert by_person == {waiting.id: (BookingStatus.BOOKED, None),
                         keep.id: (BookingStatus.WAITLISTED, 1)}


def test_clash_keeping_the_place_renumbers_the_waiting_list(db):
    s = f.session(db, capacity=1)
    keep, other, last = f.delegate(db), f.delegate(db), f.delegate(db)
    _book(db, s, keep)
    _book(db, s, other)  # waiting list 1
    _book(db, s, last)  # waiting list 2
    merge_delegates(db, keep.id, other.id, {s.id: "keep"}, now=NOW)
    listed = [(b.delegate_id, b.status, b.waitlist_position)
              for b in bookings.list_bookings(db, s.id)]
    assert listed == [(keep.id, BookingStatus.BOOKED, None),
                      (last.id, BookingStatus.WAITLISTED, 1)]


def test_past_attendance_survives_and_the_evaluation_moves(db):
    s = f.session(db, start=NOW - timedelta(days=7), capacity=5)
    keep, other = f.delegate(db), f.delegate(db)
    kb = _book(db, s, keep, now=EARLIER)
    ob = _book(db, s, other, now=EARLIER)
    attendance.mark_register(db, s.id, {kb.id: Attendance.ABSENT, ob.id: Attendance.ATTENDED},
                             now=NOW)
    with db.write() as session:
        session.add(Evaluation(booking_id=ob.id, overall_rating=5))
    clash = preview_merge(db, keep.id, other.id).clashes[0]
    assert clash.suggested == ClashChoice.OTHER  # the attended booking says more

    merge_delegates(db, keep.id, other.id, {s.id: clash.suggested}, now=NOW)
    assert _record(db, keep.id) == {s.id: (BookingStatus.BOOKED, Attendance.ATTENDED, None)}
    assert catalogue.get_session(db, s.id).attended == 1
    with db.read() as session:
        moved = session.query(Evaluation).one()
        assert (moved.booking_id, moved.overall_rating) == (ob.id, 5)


def test_stale_preview_is_refused(db):
    keep, other = f.delegate(db), f.delegate(db)
    s = f.session(db)
    _book(db, s, other)
    preview = preview_merge(db, keep.id, other.id)
    people.save_delegate(db, delegate_id=other.id, first_name="Changed", last_name="Meanwhile",
                         email=other.email, organisation_id=other.organisation_id)
    with pytest.raises(StaleRecord, match="while you were editing"):
        merge_delegates(db, keep.id, other.id, {}, preview.expected_versions)
    assert set(_record(db, other.id)) == {s.id}


def test_a_delegate_cannot_merge_with_itself(db):
    one = f.delegate(db)
    with pytest.raises(InputError, match="two different delegates"):
        preview_merge(db, one.id, one.id)


def test_the_removed_bookings_evaluation_moves_to_the_booking_kept(db):
    s = f.session(db, start=NOW - timedelta(days=7), capacity=5)
    keep, other = f.delegate(db), f.delegate(db)
    kb = _book(db, s, keep, now=EARLIER)
    ob = _book(db, s, other, now=EARLIER)
    attendance.mark_all_attended(db, s.id, now=NOW)
    with db.write() as session:
        session.add(Evaluation(booking_id=ob.id, overall_rating=4))
    merge_delegates(db, keep.id, other.id, {s.id: ClashChoice.KEEP}, now=NOW)
    with db.read() as session:
        moved = session.query(Evaluation).one()
        assert (moved.booking_id, moved.overall_rating) == (kb.id, 4)


def _both_attended_with_certificates(db, tmp_path):
    s = f.session(db, start=NOW - timedelta(days=7), capacity=5)
    keep = f.delegate(db, "Siobhán", "Ó Súilleabháin")
    other = f.delegate(db, "Siobhan", "O Suilleabhain")
    kb = _book(db, s, keep, now=EARLIER)
    ob = _book(db, s, other, now=EARLIER)
    attendance.mark_all_attended(db, s.id, now=NOW)
    certificates.issue_certificates(db, s.id, tmp_path, now=NOW)
    with db.read() as session:
        numbers = dict(session.execute(select(IssuedCertificate.booking_id,
                                              IssuedCertificate.number)).all())
    return s, keep, other, numbers[kb.id], numbers[ob.id]


@pytest.mark.parametrize("choice", [ClashChoice.KEEP, ClashChoice.OTHER])
def test_clashing_bookings_that_both_have_a_certificate_merge(db, tmp_path, choice):
    """The booking kept keeps its certificate; the other's is withdrawn, and the trail says so."""
    s, keep, other, keep_number, other_number = _both_attended_with_certificates(db, tmp_path)
    clash = preview_merge(db, keep.id, other.id).clashes[0]
    assert (clash.keep_certificate, clash.other_certificate) == (keep_number, other_number)
    kept_number, dropped_number = (
        (keep_number, other_number) if choice == ClashChoice.KEEP else (other_number, keep_number))
    assert clash.withdrawn_certificate(choice) == dropped_number
    assert dropped_number in clash.certificate_warning(choice)

    with acting_as("Kate Marsh"):
        merge_delegates(db, keep.id, other.id, {s.id: choice}, now=NOW)

    assert _record(db, keep.id) == {s.id: (BookingStatus.BOOKED, Attendance.ATTENDED, None)}
    assert certificates.verify_certificate(db, kept_number).still_attended
    with pytest.raises(NotFound):
        certificates.verify_certificate(db, dropped_number)
    withdrawn = [line for line in delegate_history(db, keep.id)
                 if line.record_type == "certificate"]
    assert [(line.action, line.actor) for line in withdrawn] == [("deleted", "Kate Marsh")]
    assert dropped_number in withdrawn[0].summary
    assert [line.record_type for line in session_history(db, s.id)].count("certificate") == 1


def test_a_certificate_of_the_booking_that_goes_moves_when_the_kept_one_has_none(db, tmp_path):
    s = f.session(db, start=NOW - timedelta(days=7), capacity=5)
    keep, other = f.delegate(db, "Łukasz", "Nowak"), f.delegate(db, "Lukasz", "Nowak")
    kb = _book(db, s, keep, now=EARLIER)
    ob = _book(db, s, other, now=EARLIER)
    attendance.mark_register(db, s.id, {kb.id: Attendance.ABSENT, ob.id: Attendance.ATTENDED},
                             now=NOW)
    [path] = certificates.issue_certificates(db, s.id, tmp_path, now=NOW)
    clash = preview_merge(db, keep.id, other.id).clashes[0]
    assert clash.withdrawn_certificate(ClashChoice.KEEP) is None  # it moves, nothing is lost
    assert clash.certificate_warning(ClashChoice.KEEP) is None
    merge_delegates(db, keep.id, other.id, {s.id: ClashChoice.KEEP}, now=NOW)
    number = clash.other_certificate
    check = certificates.verify_certificate(db, number)
    assert check.delegate_name == "Lukasz Nowak"  # as printed
    assert not check.still_attended  # the booking kept was marked absent


def test_clashing_bookings_that_both_have_an_evaluation_merge(db):
    s = f.session(db, start=NOW - timedelta(days=7), capacity=5)
    keep, other = f.delegate(db, "Zoë", "Nguyễn"), f.delegate(db, "Zoe", "Nguyen")
    kb = _book(db, s, keep, now=EARLIER)
    ob = _book(db, s, other, now=EARLIER)
    attendance.mark_all_attended(db, s.id, now=NOW)
    with db.write() as session:
        session.add(Evaluation(booking_id=kb.id, overall_rating=5))
        session.add(Evaluation(booking_id=ob.id, overall_rating=2))
    merge_delegates(db, keep.id, other.id, {s.id: ClashChoice.OTHER}, now=NOW)
    with db.read() as session:
        [(booking_id, rating)] = session.execute(
            select(Evaluation.booking_id, Evaluation.overall_rating)).all()
    assert (booking_id, rating) == (ob.id, 2)  # the evaluation of the booking kept
    assert _record(db, keep.id) == {s.id: (BookingStatus.BOOKED, Attendance.ATTENDED, None)}


@pytest.mark.parametrize("choice", [ClashChoice.KEEP, ClashChoice.OTHER])
def test_both_records_holding_a_place_free_one_for_the_waiting_list(db, choice):
    keep, other, waiting = f.delegate(db, "Ann", "Lee"), f.delegate(db, "Anne", "Lee"), f.delegate(db)
    s = f.session(db, capacity=2)
    _book(db, s, keep)
    _book(db, s, other)
    assert _book(db, s, waiting).status is BookingStatus.WAITLISTED
    merge_delegates(db, keep.id, other.id, {s.id: choice}, now=NOW)
    statuses = sorted((b.delegate_id, b.status.value) for b in bookings.list_bookings(db, s.id))
    assert statuses == sorted([(keep.id, "booked"), (waiting.id, "booked")])

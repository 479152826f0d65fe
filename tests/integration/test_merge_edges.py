"""Merging at its edges, where mutmut found the tests silent: each refusal's words, the order of
the preview, each blank filled (and each not), a clash on a session at the instant it starts or
cancelled, and what the trail keeps of a withdrawn certificate (docs/test-strength.md)."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from pscp_training.db.models_audit import AuditEntry
from pscp_training.domain.enums import Attendance, BookingStatus
from pscp_training.domain.errors import InputError, NotFound
from pscp_training.domain.merge_records import ClashChoice
from pscp_training.services.bookings import bookings
from pscp_training.services.people import people
from pscp_training.services.people.merge import merge_delegates, preview_merge
from pscp_training.services.printing import certificates
from pscp_training.services.sessions import attendance, catalogue
from tests import factories as f
from tests.factories import NOW

EARLIER = NOW - timedelta(days=60)
JULY = datetime(2022, 7, 5, 9, 0, tzinfo=UTC)  # 10:00 in London


def _book(db, training, person, now=NOW):
    return bookings.book(db, session_id=training.id, delegate_id=person.id, now=now)


def _statuses(db, training):
    return sorted((b.delegate_id, b.status.value, b.waitlist_position)
                  for b in bookings.list_bookings(db, training.id))


# --- refusals -----------------------------------------------------------------------------


def test_merging_a_record_with_itself_or_with_one_that_is_gone_is_refused_in_words(db):
    one = f.delegate(db)
    with pytest.raises(InputError) as itself:
        merge_delegates(db, one.id, one.id)
    assert str(itself.value) == (
        "Choose two different delegates to merge; a record cannot merge with itself.")
    for keep_id, other_id in ((one.id, 999_999), (999_999, one.id)):
        with pytest.raises(NotFound) as gone:
            preview_merge(db, keep_id, other_id)
        assert str(gone.value) == (
            "One of the two delegates no longer exists; reload the list and try again.")


def test_an_unresolved_clash_names_both_people_and_every_session_in_words(db):
    keep, other = f.delegate(db, "Ann", "Lee"), f.delegate(db, "Anne", "Lee")
    july = f.session(db, capacity=5, start=JULY)
    august = f.session(db, capacity=5, start=JULY + timedelta(days=31))
    for training in (july, august):
        _book(db, training, keep)
        _book(db, training, other)
    with pytest.raises(InputError) as refused:
        merge_delegates(db, keep.id, other.id, {}, now=NOW)
    assert str(refused.value) == (
        f"Ann Lee and Anne Lee are both booked on {august.course_title} on 05 August 2022; "
        f"{july.course_title} on 05 July 2022. Choose which booking to keep for each before "
        "merging; nothing was changed.")
    # A choice given for one session only still refuses, naming the other.
    with pytest.raises(InputError, match=f"both booked on {july.course_title} on 05 July"):
        merge_delegates(db, keep.id, other.id, {str(august.id): "keep"}, now=NOW)


# --- the preview --------------------------------------------------------------------------


def test_the_preview_lists_moves_latest_session_first_and_each_blank_it_would_fill(db):
    keep = people.save_delegate(db, delegate_id=None, first_name="Zoë", last_name="Hart",
                                email=None, organisation_id=None)
    other = people.save_delegate(db, delegate_id=None, first_name="Zoe", last_name="Hart",
                                 email="zoe@school.example", job_role="DSL",
                                 phone="023 9268 8000", organisation_id=f.organisation(db).id)
    sessions = [f.session(db, capacity=5, start=JULY + timedelta(days=d)) for d in (7, 30, 1)]
    for training in sessions:
        _book(db, training, other)
    preview = preview_merge(db, keep.id, other.id)
    assert [m.session.id for m in preview.moves] == [sessions[1].id, sessions[0].id,
                                                     sessions[2].id]
    assert [m.booking.delegate_id for m in preview.moves] == [other.id] * 3
    assert list(preview.filled) == [("email", "zoe@school.example"), ("job role", "DSL"),
                                    ("phone", "023 9268 8000"),
                                    ("organisation", "Arundel Court Primary School")]
    assert (preview.keep.id, preview.other.id) == (keep.id, other.id)


def test_nothing_is_filled_where_the_kept_record_has_its_own(db):
    school = f.organisation(db)
    keep = people.save_delegate(db, delegate_id=None, first_name="Sam", last_name="Cole",
                                email="sam@a.example", job_role="Head", phone="01234 567890",
                                organisation_id=school.id)
    other = people.save_delegate(db, delegate_id=None, first_name="Sam", last_name="Cole",
                                 email="sam@b.example", job_role="Teacher", phone="09876 543210",
                                 organisation_id=f.organisation(db, "Mayfield School").id)
    assert preview_merge(db, keep.id, other.id).filled == ()
    merged = merge_delegates(db, keep.id, other.id, now=NOW)
    assert (merged.email, merged.job_role, merged.phone, merged.organisation) == (
        "sam@a.example", "Head", "01234 567890", "Arundel Court Primary School")


def test_the_other_records_phone_and_organisation_fill_the_kept_ones_blanks(db):
    keep = people.save_delegate(db, delegate_id=None, first_name="Ola", last_name="Nowak",
                                email=None, organisation_id=None)
    other = people.save_delegate(db, delegate_id=None, first_name="Ola", last_name="Nowak",
                                 email=None, phone="023 9200 0000",
                                 organisation_id=f.organisation(db, "Mayfield School").id)
    merged = merge_delegates(db, keep.id, other.id, now=NOW)
    assert (merged.email, merged.phone, merged.organisation) == (
        None, "023 9200 0000", "Mayfield School")
    # The identity rules (used by imports) now find the kept record by name and organisation.
    with db.read() as session:
        found = people.find_delegate(session, "Ola", "Nowak", None, "Mayfield School")
        assert found is not None and found.id == keep.id


# --- clashes ------------------------------------------------------------------------------


def _clash_with_a_waiting_list(db, start, booked_at):
    keep, other, waiting = (f.delegate(db, "Ann", "Lee"), f.delegate(db, "Anne", "Lee"),
                            f.delegate(db, "Wes", "Waiting"))
    training = f.session(db, capacity=2, start=start)
    for person in (keep, other, waiting):
        _book(db, training, person, now=booked_at)
    return training, keep, other, waiting


def test_a_place_freed_at_the_instant_the_session_starts_goes_to_nobody(db):
    training, keep, other, waiting = _clash_with_a_waiting_list(db, JULY, NOW)
    merge_delegates(db, keep.id, other.id, {training.id: ClashChoice.KEEP}, now=JULY)
    assert _statuses(db, training) == [(keep.id, "booked", None),
                                       (waiting.id, "waitlisted", 1)]


def test_a_place_freed_a_second_before_the_session_starts_goes_to_the_waiting_list(db):
    training, keep, other, waiting = _clash_with_a_waiting_list(db, JULY, NOW)
    merge_delegates(db, keep.id, other.id, {training.id: ClashChoice.OTHER},
                    now=JULY - timedelta(seconds=1))
    assert _statuses(db, training) == [(keep.id, "booked", None), (waiting.id, "booked", None)]


def test_a_place_freed_on_a_cancelled_session_goes_to_nobody(db):
    training, keep, other, waiting = _clash_with_a_waiting_list(db, JULY, NOW)
    catalogue.cancel_session(db, training.id, now=NOW)
    merge_delegates(db, keep.id, other.id, {training.id: ClashChoice.KEEP}, now=NOW)
    after = {person: status for person, status, _ in _statuses(db, training)}
    assert after[waiting.id] != "booked"
    assert sorted(after) == sorted([keep.id, waiting.id])


def test_a_waiting_list_place_removed_in_a_clash_closes_the_gap(db):
    training = f.session(db, capacity=1, start=JULY)
    keep, first, other, last = (f.delegate(db) for _ in range(4))
    for person in (keep, first, other, last):
        _book(db, training, person)
    merge_delegates(db, keep.id, other.id, {training.id: ClashChoice.KEEP}, now=NOW)
    assert _statuses(db, training) == sorted([(keep.id, "booked", None),
                                              (first.id, "waitlisted", 1),
                                              (last.id, "waitlisted", 2)])


def test_the_trail_keeps_the_withdrawn_certificates_number_name_course_and_booking(db, tmp_path):
    training = f.session(db, start=NOW - timedelta(days=7), capacity=5)
    keep, other = f.delegate(db, "Siân", "Lloyd"), f.delegate(db, "Sian", "Lloyd")
    kept_booking = _book(db, training, keep, now=EARLIER)
    gone_booking = _book(db, training, other, now=EARLIER)
    attendance.mark_all_attended(db, training.id, now=NOW)
    certificates.issue_certificates(db, training.id, tmp_path, now=NOW)
    number = preview_merge(db, keep.id, other.id).clashes[0].other_certificate
    merge_delegates(db, keep.id, other.id, {training.id: ClashChoice.KEEP}, now=NOW)
    with db.read() as session:
        [entry] = session.scalars(select(AuditEntry).where(
            AuditEntry.record_type == "certificate")).all()
        changes = json.loads(entry.changes)
        assert (entry.action, entry.session_id, entry.delegate_id) == (
            "deleted", training.id, keep.id)
    assert changes["number"] == [number, None]
    assert changes["delegate_name"] == ["Sian Lloyd", None]
    assert changes["course_title"] == [training.course_title, None]
    assert changes["booking_id"] == [gone_booking.id, None]
    assert changes["issued_at"][0].startswith("2022-06-01")
    assert kept_booking.id != gone_booking.id


def test_merging_a_past_absence_keeps_the_attendance_of_the_booking_chosen(db):
    training = f.session(db, start=NOW - timedelta(days=7), capacity=5)
    keep, other = f.delegate(db), f.delegate(db)
    kb = _book(db, training, keep, now=EARLIER)
    ob = _book(db, training, other, now=EARLIER)
    attendance.mark_register(db, training.id, {kb.id: Attendance.ATTENDED,
                                               ob.id: Attendance.ABSENT}, now=NOW)
    merge_delegates(db, keep.id, other.id, {training.id: ClashChoice.KEEP}, now=NOW)
    [(_s, booking)] = bookings.delegate_bookings(db, keep.id)
    assert (booking.id, booking.status, booking.attendance) == (
        kb.id, BookingStatus.BOOKED, Attendance.ATTENDED)


def test_a_certificate_that_moves_to_the_booking_kept_is_not_noted_as_withdrawn(db, tmp_path):
    training = f.session(db, start=NOW - timedelta(days=7), capacity=5)
    keep, other = f.delegate(db, "Łukasz", "Nowak"), f.delegate(db, "Lukasz", "Nowak")
    kb = _book(db, training, keep, now=EARLIER)
    ob = _book(db, training, other, now=EARLIER)
    attendance.mark_register(db, training.id, {kb.id: Attendance.ABSENT,
                                               ob.id: Attendance.ATTENDED}, now=NOW)
    certificates.issue_certificates(db, training.id, tmp_path, now=NOW)
    merge_delegates(db, keep.id, other.id, {training.id: ClashChoice.KEEP}, now=NOW)
    with db.read() as session:
        assert session.scalars(select(AuditEntry).where(
            AuditEntry.record_type == "certificate")).all() == []


def test_a_reason_recorded_on_the_booking_that_goes_is_kept_with_the_booking_kept(db):
    from datetime import date

    from pscp_training.services.follow_up import charges
    from pscp_training.services.follow_up.non_attendance import record_reason

    training = f.session(db, start=NOW - timedelta(days=7), capacity=5)
    keep, other = f.delegate(db, "Ann", "Lee"), f.delegate(db, "Anne", "Lee")
    kb = _book(db, training, keep, now=EARLIER)
    ob = _book(db, training, other, now=EARLIER)
    attendance.mark_register(db, training.id, {kb.id: Attendance.ABSENT,
                                               ob.id: Attendance.ABSENT}, now=NOW)
    record_reason(db, ob.id, "work-pressures", now=NOW)
    merge_delegates(db, keep.id, other.id, {training.id: ClashChoice.KEEP}, now=NOW)
    [line] = charges.ledger(db, date(2022, 4, 1), date(2022, 6, 30))
    assert (line.booking_id, line.delegate, line.reason) == (kb.id, "Ann Lee", "Work pressures")


def test_a_change_to_the_kept_record_since_the_preview_refuses_the_merge(db):
    from pscp_training.domain.errors import StaleRecord

    keep, other = f.delegate(db, "Sam", "Cole"), f.delegate(db, "Sam", "Cole")
    preview = preview_merge(db, keep.id, other.id)
    people.save_delegate(db, delegate_id=keep.id, first_name="Samuel", last_name="Cole",
                         email=keep.email, organisation_id=keep.organisation_id)
    with pytest.raises(StaleRecord) as refused:
        merge_delegates(db, keep.id, other.id, {}, preview.expected_versions, now=NOW)
    assert str(refused.value).startswith(
        "Someone else saved a change to Samuel Cole while you were editing it.")
    assert people.get_delegate(db, other.id).last_name == "Cole"  # nothing was changed


def test_notices_sent_about_both_bookings_are_all_kept_with_the_booking_kept(db, tmp_path):
    from pscp_training.services.messages import (
        MailSettings,
        configured_transport,
        save_mail_settings,
        send_non_attendance,
    )
    from pscp_training.services.messages.sending import message_log

    save_mail_settings(db, MailSettings(transport="eml", eml_folder=str(tmp_path / "outbox"),
                                        from_address="training@pscp.example"))
    training = f.session(db, start=NOW - timedelta(days=7), capacity=5)
    keep = f.delegate(db, "Ann", "Lee", email="ann@a.example")
    other = f.delegate(db, "Anne", "Lee", email="anne@b.example")
    kb = _book(db, training, keep, now=EARLIER)
    ob = _book(db, training, other, now=EARLIER)
    attendance.mark_register(db, training.id, {kb.id: Attendance.ABSENT,
                                               ob.id: Attendance.ABSENT}, now=NOW)
    send_non_attendance(db, configured_transport(db), [kb.id, ob.id], now=NOW)
    merge_delegates(db, keep.id, other.id, {training.id: ClashChoice.KEEP}, now=NOW)
    assert sorted(m.recipients for m in message_log(db, kb.id)) == [
        "ann@a.example", "anne@b.example"]


def test_two_records_with_no_organisation_merge_and_are_found_by_name(db):
    keep, other = (people.save_delegate(db, delegate_id=None, first_name="Kai", last_name="Moss",
                                        email=None, organisation_id=None) for _ in range(2))
    merged = merge_delegates(db, keep.id, other.id, now=NOW)
    assert (merged.id, merged.organisation) == (keep.id, None)
    with db.read() as session:
        assert people.find_delegate(session, "Kai", "Moss", None, None).id == keep.id


def test_each_record_is_checked_against_its_own_version_from_the_preview(db):
    from pscp_training.domain.errors import StaleRecord

    keep, other = f.delegate(db, "Sam", "Cole"), f.delegate(db, "Sam", "Cole")
    # The other record was edited before the preview: the two versions differ.
    people.save_delegate(db, delegate_id=other.id, first_name="Sammy", last_name="Cole",
                         email=other.email, organisation_id=other.organisation_id)
    preview = preview_merge(db, keep.id, other.id)
    assert preview.expected_versions[0] != preview.expected_versions[1]
    people.save_delegate(db, delegate_id=other.id, first_name="Samantha", last_name="Cole",
                         email=other.email, organisation_id=other.organisation_id)
    with pytest.raises(StaleRecord) as refused:
        merge_delegates(db, keep.id, other.id, {}, preview.expected_versions, now=NOW)
    assert str(refused.value).startswith(
        "Someone else saved a change to Samantha Cole while you were editing it.")
    fresh = preview_merge(db, keep.id, other.id)
    assert merge_delegates(db, keep.id, other.id, {}, fresh.expected_versions, now=NOW).id == (
        keep.id)

"""Charges, retention and merge pinned at their edges: each fails if one rule is planted wrong."""

import re
from datetime import UTC, date, datetime, timedelta

from pscp_training.domain.enums import Attendance, BookingStatus
from pscp_training.domain.merge_records import ClashChoice
from pscp_training.services.bookings import bookings
from pscp_training.services.follow_up import charges, non_attendance
from pscp_training.services.people import merge, people
from pscp_training.services.printing import certificates
from pscp_training.services.privacy import retention
from pscp_training.services.sessions import attendance, catalogue
from tests import factories

EARLY = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)


def _absent_on(db, start, last="Absent"):
    training = factories.session(db, capacity=5, start=start)
    person = factories.delegate(db, last=last)
    booked = bookings.book(db, session_id=training.id, delegate_id=person.id, now=EARLY)
    attendance.mark(db, booked.id, Attendance.ABSENT, now=start + timedelta(hours=4))
    return training, booked


# --- charges ------------------------------------------------------------------------------


def test_a_waived_charge_and_its_note_survive_when_its_cause_is_reconsidered(db):
    start = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
    _training, booked = _absent_on(db, start)
    [charge] = charges.ledger(db, date(2026, 3, 1), date(2026, 3, 31), now=start + timedelta(days=1))
    charges.waive(db, charge.id, "Head teacher rang: school closure", now=start + timedelta(days=2))
    # An exempt reason recorded afterwards, then the ledger drawn up again.
    non_attendance.record_reason(db, booked.id, "safeguarding-emergency", now=start + timedelta(days=3))
    [again] = charges.ledger(db, date(2026, 3, 1), date(2026, 3, 31), now=start + timedelta(days=4))
    assert again.id == charge.id and again.waived
    assert again.waiver_note == "Head teacher rang: school closure"


def test_an_unwaived_charge_goes_when_an_exempt_reason_is_recorded(db):
    start = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
    _training, booked = _absent_on(db, start)
    assert len(charges.ledger(db, date(2026, 3, 1), date(2026, 3, 31), now=start)) == 1
    non_attendance.record_reason(db, booked.id, "safeguarding-emergency", now=start + timedelta(days=1))
    assert charges.ledger(db, date(2026, 3, 1), date(2026, 3, 31), now=start) == []


def test_the_periods_last_day_is_in_the_ledger_and_the_next_midnight_is_not(db):
    last_evening = datetime(2026, 3, 31, 18, 0, tzinfo=UTC)  # 19:00 BST on 31 March
    next_midnight = datetime(2026, 3, 31, 23, 0, tzinfo=UTC)  # 00:00 BST on 1 April
    _absent_on(db, last_evening, last="LastDay")
    _absent_on(db, next_midnight, last="NextYear")
    march = charges.ledger(db, date(2026, 3, 1), date(2026, 3, 31), now=next_midnight + timedelta(days=1))
    assert [c.delegate.split()[-1] for c in march] == ["LastDay"]
    april = charges.ledger(db, date(2026, 4, 1), date(2026, 4, 30), now=next_midnight + timedelta(days=1))
    assert [c.delegate.split()[-1] for c in april] == ["NextYear"]


def test_no_charge_on_a_session_that_was_cancelled(db):
    start = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)  # a Thursday
    training = factories.session(db, capacity=5, start=start)
    person = factories.delegate(db, last="Late")
    booked = bookings.book(db, session_id=training.id, delegate_id=person.id, now=EARLY)
    late = bookings.cancel(db, booked.id, now=start - timedelta(days=1))
    assert late.late  # a late cancellation, which on its own would be charged
    catalogue.cancel_session(db, training.id, now=start - timedelta(hours=12))
    assert charges.ledger(db, date(2026, 3, 1), date(2026, 3, 31), now=start + timedelta(days=1)) == []


# --- retention ----------------------------------------------------------------------------


def _trained_on(db, start, last):
    training = factories.session(db, capacity=5, start=start)
    person = factories.delegate(db, last=last)
    booked = bookings.book(db, session_id=training.id, delegate_id=person.id,
                           now=start - timedelta(days=7))
    attendance.mark(db, booked.id, Attendance.ATTENDED, now=start + timedelta(hours=4))
    return person, booked


def _candidates(db, now):
    return {c.last_name for c in retention.preview_retention(db, now)}


def test_the_period_is_six_years_to_the_second(db):
    now = datetime(2032, 6, 1, 10, 0, tzinfo=UTC)
    _trained_on(db, datetime(2026, 6, 1, 10, 0, tzinfo=UTC), "ExactlySix")  # kept: not before
    _trained_on(db, datetime(2026, 6, 1, 9, 59, 59, tzinfo=UTC), "SixAndASecond")
    _trained_on(db, datetime(2027, 6, 1, 9, 0, tzinfo=UTC), "Five")
    assert _candidates(db, now) == {"SixAndASecond"}


def test_someone_added_recently_with_no_bookings_is_kept(db):
    factories.delegate(db, last="JustAdded")
    assert "JustAdded" not in _candidates(db, now=datetime.now(UTC) + timedelta(days=1))
    # Once six years have passed since they were added, they go.
    assert "JustAdded" in _candidates(db, now=datetime.now(UTC) + timedelta(days=6 * 366))


def test_someone_waiting_for_a_session_to_come_is_kept(db):
    now = datetime.now(UTC) + timedelta(days=6 * 366 + 30)
    coming = factories.session(db, capacity=1, start=now + timedelta(days=20))
    holder, waiting = factories.delegate(db, last="Holder"), factories.delegate(db, last="Waiting")
    for person in (holder, waiting):
        bookings.book(db, session_id=coming.id, delegate_id=person.id, now=EARLY)
    factories.delegate(db, last="Gone")
    assert _candidates(db, now) == {"Gone"}


def test_an_erased_persons_name_leaves_the_certificates_issued_to_them(db, tmp_path):
    start = datetime(2020, 5, 5, 9, 0, tzinfo=UTC)
    person, booked = _trained_on(db, start, "Kowalczyk")
    training_id = booked.session_id
    [path] = certificates.issue_certificates(db, training_id, tmp_path, now=start + timedelta(days=1))
    number = certificates.verify_certificate(db, _number_in(path)).number
    retention.apply_retention(db, datetime(2026, 6, 1, tzinfo=UTC))
    check = certificates.verify_certificate(db, number)
    assert "Kowalczyk" not in check.delegate_name
    assert "Kowalczyk" not in {d.last_name for d in people.search_delegates(db, "", limit=50)}


def _number_in(path):
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    return re.search(r"\b\d{4}-\d{6}-[0-9X]\b", text).group(0)


# --- merge --------------------------------------------------------------------------------


def test_the_kept_records_job_role_and_organisation_are_not_overwritten(db):
    school = factories.organisation(db, "Arundel Court Primary School")
    other_org = factories.organisation(db, "Mayfield School")
    keep = people.save_delegate(db, delegate_id=None, first_name="Siân", last_name="Lloyd",
                                email=None, job_role="Designated Safeguarding Lead",
                                organisation_id=school.id)
    other = people.save_delegate(db, delegate_id=None, first_name="Sian", last_name="Lloyd",
                                 email="sian@example.org", job_role="Teacher",
                                 organisation_id=other_org.id)
    kept = merge.merge_delegates(db, keep.id, other.id)
    assert kept.job_role == "Designated Safeguarding Lead"
    assert kept.organisation == "Arundel Court Primary School"
    assert kept.email == "sian@example.org"  # a blank is filled from the other record


def test_merging_after_a_session_has_run_promotes_nobody_on_it(db):
    start = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
    training = factories.session(db, capacity=2, start=start)
    a, b, waiting = (factories.delegate(db, last=n) for n in ("Same", "Same", "Waiting"))
    for n, person in enumerate((a, b, waiting)):
        bookings.book(db, session_id=training.id, delegate_id=person.id,
                      now=EARLY + timedelta(minutes=n))
    merge.merge_delegates(db, a.id, b.id, {training.id: ClashChoice.KEEP},
                          now=start + timedelta(days=1))
    statuses = sorted((bk.last_name, bk.status) for bk in bookings.list_bookings(db, training.id))
    assert ("Waiting", BookingStatus.WAITLISTED) in statuses
    assert sum(s == BookingStatus.BOOKED for _, s in statuses) == 1

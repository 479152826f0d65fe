"""The retention rule at its edges, where mutmut found the tests silent: the period's bounds,
29 February, the exact instant of the cut-off, the period chosen, and what the preview lists
(docs/test-strength.md)."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from pscp_training.db.models import Delegate
from pscp_training.db.models_audit import AuditEntry
from pscp_training.domain.enums import Attendance
from pscp_training.domain.errors import InputError, NotFound, RuleViolation
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.common.audit import delegate_history, record_history
from pscp_training.services.follow_up import charges
from pscp_training.services.people import people
from pscp_training.services.privacy import retention
from pscp_training.services.privacy.retention import anonymise
from pscp_training.services.refreshers.roles import set_safeguarding_role
from pscp_training.services.sessions import attendance
from tests import factories as f

LEAP_DAY = datetime(2024, 2, 29, 14, 30, tzinfo=UTC)


def test_six_years_before_29_february_is_28_february_and_four_years_is_the_29th():
    assert retention.retention_cutoff(LEAP_DAY) == datetime(2018, 2, 28, 14, 30, tzinfo=UTC)
    assert retention.retention_cutoff(LEAP_DAY, 4) == datetime(2020, 2, 29, 14, 30, tzinfo=UTC)


@pytest.mark.parametrize("years", [1, 100])
def test_a_period_of_1_to_100_years_is_taken(years):
    assert retention.retention_cutoff(LEAP_DAY, years).year == 2024 - years


@pytest.mark.parametrize("years", [0, 101])
def test_a_period_outside_1_to_100_years_is_refused_saying_so(years):
    with pytest.raises(InputError) as refused:
        retention.retention_cutoff(LEAP_DAY, years)
    assert str(refused.value) == (
        f"The retention period must be 1 to 100 years; {years} was given.")


def _created_at(db, delegate_id, moment):
    with db.write() as session:
        session.get(Delegate, delegate_id).created_at = moment


def test_someone_added_at_the_very_instant_of_the_cut_off_is_kept(db):
    added = datetime(2016, 6, 1, 10, 0, tzinfo=UTC)
    at_the_cut_off = f.delegate(db, "Kept", "AtCutoff")
    one_second_older = f.delegate(db, "Gone", "Older")
    _created_at(db, at_the_cut_off.id, added)
    _created_at(db, one_second_older.id, added - timedelta(seconds=1))
    now = datetime(2022, 6, 1, 10, 0, tzinfo=UTC)  # six years on, to the second
    assert [c.delegate_id for c in retention.preview_retention(db, now)] == [one_second_older.id]


def test_the_preview_lists_everyone_due_by_surname_in_any_case_with_their_details(db):
    training = [f.session(db, capacity=9, start=now_utc() + timedelta(days=d)) for d in (5, 9)]
    people = [f.delegate(db, first, last, email=f"{first.lower()}@example.org", org=org)
              for first, last, org in (("Ada", "de Souza", "Arundel Court Primary School"),
                                       ("Bob", "Cole", None), ("Al", "cole", "Northern Parade"),
                                       ("Abe", "Cole", None))]
    for session in training:
        bookings.book(db, session_id=session.id, delegate_id=people[0].id)
    later = now_utc() + timedelta(days=7 * 365)  # the sessions and the records are years old
    listed = retention.preview_retention(db, later)
    assert [(c.first_name, c.last_name, c.email, c.organisation, c.bookings) for c in listed] == [
        ("Abe", "Cole", "abe@example.org", None, 0),
        ("Al", "cole", "al@example.org", "Northern Parade", 0),
        ("Bob", "Cole", "bob@example.org", None, 0),
        ("Ada", "de Souza", "ada@example.org", "Arundel Court Primary School", 2),
    ]
    assert listed[3].last_training == max(s.start for s in training)
    assert [c.delegate_id for c in listed] == [people[3].id, people[2].id, people[1].id,
                                               people[0].id]


def test_the_period_chosen_is_the_one_used_and_the_result_names_its_cut_off(db):
    person = f.delegate(db, "Two", "YearsAgo")
    _created_at(db, person.id, datetime(2020, 5, 1, tzinfo=UTC))
    now = datetime(2022, 6, 1, 10, 0, tzinfo=UTC)
    assert retention.preview_retention(db, now) == []
    assert [c.delegate_id for c in retention.preview_retention(db, now, years=2)] == [person.id]
    result = retention.apply_retention(db, now, years=2)
    assert result.cutoff == datetime(2020, 6, 1, 10, 0, tzinfo=UTC)
    assert result.anonymised == (person.id,)
    assert retention.erasure_of(db, person.id)[0].replace(tzinfo=None) == now.replace(
        tzinfo=None)
    assert retention.erasure_of(db, f.delegate(db).id) is None


def test_erasure_waits_for_the_earliest_session_to_come_and_says_which(db):
    person = f.delegate(db, "Eve", "Early")
    soon = f.session(db, capacity=5, start=datetime(2022, 7, 5, 9, 0, tzinfo=UTC))
    later = f.session(db, capacity=5, start=datetime(2022, 9, 5, 9, 0, tzinfo=UTC))
    for training in (later, soon):
        bookings.book(db, session_id=training.id, delegate_id=person.id, now=f.NOW)
    with pytest.raises(RuleViolation) as refused:
        retention.erase_delegate(db, person.id, now=f.NOW)
    assert str(refused.value) == (
        f"Eve Early is still booked on {soon.course_title} on 05 July 2022. Cancel their "
        "upcoming bookings first, then erase their details.")
    # A session starting at that very instant is no longer to come: the erasure goes ahead.
    retention.erase_delegate(db, person.id, now=later.start, note="email, 2 September")
    assert retention.erasure_of(db, person.id)[1] == "request"


def test_erasure_refusals_name_what_is_wrong(db):
    with pytest.raises(NotFound) as missing:
        retention.erase_delegate(db, 999_999, now=f.NOW)
    assert str(missing.value) == "There is no delegate 999999."
    person = f.delegate(db)
    retention.erase_delegate(db, person.id, now=f.NOW)
    with pytest.raises(RuleViolation) as again:
        retention.erase_delegate(db, person.id, now=f.NOW)
    assert str(again.value) == "This delegate's personal details have already been removed."


def test_an_erased_record_keeps_no_key_or_role_and_the_trail_says_why(db):
    asked = f.delegate(db, "Ann", "Asked", email="ann@example.org")
    ruled = f.delegate(db, "Rob", "Rule")
    set_safeguarding_role(db, asked.id, "dsl")
    with db.read() as session:
        version = session.get(Delegate, asked.id).version
    retention.erase_delegate(db, asked.id, now=f.NOW, note="phone call, 1 June")
    with db.write() as session:
        anonymise(session, ruled.id, reason="retention", now=f.NOW)
    with db.read() as session:
        row = session.get(Delegate, asked.id)
        assert (row.email, row.email_key, row.safeguarding_role) == (None, None, None)
        assert row.version == version + 1
    why = {}
    for delegate_id in (asked.id, ruled.id):
        [line] = [entry for entry in delegate_history(db, delegate_id)
                  if entry.action == "anonymised"]
        why[delegate_id] = [c.after for c in line.changes if c.field == "reason"]
    assert why == {asked.id: ["their request: phone call, 1 June"],
                   ruled.id: ["retention rule"]}


def test_someone_elses_place_to_come_does_not_hold_up_an_erasure(db):
    training = f.session(db, capacity=5, start=datetime(2022, 7, 5, 9, 0, tzinfo=UTC))
    bookings.book(db, session_id=training.id, delegate_id=f.delegate(db).id, now=f.NOW)
    person = f.delegate(db, "Free", "ToGo")
    retention.erase_delegate(db, person.id, now=f.NOW)
    assert retention.erasure_of(db, person.id) is not None


def test_the_same_name_twice_is_listed_in_the_order_they_were_added(db):
    twins = [f.delegate(db, "Sam", "Lee").id for _ in range(3)]
    listed = retention.preview_retention(db, now_utc() + timedelta(days=7 * 365))
    assert [c.delegate_id for c in listed] == twins


def test_the_trail_keeps_the_shape_of_an_erased_persons_changes_but_not_their_details(db):
    person = f.delegate(db, "Ann", "Archer", email="ann@example.org")
    training = f.session(db, capacity=5, start=datetime(2022, 5, 5, 9, 0, tzinfo=UTC))
    bookings.book(db, session_id=training.id, delegate_id=person.id,
                  now=datetime(2022, 5, 1, tzinfo=UTC))
    retention.erase_delegate(db, person.id, now=f.NOW)
    with db.read() as session:
        entries = session.execute(select(AuditEntry.record_type, AuditEntry.changes).where(
            AuditEntry.record_id == person.id)).all()
    [created] = [json.loads(c) for t, c in entries
                 if t == "delegate" and "first_name" in json.loads(c)]
    assert created["first_name"] == [None, "(removed)"]
    assert created["email"] == [None, "(removed)"]
    text = " ".join(c for _t, c in entries)
    assert "Ann" not in text and "ann@example.org" not in text


def _charged(db, person, start):
    """`person` booked on a session at `start` and marked absent: a no-show charge."""
    training = f.session(db, capacity=5, start=start)
    booked = bookings.book(db, session_id=training.id, delegate_id=person.id,
                           now=start - timedelta(days=30))
    attendance.mark(db, booked.id, Attendance.ABSENT, now=start + timedelta(hours=4))
    return booked


def test_someone_with_a_waived_charge_is_erased_and_the_charge_stays_waived_without_its_words(
    db
):
    june = datetime(2022, 6, 15, 9, 30, tzinfo=UTC)
    person = f.delegate(db, "Wan", "Waived")
    _charged(db, person, june)
    _charged(db, person, june + timedelta(days=1))
    first, second = charges.ledger(db, date(2022, 6, 1), date(2022, 6, 30))
    charges.waive(db, first.id, "Wan's head teacher rang about her mother", now=june)
    retention.erase_delegate(db, person.id, now=june + timedelta(days=2))
    after = charges.ledger(db, date(2022, 6, 1), date(2022, 6, 30))
    assert [(c.id, c.waived, c.waiver_note, c.due_pence) for c in after] == [
        (first.id, True, "(removed)", 0), (second.id, False, None, 5000)]


def test_the_retention_rule_passes_over_no_one_for_a_waived_charge(db):
    june = datetime(2022, 6, 15, 9, 30, tzinfo=UTC)
    person = f.delegate(db, "Old", "Waived")
    _charged(db, person, june)
    [charge] = charges.ledger(db, date(2022, 6, 1), date(2022, 6, 30))
    charges.waive(db, charge.id, "Agreed", now=june)
    result = retention.apply_retention(db, june + timedelta(days=7 * 365))
    assert person.id in result.anonymised


def test_every_personal_detail_of_the_delegate_leaves_the_trail(db):
    person = people.save_delegate(db, delegate_id=None, first_name="Ann", last_name="Archer",
                                  email="ann@example.org", job_role="Teacher",
                                  phone="023 9200 0000", organisation_id=f.organisation(db).id)
    set_safeguarding_role(db, person.id, "dsl")
    people.save_delegate(db, delegate_id=person.id, first_name="Anna", last_name="Archer-Bow",
                         email="anna@example.org", job_role="Head", phone="023 9200 1111",
                         organisation_id=person.organisation_id)
    retention.erase_delegate(db, person.id, now=f.NOW)
    with db.read() as session:
        trail = [json.loads(c) for c in session.scalars(select(AuditEntry.changes).where(
            AuditEntry.record_type == "delegate", AuditEntry.record_id == person.id))]
    seen = {field for changes in trail for field in changes}
    personal = {"first_name", "last_name", "email", "email_key", "name_key", "job_role",
                "phone", "safeguarding_role"}
    assert personal <= seen  # each was written to the trail, so each is checked below
    for changes in trail:
        for field in personal & set(changes):
            assert set(changes[field]) <= {None, "(removed)"}, (field, changes[field])


def test_an_erasure_is_one_entry_in_the_trail_dated_when_it_was_done(db):
    person = f.delegate(db, "Ann", "Archer", email="ann@example.org")
    before = len(delegate_history(db, person.id))
    erased_at = datetime(2022, 6, 1, 10, 0, tzinfo=UTC)
    retention.erase_delegate(db, person.id, now=erased_at)
    lines = delegate_history(db, person.id)
    assert len(lines) == before + 1
    assert (lines[0].action, lines[0].changed_at.replace(tzinfo=None)) == (
        "anonymised", erased_at.replace(tzinfo=None))
    text = json.dumps([[c.before, c.after] for line in lines for c in line.changes])
    assert "Ann" not in text and "Archer" not in text and "ann@example.org" not in text
    with db.read() as session:
        changed = session.get(Delegate, person.id).updated_at
    assert changed.replace(tzinfo=None) == erased_at.replace(tzinfo=None)


def test_the_erasure_is_shown_as_a_change_to_the_delegate_and_others_keep_their_trail(db):
    person = f.delegate(db, "Ann", "Archer")
    other = f.delegate(db, "Bea", "Other", email="bea@example.org")
    retention.erase_delegate(db, person.id, now=f.NOW)
    [line] = [entry for entry in delegate_history(db, person.id) if entry.action == "anonymised"]
    assert (line.record_type, line.record) == (
        "delegate", f"Delegate Anonymised delegate {person.id}")
    with db.read() as session:  # a screen open on the record sees it changed since
        assert record_history(session, "delegate", person.id)[-1].action == "anonymised"
    [created] = delegate_history(db, other.id)
    names = {c.field: c.after for c in created.changes}
    assert "Bea" in names.values() and "bea@example.org" in names.values()


def test_the_words_of_a_waiver_leave_the_trail_of_the_erased_delegates_charge(db):
    from pscp_training.db.models_audit import AuditEntry

    june = datetime(2022, 6, 15, 9, 30, tzinfo=UTC)
    person = f.delegate(db, "Wan", "Waived")
    _charged(db, person, june)
    [charge] = charges.ledger(db, date(2022, 6, 1), date(2022, 6, 30))
    charges.waive(db, charge.id, "Wan's head teacher rang about her mother", now=june)
    retention.erase_delegate(db, person.id, now=june + timedelta(days=2))
    with db.read() as session:
        trail = session.scalars(select(AuditEntry.changes).where(
            AuditEntry.record_type == "charge", AuditEntry.record_id == charge.id)).all()
    assert trail and not any("mother" in (changes or "") for changes in trail)
    assert any('"waiver_note": [null, "(removed)"]' in changes for changes in trail)

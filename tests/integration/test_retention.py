"""Retention and erasure: personal details go, every yearly figure stays exactly the same."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from pscp_training.cli import main
from pscp_training.db.audit import acting_as
from pscp_training.db.models_audit import AuditEntry
from pscp_training.domain.enums import Agency, Attendance, BookingStatus
from pscp_training.domain.errors import NotFound, RuleViolation
from pscp_training.domain.years import FinancialYear
from pscp_training.reports.workforce import compute
from pscp_training.services.bookings import bookings
from pscp_training.services.people import people
from pscp_training.services.privacy import retention
from pscp_training.services.sessions import attendance
from tests import factories

NOW = factories.NOW  # 1 June 2022: six years back is 1 June 2016
OLD = datetime(2015, 10, 7, 9, 30, tzinfo=UTC)  # 2015-16
RECENT = datetime(2022, 3, 2, 9, 30, tzinfo=UTC)  # 2021-22


def _trained(db, session_id, start, person, attended=True):
    booking = bookings.book(
        db, session_id=session_id, delegate_id=person.id, now=start - timedelta(days=20)
    )
    mark = Attendance.ATTENDED if attended else Attendance.ABSENT
    attendance.mark_register(db, session_id, {booking.id: mark}, now=start)
    return booking


@pytest.fixture
def history(db):
    """Three delegates: Ann trained only in 2015, Ben in 2015 and 2022, Cat in 2022."""
    course = factories.course(db, agency=Agency.MULTI)
    old = factories.session(db, course_id=course.id, start=OLD, capacity=10)
    recent = factories.session(db, course_id=course.id, start=RECENT, capacity=10)
    ann = factories.delegate(db, "Ann", "Oldham", email="ann@example.org")
    ben = factories.delegate(db, "Ben", "Both", org="Harbour Health Centre", sector="Health")
    cat = factories.delegate(db, "Cat", "Recent")
    _trained(db, old.id, OLD, ann)
    _trained(db, old.id, OLD, ben, attended=False)
    _trained(db, recent.id, RECENT, ben)
    _trained(db, recent.id, RECENT, cat)
    # Ann has since moved to another employer: her 2015 place still counts for her old one.
    with acting_as("Jo Bloggs"):
        people.save_delegate(
            db,
            delegate_id=ann.id,
            first_name="Ann",
            last_name="Oldham-Smith",
            email="ann.smith@example.org",
            job_role="Nurse",
            organisation_id=factories.organisation(db, "Harbour Health Centre", "Health").id,
        )
    return {"ann": ann, "ben": ben, "cat": cat, "old": old, "recent": recent}


def _reports(db):
    return [
        compute(db, FinancialYear.parse(label), years=years, now=NOW)
        for label, years in (("2015-16", 1), ("2021-22", 3), ("2022-23", 7))
    ]


def test_the_preview_lists_only_people_with_no_training_in_six_years(db, history):
    found = retention.preview_retention(db, NOW)
    assert [(c.first_name, c.last_name, c.bookings) for c in found] == [("Ann", "Oldham-Smith", 1)]
    assert found[0].last_training == OLD
    assert people.get_delegate(db, history["ann"].id).first_name == "Ann"  # nothing changed


def test_applying_the_rule_anonymises_them_and_every_figure_is_unchanged(db, history):
    before = _reports(db)
    result = retention.apply_retention(db, NOW)
    assert result.anonymised == (history["ann"].id,)
    assert _reports(db) == before

    ann = people.get_delegate(db, history["ann"].id)
    assert (ann.first_name, ann.email, ann.job_role, ann.organisation) == (
        "Anonymised",
        None,
        None,
        None,
    )
    assert people.search_delegates(db, "Oldham") == []
    [kept] = [
        b
        for b in bookings.list_bookings(db, history["old"].id, BookingStatus.BOOKED)
        if b.delegate_id == ann.id
    ]
    assert (kept.attendance, kept.organisation) == (
        Attendance.ATTENDED,
        "Arundel Court Primary School",
    )
    # Nor does the audit trail still hold her name or email.
    with db.read() as session:
        trail = " ".join(
            session.scalars(select(AuditEntry.changes).where(AuditEntry.delegate_id == ann.id))
        )
    assert "Oldham" not in trail and "ann@example.org" not in trail and "Nurse" not in trail
    assert retention.erasure_of(db, ann.id)[1] == "retention"
    # Ben and Cat are untouched, and a second run finds nobody.
    assert people.get_delegate(db, history["ben"].id).last_name == "Both"
    assert retention.apply_retention(db, NOW).anonymised == ()


def test_erasing_one_person_on_request_keeps_every_figure(db, history):
    before = _reports(db)
    retention.erase_delegate(db, history["ben"].id, now=NOW)
    assert _reports(db) == before
    ben = people.get_delegate(db, history["ben"].id)
    assert ben.first_name == "Anonymised" and ben.email is None
    with pytest.raises(RuleViolation, match="already been removed"):
        retention.erase_delegate(db, history["ben"].id, now=NOW)
    with pytest.raises(NotFound):
        retention.erase_delegate(db, 999_999, now=NOW)


def test_someone_with_an_upcoming_place_is_not_erased_until_it_is_cancelled(db, history):
    upcoming = factories.session(db, start=NOW + timedelta(days=10), capacity=5)
    booking = bookings.book(db, session_id=upcoming.id, delegate_id=history["cat"].id, now=NOW)
    with pytest.raises(RuleViolation, match="Cancel their upcoming bookings first"):
        retention.erase_delegate(db, history["cat"].id, now=NOW)
    assert people.get_delegate(db, history["cat"].id).first_name == "Cat"
    bookings.cancel(db, booking.id, now=NOW)
    retention.erase_delegate(db, history["cat"].id, now=NOW)


def test_the_privacy_commands(db, db_url, history, capsys):
    assert main(["--db", db_url, "privacy", "preview", "--years", "6", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    # The command runs at today's date, by which Ben's and Cat's 2022 training is old too.
    assert {row["name"] for row in listed} >= {"Ann Oldham-Smith"}
    assert main(["--db", db_url, "privacy", "apply"]) == 2
    assert "add --yes" in capsys.readouterr().err
    assert people.get_delegate(db, history["ann"].id).first_name == "Ann"
    assert (
        main(["--db", db_url, "privacy", "erase", "--delegate", str(history["ann"].id), "--yes"])
        == 0
    )
    assert people.get_delegate(db, history["ann"].id).first_name == "Anonymised"


def test_erase_on_the_command_line_keeps_how_they_asked_and_removes_the_phone(db, db_url, history):
    ben = history["ben"]
    people.save_delegate(db, delegate_id=ben.id, first_name="Ben", last_name="Both",
                         email=ben.email, organisation_id=ben.organisation_id,
                         phone="01632 960 555")
    argv = ["--db", db_url, "privacy", "erase", "--delegate", str(ben.id), "--yes",
            "--reason", "Letter of 1 June"]
    assert main(argv) == 0
    assert people.get_delegate(db, ben.id).phone is None
    with db.read() as session:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.delegate_id == ben.id)))
    assert {"reason": [None, "their request: Letter of 1 June"]} in [
        json.loads(e.changes) for e in entries if e.action == "anonymised"]
    assert not any("960 555" in (e.changes or "") for e in entries)

"""Bookings from Eventbrite, Microsoft Forms and Google Forms: mappings, rules, idempotence."""

from datetime import UTC, datetime, timedelta

import pytest

from pscp_training.cli import main
from pscp_training.domain.enums import Attendance, BookingStatus
from pscp_training.domain.errors import InputError, ValidationFailed
from pscp_training.domain.online_bookings import BookingMapping, SectorsNeeded, ready_made
from pscp_training.services.bookings import bookings
from pscp_training.services.common import audit
from pscp_training.services.imports import booking_mappings, online_import
from pscp_training.services.people import people
from pscp_training.services.people.organisation_match import shape
from tests import factories as f
from tests.factories import NOW
from tests.integration.online_files import (
    EVENTBRITE_HEADER,
    MS_FORMS_HEADER,
    eventbrite_csv,
    eventbrite_row,
    eventbrite_xlsx,
    google_forms_csv,
    ms_forms_xlsx,
)

EVENTBRITE = ready_made("Eventbrite attendees")
MS_FORMS = ready_made("Microsoft Forms")
GOOGLE = ready_made("Google Forms")


def _by_email(db, session_id):
    return {b.email.lower() if b.email else b.full_name: b
            for b in bookings.list_bookings(db, session_id)}


@pytest.fixture
def known_school(db):
    return f.organisation(db, "Saint Marys Primary School", "Education")


def _first_export(tmp_path, name="first.csv"):
    return eventbrite_csv(tmp_path / name, [
        eventbrite_row("1001", "2022-05-02 09:00:00+01:00", "Ann", "Archer", "ann@school.org",
                       "Attending", "St. Mary's Primary", "Teacher"),
        eventbrite_row("1003", "2022-05-04 09:00:00+01:00", "Bob", "Baker", "bob@school.org",
                       "Attending", "St Mary's Primary", "Head"),
        eventbrite_row("1002", "2022-05-03 09:00:00+01:00", "Cat", "Cole", "cat@nursery.org",
                       "Attending", "Riverside Nursery", ""),
        eventbrite_row("1004", "2022-05-05 09:00:00+01:00", "Dan", "Dyer", "dan@school.org",
                       "Not Attending", "St Mary's Primary", ""),
    ])


def test_an_eventbrite_csv_books_in_order_of_asking_and_the_same_export_again_changes_nothing(
    db, tmp_path, known_school
):
    training = f.session(db, capacity=2)
    path = _first_export(tmp_path)
    check = online_import.check_arrivals(db, path, EVENTBRITE, session_id=training.id, now=NOW)
    proposed = {m.name: m.organisation for m in check.matches}
    assert proposed["St. Mary's Primary"] == "Saint Marys Primary School"
    assert check.new_organisations == ("Riverside Nursery",)
    with pytest.raises(SectorsNeeded) as asked:
        online_import.import_arrivals(db, path, EVENTBRITE, session_id=training.id, now=NOW)
    assert asked.value.names == ["Riverside Nursery"] and asked.value.exit_code == 2
    assert bookings.list_bookings(db, training.id) == []  # nothing written

    summary = online_import.import_arrivals(
        db, path, EVENTBRITE, session_id=training.id, now=NOW,
        sectors={"riverside nursery": "Early Years"},
    )
    assert (summary.added, summary.waitlisted, summary.new_delegates) == (3, 1, 3)
    assert summary.new_organisations == 1
    held = _by_email(db, training.id)
    # Ann (2 May) and Cat (3 May) asked before Bob (4 May): Bob waits; Dan holds no place.
    assert held["ann@school.org"].status is BookingStatus.BOOKED
    assert held["cat@nursery.org"].status is BookingStatus.BOOKED
    assert held["bob@school.org"].status is BookingStatus.WAITLISTED
    assert "dan@school.org" not in held
    assert held["ann@school.org"].booked_at == datetime(2022, 5, 2, 8, 0, tzinfo=UTC)
    school = {o.name: o for o in people.list_organisations(db)}
    assert set(school) == {"Saint Marys Primary School", "Riverside Nursery"}
    assert school["Riverside Nursery"].sector == "Early Years"

    again = online_import.import_arrivals(db, path, EVENTBRITE, session_id=training.id, now=NOW)
    assert not again.changed and again.unchanged == 4
    assert "Nothing changed" in again.lines()[-1]
    assert audit.session_history(db, training.id)  # the bookings are in the trail


def test_an_organisation_only_on_a_not_attending_line_is_not_asked_about(db, tmp_path):
    training = f.session(db, capacity=5)
    path = eventbrite_csv(tmp_path / "export.csv", [
        eventbrite_row("1", "2022-05-02 09:00:00+01:00", "Eve", "Ede", "eve@x.org",
                       "Not Attending", "Nowhere Known Ltd", ""),
    ])
    check = online_import.check_arrivals(db, path, EVENTBRITE, session_id=training.id, now=NOW)
    assert check.new_organisations == () and check.matches == ()
    summary = online_import.import_arrivals(db, path, EVENTBRITE, session_id=training.id, now=NOW)
    assert (summary.added, summary.unchanged, summary.new_organisations) == (0, 1, 0)
    assert people.list_organisations(db) == []


def test_a_later_export_updates_statuses_and_adds_the_new_people(db, tmp_path, known_school):
    training = f.session(db, capacity=2)
    online_import.import_arrivals(db, _first_export(tmp_path), EVENTBRITE,
                                  session_id=training.id, now=NOW,
                                  sectors={"Riverside Nursery": "Early Years"})
    later = eventbrite_csv(tmp_path / "later.csv", [
        eventbrite_row("1001", "2022-05-02 09:00:00+01:00", "Ann", "Archer", "ANN@school.org",
                       "Cancelled", "St. Mary's Primary"),
        eventbrite_row("1003", "2022-05-04 09:00:00+01:00", "Bob", "Baker", "bob@school.org",
                       "Attending", "St Mary's Primary"),
        eventbrite_row("1002", "2022-05-03 09:00:00+01:00", "Cat", "Cole", "cat@nursery.org",
                       "Attending", "Riverside Nursery"),
        eventbrite_row("1005", "2022-05-06 09:00:00+01:00", "Eve", "Ezra", "eve@school.org",
                       "Attending", "St Mary's Primary"),
    ])
    summary = online_import.import_arrivals(db, later, EVENTBRITE, session_id=training.id,
                                            now=NOW)
    held = _by_email(db, training.id)
    assert held["ann@school.org"].status is BookingStatus.CANCELLED
    assert held["bob@school.org"].status is BookingStatus.BOOKED  # promoted: asked before Eve
    assert held["eve@school.org"].status is BookingStatus.WAITLISTED
    assert held["eve@school.org"].waitlist_position == 1
    assert (summary.added, summary.updated, summary.new_delegates) == (1, 1, 1)


def test_the_last_place_goes_to_whoever_asked_first(db, tmp_path, known_school):
    training = f.session(db, capacity=2)
    zed = f.delegate(db, "Zed", "Zephyr", email="zed@school.org")
    bookings.book(db, session_id=training.id, delegate_id=zed.id, now=NOW)
    path = eventbrite_csv(tmp_path / "last.csv", [
        eventbrite_row("2", "2022-05-20 10:00:01", "Late", "Lamb", "late@school.org",
                       "Attending", "Saint Marys Primary School"),
        eventbrite_row("1", "2022-05-20 10:00:00", "Early", "Eady", "early@school.org",
                       "Attending", "Saint Marys Primary School"),
    ])
    online_import.import_arrivals(db, path, EVENTBRITE, session_id=training.id, now=NOW)
    held = _by_email(db, training.id)
    assert held["early@school.org"].status is BookingStatus.BOOKED
    assert held["late@school.org"].status is BookingStatus.WAITLISTED


def test_an_eventbrite_workbook_after_the_event_records_places_and_check_ins(
    db, tmp_path, known_school
):
    start = NOW - timedelta(days=2)
    training = f.session(db, start=start, capacity=10)
    path = eventbrite_xlsx(tmp_path / "attendees.xlsx", [
        eventbrite_row("1", datetime(2022, 5, 1, 9, 0), "Ann", "Archer", "ann@school.org",
                       "Attending", "Saint Marys Primary School"),
        eventbrite_row("2", datetime(2022, 5, 2, 9, 0), "Bob", "Baker", "bob@school.org",
                       "Checked In", "Saint Marys Primary School"),
    ])
    online_import.import_arrivals(db, path, EVENTBRITE, session_id=training.id, now=NOW)
    held = _by_email(db, training.id)
    assert held["ann@school.org"].status is BookingStatus.BOOKED
    assert held["ann@school.org"].attendance is Attendance.UNMARKED  # the register is the team's
    assert held["bob@school.org"].attendance is Attendance.ATTENDED


def test_checked_in_before_the_day_is_refused_by_line(db, tmp_path, known_school):
    training = f.session(db, capacity=10)
    path = eventbrite_csv(tmp_path / "early.csv", [
        eventbrite_row("1", "2022-05-01 09:00", "Ann", "Archer", "ann@school.org",
                       "Attending", "Saint Marys Primary School"),
        eventbrite_row("2", "2022-05-01 09:00", "Bob", "Baker", "bob@school.org",
                       "Checked In", "Saint Marys Primary School"),
        eventbrite_row("3", "next Tuesday", "Cat", "Cole", "cat@school.org",
                       "Waitlisted?", "Saint Marys Primary School"),
    ])
    with pytest.raises(ValidationFailed) as refused:
        online_import.import_arrivals(db, path, EVENTBRITE, session_id=training.id, now=NOW)
    assert [p.line for p in refused.value.problems] == [4, 4]
    with pytest.raises(ValidationFailed) as refused:
        online_import.import_arrivals(
            db, eventbrite_csv(tmp_path / "two.csv", [eventbrite_row(
                "2", "2022-05-01 09:00", "Bob", "Baker", "bob@school.org", "Checked In",
                "Saint Marys Primary School")]),
            EVENTBRITE, session_id=training.id, now=NOW)
    assert refused.value.problems[0].line == 2
    assert "not happened yet" in refused.value.problems[0].message
    assert bookings.list_bookings(db, training.id) == []


def test_microsoft_forms_finds_a_known_delegate_by_email_in_any_case(db, tmp_path, known_school):
    training = f.session(db, capacity=10)
    known = f.delegate(db, "Ann", "Archer", email="Ann.Archer@School.org",
                       org="Saint Marys Primary School")
    path = ms_forms_xlsx(tmp_path / "form.xlsx", [
        (datetime(2022, 5, 1, 9, 0), datetime(2022, 5, 1, 9, 3), "ann.archer@school.ORG",
         "Ann Archer", "St Marys Primary", "Teacher"),
        (datetime(2022, 5, 1, 10, 0), datetime(2022, 5, 1, 10, 4), "mary.ann@school.org",
         "Mary Ann O'Neil", "Saint Mary's Primary School", "TA"),
    ])
    assert booking_mappings.offered_mapping(db, MS_FORMS_HEADER).name == "Microsoft Forms"
    summary = online_import.import_arrivals(db, path, MS_FORMS, session_id=training.id, now=NOW)
    assert summary.new_delegates == 1
    held = _by_email(db, training.id)
    assert held["ann.archer@school.org"].delegate_id == known.id
    mary = held["mary.ann@school.org"]
    assert (mary.full_name, mary.booked_at) == (
        "Mary Ann O'Neil", datetime(2022, 5, 1, 9, 4, tzinfo=UTC))


def test_google_forms_times_are_london_times_across_the_clock_change(db, tmp_path):
    now = datetime(2022, 3, 20, 12, 0, tzinfo=UTC)
    training = f.session(db, start=datetime(2022, 4, 20, 9, 0, tzinfo=UTC), capacity=1)
    path = google_forms_csv(tmp_path / "responses.csv", [
        ["28/03/2022 00:00:00", "yan@school.org", "Yan", "Young", "Oak School", "Education"],
        ["27/03/2022 00:00:00", "xia@school.org", "Xia", "Xu", "Oak School", "Education"],
        ["26/03/2022 23:30:00", "zoe@school.org", "Zoe", "Zhou", "Oak School", "Education"],
    ])
    online_import.import_arrivals(db, path, GOOGLE, session_id=training.id, now=now)
    held = _by_email(db, training.id)
    # 27 March 00:00 is still GMT; 28 March 00:00 is BST, 23:00 UTC the day before.
    assert held["xia@school.org"].booked_at == datetime(2022, 3, 27, 0, 0, tzinfo=UTC)
    assert held["yan@school.org"].booked_at == datetime(2022, 3, 27, 23, 0, tzinfo=UTC)
    assert held["zoe@school.org"].status is BookingStatus.BOOKED
    assert [held[e].waitlist_position for e in ("xia@school.org", "yan@school.org")] == [1, 2]


def test_a_saved_mapping_is_shared_and_offered_for_a_file_with_the_same_columns(db, tmp_path):
    header = ["Submitted", "Forename", "Surname", "Work email", "Employer", "Booking"]
    mapping = BookingMapping(
        "Our booking form",
        {"booked_at": ("Submitted",), "first_name": ("Forename",), "last_name": ("Surname",),
         "email": ("Work email",), "organisation": ("Employer",), "status": ("Booking",)},
        {"status": {"Yes please": "booked", "Can't come": "cancelled"}},
        header=tuple(header),
    )
    booking_mappings.save_mapping(db, mapping)
    assert booking_mappings.find_mapping(db, "our BOOKING form").columns["email"] == ("Work email",)
    assert booking_mappings.offered_mapping(db, list(reversed(header))).name == "Our booking form"
    assert booking_mappings.offered_mapping(db, EVENTBRITE_HEADER).name == "Eventbrite attendees"
    with pytest.raises(InputError):
        booking_mappings.save_mapping(db, BookingMapping("Google Forms", {}))
    with pytest.raises(InputError):
        booking_mappings.save_mapping(db, BookingMapping("Odd", {}, {"status": {"x": "maybe"}}))


def test_organisation_shapes():
    assert shape("St. Mary's C of E Primary School") == shape("Saint Marys CE Primary")
    assert shape("The Oaks Academy") == shape("Oaks")
    assert shape("Oak Primary") != shape("Oak Secondary")


def test_the_command_line_applies_matches_and_names_an_unknown_organisation(
    db, db_url, tmp_path, capsys, known_school
):
    training = f.session(db, capacity=2)
    path = _first_export(tmp_path)
    base = ["--db", db_url, "import", "bookings", str(path), "--mapping", "eventbrite attendees",
            "--session", str(training.id)]
    assert main(base) == 2
    assert "Riverside Nursery" in capsys.readouterr().err
    assert main([*base, "--dry-run", "--sector", "Riverside Nursery=Early Years"]) == 0
    out = capsys.readouterr().out
    assert "taken as 'Saint Marys Primary School'" in out and "Nothing was written" in out
    assert bookings.list_bookings(db, training.id) == []
    assert main([*base, "--sector", "Riverside Nursery=Early Years"]) == 0
    assert "bookings added: 3" in capsys.readouterr().out
    assert main(["--db", db_url, "import", "mappings"]) == 0
    assert "Google Forms" in capsys.readouterr().out
    assert main([*base[:5], "--mapping", "nope", "--session", str(training.id)]) == 2

"""The audit trail: who changed what and when, per session and per delegate, and its export."""

import csv
from dataclasses import replace

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from pscp_training.config import save_local_settings
from pscp_training.db.audit import acting_as, current_actor, set_actor
from pscp_training.db.models_audit import AuditEntry
from pscp_training.domain.enums import Attendance
from pscp_training.domain.errors import InputError, RuleViolation
from pscp_training.services.bookings import bookings
from pscp_training.services.common import audit
from pscp_training.services.people import people
from pscp_training.services.sessions import attendance, catalogue
from pscp_training.services.sessions.session_copy import form_from_session
from tests import factories


def _form(record, **changes):
    return replace(form_from_session(record), **changes)


def _entries(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry))


def test_a_session_edit_records_who_and_each_field_before_and_after(db):
    training = factories.session(db, capacity=20)
    with acting_as("Jo Bloggs"):
        catalogue.update_session(db, training.id, _form(training, capacity=25, venue="Guildhall"))
    latest = audit.session_history(db, training.id)[0]
    assert latest.actor == "Jo Bloggs"
    assert latest.action == "changed"
    changes = {c.field: (c.before, c.after) for c in latest.changes}
    assert changes["the venue"] == ("Civic Offices", "Guildhall")
    assert latest.record.startswith("Session ")


def test_bookings_and_attendance_appear_in_the_session_and_the_delegate_history(db):
    training = factories.session(db, capacity=2, start=factories.NOW)
    zoe = factories.delegate(db, "Zoë", "Łukasz")
    with acting_as("Sam Admin"):
        booking = bookings.book(
            db, session_id=training.id, delegate_id=zoe.id, now=factories.NOW.replace(hour=8)
        )
        attendance.mark(db, booking.id, Attendance.ATTENDED, now=factories.NOW)

    session_lines = audit.session_history(db, training.id)
    assert session_lines[0].record == "Booking of Zoë Łukasz"
    assert [(c.field, c.before, c.after) for c in session_lines[0].changes] == [
        ("the attendance", "unmarked", "attended")
    ]
    assert session_lines[1].action == "created" and session_lines[1].actor == "Sam Admin"

    delegate_lines = audit.delegate_history(db, zoe.id)
    assert [line.action for line in delegate_lines] == ["changed", "created", "created"]
    assert delegate_lines[0].record.startswith("Booking on ")
    assert delegate_lines[-1].record == "Delegate Zoë Łukasz"


def test_a_refused_action_leaves_no_trace_in_the_history(db):
    training = factories.session(db, capacity=1)
    person = factories.delegate(db)
    bookings.book(db, session_id=training.id, delegate_id=person.id, now=factories.NOW)
    before = _entries(db)
    with pytest.raises(RuleViolation):
        bookings.book(db, session_id=training.id, delegate_id=person.id, now=factories.NOW)
    assert _entries(db) == before


def test_who_is_the_name_chosen_in_settings_else_the_computer_user(db, monkeypatch):
    monkeypatch.delenv("PSCP_TRAINING_USER", raising=False)
    set_actor(None)
    monkeypatch.setattr("getpass.getuser", lambda: "jbloggs")
    assert current_actor() == "jbloggs"
    save_local_settings({"operator_name": "Jo Bloggs (training team)"})
    assert current_actor() == "Jo Bloggs (training team)"
    set_actor("Sam at the front desk")
    try:
        person = factories.delegate(db)
        assert audit.delegate_history(db, person.id)[0].actor == "Sam at the front desk"
    finally:
        set_actor(None)


def test_the_history_exports_to_csv_and_xlsx(db, tmp_path):
    training = factories.session(db, capacity=20)
    with acting_as("Jo Bloggs"):
        catalogue.update_session(db, training.id, _form(training, venue="Guildhall"))
    written = audit.export_history(db, tmp_path / "history.csv", session_id=training.id)
    with (tmp_path / "history.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == written
    assert {
        "who": "Jo Bloggs",
        "field": "the venue",
        "before": "Civic Offices",
        "after": "Guildhall",
    }.items() <= rows[-1].items()

    audit.export_history(db, tmp_path / "history.xlsx", session_id=training.id)
    sheet = load_workbook(tmp_path / "history.xlsx").active
    values = list(sheet.values)
    assert values[0] == audit.EXPORT_COLUMNS
    assert values[-1][1] == "Jo Bloggs" and values[-1][7] == "Guildhall"


def test_an_export_with_a_wrong_file_type_is_refused_in_words(db, tmp_path):
    person = factories.delegate(db)
    with pytest.raises(InputError, match=r"\.csv or an \.xlsx"):
        audit.export_history(db, tmp_path / "history.pdf", delegate_id=person.id)
    assert not (tmp_path / "history.pdf").exists()


def test_a_delegate_changing_organisation_is_recorded_by_name(db):
    person = factories.delegate(db, "Ann", "Other")
    new_org = factories.organisation(db, "Harbour School", "Education")
    people.save_delegate(
        db,
        delegate_id=person.id,
        first_name="Ann",
        last_name="Other",
        email=person.email,
        organisation_id=new_org.id,
    )
    change = audit.delegate_history(db, person.id)[0]
    assert ("the organisation", "Arundel Court Primary School", "Harbour School") in [
        (c.field, c.before, c.after) for c in change.changes
    ]


def test_a_register_import_is_in_the_history_of_each_session_and_delegate(db, tmp_path):
    register = tmp_path / "register.csv"
    register.write_text(
        "course_code,course_title,agency,session_start,delivery,capacity,first_name,last_name,"
        "email,organisation,sector,booking_status,attendance\n"
        "NEG,Neglect,multi,2022-05-10 09:30,in_person,10,Ann,Archer,ann@example.org,"
        "Harbour School,Education,booked,attended\n"
        "NEG,Neglect,multi,2022-05-10 09:30,in_person,10,Bob,Baker,bob@example.org,"
        "Harbour School,Education,booked,absent\n",
        encoding="utf-8",
    )
    from pscp_training.services.imports.register_import import import_register

    with acting_as("Importer Iris"):
        import_register(db, register)
    [ann] = people.search_delegates(db, "Archer")
    created = audit.delegate_history(db, ann.id)
    assert {(line.actor, line.action, line.record_type) for line in created} == {
        ("Importer Iris", "created", "delegate"),
        ("Importer Iris", "created", "booking"),
    }
    session_id = bookings.delegate_bookings(db, ann.id)[0][0].id
    lines = audit.session_history(db, session_id)
    assert sum(line.record_type == "booking" for line in lines) == 2

    # Importing a changed register records the change, before and after.
    register.write_text(
        register.read_text(encoding="utf-8").replace(
            "Bob,Baker,bob@example.org,Harbour School,Education,booked,absent",
            "Bob,Baker,bob@example.org,Harbour School,Education,booked,attended",
        ),
        encoding="utf-8",
    )
    with acting_as("Importer Iris"):
        import_register(db, register)
    newest = audit.session_history(db, session_id)[0]
    assert newest.record == "Booking of Bob Baker"
    assert [(c.field, c.before, c.after) for c in newest.changes] == [
        ("the attendance", "absent", "attended")
    ]


def test_a_row_created_by_an_import_reads_as_imported_in_the_history(db, tmp_path):
    register = tmp_path / "register.csv"
    register.write_text(
        "course_code,course_title,agency,session_start,delivery,first_name,last_name,email,"
        "organisation,sector,booking_status\n"
        "NEG,Neglect,multi,2022-05-10 09:30,in_person,Ann,Archer,ann@example.org,"
        "Harbour School,Education,booked\n",
        encoding="utf-8",
    )
    from pscp_training.services.imports.register_import import import_register

    import_register(db, register)
    [ann] = people.search_delegates(db, "Archer")
    lines = audit.delegate_history(db, ann.id)
    assert lines and all(line.action == "created" for line in lines)
    assert all(line.summary == "imported (the details are on the record itself)" for line in lines)

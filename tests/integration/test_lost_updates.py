"""Two people saving the same record: the second is refused with what changed, never overwritten."""

from dataclasses import replace

import pytest

from pscp_training.db.audit import acting_as
from pscp_training.db.engine import Database
from pscp_training.domain.enums import Attendance
from pscp_training.domain.errors import StaleRecord
from pscp_training.services.bookings import bookings
from pscp_training.services.people import people
from pscp_training.services.sessions import attendance, catalogue
from pscp_training.services.sessions.session_copy import form_from_session
from tests import factories


@pytest.fixture
def second_pc(db_url):
    """Another office PC: its own engine and connections on the same database."""
    other = Database(db_url)
    yield other
    other.dispose()


def _form(record, **changes):
    return replace(form_from_session(record), **changes)


def test_the_second_save_of_a_session_is_refused_and_says_who_changed_what(db, second_pc):
    shown = factories.session(db, capacity=20)  # both people open the session screen
    with acting_as("Jo Bloggs"):
        catalogue.update_session(
            second_pc,
            shown.id,
            _form(shown, capacity=25, venue="Guildhall"),
            expected_version=shown.version,
        )
    with pytest.raises(StaleRecord) as refused:
        catalogue.update_session(
            db, shown.id, _form(shown, trainers="A. Trainer"), expected_version=shown.version
        )
    message = str(refused.value)
    assert "Jo Bloggs changed" in message
    assert "the capacity from 20 to 25" in message
    assert "the venue from Civic Offices to Guildhall" in message
    assert "Reload" in message
    kept = catalogue.get_session(db, shown.id)
    assert (kept.capacity, kept.venue, kept.trainers) == (25, "Guildhall", None)

    # After reloading, the same edit goes through.
    saved = catalogue.update_session(
        db, shown.id, _form(kept, trainers="A. Trainer"), expected_version=kept.version
    )
    assert (saved.capacity, saved.venue, saved.trainers) == (25, "Guildhall", "A. Trainer")


def test_a_capacity_change_over_someone_elses_edit_is_refused(db, second_pc):
    shown = factories.session(db, capacity=10)
    with acting_as("Jo Bloggs"):
        catalogue.update_session(
            second_pc, shown.id, _form(shown, venue="Guildhall"), expected_version=shown.version
        )
    with pytest.raises(StaleRecord, match="Jo Bloggs changed the venue"):
        bookings.change_capacity(db, shown.id, 12, expected_version=shown.version)
    assert catalogue.get_session(db, shown.id).capacity == 10


def test_two_people_marking_the_same_register_do_not_overwrite_each_other(db, second_pc):
    training = factories.session(db, capacity=5, start=factories.NOW)
    person = factories.delegate(db, "Zoë", "Brown")
    shown = bookings.book(
        db, session_id=training.id, delegate_id=person.id, now=factories.NOW.replace(hour=8)
    )
    with acting_as("Jo Bloggs"):
        attendance.mark_register(
            second_pc,
            training.id,
            {shown.id: Attendance.ABSENT},
            now=factories.NOW,
            expected_versions={shown.id: shown.version},
        )
    with pytest.raises(StaleRecord) as refused:
        attendance.mark_register(
            db,
            training.id,
            {shown.id: Attendance.ATTENDED},
            now=factories.NOW,
            expected_versions={shown.id: shown.version},
        )
    assert "Zoë Brown's attendance" in str(refused.value)
    assert "Jo Bloggs changed the attendance from unmarked to absent" in str(refused.value)
    [kept] = bookings.list_bookings(db, training.id)
    assert kept.attendance == Attendance.ABSENT


def test_a_delegate_edited_on_two_pcs_keeps_the_first_save(db, second_pc):
    shown = people.get_delegate(db, factories.delegate(db, "Ann", "Smith").id)
    version = people.get_delegate(db, shown.id)
    with acting_as("Jo Bloggs"):
        first = people.save_delegate(
            second_pc,
            delegate_id=shown.id,
            first_name="Anne",
            last_name="Smith",
            email=shown.email,
            organisation_id=shown.organisation_id,
            expected_version=_version(db, shown.id),
        )
    with pytest.raises(StaleRecord, match="the first name from Ann to Anne"):
        people.save_delegate(
            db,
            delegate_id=shown.id,
            first_name="Ann",
            last_name="Smith-Jones",
            email=shown.email,
            organisation_id=shown.organisation_id,
            expected_version=_version(db, shown.id) - 1,
        )
    assert people.get_delegate(db, shown.id).last_name == "Smith"
    assert first.first_name == "Anne" and version.first_name == "Ann"


def _version(db, delegate_id):
    from pscp_training.db.models import Delegate

    with db.read() as session:
        return session.get(Delegate, delegate_id).version


def test_editing_a_delegate_erased_meanwhile_is_refused_and_says_so(db, second_pc):
    shown = factories.delegate(db, "Ann", "Smith")
    version = _version(db, shown.id)
    from pscp_training.services.privacy import retention

    with acting_as("Data Protection Officer"):
        retention.erase_delegate(second_pc, shown.id, now=factories.NOW)
    with pytest.raises(StaleRecord, match="Data Protection Officer removed this person's"):
        people.save_delegate(
            db,
            delegate_id=shown.id,
            first_name="Ann",
            last_name="Smith",
            email=shown.email,
            organisation_id=shown.organisation_id,
            expected_version=version,
        )
    assert people.get_delegate(db, shown.id).first_name == "Anonymised"

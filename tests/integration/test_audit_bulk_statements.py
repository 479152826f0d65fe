"""Changes made by bulk UPDATE and DELETE statements reach the audit trail like any other change."""

from datetime import timedelta

from sqlalchemy import select

from pscp_training.db.audit import acting_as
from pscp_training.db.models import Booking
from pscp_training.db.models_audit import AuditEntry
from pscp_training.domain.years import now_utc
from pscp_training.services.bookings import bookings
from pscp_training.services.common import audit
from pscp_training.services.people import people, sectors
from tests import factories


def _sector_id(db, name):
    return next(s.id for s in people.list_sectors(db, include_retired=True) if s.name == name)


def _organisation_history(db, organisation_id):
    with db.read() as session:
        return audit.record_history(session, "organisation", organisation_id)


def test_merging_a_sector_shows_in_the_history_of_each_organisation_and_booking(db):
    faith = people.add_sector(db, "Faith groups")
    church = factories.organisation(db, "St Mary's Church", sector="Faith groups")
    other = factories.organisation(db, "Mayfield School", sector="Education")
    training = factories.session(db, capacity=5)
    person = factories.delegate(db, org="St Mary's Church", sector="Faith groups")
    booking = bookings.book(db, session_id=training.id, delegate_id=person.id, now=factories.NOW)
    voluntary = _sector_id(db, "Voluntary & Community")
    started = now_utc()

    with acting_as("Sam Admin"):
        sectors.merge_sector(db, faith.id, voluntary)

    (moved,) = [line for line in _organisation_history(db, church.id) if line.action == "changed"]
    assert moved.actor == "Sam Admin"
    assert started - timedelta(seconds=5) <= moved.changed_at <= now_utc()
    assert [(c.field, c.before, c.after) for c in moved.changes] == [
        ("the sector", f"no. {faith.id} (deleted)", "Voluntary & Community")
    ]
    # An organisation of another sector is not touched, so has no change to show.
    assert [line.action for line in _organisation_history(db, other.id)] == ["created"]

    latest = audit.delegate_history(db, person.id)[0]
    assert (latest.record_type, latest.record_id) == ("booking", booking.id)
    assert latest.record.startswith("Booking on ")
    assert (latest.actor, latest.action) == ("Sam Admin", "changed")
    assert [(c.field, c.before, c.after) for c in latest.changes] == [
        ("the sector", f"no. {faith.id} (deleted)", "Voluntary & Community")
    ]
    assert audit.session_history(db, training.id)[0].id == latest.id
    with db.read() as session:
        entry = session.get(AuditEntry, latest.id)
        stored = session.scalar(select(Booking.version).where(Booking.id == booking.id))
        assert entry.record_version == stored

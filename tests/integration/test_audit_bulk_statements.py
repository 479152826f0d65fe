"""Changes made by bulk UPDATE and DELETE statements reach the audit trail like any other change."""

from datetime import timedelta

from sqlalchemy import delete, event, func, select, update

from pscp_training.db.audit import SKIP_OPTION, acting_as
from pscp_training.db.models import Booking, Delegate, Organisation
from pscp_training.db.models_audit import AuditEntry
from pscp_training.domain.refreshers import SafeguardingRole
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


def test_an_update_of_many_delegates_by_model_records_each_as_a_change_to_that_delegate(db):
    # As the demo gives its delegates their safeguarding roles: one statement, many rows.
    people_ = [factories.delegate(db) for _ in range(3)]
    with acting_as("Demo loader"), db.write() as session:
        session.execute(
            update(Delegate).where(Delegate.id.in_([p.id for p in people_[:2]]))
            .values(safeguarding_role=SafeguardingRole.DSL.value)
        )
    for person in people_[:2]:
        latest = audit.delegate_history(db, person.id)[0]
        assert (latest.record_type, latest.action, latest.actor) == (
            "delegate", "changed", "Demo loader")
        assert [(c.before, c.after) for c in latest.changes] == [("(blank)", "dsl")]
    assert [line.action for line in audit.delegate_history(db, people_[2].id)] == ["created"]


def test_a_delete_by_model_records_each_row_with_the_values_it_had(db):
    names = [factories.organisation(db, f"Unused {n}").id for n in range(2)]
    with acting_as("Sam Admin"), db.write() as session:
        session.execute(delete(Organisation).where(Organisation.id.in_(names)))
    for organisation_id, n in zip(names, range(2), strict=True):
        gone = _organisation_history(db, organisation_id)[-1]
        assert (gone.action, gone.actor) == ("deleted", "Sam Admin")
        shown = {c.field: (c.before, c.after) for c in gone.changes}
        assert shown["the name"] == (f"Unused {n}", "(blank)")


def test_an_update_reads_its_rows_before_in_one_query_whatever_their_number(db):
    for n in range(40):
        factories.organisation(db, f"School {n}", sector="Education")
    education = _sector_id(db, "Education")
    health = _sector_id(db, "Health")
    selects: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT") and "organisations" in statement:
            selects.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with db.write() as session:
            session.execute(
                update(Organisation).where(Organisation.sector_id == education)
                .values(sector_id=health)
            )
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(selects) == 2  # the rows before, then after: never one per row
    with db.read() as session:
        changed = session.scalar(
            select(func.count()).select_from(AuditEntry).where(
                AuditEntry.record_type == "organisation", AuditEntry.action == "changed")
        )
    assert changed == 40


def test_a_statement_that_records_its_own_trail_is_left_to_it(db):
    person = factories.delegate(db)
    with db.write() as session:
        session.execute(
            update(Delegate).execution_options(**{SKIP_OPTION: True})
            .where(Delegate.id == person.id).values(phone="023 9200 0000")
        )
    assert [line.action for line in audit.delegate_history(db, person.id)] == ["created"]


def test_an_update_of_many_rows_by_their_ids_records_each(db):
    first, second = (factories.organisation(db, f"Renamed {n}") for n in range(2))
    with acting_as("Sam Admin"), db.write() as session:
        versions = dict(session.execute(select(Organisation.id, Organisation.version)).all())
        session.execute(update(Organisation), [
            {"id": first.id, "version": versions[first.id], "org_type": "Primary school"},
            {"id": second.id, "version": versions[second.id], "org_type": "Nursery"},
        ])
    for organisation, now_type in ((first, "Primary school"), (second, "Nursery")):
        latest = _organisation_history(db, organisation.id)[-1]
        assert (latest.action, latest.actor) == ("changed", "Sam Admin")
        assert [(c.before, c.after) for c in latest.changes] == [("(blank)", now_type)]

"""Merging two delegates booked on the same session: the charge kept is the one the rules give."""

from datetime import date, timedelta

from sqlalchemy import select

from pscp_training.db.audit import acting_as
from pscp_training.db.models_follow_up import Charge
from pscp_training.domain.enums import Attendance
from pscp_training.domain.merge_records import ClashChoice
from pscp_training.services.bookings import bookings
from pscp_training.services.common import audit
from pscp_training.services.follow_up import charges
from pscp_training.services.people.merge import merge_delegates
from pscp_training.services.sessions import attendance
from tests import factories as f
from tests.factories import NOW

EARLIER = NOW - timedelta(days=60)


def _ledger(db):
    return charges.ledger(db, date(2022, 4, 1), date(2022, 6, 30))


def _two_booked(db, keep_marked: Attendance, other_marked: Attendance):
    training = f.session(db, start=NOW - timedelta(days=7), capacity=5)
    keep, other = f.delegate(db, "Ann", "Lee"), f.delegate(db, "Anne", "Lee")
    kb = bookings.book(db, session_id=training.id, delegate_id=keep.id, now=EARLIER)
    ob = bookings.book(db, session_id=training.id, delegate_id=other.id, now=EARLIER)
    attendance.mark_register(db, training.id, {kb.id: keep_marked, ob.id: other_marked}, now=NOW)
    return training, keep, other, kb, ob


def _charge_history(db, charge_id):
    with db.read() as session:
        return audit.record_history(session, "charge", charge_id)


def test_an_attended_booking_kept_takes_no_charge_from_the_no_show_removed(db):
    training, keep, other, kb, ob = _two_booked(db, Attendance.ATTENDED, Attendance.ABSENT)
    [charged] = _ledger(db)
    assert charged.booking_id == ob.id
    with acting_as("Sam Admin"):
        merge_delegates(db, keep.id, other.id, {training.id: ClashChoice.KEEP}, now=NOW)
    assert _ledger(db) == []
    gone = _charge_history(db, charged.id)[-1]
    assert (gone.action, gone.actor) == ("deleted", "Sam Admin")
    assert ("amount pence", str(charged.amount_pence), "(blank)") in [
        (c.field, c.before, c.after) for c in gone.changes
    ]


def test_the_other_records_attended_booking_kept_takes_no_charge_from_the_one_removed(db):
    training, keep, other, kb, ob = _two_booked(db, Attendance.ABSENT, Attendance.ATTENDED)
    [charged] = _ledger(db)
    assert charged.booking_id == kb.id
    merge_delegates(db, keep.id, other.id, {training.id: ClashChoice.OTHER}, now=NOW)
    assert _ledger(db) == []
    with db.read() as session:
        assert session.scalars(select(Charge)).all() == []
    assert _charge_history(db, charged.id)[-1].action == "deleted"


def test_a_waived_no_show_charge_does_not_follow_onto_an_attended_booking_either(db):
    training, keep, other, kb, ob = _two_booked(db, Attendance.ATTENDED, Attendance.ABSENT)
    [charged] = _ledger(db)
    charges.waive(db, charged.id, "Ill on the day", now=NOW)
    merge_delegates(db, keep.id, other.id, {training.id: ClashChoice.KEEP}, now=NOW)
    assert _ledger(db) == []
    gone = _charge_history(db, charged.id)[-1]
    assert gone.action == "deleted"
    assert ("waiver note", "Ill on the day", "(blank)") in [
        (c.field, c.before, c.after) for c in gone.changes
    ]


def test_two_no_shows_merged_leave_one_charge_and_the_trail_of_the_other(db):
    training, keep, other, kb, ob = _two_booked(db, Attendance.ABSENT, Attendance.ABSENT)
    ledger = {line.booking_id: line for line in _ledger(db)}
    assert set(ledger) == {kb.id, ob.id}
    merge_delegates(db, keep.id, other.id, {training.id: ClashChoice.KEEP}, now=NOW)
    [kept] = _ledger(db)
    assert (kept.id, kept.booking_id, kept.delegate) == (ledger[kb.id].id, kb.id, "Ann Lee")
    assert _charge_history(db, ledger[ob.id].id)[-1].action == "deleted"


def test_a_no_show_kept_takes_over_the_waived_charge_of_the_no_show_removed(db):
    # The kept booking owes the charge too; the one raised (and waived) for the same
    # absence moves to it, waiver and all, rather than a new charge being raised.
    training, keep, other, kb, ob = _two_booked(db, Attendance.ABSENT, Attendance.ABSENT)
    ledger = {line.booking_id: line for line in _ledger(db)}
    charges.waive(db, ledger[ob.id].id, "Ill on the day", now=NOW)
    merge_delegates(db, keep.id, other.id, {training.id: ClashChoice.OTHER}, now=NOW)
    [kept] = _ledger(db)
    assert (kept.id, kept.booking_id) == (ledger[ob.id].id, ob.id)
    assert (kept.waived, kept.waiver_note) == (True, "Ill on the day")
    assert _charge_history(db, ledger[kb.id].id)[-1].action == "deleted"


def test_a_charge_moved_to_the_booking_kept_shows_the_move_in_its_history(db):
    training, keep, other, kb, ob = _two_booked(db, Attendance.ABSENT, Attendance.ABSENT)
    ledger = {line.booking_id: line for line in _ledger(db)}
    with db.write() as session:  # the kept booking's own charge was withdrawn, say
        session.delete(session.get(Charge, ledger[kb.id].id))
    with acting_as("Sam Admin"):
        merge_delegates(db, keep.id, other.id, {training.id: ClashChoice.KEEP}, now=NOW)
    [kept] = _ledger(db)
    assert (kept.id, kept.booking_id) == (ledger[ob.id].id, kb.id)
    moved = _charge_history(db, kept.id)[-1]
    assert (moved.action, moved.actor) == ("changed", "Sam Admin")
    assert [(c.field, c.before, c.after) for c in moved.changes] == [
        ("booking id", str(ob.id), str(kb.id))
    ]

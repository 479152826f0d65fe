"""Merging two delegates from the people page: the clash is shown, resolved, and nothing is lost."""

from datetime import timedelta

import pytest

from pscp_training.domain.enums import BookingStatus
from pscp_training.domain.errors import NotFound
from pscp_training.services.bookings import bookings
from pscp_training.services.people import people
from pscp_training.services.printing import certificates
from pscp_training.services.sessions import attendance
from pscp_training.ui.people.merge_dialog import MergeDialog
from pscp_training.ui.people.people_page import PeoplePage
from tests import factories as f
from tests.factories import NOW


def test_merge_two_delegates_with_a_clash_resolved(ctx, qtbot):
    db = ctx.db
    keep = f.delegate(db, "Zoë", "Nguyễn", email="zoe.nguyen@school.example")
    dup = f.delegate(db, "Zoe", "Nguyen", email="znguyen@home.example")
    shared, own = f.session(db, capacity=1), f.session(db, capacity=5)
    bookings.book(db, session_id=shared.id, delegate_id=keep.id, now=NOW)  # the place
    bookings.book(db, session_id=shared.id, delegate_id=dup.id, now=NOW)  # waiting list 1
    bookings.book(db, session_id=own.id, delegate_id=dup.id, now=NOW)
    bookings.book(db, session_id=own.id, delegate_id=f.delegate(db).id, now=NOW)

    page = PeoplePage(ctx)
    qtbot.addWidget(page)
    page.delegate_search.setText("nguyen")
    page.apply_delegate_search()
    assert page.delegates.rowCount() == 2
    page.delegate_view.selectAll()
    assert page.merge_button.isEnabled() and not page.edit_delegate_button.isEnabled()
    assert page.record_title.text().startswith("Two delegates are selected. If they are the "
                                               "same person, “Merge two records…” joins")

    first, second = (s.delegate for s in page.selected_delegates())
    dialog = page.merge_dialog(first, second)
    qtbot.addWidget(dialog)
    if dialog.keep.id != keep.id:
        dialog.keep_second.setChecked(True)
    assert dialog.keep.id == keep.id
    assert "The record Zoe Nguyen (znguyen@home.example) will be removed" in dialog.summary.text()
    assert "1 booking without a clash will move to Zoë Nguyễn (zoe.nguyen@school.example)" \
        in dialog.summary.text()
    assert "Both are booked on 1 session" in dialog.clash_intro.text()
    assert dialog.clashes.rowCount() == 1
    assert dialog.clashes.item(0, 1).text() == "Booked"
    assert dialog.clashes.item(0, 2).text() == "Waiting list (1)"
    # Nothing is removed until the person has chosen.
    assert not dialog.merge_button.isEnabled()
    combo = dialog.choice_combo(0)
    assert combo.itemText(1) == "Kept record's: Booked (suggested)"
    assert combo.itemText(2) == "Other record's: Waiting list (1)"
    combo.setCurrentIndex(1)
    assert dialog.merge_button.isEnabled()
    dialog.merge_button.click()

    assert dialog.merged is not None and dialog.merged.id == keep.id
    with pytest.raises(NotFound):
        people.get_delegate(db, dup.id)
    statuses = {s.id: b.status for s, b in bookings.delegate_bookings(db, keep.id)}
    assert statuses == {shared.id: BookingStatus.BOOKED, own.id: BookingStatus.BOOKED}
    assert bookings.list_bookings(db, shared.id, BookingStatus.WAITLISTED) == []

    # The page heard the change: one Nguyễn left, and her record shows both sessions.
    assert page.delegates.rowCount() == 1
    page.show_delegate(keep.id)
    assert page.record.rowCount() == 2


def test_choosing_the_other_record_to_keep_swaps_the_preview(ctx, qtbot):
    a = people.save_delegate(ctx.db, delegate_id=None, first_name="Ann", last_name="Lee")
    b = f.delegate(ctx.db, "Anne", "Lee", email="anne.lee@example.org")
    dialog = MergeDialog(ctx, people.get_delegate(ctx.db, a.id), people.get_delegate(ctx.db, b.id))
    qtbot.addWidget(dialog)
    assert "The kept record's blank email will be filled with anne.lee@example.org" in \
        dialog.summary.text()
    assert "no booking will be removed" in dialog.clash_intro.text()
    assert dialog.merge_button.isEnabled()
    dialog.keep_second.setChecked(True)
    assert dialog.preview.keep.id == b.id
    assert "The record Ann Lee (no email) will be removed" in dialog.summary.text()


def test_the_certificate_a_choice_would_withdraw_is_shown_beside_it(ctx, qtbot, tmp_path):
    db = ctx.db
    s = f.session(db, start=NOW - timedelta(days=7), capacity=5)
    keep = f.delegate(db, "Siobhán", "Ó Súilleabháin", email="siobhan@school.example")
    dup = f.delegate(db, "Siobhan", "O Suilleabhain", email="siobhan@home.example")
    for person in (keep, dup):
        bookings.book(db, session_id=s.id, delegate_id=person.id, now=NOW - timedelta(days=30))
    attendance.mark_all_attended(db, s.id, now=NOW)
    certificates.issue_certificates(db, s.id, tmp_path, now=NOW)

    dialog = MergeDialog(ctx, people.get_delegate(db, keep.id), people.get_delegate(db, dup.id))
    qtbot.addWidget(dialog)
    clash = dialog.preview.clashes[0]
    keep_number, other_number = clash.keep_certificate, clash.other_certificate
    assert keep_number and other_number
    # Before a choice: both numbers, and that one of them will go.
    note = dialog.certificate_warning(0)
    assert keep_number in note.text() and other_number in note.text()
    assert "will be withdrawn" in note.text()

    combo = dialog.choice_combo(0)
    combo.setCurrentIndex(combo.findData("keep"))
    assert f"Certificate {other_number} is withdrawn" in note.text()
    assert f"certificate {keep_number} stays" in note.text()
    combo.setCurrentIndex(combo.findData("other"))
    assert f"Certificate {keep_number} is withdrawn" in note.text()

    dialog.merge_button.click()
    assert certificates.verify_certificate(db, other_number).still_attended
    with pytest.raises(NotFound):
        certificates.verify_certificate(db, keep_number)


def test_no_certificate_note_when_none_was_issued(ctx, qtbot):
    db = ctx.db
    s = f.session(db, capacity=5)
    keep, dup = f.delegate(db, "Ann", "Lee"), f.delegate(db, "Anne", "Lee")
    for person in (keep, dup):
        bookings.book(db, session_id=s.id, delegate_id=person.id, now=NOW)
    dialog = MergeDialog(ctx, people.get_delegate(db, keep.id), people.get_delegate(db, dup.id))
    qtbot.addWidget(dialog)
    dialog.choose_suggested()
    assert dialog.certificate_warning(0).text() == ""


def test_a_merge_over_a_colleagues_edit_is_refused_and_the_preview_shows_it(
        ctx, qtbot, error_boxes):
    a = people.save_delegate(ctx.db, delegate_id=None, first_name="Ann", last_name="Lee")
    b = f.delegate(ctx.db, "Anne", "Lee", email="anne.lee@example.org")
    dialog = MergeDialog(ctx, people.get_delegate(ctx.db, a.id), people.get_delegate(ctx.db, b.id))
    qtbot.addWidget(dialog)
    # A colleague gives the kept record an email while the preview is open.
    people.save_delegate(ctx.db, delegate_id=a.id, first_name="Ann", last_name="Lee",
                         email="ann.lee@school.example")
    dialog.merge_button.click()

    [message] = error_boxes()
    assert message.startswith("Someone else saved a change to Ann Lee while you were editing it.")
    assert message.endswith(
        "The preview now shows their change; make yours again if it is still needed.")
    assert dialog.merged is None
    assert people.get_delegate(ctx.db, b.id).email == "anne.lee@example.org"  # nothing merged
    assert "blank email" not in dialog.summary.text()  # the preview is what is true now


def test_merging_two_records_that_both_hold_a_place_gives_one_to_the_waiting_list(ctx, qtbot):
    from pscp_training.domain.years import now_utc

    db = ctx.db
    keep = f.delegate(db, "Zoë", "Nguyễn", email="zoe.nguyen@school.example")
    dup = f.delegate(db, "Zoe", "Nguyen", email="znguyen@home.example")
    waiting = f.delegate(db, "Chen", "Wei")
    full = f.session(db, capacity=2, start=now_utc() + timedelta(days=30))
    bookings.book(db, session_id=full.id, delegate_id=keep.id)
    bookings.book(db, session_id=full.id, delegate_id=dup.id)
    bookings.book(db, session_id=full.id, delegate_id=waiting.id)  # waiting list 1
    dialog = MergeDialog(ctx, people.get_delegate(db, keep.id), people.get_delegate(db, dup.id))
    qtbot.addWidget(dialog)
    assert dialog.clashes.item(0, 1).text() == "Booked"
    assert dialog.clashes.item(0, 2).text() == "Booked"
    dialog.choice_combo(0).setCurrentIndex(1)
    dialog.merge_button.click()
    assert dialog.merged is not None
    placed = {b.full_name: b.status for b in bookings.list_bookings(db, full.id)}
    assert placed == {"Zoë Nguyễn": BookingStatus.BOOKED, "Chen Wei": BookingStatus.BOOKED}
    assert bookings.list_bookings(db, full.id, BookingStatus.WAITLISTED) == []

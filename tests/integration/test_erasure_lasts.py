"""An erased person stays erased: a restore of an older backup erases them again, and says so."""


from datetime import timedelta

from pscp_training.cli import main
from pscp_training.services.backup import backup, restore
from pscp_training.services.bookings import bookings
from pscp_training.services.people import people
from pscp_training.services.privacy import retention
from tests import factories


def _everyone(db):
    return {(d.first_name, d.last_name, d.email) for d in people.search_delegates(db, "", limit=100)}


def test_a_restore_erases_again_everyone_erased_since_the_backup(db, db_url, tmp_path, capsys):
    training = factories.session(db, capacity=5)
    erased = factories.delegate(db, first="Paweł", last="Kowalczyk", email="pawel@example.org")
    kept = factories.delegate(db, first="Siân", last="Lloyd", email="sian@example.org")
    for person in (erased, kept):
        bookings.book(db, session_id=training.id, delegate_id=person.id, now=factories.NOW)
    # The session has run by the time the erasure is asked for.
    after = factories.NOW + timedelta(days=400)
    made = backup.backup_database(db, tmp_path / "before-erasure.bak").path
    retention.erase_delegate(db, erased.id, now=after)
    assert ("Paweł", "Kowalczyk", "pawel@example.org") not in _everyone(db)

    assert main(["--db", db_url, "db", "restore", "--yes", str(made)]) == 0
    out = capsys.readouterr().out
    assert "1 person erased since the backup was made were erased again." in out

    names = _everyone(db)
    assert ("Paweł", "Kowalczyk", "pawel@example.org") not in names
    assert not any(email == "pawel@example.org" for _, _, email in names)
    assert ("Siân", "Lloyd", "sian@example.org") in names
    # The erasure keeps its first date and reason.
    assert retention.erasure_of(db, erased.id) == (after, "request")
    # The rest of the backup came back: the erased person's place is the backup's again,
    # without their name, so every yearly figure stays as it was.
    assert len(bookings.list_bookings(db, training.id)) == 2


def test_a_restore_of_a_backup_that_knows_the_erasure_does_nothing_more(db, db_url, tmp_path):
    person = factories.delegate(db, first="Zoë", last="Nguyễn")
    retention.erase_delegate(db, person.id, now=factories.NOW)
    made = backup.backup_database(db, tmp_path / "after-erasure.bak").path
    result = restore.restore_database(db_url, made)
    assert result.erasures_reapplied == 0
    assert retention.erasure_of(db, person.id) is not None


def _with_copies(db, tmp_path):
    from pscp_training.services.messages.settings import MailSettings, save_mail_settings

    outbox = tmp_path / "outbox"
    outbox.mkdir()
    save_mail_settings(db, MailSettings(eml_folder=str(outbox), from_address="team@example.org"))
    person = factories.delegate(db, first="Paweł", last="Kowalczyk", email="Pawel@Example.org")
    other = factories.delegate(db, first="Siân", last="Lloyd", email="sian@example.org")
    (outbox / "confirmation-1.eml").write_text("To: pawel@example.org\r\n\r\nYour place", "utf-8")
    (outbox / "confirmation-2.eml").write_text("To: sian@example.org\r\n\r\nYour place", "utf-8")
    made = backup.daily_backup_if_due(db, keep=7)
    return person, other, outbox, made


def test_erasing_someone_lists_the_copies_that_remain(only_sqlite, db, db_url, tmp_path, capsys):
    person, _other, outbox, made = _with_copies(db, tmp_path)
    assert main(["--db", db_url, "privacy", "erase", "--delegate", str(person.id), "--yes"]) == 0
    out = capsys.readouterr().out
    assert f"Elsewhere: 1 automatic backup in {made.parent} still hold" in out
    assert f"Elsewhere: 1 message to them in the outbox folder {outbox}." in out
    assert "Add --remove-copies" in out
    assert made.exists() and (outbox / "confirmation-1.eml").exists()  # listed, not removed


def test_the_apps_own_copies_are_removed_on_request_and_a_fresh_backup_made(
        only_sqlite, db, db_url, tmp_path, capsys):
    person, _other, outbox, made = _with_copies(db, tmp_path)
    assert main(["--db", db_url, "privacy", "erase", "--delegate", str(person.id), "--yes",
                 "--remove-copies"]) == 0
    out = capsys.readouterr().out
    assert "Removed 2 of the app's own copies" in out
    assert not made.exists() and not (outbox / "confirmation-1.eml").exists()
    assert (outbox / "confirmation-2.eml").exists()  # someone else's message stays
    fresh = next(made.parent.glob("*after-erasure*.sqlite3"))
    assert "Kowalczyk" not in fresh.read_bytes().decode("latin-1")
    assert restore.describe_backup(fresh).checksum_matches

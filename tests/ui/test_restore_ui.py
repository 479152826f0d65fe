"""File › Restore…: a backup is shown before anything changes, confirmed, and restored whole."""

import gzip
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from pscp_training.domain.enums import Attendance
from pscp_training.domain.years import FinancialYear
from pscp_training.services.backup import backup, backup_contents, restore
from pscp_training.services.bookings import bookings
from pscp_training.services.people import people
from pscp_training.services.sessions import attendance, catalogue
from pscp_training.ui.backup.restore_dialog import RestoreDialog, RestoreFlow
from pscp_training.ui.shell.main_window import MainWindow
from tests import factories

SPRING_2021 = datetime(2021, 5, 12, 9, 30, tzinfo=UTC)  # 2021-22
AUTUMN_2022 = datetime(2022, 10, 5, 9, 30, tzinfo=UTC)  # 2022-23


@pytest.fixture
def window(ctx, qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: None))
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win


def _two_years(db):
    course = factories.course(db, code="DSL1", title="Designated Safeguarding Lead")
    for start in (SPRING_2021, AUTUMN_2022):
        session = factories.session(db, course_id=course.id, start=start, capacity=5)
        person = factories.delegate(db, "Zoë", f"Nguyễn {start.year}", phone="01632 960 123")
        booking = bookings.book(db, session_id=session.id, delegate_id=person.id,
                                now=start - timedelta(days=10))
        attendance.mark_register(db, session.id, {booking.id: Attendance.ATTENDED}, now=start)
    return course


def _backup(ctx, tmp_path, name="monday"):
    path = tmp_path / f"{name}{backup.suggested_suffix(ctx.db)}"
    return backup.back_up_database(ctx.db, path)


def _choose(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))


def _cells(dialog: RestoreDialog) -> dict[str, tuple[str, str]]:
    table = dialog.table
    return {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
            for r in range(table.rowCount())}


def test_restore_shows_the_backup_then_replaces_the_data_and_keeps_the_old_aside(
        window, ctx, qtbot, tmp_path, monkeypatch):
    _two_years(ctx.db)
    saved = _backup(ctx, tmp_path)
    # After the backup: one more session, and a delegate renamed.
    later = factories.session(ctx.db, start=AUTUMN_2022 + timedelta(days=30))
    renamed = people.search_delegates(ctx.db, "Nguyễn 2021")[0]
    people.save_delegate(ctx.db, delegate_id=renamed.id, first_name="Changed",
                         last_name="Since", expected_version=renamed.version)
    _choose(monkeypatch, saved)

    flow = window.restore_backup()
    dialog = flow.dialog
    assert dialog is not None and dialog.isVisible()
    cells = _cells(dialog)
    assert cells["Checksum"][0].startswith("matches")
    if saved.suffix == ".dump":  # a pg_dump archive is not counted without restoring it
        assert cells["Sessions"] == ("not counted", "3")
    else:
        assert cells["Financial years"] == ("2021-22 to 2022-23 (2 years)",
                                            "2021-22 to 2022-23 (2 years)")
        assert cells["Sessions"] == ("2", "3")  # the backup's, beside the database now
        assert cells["Delegates"] == ("2", "2")
        assert cells["Bookings"] == ("2", "2")
    assert cells["Made"][0]  # when the backup was written
    # Nothing has changed yet; Enter would cancel, not replace.
    assert catalogue.get_session(ctx.db, later.id)
    assert not dialog.restore_button.isDefault()

    dialog.restore_button.click()
    assert ctx.tasks.wait_idle(60_000)
    assert flow.result is not None
    names = sorted(d.full_name for d in people.search_delegates(ctx.db, ""))
    assert names == ["Zoë Nguyễn 2021", "Zoë Nguyễn 2022"]
    assert backup_contents.database_contents(ctx.db).counts["sessions"] == 2
    # The data as they were just before are kept aside, and are a sound backup themselves.
    safety = restore.describe_backup(flow.result.safety_copy)
    assert safety.kind == "pg_dump" or safety.counts["sessions"] == 3


def test_cancelling_the_restore_changes_nothing(window, ctx, tmp_path, monkeypatch):
    _two_years(ctx.db)
    saved = _backup(ctx, tmp_path)
    factories.session(ctx.db, start=AUTUMN_2022 + timedelta(days=30))
    _choose(monkeypatch, saved)
    flow = window.restore_backup()
    flow.dialog.reject()
    assert ctx.tasks.wait_idle(10_000)
    assert backup_contents.database_contents(ctx.db).counts["sessions"] == 3
    assert flow.result is None


def test_a_damaged_backup_is_refused_and_the_data_are_untouched(window, ctx, tmp_path,
                                                                monkeypatch, error_boxes):
    _two_years(ctx.db)
    saved = _backup(ctx, tmp_path)
    damaged = tmp_path / f"damaged{saved.suffix}"
    whole = saved.read_bytes()
    if saved.name.endswith(".jsonl.gz"):
        # A portable export cut off part-way, as a full disk leaves one.
        text = gzip.decompress(whole).decode("utf-8").splitlines(keepends=True)
        damaged = tmp_path / "damaged.jsonl.gz"
        damaged.write_bytes(gzip.compress("".join(text[: len(text) // 2]).encode("utf-8")))
    else:
        damaged.write_bytes(whole[: len(whole) // 2])
    before = backup_contents.database_contents(ctx.db)
    _choose(monkeypatch, damaged)

    flow = window.restore_backup()
    assert flow.dialog is None  # never offered
    texts = error_boxes()
    assert any("damaged" in t or "stops part-way" in t or "cannot be restored" in t
               for t in texts), texts
    assert backup_contents.database_contents(ctx.db) == before
    assert not list(backup.backups_folder(ctx.db).glob("*before-restore*"))


def test_a_file_that_is_not_a_backup_is_refused(window, ctx, tmp_path, monkeypatch,
                                                error_boxes):
    other = tmp_path / "register.sqlite3"
    other.write_text("course_code,course_title\n", encoding="utf-8")
    _choose(monkeypatch, other)
    flow = window.restore_backup()
    assert flow.dialog is None
    assert any("not a PSCP Training backup" in t for t in error_boxes())


def test_the_database_now_is_described_as_a_backup_is(ctx, tmp_path):
    _two_years(ctx.db)
    found = restore.describe_backup(_backup(ctx, tmp_path))
    now = backup_contents.database_contents(ctx.db)
    if found.kind != "pg_dump":  # an archive is not counted without restoring it
        assert (found.counts, found.years) == (now.counts, now.years)
    assert now.years == ("2021-22", "2022-23")
    assert now.counts == {"courses": 1, "sessions": 2, "delegates": 2, "bookings": 2}
    assert FinancialYear.of(SPRING_2021).label == "2021-22"


def test_restore_is_refused_to_a_login_that_does_not_own_the_shared_database(
        window, ctx, tmp_path, monkeypatch):
    """On PostgreSQL only the database's owner (or a member of that role) may restore."""
    if ctx.db.is_sqlite:
        from pscp_training.services.backup import restore_access

        assert restore_access.restore_refusal(ctx.db) is None
        return
    from sqlalchemy import text

    from pscp_training.db.engine import Database
    from pscp_training.services.backup import restore_access

    assert restore_access.restore_refusal(ctx.db) is None  # the test login owns its database
    with ctx.db.engine.connect() as connection:
        may_create = connection.execute(
            text("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
        ).scalar()
    if not may_create:
        pytest.skip("this PostgreSQL login cannot create a second role to try it with")
    url = ctx.db.engine.url
    with ctx.db.engine.connect() as connection:
        connection.execute(text("CREATE ROLE pscp_clerk_t LOGIN PASSWORD 'clerk'"))
        connection.execute(text(f'GRANT CONNECT ON DATABASE "{url.database}" TO pscp_clerk_t'))
        connection.commit()
    clerk = Database(url.set(username="pscp_clerk_t", password="clerk"))
    try:
        refusal = restore_access.restore_refusal(clerk)
        assert refusal and "pscp_clerk_t" in refusal and f"GRANT {url.username}" in refusal
    finally:
        clerk.dispose()
        with ctx.db.engine.connect() as connection:
            connection.execute(text(f'REVOKE ALL ON DATABASE "{url.database}" FROM pscp_clerk_t'))
            connection.execute(text("DROP ROLE pscp_clerk_t"))
            connection.commit()


def test_the_refusal_is_shown_before_any_file_is_chosen(window, ctx, monkeypatch):
    asked, shown = [], []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: asked.append(1) or ("", "")))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: shown.append(a[2])))
    flow = RestoreFlow(ctx, window)
    flow._allowed("Only the owner of the shared database may restore.")
    assert shown == ["Only the owner of the shared database may restore."]
    assert asked == [] and flow.dialog is None

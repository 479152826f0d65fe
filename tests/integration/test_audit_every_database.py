"""Every database opened in one process keeps its trail and its length checks.

The app opens one `Database` after another in the same process (Settings › database,
Restore, Test connection). The listeners used to be installed only when SQLAlchemy's
`event.contains` said they were not there yet; its registry knows a target by its id(), so
a new session factory that reused the id of one already garbage-collected was taken for it
and got no listeners: nothing it wrote reached the trail (the History tab empty, an export
of 0 rows), and an over-long name was stored on SQLite. It showed as a test now and then
failing on an empty history; with a collection between two databases it is every time.
"""

import gc
import shutil

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from pscp_training.db import audit_listeners, lengths
from pscp_training.db.engine import Database
from pscp_training.db.models import Delegate
from pscp_training.db.models_audit import AuditEntry
from pscp_training.domain.errors import InputError
from pscp_training.services.common import audit
from pscp_training.services.people import people

DATABASES = 12


def _open_copy(template, folder, n: int) -> Database:
    path = folder / f"opened-{n}.sqlite3"
    shutil.copy(template, path)
    return Database(f"sqlite:///{path}")


def test_each_database_opened_after_another_records_its_changes(sqlite_template, tmp_path):
    for n in range(DATABASES):
        db = _open_copy(sqlite_template, tmp_path, n)
        try:
            person = people.save_delegate(
                db, delegate_id=None, first_name="Ann", last_name=f"Lee {n}",
                email=f"ann{n}@example.org", organisation_id=None,
            )
            lines = audit.delegate_history(db, person.id)
            assert [(line.action, line.record) for line in lines] == [
                ("created", f"Delegate Ann Lee {n}")
            ], f"database {n + 1} of {DATABASES}"
        finally:
            db.dispose()
        del db
        gc.collect()  # the last factory's class goes, and its id is free for the next


def test_each_database_opened_after_another_refuses_an_over_long_name(sqlite_template, tmp_path):
    for n in range(DATABASES):
        db = _open_copy(sqlite_template, tmp_path, n)
        try:
            with pytest.raises(InputError, match="characters long"):
                people.save_delegate(
                    db, delegate_id=None, first_name="A" * 500, last_name="Lee",
                    email=f"long{n}@example.org", organisation_id=None,
                )
        finally:
            db.dispose()
        del db
        gc.collect()


def test_a_new_session_factory_never_passes_for_a_collected_one(sqlite_template, tmp_path):
    """The fault itself, made certain: factories set up as Database does, one at a time,
    each collected before the next is made (so ids are reused, as they were before)."""
    db = _open_copy(sqlite_template, tmp_path, 0)
    engine = db.engine.execution_options(sqlite_immediate=True)
    rounds = 60
    try:
        for n in range(rounds):
            factory = sessionmaker(engine, expire_on_commit=False)
            audit_listeners.install(factory)
            lengths.install(factory)
            with factory.begin() as session:
                session.add(Delegate(first_name="Ann", last_name=f"Lee {n}", name_key=f"lee {n}"))
            with pytest.raises(InputError, match="characters long"), factory.begin() as session:
                session.add(Delegate(first_name="A" * 500, last_name="Lee", name_key="lee"))
            del factory, session
            gc.collect()
        with db.read() as session:
            recorded = session.scalar(select(func.count()).select_from(AuditEntry).where(
                AuditEntry.record_type == "delegate", AuditEntry.action == "created"))
        assert recorded == rounds
    finally:
        db.dispose()

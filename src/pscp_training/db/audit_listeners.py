"""Installing the audit trail on a session factory: ORM flushes, bulk statements, commit, rollback.

`db.audit` owns the trail's names and the flush listener; `db.audit_bulk` the listener for bulk
statements. This module is the only one that knows both, so neither imports the other back.
"""

from sqlalchemy import event
from sqlalchemy.orm import sessionmaker

from pscp_training.db.audit import after_flush, before_commit, forget
from pscp_training.db.audit_bulk import record_bulk_statement

INSTALLED = "_pscp_audit_installed"


def install(factory: sessionmaker) -> None:
    """Record the changes made through every session this factory opens (once per factory).

    Whether it is done is marked on the factory itself, not asked of `event.contains`:
    SQLAlchemy's registry knows a target by its id(), so a new factory that reuses the id of
    one already garbage-collected was taken for it, and its whole trail went unrecorded.
    """
    if getattr(factory, INSTALLED, False):
        return
    event.listen(factory, "after_flush", after_flush)
    event.listen(factory, "do_orm_execute", record_bulk_statement)
    event.listen(factory, "before_commit", before_commit)
    event.listen(factory, "after_rollback", forget)
    setattr(factory, INSTALLED, True)

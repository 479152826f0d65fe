"""The erasure register outlives a restore: every person erased stays erased.

Restoring a backup made before someone was erased would bring their details back. So a
restore reads the register of the database it replaces first, and re-applies every erasure
the backup does not know of, in the same transaction as the restore.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from pscp_training.db.audit import acting_as
from pscp_training.db.models import Delegate
from pscp_training.db.models_audit import DelegateErasure


@dataclass(frozen=True)
class Erasure:
    delegate_id: int
    erased_at: datetime
    reason: str
    actor: str


def erasures_in(connection: Connection) -> list[Erasure]:
    """Every erasure recorded in a database (an empty list for a new one)."""
    rows = connection.execute(
        select(
            DelegateErasure.delegate_id,
            DelegateErasure.erased_at,
            DelegateErasure.reason,
            DelegateErasure.actor,
        )
    ).all()
    return [Erasure(*row) for row in rows]


def reapply_erasures(connection: Connection, erasures: list[Erasure]) -> int:
    """Erase again, inside the caller's transaction, each recorded person the data holds again.

    Returns how many were erased again. Each keeps its first date, reason and actor.
    """
    from pscp_training.services.privacy.retention import anonymise

    session = Session(bind=connection)
    known = set(session.scalars(select(DelegateErasure.delegate_id)))
    present = set(session.scalars(select(Delegate.id)))
    again = 0
    for erasure in erasures:
        if erasure.delegate_id in known or erasure.delegate_id not in present:
            continue
        with acting_as(erasure.actor):
            anonymise(session, erasure.delegate_id, reason=erasure.reason, now=erasure.erased_at)
        again += 1
    session.flush()
    session.close()
    return again

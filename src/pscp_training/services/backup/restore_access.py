"""Who may restore a backup, and the desktop app's restore of the database it has open.

A restore replaces everybody's data. On the embedded SQLite file, whoever can
write the file may restore it (the file's own permissions decide). On a shared
PostgreSQL database only an account that may empty the audit trail
(`db.roles.may_restore`): the database owner's, or a role that is a member of
it (`GRANT <owner> TO <login>`; superusers count); never a team member's
(`db setup-roles` gives the team no DELETE on the audit trail). This module
asks first, so that the app can say so before a file is chosen, and names the
owner and the GRANT in its refusal.
"""

from pathlib import Path

from sqlalchemy import text

from pscp_training.db.engine import Database
from pscp_training.db.roles import may_restore
from pscp_training.domain.errors import RuleViolation
from pscp_training.services.backup.backup import BackupResult

_WHO_OWNS = text(
    "SELECT r.rolname AS owner, current_user AS login "
    "FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba "
    "WHERE d.datname = current_database()"
)


def restore_refusal(db: Database) -> str | None:
    """Why this login may not restore into this database, or None when it may."""
    if db.is_sqlite:
        return None
    with db.engine.connect() as connection:
        if may_restore(connection):  # the one rule, which `restore_database` applies too
            return None
        row = connection.execute(_WHO_OWNS).one()
    name = db.engine.url.database
    return (
        f"Only the owner of the shared database {name} (the PostgreSQL role {row.owner}) "
        f"or a member of that role may restore a backup into it; you are signed in as "
        f"{row.login}. Nothing was changed. Ask whoever looks after the database to restore "
        f"it, or to give you the right with: GRANT {row.owner} TO {row.login};"
    )


def check_may_restore(db: Database) -> None:
    """Raises RuleViolation when this login may not restore into this database."""
    refusal = restore_refusal(db)
    if refusal is not None:
        raise RuleViolation(refusal)


def restore_open_database(db: Database, path: Path) -> BackupResult:
    """The desktop app's File › Restore: the command line's restore, into the open database.

    Raises RuleViolation (not allowed), InputError (not a backup, damaged, from a
    newer version: nothing is changed), DatabaseProblem.
    """
    from pscp_training.services.backup.restore import restore_database

    check_may_restore(db)
    db.dispose()  # no connection of ours stays open on the tables being replaced
    try:
        return restore_database(db.engine.url, Path(path))
    finally:
        db.dispose()  # the next action reads the restored data on fresh connections

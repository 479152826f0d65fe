"""Database failures in words for the team: no SQL, no rows, no driver text, and what to do next.

The driver's message can quote the statement and the values of the row it was writing (names,
emails), so it is never shown: each kind of failure is named by what the team can do about it.
"""

from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError, ProgrammingError

from pscp_training.domain.errors import DatabaseProblem, InputError, PscpError

RESTORE_ADVICE = (
    "Restore the latest backup (File > Restore… in the app, or `pscp-training db restore FILE`), "
    "or ask whoever looks after the database."
)


def _text(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).lower()


def _pg_code(exc: BaseException) -> str:
    return str(getattr(getattr(exc, "orig", None), "sqlstate", "") or "")


def explain(exc: DBAPIError, *, sqlite: bool) -> PscpError | None:
    """The sentence for a database failure, or None for a constraint the caller handles itself."""
    if isinstance(exc, IntegrityError):
        return None
    text, code = _text(exc), _pg_code(exc)
    if "disk is full" in text or "no space left" in text or code == "53100":
        return DatabaseProblem(
            "The disk holding the database is full, so nothing was saved. Free some space "
            "(or ask IT to), then try again."
        )
    if ("malformed" in text or "not a database" in text or "disk i/o error" in text
            or code.startswith("XX")):
        return DatabaseProblem(f"The database is damaged and cannot be read. {RESTORE_ADVICE}")
    if "readonly" in text or "read-only" in text or "attempt to write a readonly" in text:
        return DatabaseProblem(
            "The database can only be read from this PC (the file or folder is read-only), so "
            "nothing was saved."
        )
    if "database is locked" in text:
        return DatabaseProblem(
            "Someone else was saving at the same moment for too long; nothing was saved. "
            "Try again in a minute."
        )
    if code == "42501" or "permission denied" in text or "insufficient privilege" in text:
        return DatabaseProblem(
            "Your database account is not allowed to do that, so nothing was changed. Ask "
            "whoever looks after the shared database (see docs/shared-database.md)."
        )
    if isinstance(exc, DataError) or code.startswith("22"):
        return InputError(
            "A value is too long or not of the right kind for the database, so nothing was saved."
        )
    if isinstance(exc, OperationalError):
        if sqlite:
            return DatabaseProblem(
                f"The database file could not be used ({type(getattr(exc, 'orig', exc)).__name__}"
                "); nothing was saved. Check that the disk is there and has space."
            )
        return DatabaseProblem(
            "The database server could not be reached or stopped answering; nothing was saved. "
            "Check that the server is running and the address, user and password are right."
        )
    if isinstance(exc, ProgrammingError):
        return DatabaseProblem(
            "The database does not look like this version of PSCP Training expects; nothing was "
            "saved. Run `pscp-training db upgrade`, or ask whoever looks after the database."
        )
    return DatabaseProblem("The database refused the change; nothing was saved.")

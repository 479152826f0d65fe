"""Opening the database the way every front door does: resolve, refuse unsafe places, migrate."""

from sqlalchemy.exc import DBAPIError, OperationalError

from pscp_training.config import resolve_database_url
from pscp_training.db.engine import Database
from pscp_training.db.errors import explain
from pscp_training.db.migrate import upgrade_to_head
from pscp_training.domain.errors import DatabaseProblem


def open_database(cli_url: str | None = None, *, migrate: bool = True) -> Database:
    """The database named on the command line, by the environment, in settings, or the default.

    Raises DatabaseProblem when it cannot be reached or is not safe to use.
    """
    url = resolve_database_url(cli_url)
    db = Database(url)
    if migrate:
        try:
            upgrade_to_head(db.engine)
        except DBAPIError as exc:
            db.dispose()
            shown = db.url.render_as_string(hide_password=True)
            if db.is_sqlite or not isinstance(exc, OperationalError):
                reason = explain(exc, sqlite=True)
                raise DatabaseProblem(f"Could not open the database {shown}. {reason}") from exc
            raise DatabaseProblem(
                f"Could not open the database {shown}: {exc.orig}. "
                "Check that the server is running and the address, user and password are right."
            ) from exc
    return db

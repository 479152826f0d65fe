"""Checking a database address before saving it as this PC's database (Settings > Test connection)."""

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from pscp_training.config import refuse_network_share, validate_url
from pscp_training.db.engine import Database
from pscp_training.db.migrate import current_revision, head_revision
from pscp_training.domain.errors import DatabaseProblem


def check_connection(url: str) -> str:
    """Connect to the database at `url` and say, in a sentence, what is there.

    Raises InputError (not a database address) and DatabaseProblem (unreachable,
    refused, on a network share).
    """
    url = validate_url(url)
    refuse_network_share(url)
    db = Database(url)
    shown = db.url.render_as_string(hide_password=True)
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        revision = current_revision(db.engine)
        head = head_revision(db.engine)
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        raise DatabaseProblem(
            f"Could not connect to {shown}: {str(reason).strip()}. Check the address, the user "
            "name and password, and that the server is running."
        ) from exc
    finally:
        db.dispose()
    if revision is None:
        return (f"Connected to {shown}. It is empty: PSCP Training will set it up the first time "
                "it opens it.")
    if revision == head:
        return f"Connected to {shown}. It is a PSCP Training database, up to date."
    return (f"Connected to {shown}. It is a PSCP Training database that will be brought up to "
            "date (after a backup) when it is opened.")

"""What the live database holds, to show beside a backup's contents before a restore.

The backup's side is `restore.describe_backup` (checked end to end, checksum
compared); this is the same description of the data a restore would replace.
"""

from dataclasses import dataclass

from pscp_training.db.engine import Database
from pscp_training.services.backup.restore import holdings


@dataclass(frozen=True)
class DatabaseContents:
    counts: dict[str, int]  # courses, sessions, delegates, bookings
    years: tuple[str, ...]  # financial years with sessions, oldest first
    erasures: int  # delegates erased: a restore erases them again from the backup's data


def database_contents(db: Database) -> DatabaseContents:
    """Counts, financial years and erasures of the open database; nothing is changed."""
    with db.engine.connect() as connection:
        return DatabaseContents(*holdings(connection))

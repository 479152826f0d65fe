"""Where an erased person's details may still be, outside the live database, and removing the
copies the application owns.

Erasure removes a person from the live data; copies made earlier live on elsewhere. The app
knows of three kinds: its own automatic backups (beside the database, pruned on a schedule),
the `.eml` messages it wrote to the outbox folder, and certificates it issued (PDFs and paper
already handed out, which it cannot recall). It lists them so the team can tell the person the
whole truth, and removes the ones it owns when asked.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Delegate
from pscp_training.db.models_certificate import IssuedCertificate
from pscp_training.domain.errors import NotFound
from pscp_training.services.backup.backup import (
    backup_database,
    backup_name,
    backups_folder,
    backups_of,
    can_back_up,
)
from pscp_training.services.backup.checksums import remove_with_checksum
from pscp_training.services.messages.settings import get_mail_settings


@dataclass(frozen=True)
class RemainingCopies:
    """Copies of one person's details outside the live database, found before erasing them."""

    backups: tuple[Path, ...]
    outbox: tuple[Path, ...]
    certificates: int

    def lines(self) -> list[str]:
        out = []
        if self.backups:
            folder = self.backups[0].parent
            out.append(f"{_count(len(self.backups), 'automatic backup')} in {folder} still "
                       "hold their details until they are replaced (daily copies after a week, "
                       "copies before an upgrade or a restore after a few more).")
        if self.outbox:
            out.append(f"{_count(len(self.outbox), 'message')} to them in the outbox folder "
                       f"{self.outbox[0].parent}.")
        if self.certificates:
            out.append(f"{_count(self.certificates, 'certificate')} issued to them: PDFs and "
                       "paper copies already given out cannot be recalled; their name is "
                       "removed from the record of certificates.")
        return out or ["No other copies that PSCP Training knows of."]

    @property
    def removable(self) -> int:
        return len(self.backups) + len(self.outbox)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def find_copies(db: Database, delegate_id: int) -> RemainingCopies:
    """The copies of a delegate's details the app knows of. Call it before erasing them.

    Raises NotFound.
    """
    with db.read() as session:
        delegate = session.get(Delegate, delegate_id)
        if delegate is None:
            raise NotFound(f"There is no delegate {delegate_id}.")
        email = (delegate.email or "").lower()
        certificates = session.scalar(
            select(func.count()).select_from(IssuedCertificate)
            .join(Booking, Booking.id == IssuedCertificate.booking_id)
            .where(Booking.delegate_id == delegate_id)
        ) or 0
    folder = backups_folder(db)
    backups = tuple(backups_of(folder, "*")) if folder.is_dir() else ()
    outbox: tuple[Path, ...] = ()
    settings = get_mail_settings(db)
    if email and settings.eml_folder and Path(settings.eml_folder).expanduser().is_dir():
        outbox = tuple(
            path for path in sorted(Path(settings.eml_folder).expanduser().glob("*.eml"))
            if email in path.read_bytes().decode("utf-8", "replace").lower()
        )
    return RemainingCopies(backups=backups, outbox=outbox, certificates=certificates)


def remove_copies(db: Database, copies: RemainingCopies) -> tuple[int, Path | None]:
    """Remove the copies the app owns (its automatic backups, its outbox messages), then make
    one fresh backup of the data as it is now, so the team is never left without one.

    Returns how many files were removed and the fresh backup (None where the database is not
    backed up from this PC). Certificates already given out stay where they are.
    """
    removed = 0
    for path in (*copies.backups, *copies.outbox):
        if path.exists():
            remove_with_checksum(path)
            removed += 1
    fresh = None
    if copies.backups and can_back_up(db):
        name = backup_name(db, "after-erasure", date.today())
        fresh = backup_database(db, backups_folder(db) / name).path
    return removed, fresh

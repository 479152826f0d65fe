"""A checksum beside every backup (`FILE.sha256`, as `sha256sum` writes it), checked before use.

A backup can be damaged after it was made (a bad USB stick, a bit flipped on a disk) in ways its
own format does not notice: an SQLite page with a changed value still passes `integrity_check`.
The checksum written when the backup was made catches any such change.
"""

import hashlib
from pathlib import Path

from pscp_training.domain.errors import InputError

SUFFIX = ".sha256"
CHUNK = 1 << 20


def checksum_file(backup: Path) -> Path:
    return backup.with_name(backup.name + SUFFIX)


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def write_checksum(backup: Path) -> Path:
    """Write `backup`'s checksum beside it; returns the checksum file."""
    target = checksum_file(backup)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(f"{digest(backup)}  {backup.name}\n", encoding="ascii")
    partial.replace(target)
    return target


def verify_checksum(backup: Path) -> bool:
    """True when the checksum beside `backup` matches; False when there is none to compare.

    Raises InputError when it does not match (the file changed after it was made) or when the
    checksum file is not one.
    """
    target = checksum_file(backup)
    if not target.is_file():
        return False
    try:
        expected = target.read_text(encoding="ascii").split()[0].lower()
    except (UnicodeDecodeError, IndexError, OSError) as exc:
        raise InputError(f"{target.name} is not a checksum file, so {backup.name} cannot be "
                         "checked against it.") from exc
    if len(expected) != 64 or digest(backup) != expected:
        raise InputError(
            f"{backup.name} has changed since it was made (it does not match its checksum in "
            f"{target.name}): it is damaged and was not used. Use another backup."
        )
    return True


def remove_with_checksum(backup: Path) -> None:
    backup.unlink(missing_ok=True)
    checksum_file(backup).unlink(missing_ok=True)

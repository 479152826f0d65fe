"""Where a file chooser opens: the folder used last time, if it still exists, else Documents."""

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths


def existing_folder(*candidates: str | Path | None) -> str:
    """The first candidate that is a folder on this PC now; the home folder otherwise.

    A chooser opened on a folder that does not exist (Documents on a new profile, a
    memory stick taken out since) shows an empty list and confuses people.
    """
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return str(candidate)
    return str(Path.home())


def documents() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def starting_folder(settings: QSettings, key: str) -> str:
    """The folder last chosen for `key` (say "certificates"), else Documents, else home."""
    return existing_folder(settings.value(f"folders/{key}"), documents())


def remember_folder(settings: QSettings, key: str, folder: str | Path) -> None:
    settings.setValue(f"folders/{key}", str(folder))

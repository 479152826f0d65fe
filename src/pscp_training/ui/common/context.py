"""What every page of the desktop app is given: the database, the task runner, change news, settings."""

from dataclasses import dataclass

from PySide6.QtCore import QObject, QSettings, Signal

from pscp_training.ui.common.tasks import TaskRunner

# What a ChangeHub.changed signal can carry.
CHANGE_KINDS = (
    "courses",
    "sessions",
    "bookings",
    "delegates",
    "organisations",
    "evaluations",
    "settings",
    "all",
)


class ChangeHub(QObject):
    """News of what changed, so every page showing it refreshes; and requests to open a record."""

    changed = Signal(str)
    open_session = Signal(int)
    # A session opened on one of its tabs ("register"), as from Home's registers to mark.
    open_session_on = Signal(int, str)
    open_delegate = Signal(int)


def concerns(kind: str, *interesting: str) -> bool:
    """Whether a change of `kind` is one a page showing `interesting` must refresh for."""
    return kind == "all" or kind in interesting


@dataclass
class AppContext:
    """The few shared things a page needs; `db` is a pscp_training.db.engine.Database."""

    db: object
    tasks: TaskRunner
    changes: ChangeHub
    settings: QSettings

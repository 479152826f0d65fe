"""A dialog sized to fit its screen."""

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget


def fit_on_screen(dialog: QWidget, width: int, height: int, parent: QWidget | None = None) -> None:
    """Size a dialog to (width, height), never wider or taller than its screen leaves room for
    (a small laptop, or text scaled to 150 %): what does not fit scrolls inside it."""
    screen = (parent or dialog).screen()
    room = screen.availableGeometry() if screen is not None else QRect(0, 0, 1920, 1080)
    dialog.resize(min(width, room.width() - 40), min(height, room.height() - 60))

"""The first start: begin with the example data to try things out, or with an empty database."""

import importlib

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
)


def demo_loader():
    """`services.demo.load_demo`, imported on first use (a broken import is raised, not hidden)."""
    return importlib.import_module("pscp_training.services.demo").load_demo


class FirstStartDialog(QDialog):
    """Asks once; `wants_demo()` after it is accepted."""

    def __init__(self, database_label: str, parent=None, *, demo_available: bool | None = None):
        super().__init__(parent)
        self.setWindowTitle("Welcome to PSCP Training")
        self.setMinimumWidth(520)
        available = demo_loader() is not None if demo_available is None else demo_available
        intro = QLabel(
            "<h2>Welcome to PSCP Training</h2>"
            "<p>The database is new and empty. How would you like to start?</p>"
        )
        intro.setWordWrap(True)
        self.demo = QRadioButton("With example data: three years of courses, sessions, "
                                 "bookings and registers, to try everything out")
        self.empty = QRadioButton("With an empty database, to enter our own courses and sessions")
        self.demo.setEnabled(available)
        (self.demo if available else self.empty).setChecked(True)
        where = QLabel(f"Database: {database_label}<br>You can choose another database "
                       "under File › Settings.")
        where.setWordWrap(True)
        where.setStyleSheet("color: palette(mid);")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start")
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.demo)
        layout.addWidget(self.empty)
        if not available:
            layout.addWidget(QLabel("(The example data is not included in this version.)"))
        layout.addSpacing(8)
        layout.addWidget(where)
        layout.addWidget(buttons)

    def wants_demo(self) -> bool:
        return self.demo.isChecked() and self.demo.isEnabled()

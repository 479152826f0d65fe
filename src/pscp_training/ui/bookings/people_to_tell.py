"""After cancelling a session: the people who had a place or were waiting, to tell them.

Each line gives what the team needs to reach them: the email, and the phone number to ring
those who have none (or who need telling today)."""

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from pscp_training.domain.records import SessionCancelResult
from pscp_training.ui.common import formatting as fmt


def email_list(bookings) -> str:
    """Email addresses separated by semicolons, as Outlook's To box takes them."""
    seen: list[str] = []
    for booking in bookings:
        if booking.email and booking.email.lower() not in (e.lower() for e in seen):
            seen.append(booking.email)
    return "; ".join(seen)


class PeopleToTellDialog(QDialog):
    """Lists who to tell about a cancelled session, with their emails ready to copy."""

    def __init__(self, result: SessionCancelResult, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Session cancelled: people to tell")
        self.setMinimumSize(520, 360)
        layout = QVBoxLayout(self)
        people = result.to_tell
        title = fmt.session_title(result.session)
        if people:
            text = (f"{title} is cancelled. Tell these {fmt.people(len(people))}; "
                    "their places and waiting-list places were cancelled.")
        else:
            text = f"{title} is cancelled. Nobody was booked on it."
        heading = QLabel(text)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        lines = []
        for b in people:
            reach = [b.email, b.phone] if (b.email or b.phone) else ["no email or phone"]
            details = ", ".join(x for x in (b.organisation, *reach) if x)
            lines.append(f"{b.full_name} ({details})")
        self.listing = QPlainTextEdit("\n".join(lines))
        self.listing.setReadOnly(True)
        layout.addWidget(self.listing)
        self.emails = email_list(people)
        copy = QPushButton("Copy emails")
        copy.setEnabled(bool(self.emails))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.emails))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.accept)
        layout.addWidget(buttons)

"""Cancelling a session: the question, then the people who had a place or were waiting.

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

from pscp_training.domain.records import SessionCancelResult, SessionRecord
from pscp_training.services.sessions import catalogue
from pscp_training.ui.common import formatting as fmt
from pscp_training.ui.common.tell_delegate import ask_and_tell, tell_after


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
        self.outcome = QLabel()
        self.outcome.setObjectName("email_outcome")
        self.outcome.setWordWrap(True)
        self.outcome.setVisible(False)
        layout.addWidget(self.outcome)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.accept)
        layout.addWidget(buttons)

    def say(self, text: str) -> None:
        """Show what was emailed to them (sent in the background after the cancellation)."""
        self.outcome.setText(text)
        self.outcome.setVisible(True)


def cancel_session_and_tell(parent, ctx, session: SessionRecord, *, confirm: bool = True,
                            tell: bool = False, done=None) -> None:
    """Cancel a session after asking (with the "tell them" choice); then list the people.

    The list opens as `parent.people_to_tell`; when telling, the calendar
    cancellations go in the background and the list shows what was sent.
    `done(result)` runs after the cancellation is saved.
    """
    if confirm:
        answer = ask_and_tell(
            parent, ctx, "Cancel session",
            f"Cancel {fmt.session_title(session)}? Everyone booked or waiting loses their "
            "place, and you will see the list of people to tell.",
            tell_text="Tell them by email (a calendar cancellation to those with a place)",
            default_no=True)
        if answer is None:
            return
        tell = answer

    def cancelled(result: SessionCancelResult) -> None:
        if done is not None:
            done(result)
        parent.people_to_tell = PeopleToTellDialog(result, parent)
        parent.people_to_tell.open()
        if tell and result.to_tell:
            tell_after(ctx, parent.people_to_tell.say,
                       ("send_session_cancelled", result.session.id,
                        {"booking_ids": [b.id for b in result.to_tell]}))

    ctx.tasks.run(catalogue.cancel_session, ctx.db, session.id, on_done=cancelled)

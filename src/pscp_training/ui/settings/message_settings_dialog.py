"""File > Messages (SMTP or .eml files, reminders, templates) and sending from the screens."""

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pscp_training.domain.enums import BookingStatus, SessionStatus
from pscp_training.domain.errors import PscpError
from pscp_training.domain.follow_up_records import MessageKind
from pscp_training.domain.message_templates import (
    DEFAULT_TEMPLATES,
    PLACEHOLDERS,
    MessageTemplate,
    check_template,
)
from pscp_training.domain.wording import plural
from pscp_training.services import messages
from pscp_training.ui.common.error_dialogs import show_error


class MessageSettingsDialog(QDialog):
    """Two tabs: Sending and Templates. Save checks everything first, then saves it all."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Messages")
        self.resize(720, 560)
        current = messages.get_mail_settings(ctx.db)
        self.templates = messages.get_templates(ctx.db)

        self.by_smtp = QRadioButton("Send through an SMTP server")
        self.by_eml = QRadioButton("Write .eml files to a folder (open them in Outlook to send)")
        (self.by_smtp if current.transport == messages.settings.SMTP else self.by_eml).setChecked(True)
        self.host = QLineEdit(current.host or "")
        self.host.setPlaceholderText("smtp.office365.com")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(current.port)
        self.starttls = QCheckBox("Encrypt with STARTTLS")
        self.starttls.setChecked(current.starttls)
        self.username = QLineEdit(current.username or "")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("kept in this computer's keyring; blank keeps it")
        self.from_address = QLineEdit(current.from_address or "")
        self.from_name = QLineEdit(current.from_name or "")
        self.folder = QLineEdit(current.eml_folder or "")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.reminder_days = QSpinBox()
        self.reminder_days.setRange(0, 60)
        self.reminder_days.setSuffix(" days before the session")
        self.reminder_days.setValue(current.reminder_days)
        sending = QWidget()
        form = QFormLayout(sending)
        form.addRow(self.by_smtp)
        form.addRow("Server", self.host)
        form.addRow("Port", self.port)
        form.addRow("", self.starttls)
        form.addRow("User name", self.username)
        form.addRow("Password", self.password)
        form.addRow(self.by_eml)
        form.addRow(".eml folder", folder_row)
        form.addRow("From address", self.from_address)
        form.addRow("From name", self.from_name)
        form.addRow("Send reminders", self.reminder_days)
        for widget in (self.by_smtp, self.by_eml):
            widget.toggled.connect(self._enable)

        self.kind = QComboBox()
        self.kind.setObjectName("template_kind")
        for kind in MessageKind:
            self.kind.addItem(kind.label, kind.value)
        self.subject = QLineEdit()
        self.body = QPlainTextEdit()
        self.body.setObjectName("template_body")
        restore = QPushButton("Restore the default text")
        restore.clicked.connect(self._restore)
        help_text = QLabel(
            "Placeholders: " + ", ".join(f"{{{name}}} {meaning}" for name, meaning in
                                         PLACEHOLDERS.items())
        )
        help_text.setWordWrap(True)
        help_text.setStyleSheet("color: #555;")
        templates = QWidget()
        tform = QVBoxLayout(templates)
        tform.addWidget(self.kind)
        tform.addWidget(QLabel("Subject:"))
        tform.addWidget(self.subject)
        tform.addWidget(QLabel("Text:"))
        tform.addWidget(self.body, 1)
        tform.addWidget(help_text)
        tform.addWidget(restore)
        self._shown_kind = MessageKind(self.kind.currentData())
        self._show_template()
        self.kind.currentIndexChanged.connect(self._kind_changed)

        tabs = QTabWidget()
        tabs.addTab(sending, "&Sending")
        tabs.addTab(templates, "&Templates")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(buttons)
        self._enable()

    def _enable(self) -> None:
        smtp = self.by_smtp.isChecked()
        for widget in (self.host, self.port, self.starttls, self.username, self.password):
            widget.setEnabled(smtp)
        self.folder.setEnabled(not smtp)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder for .eml files")
        if folder:
            self.folder.setText(folder)

    def _keep_shown_template(self) -> None:
        self.templates[self._shown_kind] = MessageTemplate(self.subject.text(),
                                                           self.body.toPlainText())

    def _show_template(self) -> None:
        template = self.templates[self._shown_kind]
        self.subject.setText(template.subject)
        self.body.setPlainText(template.body)

    def _kind_changed(self, _index: int) -> None:
        self._keep_shown_template()
        self._shown_kind = MessageKind(self.kind.currentData())
        self._show_template()

    def _restore(self) -> None:
        self.templates[self._shown_kind] = DEFAULT_TEMPLATES[self._shown_kind]
        self._show_template()

    def mail_settings(self) -> messages.MailSettings:
        return messages.MailSettings(
            transport=messages.settings.SMTP if self.by_smtp.isChecked() else messages.settings.EML,
            host=self.host.text() or None,
            port=self.port.value(),
            username=self.username.text() or None,
            starttls=self.starttls.isChecked(),
            from_address=self.from_address.text() or None,
            from_name=self.from_name.text() or None,
            eml_folder=self.folder.text() or None,
            reminder_days=self.reminder_days.value(),
        )

    def accept(self) -> None:
        self._keep_shown_template()
        settings = self.mail_settings()
        try:
            messages.settings.check_mail_settings(settings)
            for kind, template in self.templates.items():
                check_template(kind, template)
            if self.password.text():
                messages.store_password(settings, self.password.text())
        except PscpError as exc:
            show_error(self, exc)
            return
        self.ctx.tasks.run(self._save_all, settings, on_done=self._saved)

    def _save_all(self, settings: messages.MailSettings) -> None:
        messages.save_mail_settings(self.ctx.db, settings)
        for kind, template in self.templates.items():
            same = template == DEFAULT_TEMPLATES[kind]
            messages.save_template(self.ctx.db, kind, None if same else template)

    def _saved(self, _result) -> None:
        self.ctx.changes.changed.emit("settings")
        super().accept()


# --- sending from the screens --------------------------------------------------------------


def describe(outcome) -> str:
    """A send run in one sentence or two: what went, what had gone before, what failed."""
    if outcome.would_send:
        return f"{plural(len(outcome.would_send), 'message')} would be sent."
    parts = []
    mailed = [m for m in outcome.sent if m.transport != "eml"]
    written = [m for m in outcome.sent if m.transport == "eml"]
    if mailed:
        parts.append(f"{plural(len(mailed), 'message')} sent")
    if written:
        # An .eml file is a draft for Outlook: nothing has left the building yet.
        folder = Path(written[0].detail).parent if written[0].detail else None
        where = f" in {folder}" if folder else ""
        which = "it" if len(written) == 1 else "each"
        parts.append(f"{plural(len(written), 'message')} written{where} for Outlook, "
                     f"not sent yet: open {which} and press Send")
    if outcome.skipped:
        parts.append(f"{len(outcome.skipped):,} already sent before (not sent again)")
    text = (", ".join(parts) or "Nothing was due") + "."
    if outcome.failed:
        text += " Not sent: " + " ".join(outcome.failed)
    return text[0].upper() + text[1:]


def send_messages(ctx, send, *args, say) -> None:
    """Run `send(db, transport, *args)` with the transport in settings; `say` gets the outcome."""
    ctx.tasks.run(
        lambda: send(ctx.db, messages.configured_transport(ctx.db), *args),
        on_done=lambda outcome: say(describe(outcome)),
    )


def session_email_menu(ctx, parent, selected_booking, current_session, say) -> QMenu:
    """The session screen's Email menu; `selected_booking()`/`current_session()` give records."""
    menu = QMenu(parent)
    confirm = menu.addAction("Booking confirmation, with calendar invitation")
    offered = menu.addAction("A place has come up (after the waiting list)")
    menu.addSeparator()
    cancelled = menu.addAction("The session is cancelled: tell everyone")

    def update() -> None:
        booking, session = selected_booking(), current_session()
        has_place = booking is not None and booking.status == BookingStatus.BOOKED
        confirm.setEnabled(has_place)
        offered.setEnabled(has_place)
        cancelled.setEnabled(session is not None and session.status == SessionStatus.CANCELLED)

    menu.aboutToShow.connect(update)
    confirm.triggered.connect(
        lambda: send_messages(ctx, messages.send_confirmation, selected_booking().id, say=say))
    offered.triggered.connect(
        lambda: send_messages(ctx, messages.send_place_offered, [selected_booking().id], say=say))
    cancelled.triggered.connect(
        lambda: send_messages(ctx, messages.send_session_cancelled, current_session().id, say=say))
    return menu


def send_due_reminders(ctx, parent) -> None:
    """File > Send due reminders: the same as `pscp-training reminders send`."""

    def say(text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Reminders", text,
                          QMessageBox.StandardButton.Ok, parent)
        box.open()
        parent.last_reminders_message = text

    send_messages(ctx, messages.send_reminders, say=say)

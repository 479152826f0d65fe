"""Ways a message leaves the application: an SMTP server (STARTTLS), or `.eml` files in a folder."""

import smtplib
import ssl
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from pscp_training.domain.errors import InputError
from pscp_training.services.messages.settings import (
    EML,
    MailSettings,
    eml_folder,
    get_mail_settings,
    load_password,
)

_EML_POLICY = policy.default.clone(linesep="\r\n")


class SendFailed(Exception):
    """One message could not be sent; the message says why, in a sentence."""


class Transport(Protocol):
    name: str

    def deliver(self, message: EmailMessage) -> str:
        """Send one message; returns a short note for the log. Raises SendFailed."""


class EmlFolder:
    """Writes each message as an `.eml` file that Outlook opens (for places with no SMTP relay)."""

    name = "eml"

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def deliver(self, message: EmailMessage) -> str:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            stem = message["X-PSCP-Key"].replace(":", "-").replace("/", "-")
            path = self.folder / f"{stem}.eml"
            # X-Unsent makes Outlook open the file as a draft ready to send.
            if "X-Unsent" not in message:
                message["X-Unsent"] = "1"
            # CRLF throughout, as mail on the wire has it: Outlook and other readers
            # of .eml files expect it, and the calendar part's own lines keep theirs.
            path.write_bytes(message.as_bytes(policy=_EML_POLICY))
        except OSError as exc:
            raise SendFailed(
                f"Could not write the message to {self.folder}: {exc.strerror}."
            ) from exc
        return str(path)


class SmtpServer:
    """Sends through an SMTP server, upgrading the connection with STARTTLS when asked."""

    name = "smtp"

    def __init__(
        self,
        host: str,
        port: int,
        *,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = True,
        ssl_context: ssl.SSLContext | None = None,
        timeout: float = 30,
    ):
        self.host, self.port = host, port
        self.username, self.password = username, password
        self.starttls = starttls
        self.ssl_context = ssl_context
        self.timeout = timeout

    def deliver(self, message: EmailMessage) -> str:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                smtp.ehlo()
                if self.starttls:
                    if not smtp.has_extn("starttls"):
                        raise SendFailed(
                            f"The mail server {self.host} does not offer STARTTLS, so the "
                            "message was not sent unencrypted. Check the server and port."
                        )
                    smtp.starttls(context=self.ssl_context or ssl.create_default_context())
                    smtp.ehlo()
                if self.username:
                    if self.password is None:
                        raise SendFailed(
                            f"No password is stored for {self.username} on this computer: "
                            "enter it in File > Messages."
                        )
                    smtp.login(self.username, self.password)
                refused = smtp.send_message(message)
        except SendFailed:
            raise
        except smtplib.SMTPAuthenticationError as exc:
            raise SendFailed(
                f"The mail server {self.host} refused the user name or password ({exc.smtp_code})."
            ) from exc
        except smtplib.SMTPRecipientsRefused as exc:
            raise SendFailed(
                f"The mail server refused the address {', '.join(exc.recipients)}."
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise SendFailed(
                f"Could not send through the mail server {self.host}:{self.port} ({exc})."
            ) from exc
        if refused:
            raise SendFailed(f"The mail server refused the address {', '.join(refused)}.")
        return f"{self.host}:{self.port}"


def transport_for(settings: MailSettings) -> Transport:
    """The transport the settings describe. Raises InputError when they are incomplete."""
    if settings.transport == EML:
        if not settings.eml_folder:
            raise InputError("Choose the folder for .eml files in File > Messages first.")
        return EmlFolder(eml_folder(settings))
    if not settings.host:
        raise InputError("Set the SMTP server in File > Messages first.")
    return SmtpServer(
        settings.host,
        settings.port,
        username=settings.username,
        password=load_password(settings),
        starttls=settings.starttls,
    )


def configured_transport(db) -> Transport:
    """The transport saved in File > Messages. Raises InputError when it is incomplete."""
    return transport_for(get_mail_settings(db))

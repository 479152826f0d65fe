"""Mail settings (kept in the database, except the password: that lives in the OS keyring)."""

from dataclasses import dataclass
from pathlib import Path

import keyring
from keyring.errors import KeyringError
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.domain.errors import InputError
from pscp_training.domain.follow_up_records import MessageKind
from pscp_training.domain.identity import check_email, clean
from pscp_training.domain.message_templates import (
    DEFAULT_TEMPLATES,
    MessageTemplate,
    check_template,
)
from pscp_training.services.settings.team_settings import read_setting, write_setting

KEYRING_SERVICE = "pscp-training-smtp"
SMTP = "smtp"
EML = "eml"

_PREFIX = "mail."


@dataclass(frozen=True)
class MailSettings:
    """How messages leave: an SMTP server, or `.eml` files written to a folder."""

    transport: str = EML
    host: str | None = None
    port: int = 587
    username: str | None = None
    starttls: bool = True
    from_address: str | None = None
    from_name: str | None = None
    eml_folder: str | None = None
    reminder_days: int = 3

    @property
    def keyring_user(self) -> str:
        return f"{self.username}@{self.host}"


def check_mail_settings(settings: MailSettings) -> MailSettings:
    """Raises InputError naming what is missing or wrong."""
    if settings.transport not in (SMTP, EML):
        raise InputError("Choose how messages are sent: by SMTP, or as .eml files in a folder.")
    if not 0 <= settings.reminder_days <= 60:
        raise InputError("Reminders can be sent between 0 and 60 days before a session.")
    from_address = check_email(settings.from_address)
    if from_address is None:
        raise InputError("Give the email address messages are sent from.")
    if settings.transport == SMTP:
        if not clean(settings.host):
            raise InputError("Give the name of the SMTP server, e.g. smtp.office365.com.")
        if not 1 <= settings.port <= 65535:
            raise InputError(f"{settings.port} is not a port number; SMTP with STARTTLS uses 587.")
    elif not clean(settings.eml_folder):
        raise InputError("Choose the folder the .eml files are written to.")
    return settings


def read_mail_settings(session: Session) -> MailSettings:
    def get(name: str) -> str | None:
        return read_setting(session, _PREFIX + name)

    defaults = MailSettings()

    def number(name: str, default: int) -> int:
        try:
            return int(get(name) or default)
        except ValueError:
            return default

    return MailSettings(
        transport=get("transport") or defaults.transport,
        host=get("host"),
        port=number("port", defaults.port),
        username=get("username"),
        starttls=(get("starttls") or "yes") == "yes",
        from_address=get("from_address"),
        from_name=get("from_name"),
        eml_folder=get("eml_folder"),
        reminder_days=number("reminder_days", defaults.reminder_days),
    )


def get_mail_settings(db: Database) -> MailSettings:
    with db.read() as session:
        return read_mail_settings(session)


def save_mail_settings(db: Database, settings: MailSettings) -> MailSettings:
    """Save the mail settings (never the password; see `store_password`). Raises InputError."""
    check_mail_settings(settings)
    values = {
        "transport": settings.transport,
        "host": clean(settings.host),
        "port": str(settings.port),
        "username": clean(settings.username),
        "starttls": "yes" if settings.starttls else "no",
        "from_address": clean(settings.from_address),
        "from_name": clean(settings.from_name),
        "eml_folder": clean(settings.eml_folder),
        "reminder_days": str(settings.reminder_days),
    }
    with db.write() as session:
        for name, value in values.items():
            write_setting(session, _PREFIX + name, value)
    return settings


def store_password(settings: MailSettings, password: str) -> None:
    """Keep the SMTP password in the operating system's keyring. Raises InputError."""
    if not clean(settings.username) or not clean(settings.host):
        raise InputError("Give the SMTP server and user name before the password.")
    try:
        keyring.set_password(KEYRING_SERVICE, settings.keyring_user, password)
    except KeyringError as exc:
        raise InputError(
            f"The password could not be kept in this computer's keyring ({exc}). "
            "Ask IT whether a credential store is available."
        ) from exc


def load_password(settings: MailSettings) -> str | None:
    if not clean(settings.username) or not clean(settings.host):
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, settings.keyring_user)
    except KeyringError:
        return None


def eml_folder(settings: MailSettings) -> Path:
    return Path(settings.eml_folder or ".").expanduser()


# --- templates ------------------------------------------------------------------------------


def read_template(session: Session, kind: MessageKind) -> MessageTemplate:
    kind = MessageKind(kind)
    default = DEFAULT_TEMPLATES[kind]
    subject = read_setting(session, f"{_PREFIX}template.{kind.value}.subject")
    body = read_setting(session, f"{_PREFIX}template.{kind.value}.body")
    return MessageTemplate(subject or default.subject, body or default.body)


def get_templates(db: Database) -> dict[MessageKind, MessageTemplate]:
    with db.read() as session:
        return {kind: read_template(session, kind) for kind in MessageKind}


def save_template(db: Database, kind: MessageKind, template: MessageTemplate | None) -> None:
    """Save a message's template, or go back to the default with None. Raises InputError."""
    kind = MessageKind(kind)
    checked = check_template(kind, template) if template is not None else None
    with db.write() as session:
        write_setting(
            session, f"{_PREFIX}template.{kind.value}.subject", checked.subject if checked else None
        )
        write_setting(
            session, f"{_PREFIX}template.{kind.value}.body", checked.body if checked else None
        )

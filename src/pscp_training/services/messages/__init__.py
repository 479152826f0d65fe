"""Messages to delegates and managers: templates, transports, sending with a log."""

from pscp_training.services.messages.sending import (
    message_log,
    send_confirmation,
    send_non_attendance,
    send_place_offered,
    send_reminders,
    send_session_cancelled,
)
from pscp_training.services.messages.settings import (
    MailSettings,
    get_mail_settings,
    get_templates,
    save_mail_settings,
    save_template,
    store_password,
)
from pscp_training.services.messages.transports import (
    EmlFolder,
    SendFailed,
    SmtpServer,
    Transport,
    configured_transport,
    transport_for,
)

__all__ = [
    "EmlFolder",
    "MailSettings",
    "SendFailed",
    "SmtpServer",
    "Transport",
    "configured_transport",
    "get_mail_settings",
    "get_templates",
    "message_log",
    "save_mail_settings",
    "save_template",
    "send_confirmation",
    "send_non_attendance",
    "send_place_offered",
    "send_reminders",
    "send_session_cancelled",
    "store_password",
    "transport_for",
]

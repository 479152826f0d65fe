"""Messages to delegates and managers: templates, transports, sending with a log."""

from pscp_training.services.messages.calendar_notices import (
    people_to_tell_of_change,
    send_booking_cancelled,
    send_booking_transferred,
    send_place_passed_on,
    send_session_changed,
)
from pscp_training.services.messages.sending import (
    combine_outcomes,
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
    "combine_outcomes",
    "configured_transport",
    "get_mail_settings",
    "get_templates",
    "message_log",
    "people_to_tell_of_change",
    "save_mail_settings",
    "save_template",
    "send_booking_cancelled",
    "send_booking_transferred",
    "send_confirmation",
    "send_non_attendance",
    "send_place_offered",
    "send_place_passed_on",
    "send_reminders",
    "send_session_cancelled",
    "send_session_changed",
    "store_password",
    "transport_for",
]

"""Message templates: the placeholders each message may use, the defaults, and rendering."""

import re
from dataclasses import dataclass

from pscp_training.domain.errors import InputError
from pscp_training.domain.follow_up_records import MessageKind

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

# Every message may use these; what they mean is shown beside the template editor.
PLACEHOLDERS: dict[str, str] = {
    "first_name": "the delegate's first name",
    "full_name": "the delegate's full name",
    "organisation": "the delegate's organisation",
    "course_title": "the course title",
    "course_code": "the course code",
    "session_date": "the session's date, e.g. Tuesday 14 June 2022",
    "session_time": "the session's start and end time, e.g. 09:30-12:30",
    "venue": "the venue, or 'Online'",
    "partnership_name": "the partnership's name",
    "reason": "the reason recorded for not attending",
    "charge_note": "a sentence on the charge to the organisation (blank when none)",
    "calendar_note": "a sentence on the calendar update attached (blank when none)",
}


@dataclass(frozen=True)
class MessageTemplate:
    subject: str
    body: str


DEFAULT_TEMPLATES: dict[MessageKind, MessageTemplate] = {
    MessageKind.CONFIRMATION: MessageTemplate(
        "Booking confirmed: {course_title} on {session_date}",
        "Dear {first_name},\n\nYour place on {course_title} is confirmed.\n\n"
        "When: {session_date}, {session_time}\nWhere: {venue}\n\n"
        "A calendar invitation is attached. If you can no longer attend, please "
        "cancel or ask a colleague to take your place as early as you can: places "
        "not used are places other practitioners could have had.\n\n{partnership_name}",
    ),
    MessageKind.PLACE_OFFERED: MessageTemplate(
        "A place has come up: {course_title} on {session_date}",
        "Dear {first_name},\n\nA place has become free on {course_title} and, as you "
        "were on the waiting list, it is now yours.\n\nWhen: {session_date}, "
        "{session_time}\nWhere: {venue}\n\nIf you cannot attend, please let us know "
        "so the place can go to the next person.\n\n{partnership_name}",
    ),
    MessageKind.REMINDER: MessageTemplate(
        "Reminder: {course_title} on {session_date}",
        "Dear {first_name},\n\nThis is a reminder of your place on {course_title}.\n\n"
        "When: {session_date}, {session_time}\nWhere: {venue}\n{calendar_note}\n\n"
        "{partnership_name}",
    ),
    MessageKind.SESSION_CANCELLED: MessageTemplate(
        "Cancelled: {course_title} on {session_date}",
        "Dear {first_name},\n\nWe are sorry: {course_title} on {session_date} has been "
        "cancelled. Your booking has been cancelled with it and no charge applies. "
        "Please book another session.\n{calendar_note}\n\n{partnership_name}",
    ),
    MessageKind.NON_ATTENDANCE: MessageTemplate(
        "Non-attendance: {course_title} on {session_date}",
        "Dear {first_name},\n\nOur register shows that you did not attend "
        "{course_title} on {session_date}, where a place was held for you.\n"
        "Reason recorded: {reason}\n{charge_note}\n\nA copy of this message goes to your "
        "manager. Please book another session when you can.\n\n{partnership_name}",
    ),
    MessageKind.BOOKING_CANCELLED: MessageTemplate(
        "Booking cancelled: {course_title} on {session_date}",
        "Dear {first_name},\n\nYour booking on {course_title} on {session_date}, "
        "{session_time}, has been cancelled.\n{calendar_note}\n\n{partnership_name}",
    ),
    MessageKind.BOOKING_TRANSFERRED: MessageTemplate(
        "Moved: your place on {course_title} on {session_date}",
        "Dear {first_name},\n\nAs arranged, your place on {course_title} on "
        "{session_date} has moved to another session; a separate message gives the new "
        "one.\n{calendar_note}\n\n{partnership_name}",
    ),
    MessageKind.PLACE_PASSED_ON: MessageTemplate(
        "Place passed on: {course_title} on {session_date}",
        "Dear {first_name},\n\nAs arranged, your place on {course_title} on "
        "{session_date} has passed to a colleague from {organisation}.\n"
        "{calendar_note}\n\n{partnership_name}",
    ),
    MessageKind.SESSION_CHANGED: MessageTemplate(
        "Changed: {course_title} on {session_date}",
        "Dear {first_name},\n\nThe details of {course_title} have changed. Your place "
        "is kept.\n\nWhen: {session_date}, {session_time}\nWhere: {venue}\n\n"
        "{calendar_note}\n\n{partnership_name}",
    ),
}


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def check_template(kind: MessageKind, template: MessageTemplate) -> MessageTemplate:
    """A template fit to save: a subject, a body, and only known placeholders. Raises InputError."""
    label = MessageKind(kind).label.lower()
    subject = " ".join((template.subject or "").split())
    if not subject:
        raise InputError(f"The {label} message needs a subject.")
    if not (template.body or "").strip():
        raise InputError(f"The {label} message needs some text.")
    unknown = unknown_placeholders(subject + template.body)
    if unknown:
        names = ", ".join("{" + name + "}" for name in unknown)
        allowed = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        raise InputError(
            f"The {label} message uses {names}, which the app does not know; "
            f"the placeholders are {allowed}."
        )
    return MessageTemplate(subject, template.body.strip() + "\n")


def render(text: str, values: dict[str, str]) -> str:
    """The text with each known {placeholder} replaced; other braces are left as written."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in PLACEHOLDERS:
            return match.group(0)
        return values.get(name) or ""

    return _PLACEHOLDER.sub(replace, text)

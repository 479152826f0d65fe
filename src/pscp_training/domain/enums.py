"""The enumerations the training team works with, as stored and as written in files."""

from enum import StrEnum


class Agency(StrEnum):
    MULTI = "multi"
    SINGLE = "single"


class Delivery(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class BookingStatus(StrEnum):
    BOOKED = "booked"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    SUBSTITUTED = "substituted"


class Attendance(StrEnum):
    ATTENDED = "attended"
    ABSENT = "absent"
    UNMARKED = "unmarked"


DEFAULT_SECTORS: tuple[str, ...] = (
    "Education",
    "Early Years",
    "Portsmouth City Council",
    "Health",
    "Police",
    "Voluntary & Community",
    "Other",
)


def labels(enum_type: type[StrEnum]) -> str:
    """The allowed values of an enumeration, for messages: `multi` or `single`."""
    values = [f"“{member.value}”" for member in enum_type]
    return ", ".join(values[:-1]) + " or " + values[-1] if len(values) > 1 else values[0]

"""How values read on screen: London dates and times, fill, percentages, labels for enumerations."""

from datetime import datetime

from pscp_training.domain.enums import Agency, Attendance, BookingStatus, Delivery, SessionStatus
from pscp_training.domain.records import SessionRecord
from pscp_training.domain.wording import plural
from pscp_training.domain.years import to_local

AGENCY = {Agency.MULTI: "Multi-agency", Agency.SINGLE: "Single-agency"}
DELIVERY = {Delivery.IN_PERSON: "In person", Delivery.ONLINE: "Online"}
SESSION_STATUS = {SessionStatus.SCHEDULED: "Scheduled", SessionStatus.CANCELLED: "Cancelled"}
BOOKING_STATUS = {
    BookingStatus.BOOKED: "Confirmed",
    BookingStatus.WAITLISTED: "Waiting list",
    BookingStatus.CANCELLED: "Cancelled",
    BookingStatus.SUBSTITUTED: "Passed to a colleague",
}
ATTENDANCE = {
    Attendance.ATTENDED: "Attended",
    Attendance.ABSENT: "Absent",
    Attendance.UNMARKED: "Not marked",
}


def when(moment: datetime | None) -> str:
    """`Tue 14 Jun 2022 09:30`, in London time."""
    if moment is None:
        return ""
    return to_local(moment).strftime("%a %d %b %Y %H:%M")


def day(moment: datetime | None) -> str:
    """`Tue 14 Jun 2022`, in London time."""
    if moment is None:
        return ""
    return to_local(moment).strftime("%a %d %b %Y")


def short_day(moment: datetime | None) -> str:
    """`14 Jun 2022`, in London time: for the narrow lists on Home."""
    if moment is None:
        return ""
    return to_local(moment).strftime("%d %b %Y")


def time_range(record: SessionRecord) -> str:
    """`Tue 14 Jun 2022 09:30–12:30`."""
    start = when(record.start)
    if record.end is None:
        return start
    end = to_local(record.end)
    if end.date() == to_local(record.start).date():
        return f"{start}–{end:%H:%M}"
    return f"{start} – {when(record.end)}"


def fill(record: SessionRecord) -> str:
    """`12 / 20` places taken, or `12` when the session has no limit; a single-agency
    session's unnamed headcount follows (`25 counted`, or `3 / 20 + 25 counted`)."""
    booked = f"{record.booked}" if record.capacity is None else f"{record.booked} / {record.capacity}"
    if record.headcount:
        counted = f"{record.headcount:,} counted"
        return counted if record.booked == 0 else f"{booked} + {counted}"
    return booked


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def session_title(record: SessionRecord) -> str:
    """`DSL1 Designated Safeguarding Lead, Tue 14 Jun 2022 09:30`."""
    return f"{record.course_code} {record.course_title}, {when(record.start)}"


def people(count: int, one: str = "person", many: str = "people") -> str:
    """`1 person`, `3 people`; with other nouns `plural` (domain/wording) says the same."""
    return plural(count, one, many)

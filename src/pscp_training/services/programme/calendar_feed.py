"""The programme as an iCalendar feed (.ics) that people subscribe to.

The events are written as text, line by line (RFC 5545: TEXT escaping, lines folded at
75 octets), the way icalendar writes them: building, serialising and scanning an icalendar
component per event was nearly all of a year's feed (4,790 events: 10.5 s of 10.7 s under
cProfile). icalendar still writes the calendar's head and its time zone (VTIMEZONE), once. services/messages/ is growing a
builder for invitations; the two should become one (see the programme issue's note).
"""

from datetime import UTC, date, datetime, timedelta

from pscp_training.domain.enums import SessionStatus
from pscp_training.domain.programme import DateEntry, Programme, ProgrammeCourse
from pscp_training.domain.years import LONDON, now_utc

PRODID = "-//PSCP Training//Training programme//EN"
UID_DOMAIN = "pscp-training.programme"
TZID = "Europe/London"


def session_uid(session_id: int) -> str:
    """One UID per session, the same in every export, so a calendar updates instead of adding."""
    return f"session-{session_id}@{UID_DOMAIN}"


def _description(course: ProgrammeCourse) -> str:
    parts = []
    if course.description:
        parts.append(course.description)
    if course.audience:
        parts.append(f"Who it is for: {course.audience}")
    if course.learning_outcomes:
        parts.append("You will:\n" + "\n".join(f"- {line}" for line in course.learning_outcomes))
    if course.how_to_book:
        parts.append(f"How to book: {course.how_to_book}")
    return "\n\n".join(parts)


def text_value(text: str) -> str:
    """A TEXT value escaped as RFC 5545 3.3.11 asks (and as icalendar escapes it)."""
    return (
        text.replace(r"\N", "\n").replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,")
        .replace("\r\n", r"\n").replace("\n", r"\n").replace("\r", r"\n")
    )


def fold(line: str) -> str:
    """A content line folded as RFC 5545 3.1 asks: no line longer than 75 octets.

    Folded where icalendar folds (before the 75th octet, never inside a UTF-8 character,
    never just after a backslash), so a feed keeps its bytes from one version to the next.
    """
    if len(line) < 75 and line.isascii():
        return line
    parts: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and count + size >= 75:
            if len(current) > 1 and current[-1] in "\\^":
                kept = current.pop()
                parts.append("".join(current))
                current, count = [kept], len(kept.encode("utf-8"))
            else:
                parts.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    if current:
        parts.append("".join(current))
    return "\r\n ".join(parts)


def _local(moment: datetime) -> str:
    local = moment.astimezone(LONDON)
    return f";TZID={TZID}:{local:%Y%m%dT%H%M%S}"


def _utc(moment: datetime) -> str:
    return f":{moment.astimezone(UTC):%Y%m%dT%H%M%S}Z"


def _course_lines(course: ProgrammeCourse) -> tuple[str, ...]:
    """A course's DESCRIPTION and URL lines, the same for each of its events."""
    lines = []
    description = _description(course)
    if description:
        lines.append(fold("DESCRIPTION:" + text_value(description)))
    link = course.booking_link
    url = fold("URL:" + link) if link and link.startswith("http") else None
    return tuple(lines), url


def _event(entry: DateEntry, stamp: str, course_lines: tuple) -> str:
    """One VEVENT, its properties in icalendar's order (its canonical ones, then A to Z)."""
    session, course = entry.session, entry.course
    end = session.end
    if end is None and course.length_minutes:
        end = session.start + timedelta(minutes=course.length_minutes)
    cancelled = session.status == SessionStatus.CANCELLED
    lines = ["BEGIN:VEVENT", fold("SUMMARY:" + text_value(entry.course_title)),
             "DTSTART" + _local(session.start)]
    if end is not None:
        lines.append("DTEND" + _local(end))
    lines += [stamp, fold("UID:" + text_value(session_uid(session.id))),
              f"SEQUENCE:{session.sequence}", fold("CATEGORIES:" + text_value(entry.theme))]
    description, url = course_lines
    lines += description
    if session.updated_at is not None:
        lines.append("LAST-MODIFIED" + _utc(session.updated_at))
    lines += [fold("LOCATION:" + text_value(session.where)),
              "STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED",
              "TRANSP:TRANSPARENT" if cancelled else "TRANSP:OPAQUE"]
    if url is not None:
        lines.append(url)
    lines.append("END:VEVENT")
    return "\r\n".join(lines)


def _head_and_zone(programme: Programme) -> tuple[str, str]:
    """The calendar's own lines and its VTIMEZONE, written by icalendar."""
    from icalendar import Calendar, Timezone

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = f"{programme.partnership_name} training programme".strip()
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    first = programme.period.first_day - timedelta(days=1)
    last = programme.period.last_day + timedelta(days=2)
    # The zone's rules over whole years around the period, as add_missing_timezones() writes.
    zone = Timezone.from_tzinfo(LONDON, TZID, date(first.year, 1, 1), date(last.year, 12, 31))
    head = calendar.to_ical().decode("utf-8").removesuffix("END:VCALENDAR\r\n")
    return head, zone.to_ical().decode("utf-8")


def build_feed(programme: Programme, *, stamp: datetime | None = None) -> bytes:
    """Every published session of the programme and every cancelled one (STATUS:CANCELLED)."""
    dtstamp = "DTSTAMP" + _utc(stamp or now_utc())
    entries = sorted(
        [*programme.dates(), *programme.cancelled],
        key=lambda e: (e.session.start, e.session.id),
    )
    head, zone = _head_and_zone(programme)
    per_course: dict[int, tuple] = {}
    for entry in entries:
        if entry.course.id not in per_course:
            per_course[entry.course.id] = _course_lines(entry.course)
    events = "".join(_event(entry, dtstamp, per_course[entry.course.id]) + "\r\n"
                     for entry in entries)
    return (head + zone + events + "END:VCALENDAR\r\n").encode("utf-8")

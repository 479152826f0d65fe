"""The programme as an iCalendar feed (.ics) that people subscribe to.

A small VEVENT/VTIMEZONE builder of its own: services/messages/ is growing one for
invitations, and the two should become one (see the programme issue's note).
"""

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, Timezone

from pscp_training.domain.enums import SessionStatus
from pscp_training.domain.programme import DateEntry, Programme, ProgrammeCourse
from pscp_training.domain.years import LONDON, now_utc

PRODID = "-//PSCP Training//Training programme//EN"
UID_DOMAIN = "pscp-training.programme"


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


def _event(entry: DateEntry, stamp: datetime) -> Event:
    session, course = entry.session, entry.course
    event = Event()
    event.add("uid", session_uid(session.id))
    event.add("dtstamp", stamp)
    event.add("sequence", session.sequence)
    event.add("summary", entry.course_title)
    event.add("dtstart", session.start.astimezone(LONDON))
    end = session.end
    if end is None and course.length_minutes:
        end = session.start + timedelta(minutes=course.length_minutes)
    if end is not None:
        event.add("dtend", end.astimezone(LONDON))
    event.add("location", session.where)
    event.add("categories", [entry.theme])
    description = _description(course)
    if description:
        event.add("description", description)
    link = course.booking_link
    if link and link.startswith("http"):
        event.add("url", link)
    if session.updated_at is not None:
        event.add("last-modified", session.updated_at.astimezone(UTC))
    cancelled = session.status == SessionStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return event


def build_feed(programme: Programme, *, stamp: datetime | None = None) -> bytes:
    """Every published session of the programme and every cancelled one (STATUS:CANCELLED)."""
    stamp = (stamp or now_utc()).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = f"{programme.partnership_name} training programme".strip()
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    entries = sorted(
        [*programme.dates(), *programme.cancelled],
        key=lambda e: (e.session.start, e.session.id),
    )
    for entry in entries:
        calendar.add_component(_event(entry, stamp))
    first = programme.period.first_day - timedelta(days=1)
    last = programme.period.last_day + timedelta(days=2)
    calendar.add_missing_timezones(first_date=min(first, date(first.year, 1, 1)),
                                   last_date=max(last, date(last.year, 12, 31)))
    if not entries:
        # No event names the zone, so icalendar adds none; subscribers still get one.
        calendar.add_component(
            Timezone.from_tzinfo(LONDON, "Europe/London", date(first.year, 1, 1),
                                 date(last.year, 12, 31))
        )
    return calendar.to_ical()

"""iCalendar events as Outlook wants them: one VEVENT per entry, London times with their VTIMEZONE.

Pure functions, no database: the invitations sent to delegates and any calendar
feed of the programme build their events here, so both agree on UID, SEQUENCE,
times, place and organiser.

    event = CalendarEvent(uid=..., sequence=0, start=..., end=..., summary=..., stamp=now)
    ics = calendar_bytes([event], method="REQUEST")      # or "CANCEL", or None for a feed
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vRecur,
    vText,
)

from pscp_training.domain.years import LONDON, to_local

PRODID = "-//PSCP Training//pscp-training//EN"
TZID = "Europe/London"
# A session saved without an end is taken to last three hours.
DEFAULT_LENGTH = timedelta(hours=3)
METHODS = ("REQUEST", "CANCEL", "PUBLISH")


@dataclass(frozen=True)
class CalendarEvent:
    """One calendar entry. `start`/`end` are aware (any zone: written in Europe/London).

    `sequence` must go up with every change the organiser sends for the same
    `uid`; `cancelled` makes it a STATUS:CANCELLED entry (for METHOD:CANCEL).
    `stamp` is when the message is made (DTSTAMP), from the caller's clock.
    """

    uid: str
    sequence: int
    start: datetime
    end: datetime | None
    summary: str
    stamp: datetime
    location: str = ""
    description: str = ""
    organizer_email: str | None = None
    organizer_name: str | None = None
    attendee_email: str | None = None
    attendee_name: str | None = None
    cancelled: bool = False

    @property
    def finish(self) -> datetime:
        return self.end or self.start + DEFAULT_LENGTH


def london_timezone() -> Timezone:
    """Europe/London as a VTIMEZONE with yearly rules (BST from the last Sunday of March)."""
    timezone = Timezone()
    timezone.add("tzid", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", datetime(1970, 3, 29, 1, 0))
    summer.add("tzoffsetfrom", timedelta(0))
    summer.add("tzoffsetto", timedelta(hours=1))
    summer.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", datetime(1970, 10, 25, 2, 0))
    winter.add("tzoffsetfrom", timedelta(hours=1))
    winter.add("tzoffsetto", timedelta(0))
    winter.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    timezone.add_component(summer)
    timezone.add_component(winter)
    return timezone


def _address(email: str, name: str | None) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    return address


def vevent(event: CalendarEvent) -> Event:
    """The VEVENT of one entry (times as DTSTART;TZID=Europe/London:...)."""
    if event.sequence < 0:
        raise ValueError("A calendar SEQUENCE is never negative.")
    entry = Event()
    entry.add("uid", event.uid)
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", event.stamp.astimezone(UTC))
    entry.add("dtstart", to_local(event.start))
    entry.add("dtend", to_local(event.finish))
    entry.add("summary", event.summary)
    if event.location:
        entry.add("location", event.location)
    if event.description:
        entry.add("description", event.description)
    entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    entry.add("transp", "OPAQUE")
    if event.organizer_email:
        entry.add("organizer", _address(event.organizer_email, event.organizer_name))
    if event.attendee_email:
        attendee = _address(event.attendee_email, event.attendee_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("FALSE")
        entry.add("attendee", attendee, encode=0)
    return entry


def vcalendar(
    events: Sequence[CalendarEvent], *, method: str | None = None, name: str | None = None
) -> Calendar:
    """A VCALENDAR of the events, with the VTIMEZONE their times refer to.

    `method` is REQUEST or CANCEL for an invitation (one event for one
    attendee), PUBLISH or None for a feed; `name` is the feed's display name.
    """
    if method is not None and method not in METHODS:
        raise ValueError(f"Unknown iTIP method {method!r}.")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", TZID)
    calendar.add_component(london_timezone())
    for event in events:
        calendar.add_component(vevent(event))
    return calendar


def calendar_bytes(
    events: Sequence[CalendarEvent], *, method: str | None = None, name: str | None = None
) -> bytes:
    """The .ics file: UTF-8, lines folded at 75 octets, CRLF line endings."""
    return vcalendar(events, method=method, name=name).to_ical()


__all__ = [
    "DEFAULT_LENGTH",
    "LONDON",
    "CalendarEvent",
    "calendar_bytes",
    "london_timezone",
    "vcalendar",
    "vevent",
]

"""The calendar builder: what Outlook and any iCalendar reader see, read back with `icalendar`."""

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from pscp_training.domain.years import LONDON
from pscp_training.services.messages.calendar import CalendarEvent, calendar_bytes

STAMP = datetime(2022, 6, 1, 10, 0, tzinfo=UTC)


def _event(start, end=None, **kwargs):
    values = dict(uid="booking-7@pscp-training", sequence=0, start=start, end=end,
                  summary="Working Together to Safeguard Children", stamp=STAMP,
                  location="Civic Offices, Room 2", organizer_email="training@pscp.example",
                  organizer_name="PSCP Training", attendee_email="zoe@arundel.example.org",
                  attendee_name="Zoë O’Brien")
    values.update(kwargs)
    return CalendarEvent(**values)


def _read(ics: bytes):
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


@pytest.mark.parametrize(
    ("utc_start", "local_text"),
    [
        (datetime(2022, 7, 12, 8, 30, tzinfo=UTC), "20220712T093000"),  # BST: UTC+1
        (datetime(2023, 1, 17, 9, 30, tzinfo=UTC), "20230117T093000"),  # GMT: UTC+0
    ],
)
def test_times_are_london_wall_clock_with_their_timezone(utc_start, local_text):
    ics = calendar_bytes([_event(utc_start, utc_start + timedelta(hours=3))], method="REQUEST")
    assert f"DTSTART;TZID=Europe/London:{local_text}\r\n".encode() in ics
    calendar, event = _read(ics)
    assert event.decoded("dtstart") == utc_start
    assert event.decoded("dtend") == utc_start + timedelta(hours=3)
    (timezone,) = calendar.walk("VTIMEZONE")
    assert str(timezone["tzid"]) == "Europe/London"
    assert {c.name for c in timezone.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_request_and_cancel_carry_identity_sequence_organiser_and_attendee():
    start = datetime(2022, 7, 12, 8, 30, tzinfo=UTC)
    request = calendar_bytes([_event(start)], method="REQUEST")
    cancel = calendar_bytes([_event(start, sequence=2, cancelled=True)], method="CANCEL")
    cal_r, ev_r = _read(request)
    cal_c, ev_c = _read(cancel)
    assert (str(cal_r["method"]), str(cal_c["method"])) == ("REQUEST", "CANCEL")
    assert str(ev_r["uid"]) == str(ev_c["uid"]) == "booking-7@pscp-training"
    assert (ev_r.decoded("sequence"), ev_c.decoded("sequence")) == (0, 2)
    assert (str(ev_r["status"]), str(ev_c["status"])) == ("CONFIRMED", "CANCELLED")
    assert str(ev_r["organizer"]) == "mailto:training@pscp.example"
    assert str(ev_r["organizer"].params["cn"]) == "PSCP Training"
    assert str(ev_r["attendee"]) == "mailto:zoe@arundel.example.org"
    assert str(ev_r["location"]) == "Civic Offices, Room 2"
    # An event without an end lasts the default three hours.
    assert ev_r.decoded("dtend") - ev_r.decoded("dtstart") == timedelta(hours=3)


def test_crlf_everywhere_and_long_lines_folded_in_utf8():
    long_place = "Civic Offices, Committee Room 2 (second floor), Market Square, Ashford Borough — Zoë"
    ics = calendar_bytes([_event(datetime(2022, 7, 12, 8, 30, tzinfo=UTC),
                                 location=long_place)], method="REQUEST")
    assert b"\n" not in ics.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))
    ics.decode("utf-8")
    _cal, event = _read(ics)
    assert str(event["location"]) == long_place


def test_a_feed_has_no_method_and_many_events():
    starts = [datetime(2022, 3, 20, 10, 0, tzinfo=UTC), datetime(2022, 4, 3, 9, 0, tzinfo=UTC)]
    ics = calendar_bytes([_event(s, uid=f"session-{i}@pscp-training", attendee_email=None)
                          for i, s in enumerate(starts)], name="PSCP training programme")
    calendar = Calendar.from_ical(ics)
    assert "METHOD" not in calendar
    events = calendar.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == starts
    # 20 March is GMT (10:00), 3 April is BST (10:00 London = 09:00 UTC).
    assert [e.decoded("dtstart").astimezone(LONDON).hour for e in events] == [10, 10]


def test_unknown_method_and_negative_sequence_refused():
    start = datetime(2022, 7, 12, 8, 30, tzinfo=UTC)
    with pytest.raises(ValueError):
        calendar_bytes([_event(start)], method="REFRESH-ALL")
    with pytest.raises(ValueError):
        calendar_bytes([_event(start, sequence=-1)], method="REQUEST")

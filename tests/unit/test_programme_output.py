"""The programme's brochure and feed for a year-sized programme, built from records alone."""

import io
import subprocess
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar, Event, Timezone

from pscp_training.domain.enums import Delivery, SessionStatus
from pscp_training.domain.programme import (
    DateEntry,
    Programme,
    ProgrammeCourse,
    ProgrammePeriod,
    ProgrammeSession,
    ProgrammeTheme,
)
from pscp_training.domain.years import LONDON
from pscp_training.services.programme.calendar_feed import (
    PRODID,
    build_feed,
    fold,
    session_uid,
)

PERIOD = ProgrammePeriod(date(2025, 4, 1), date(2026, 3, 31))
STAMP = datetime(2025, 11, 1, 10, 0, 12, 345, tzinfo=UTC)


def _session(i: int, start: datetime, **changes) -> ProgrammeSession:
    values = dict(
        id=i, start=start, end=start + timedelta(hours=3), delivery=Delivery.IN_PERSON,
        venue=f"Venue {i % 7}", status=SessionStatus.SCHEDULED, capacity=12,
        booked=i % 13, sequence=i % 3, updated_at=start - timedelta(days=30), past=False,
    )
    values.update(changes)
    return ProgrammeSession(**values)


def _course(i: int, title: str, theme: str, sessions=(), **changes) -> ProgrammeCourse:
    values = dict(
        id=i, code=f"C{i}", title=title, theme=theme, on_request=False,
        description="How to work alongside families; with care, and\nwith respect.",
        audience="Teachers, health visitors", learning_outcomes=("agree a plan", "a, b; c\\d"),
        length_minutes=180, how_to_book="https://training.example.org/book?course=FAM&x=1",
        sessions=tuple(sessions),
    )
    values.update(changes)
    return ProgrammeCourse(**values)


def _programme(sessions_per_course: int = 150) -> Programme:
    first = datetime(2025, 4, 2, 8, 30, tzinfo=UTC)
    themes = []
    number = 0
    for t, theme in enumerate(("Early help", "Exploitation, online; & offline")):
        courses = []
        for c in range(2):
            sessions = []
            for _ in range(sessions_per_course):
                number += 1
                start = first + timedelta(days=number % 360, hours=number % 5)
                changes = {}
                if number % 11 == 0:
                    changes = dict(delivery=Delivery.ONLINE, venue=None, end=None)
                if number % 17 == 0:
                    changes = dict(venue="The very long named Civic Offices conference suite, "
                                         "second floor, Guildhall Square, Portsmouth PO1 2AL")
                if number % 19 == 0:
                    changes = dict(booked=12)  # full: a waiting list
                sessions.append(_session(number, start, **changes))
            sessions.sort(key=lambda s: (s.start, s.id))
            title = "Working with families: Nguyễn and Łukasz’s practice model, a long title" \
                if c == 0 else f"Course {t}{c}"
            courses.append(_course(10 * t + c, title, theme, sessions,
                                   length_minutes=None if c else 180))
        themes.append(ProgrammeTheme(theme, tuple(courses)))
    on_request = _course(99, "Inset: whole-school safeguarding", "Inset", on_request=True,
                         how_to_book="training@pscp.example.org")
    themes.append(ProgrammeTheme("Inset", (on_request,)))
    cancelled = _session(9999, first + timedelta(days=40), status=SessionStatus.CANCELLED)
    return Programme(
        period=PERIOD, partnership_name="Portsmouth Safeguarding Children Partnership",
        logo_png=None, produced=date(2025, 11, 1), themes=tuple(themes),
        cancelled=(DateEntry(cancelled, themes[0].courses[0]),),
    )


# --- the feed: the same bytes icalendar writes ---------------------------------------------


def _reference_feed(programme: Programme, stamp: datetime) -> bytes:
    """The feed as icalendar builds it, component by component (how it was written before)."""
    from pscp_training.services.programme.calendar_feed import _description

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{programme.partnership_name} training programme".strip())
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    entries = sorted([*programme.dates(), *programme.cancelled],
                     key=lambda e: (e.session.start, e.session.id))
    for entry in entries:
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
        if _description(course):
            event.add("description", _description(course))
        if course.booking_link and course.booking_link.startswith("http"):
            event.add("url", course.booking_link)
        if session.updated_at is not None:
            event.add("last-modified", session.updated_at.astimezone(UTC))
        cancelled = session.status == SessionStatus.CANCELLED
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
        calendar.add_component(event)
    first = programme.period.first_day - timedelta(days=1)
    last = programme.period.last_day + timedelta(days=2)
    if entries:
        calendar.add_missing_timezones(first_date=date(first.year, 1, 1),
                                       last_date=date(last.year, 12, 31))
    else:
        calendar.add_component(Timezone.from_tzinfo(
            LONDON, "Europe/London", date(first.year, 1, 1), date(last.year, 12, 31)))
    return calendar.to_ical()


def test_the_feed_is_byte_for_byte_what_icalendar_writes():
    programme = _programme(sessions_per_course=40)
    assert build_feed(programme, stamp=STAMP) == _reference_feed(programme, STAMP)


def test_an_empty_feed_is_what_icalendar_writes():
    empty = Programme(period=PERIOD, partnership_name="P, with; commas", logo_png=None,
                      produced=date(2025, 11, 1), themes=())
    assert build_feed(empty, stamp=STAMP) == _reference_feed(empty, STAMP)


@pytest.mark.parametrize("text", [
    "SUMMARY:" + "x" * 200,
    "DESCRIPTION:" + "é" * 90,
    "SUMMARY:" + "a" * 72 + "\\n" + "b" * 80,  # never folded just after a backslash
    "LOCATION:" + "😀" * 30,
    "SHORT:line",
])
def test_folding_is_icalendars(text):
    from icalendar.parser.string import _foldline

    assert fold(text) == _foldline(text)
    assert all(len(line.encode()) <= 75 for line in fold(text).split("\r\n"))


# --- the brochure: every session, on the pages the index and contents give ----------------


def _pages(pdf: bytes) -> list[str]:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True)
    return done.stdout.decode("utf-8").split("\f")


def test_a_long_brochure_lists_every_session_twice_and_points_to_the_right_pages():
    from pscp_training.pdf.brochure import write_brochure

    programme = _programme()
    stream = io.BytesIO()
    write_brochure(programme, stream)
    pages = _pages(stream.getvalue())
    index_start = next(n for n, page in enumerate(pages) if "Index of dates" in page
                       and n > 0)
    body, index = "\n".join(pages[1:index_start]), "\n".join(pages[index_start:])
    for entry in programme.dates():
        session = entry.session
        # In the course's table (date and places) and in the index (date and time).
        assert session.date_text in body and session.availability in body
        assert f"{session.date_text}  " in index or session.date_text in index
    assert body.count(" left") + body.count("waiting list") >= programme.session_count
    assert index.count("(waiting list)") == sum(
        1 for e in programme.dates() if e.session.availability == "waiting list")
    # Every page of a course's table and of the index starts with the table's heading.
    for number, page in enumerate(pages[1:index_start], start=2):
        if "left" in page and "Date" in page:
            assert "Date" in page and "Places" in page, number
    for page in pages[index_start + 1:-1]:
        assert "Date" in page and "Course" in page and "Page" in page
    # The contents on the cover give each theme's page.
    cover = pages[0]
    for theme in programme.themes:
        page_of_theme = next(n for n, page in enumerate(pages, start=1)
                             if n > 1 and theme.name in page)
        line = next(line for line in cover.splitlines() if theme.name.split(",")[0] in line)
        assert line.split()[-1] == str(page_of_theme), line
    assert "Index of dates" in cover and str(index_start + 1) in cover
    # The index gives the page on which each course begins.
    for title in ("Course 01", "Course 11"):
        heading_page = next(n for n, page in enumerate(pages[1:index_start], start=2)
                            if any(line.strip() == title for line in page.splitlines()))
        lines = [line for line in index.splitlines() if f" {title} " in f" {line} "]
        assert lines and all(line.split()[-1] == str(heading_page) for line in lines)


# --- how a session's day and time read (worked out once, in London time) -----------------


def test_a_sessions_texts_are_in_london_time_and_english():
    summer = _session(1, datetime(2026, 6, 30, 23, 30, tzinfo=UTC))  # 00:30 BST, 1 July
    assert summer.date_text == "Wednesday 1 July 2026"
    assert summer.month_text == "July 2026"
    assert summer.start_clock == "00:30" and summer.time_text == "00:30–03:30"
    winter = _session(2, datetime(2026, 12, 8, 9, 30, tzinfo=UTC), end=None)
    assert (winter.date_text, winter.time_text) == ("Tuesday 8 December 2026", "09:30")
    assert winter.date_text is winter.date_text  # kept, not worked out again

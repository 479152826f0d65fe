"""The published programme: which sessions it holds, the brochure, the web page and the feed."""

import subprocess
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from pscp_training.domain.enums import Agency, Delivery
from pscp_training.domain.errors import InputError
from pscp_training.domain.programme import ProgrammePeriod
from pscp_training.domain.years import LONDON
from pscp_training.services.bookings import bookings
from pscp_training.services.programme.calendar_feed import build_feed
from pscp_training.services.programme.gather import gather_programme
from pscp_training.services.programme.publish import publish_programme
from pscp_training.services.sessions import catalogue
from tests import factories as f
from tests.factories import NOW

PERIOD = ProgrammePeriod(date(2026, 9, 1), date(2026, 12, 31), "Autumn term 2026")
TITLE = "Working with families: Nguyễn and Łukasz's practice model"
BOOK_AT = "https://training.example.org/book?course=FAM"
AT = datetime(2026, 8, 20, 9, 0, tzinfo=UTC)  # the programme's "now": before the autumn term


def _london(*parts) -> datetime:
    return datetime(*parts, tzinfo=LONDON).astimezone(UTC)


def _session(db, course_id, start, *, capacity=10, venue="Civic Offices", hours=3,
             delivery=Delivery.IN_PERSON):
    return catalogue.create_session(db, catalogue.SessionForm(
        course_id=course_id, start=start, end=start + timedelta(hours=hours), delivery=delivery,
        venue=venue, capacity=capacity,
    ))


@pytest.fixture
def programme_db(db):
    """A multi-agency course with four sessions (one full, one cancelled), and two on request."""
    course = catalogue.save_course(db, catalogue.CourseForm(
        code="FAM", title=TITLE, agency=Agency.MULTI, category="Early help",
        default_duration_minutes=180, description="How to work alongside families.",
        audience="Family workers, teachers and health visitors",
        learning_outcomes="- hold a strengths-based conversation\n• agree a plan\n\n",
        how_to_book=BOOK_AT,
    ))
    full = _session(db, course.id, _london(2026, 12, 8, 9, 30), capacity=1)
    bookings.book(db, session_id=full.id, delegate_id=f.delegate(db).id, now=NOW)
    bookings.book(db, session_id=full.id, delegate_id=f.delegate(db).id, now=NOW)  # waits
    _session(db, course.id, _london(2026, 10, 14, 13, 30), capacity=12,
             venue="Microsoft Teams", delivery=Delivery.ONLINE)
    cancelled = _session(db, course.id, _london(2026, 11, 3, 10, 0))
    catalogue.cancel_session(db, cancelled.id, now=NOW)
    _session(db, course.id, _london(2027, 1, 12, 9, 30))  # after the period
    inset = catalogue.save_course(db, catalogue.CourseForm(
        code="INSET", title="Inset: whole-school safeguarding", agency=Agency.SINGLE,
        category="Inset", how_to_book="training@pscp.example.org",
    ))
    school = f.organisation(db)
    for day in (5, 6):  # its own sessions are not published, only the offer
        catalogue.create_session(db, catalogue.SessionForm(
            course_id=inset.id, start=_london(2026, 10, day, 15, 30),
            commissioning_organisation=school.name,
        ))
    catalogue.save_course(db, catalogue.CourseForm(
        code="OLD", title="A course no longer offered", agency=Agency.SINGLE, active=False,
    ))
    return {"course": course, "full": full, "cancelled": cancelled, "inset": inset}


# --- what is published ---------------------------------------------------------------------


def test_a_period_publishes_its_scheduled_multi_agency_sessions_and_offers_the_rest(
    programme_db, db
):
    programme = gather_programme(db, PERIOD, now=AT)
    themes = {t.name: t for t in programme.themes}
    assert list(themes) == ["Early help", "Inset"]  # dated themes first
    [course] = themes["Early help"].courses
    assert [s.date_text for s in course.sessions] == [
        "Wednesday 14 October 2026", "Tuesday 8 December 2026"
    ]
    assert course.learning_outcomes == ("hold a strengths-based conversation", "agree a plan")
    full = course.sessions[1]
    assert full.time_text == "09:30–12:30" and full.availability == "waiting list"
    assert course.sessions[0].availability == "12 places left"
    assert course.sessions[0].where == "Online (Microsoft Teams)"
    [inset] = themes["Inset"].courses
    assert inset.on_request and inset.sessions == ()
    assert inset.booking_link == "mailto:training@pscp.example.org"
    assert [e.session.id for e in programme.cancelled] == [programme_db["cancelled"].id]


def test_a_session_already_run_says_so_instead_of_places(programme_db, db):
    later = datetime(2026, 10, 14, 12, 30, tzinfo=UTC)  # 13:30 in London: it has just begun
    [course] = gather_programme(db, PERIOD, now=later).themes[0].courses
    assert [s.availability for s in course.sessions] == ["has taken place", "waiting list"]
    before = later - timedelta(minutes=1)
    [course] = gather_programme(db, PERIOD, now=before).themes[0].courses
    assert course.sessions[0].availability == "12 places left"


def test_both_days_of_the_period_are_included_in_london_time(db):
    course = f.course(db)
    # 00:15 on 1 September (BST) is 23:15 UTC on 31 August; 23:45 on 31 December is GMT.
    first = _session(db, course.id, _london(2026, 9, 1, 0, 15), hours=1)
    last = _session(db, course.id, _london(2026, 12, 31, 23, 45), hours=0)
    _session(db, course.id, _london(2026, 8, 31, 23, 45), hours=0)
    _session(db, course.id, _london(2027, 1, 1, 0, 0), hours=1)
    programme = gather_programme(db, PERIOD, now=AT)
    assert [e.session.id for e in programme.dates()] == [first.id, last.id]


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(InputError, match="cannot end"):
        ProgrammePeriod(date(2026, 9, 2), date(2026, 9, 1))
    assert ProgrammePeriod(date(2026, 4, 1), date(2027, 3, 31)).name == "2026-27"


def test_how_to_book_is_a_web_or_email_address(db):
    form = catalogue.CourseForm(code="X", title="X", agency=Agency.MULTI, how_to_book="ring Jo")
    with pytest.raises(InputError, match="neither a web address"):
        catalogue.save_course(db, form)
    saved = catalogue.save_course(db, catalogue.CourseForm(
        code="X", title="X", agency=Agency.MULTI, how_to_book=" jo@example.org ",
        audience="Everyone", learning_outcomes="one\ntwo",
    ))
    again = catalogue.get_course(db, saved.id)
    assert (again.how_to_book, again.audience, again.learning_outcomes) == (
        "jo@example.org", "Everyone", "one\ntwo"
    )


# --- the brochure --------------------------------------------------------------------------


def _pdf_text(path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_the_brochure_prints_dates_places_offers_and_every_script(programme_db, db, tmp_path):
    path = tmp_path / "programme.pdf"
    publish_programme(db, PERIOD, "pdf", path, now=AT)
    text = _pdf_text(path)
    assert "Portsmouth Safeguarding Children Partnership" in text
    assert "Training programme" in text and "Autumn term 2026" in text
    assert TITLE in text  # Nguyễn and Łukasz print as typed
    assert "Tuesday 8 December 2026" in text and "09:30–12:30" in text
    assert "Wednesday 14 October 2026" in text and "12 places left" in text
    assert "waiting list" in text
    assert "on request" in text and "Inset: whole-school safeguarding" in text
    assert "Index of dates" in text
    assert "Tuesday 3 November 2026" not in text  # cancelled
    assert "Tuesday 12 January 2027" not in text  # after the period
    assert "A course no longer offered" not in text
    # pdftotext reads it the same way a reader's PDF viewer does
    plain = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Nguyễn" in plain and "Tuesday 8 December 2026" in plain


def test_every_font_of_the_brochure_is_embedded(programme_db, db, tmp_path):
    path = tmp_path / "programme.pdf"
    publish_programme(db, PERIOD, "pdf", path, now=AT)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert listing, "the brochure names no fonts"
    for line in listing:
        assert "DejaVuSans" in line and " yes yes yes " in line, line
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            assert "Helvetica" not in str(font.get_object()["/BaseFont"])


# --- the web page --------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.links: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "action", "srcset", "data", "poster"):
                self.links.append((tag, name, value or ""))


def test_the_web_page_is_self_contained_and_accessible(programme_db, db, tmp_path):
    from dataclasses import replace

    from pscp_training.services.settings.certificate_settings import (
        get_certificate_settings,
        save_certificate_settings,
    )

    logo = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
            b"\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05"
            b"\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
    save_certificate_settings(db, replace(get_certificate_settings(db), logo_png=logo))
    path = tmp_path / "programme.html"
    publish_programme(db, PERIOD, "html", path, now=AT)
    page = path.read_text(encoding="utf-8")
    parser = _Page()
    parser.feed(page)
    assert "script" not in parser.tags and "link" not in parser.tags
    assert "<script" not in page.lower() and "@import" not in page and "url(" not in page
    for tag, attribute, value in parser.links:
        assert (
            value.startswith("#")
            or value.startswith("data:image/png;base64,")
            or value in (BOOK_AT.replace("&", "&amp;"), BOOK_AT, "mailto:training@pscp.example.org")
        ), (tag, attribute, value)
    assert ("img", "src") in {(t, a) for t, a, v in parser.links if v.startswith("data:")}
    assert parser.tags.count("h1") == 1 and "h2" in parser.tags and "h3" in parser.tags
    assert 'scope="col"' in page and "<caption>" in page
    assert 'name="viewport"' in page and 'lang="en-GB"' in page
    assert "Tuesday 8 December 2026" in page and "waiting list" in page
    assert "On request" in page and "Nguyễn" in page


# --- the feed ------------------------------------------------------------------------------


def _events(data: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_has_london_times_stable_uids_and_cancellations(programme_db, db):
    stamp = datetime(2026, 8, 20, 12, 0, tzinfo=UTC)
    first = build_feed(gather_programme(db, PERIOD, now=AT), stamp=stamp)
    text = first.decode("utf-8")
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/London" in text
    assert "DTSTART;TZID=Europe/London:20261208T093000" in text
    assert "DTEND;TZID=Europe/London:20261208T123000" in text
    calendar = Calendar.from_ical(first)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    events = _events(first)
    assert len(events) == 3  # two published and the cancelled one; not the single-agency
    by_start = {e.decoded("DTSTART").astimezone(UTC): e for e in events.values()}
    full = by_start[_london(2026, 12, 8, 9, 30)]
    assert str(full["SUMMARY"]) == TITLE and str(full["LOCATION"]) == "Civic Offices"
    assert str(full["STATUS"]) == "CONFIRMED" and int(full["SEQUENCE"]) == 0
    assert full.decoded("DTSTART").tzinfo is not None
    cancelled = by_start[_london(2026, 11, 3, 10, 0)]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) >= 1  # cancelling was a change

    second = build_feed(gather_programme(db, PERIOD, now=AT), stamp=stamp + timedelta(days=1))
    assert set(_events(second)) == set(events)


def test_an_edited_session_or_course_comes_with_a_higher_sequence(programme_db, db):
    def sequence_of(session_id):
        data = build_feed(gather_programme(db, PERIOD, now=AT))
        [event] = [e for uid, e in _events(data).items() if uid.startswith(f"session-{session_id}@")]
        return int(event["SEQUENCE"]), str(event["LOCATION"]), str(event["SUMMARY"])

    full = programme_db["full"]
    before, _, _ = sequence_of(full.id)
    bookings.book(db, session_id=full.id, delegate_id=f.delegate(db).id, now=NOW)
    assert sequence_of(full.id)[0] == before  # a booking does not change the event
    current = catalogue.get_session(db, full.id)
    catalogue.update_session(db, full.id, catalogue.SessionForm(
        course_id=current.course_id, start=current.start, end=current.end,
        venue="Fratton Community Centre", capacity=current.capacity,
    ), expected_version=current.version)
    moved, venue, _ = sequence_of(full.id)
    assert moved > before and venue == "Fratton Community Centre"
    course = catalogue.get_course(db, programme_db["course"].id)
    catalogue.save_course(db, catalogue.CourseForm(
        code=course.code, title="Working with families (renamed)", agency=course.agency,
        category=course.category, how_to_book=course.how_to_book,
    ), course.id, expected_version=course.version)
    renamed, _, summary = sequence_of(full.id)
    assert renamed > moved and summary == "Working with families (renamed)"


def test_an_empty_period_still_makes_every_format(db, tmp_path):
    empty = ProgrammePeriod(date(2030, 4, 1), date(2030, 4, 30))
    for fmt in ("pdf", "html", "ics"):
        path = tmp_path / f"empty.{fmt}"
        programme = publish_programme(db, empty, fmt, path)
        assert programme.session_count == 0 and path.stat().st_size > 0
    assert "No dated sessions" in _pdf_text(tmp_path / "empty.pdf")
    assert "BEGIN:VTIMEZONE" in (tmp_path / "empty.ics").read_text()


def test_a_failed_write_leaves_the_old_file_whole(programme_db, db, tmp_path):
    path = tmp_path / "programme.html"
    path.write_text("the old page")
    with pytest.raises(InputError, match="not a programme format"):
        publish_programme(db, PERIOD, "docx", path)
    assert path.read_text() == "the old page"
    with pytest.raises(InputError, match="is a folder"):
        publish_programme(db, PERIOD, "pdf", tmp_path)

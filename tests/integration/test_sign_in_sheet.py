"""Sign-in sheets: every confirmed delegate once, blank rows for walk-ins, the header on every page."""

from datetime import timedelta

import pytest
from pypdf import PdfReader

from pscp_training.domain.enums import Delivery
from pscp_training.domain.errors import NotFound, RuleViolation
from pscp_training.services.bookings import bookings
from pscp_training.services.printing.sign_in_sheets import write_sign_in_sheet
from pscp_training.services.sessions import catalogue
from tests import factories as f
from tests.factories import NOW

TITLE = "Child Exploitation <Level 2> & Contextual Safeguarding"


def _pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def _flat(text: str) -> str:
    """The text with line breaks as spaces: a long title wraps onto two lines."""
    return " ".join(text.split())


def _session(db, *, capacity, people, delivery=Delivery.IN_PERSON):
    course = f.course(db, title=TITLE)
    start = NOW + timedelta(days=14)
    s = catalogue.create_session(
        db,
        catalogue.SessionForm(
            course_id=course.id, start=start, end=start + timedelta(hours=3), delivery=delivery,
            venue="Civic Offices, Guildhall Square", capacity=capacity,
            trainers="Jo O'Brien & Sam Patel",
        ),
    )
    booked = [
        bookings.book(db, session_id=s.id, delegate_id=f.delegate(db, first, last).id, now=NOW)
        for first, last in people
    ]
    return s, booked


def test_a_long_sheet_repeats_the_session_header_on_page_two(db, tmp_path):
    people = [(f"Zoë{i:02d}", f"Ó Súilleabháin{i:02d}") for i in range(30)]
    s, _ = _session(db, capacity=30, people=people)
    path = write_sign_in_sheet(db, s.id, tmp_path / "sheet.pdf")

    pages = _pages(path)
    assert len(pages) >= 2
    for text in map(_flat, pages):
        assert TITLE in text
        assert "Civic Offices, Guildhall Square" in text and "Jo O'Brien & Sam Patel" in text
        assert "Wednesday 15 June 2022, 11:00–14:00" in text  # 10:00 UTC is 11:00 in London
        assert "Name" in text and "Organisation" in text and "Signature" in text
    everything = "\n".join(pages)
    for first, last in people:
        assert everything.count(f"{first} {last}") == 1
    assert any(f"Zoë{i:02d}" in pages[1] for i in range(30))  # delegates continue on page 2


def test_only_confirmed_delegates_are_listed_in_name_order_then_blank_rows(db, tmp_path):
    s, made = _session(
        db, capacity=3, people=[("Łukasz", "Nowak"), ("Nguyễn", "Thị Lan"), ("Amy", "Zed"),
                                ("Wait", "Listed")],
    )
    bookings.cancel(db, made[2].id, now=NOW)  # Amy cancels; the waiting list moves up
    path = write_sign_in_sheet(db, s.id, tmp_path / "sheet.pdf")

    text = "\n".join(_pages(path))
    assert "Amy Zed" not in text
    order = [text.index(name) for name in ("Wait Listed", "Łukasz Nowak", "Nguyễn Thị Lan")]
    assert order == sorted(order)  # Listed, Nowak, Thị Lan: by last name
    assert "Not on the list?" in text
    assert text.index("Not on the list?") > order[-1]
    lines = {line.strip() for line in text.splitlines()}
    assert {"4", "5", "6", "7", "8"} <= lines  # five numbered blank rows for walk-ins
    assert "9" not in lines


def test_no_sheet_for_online_cancelled_or_missing_sessions(db, tmp_path):
    online, _ = _session(db, capacity=5, people=[], delivery=Delivery.ONLINE)
    with pytest.raises(RuleViolation, match="online"):
        write_sign_in_sheet(db, online.id, tmp_path / "a.pdf")
    cancelled, _ = _session(db, capacity=5, people=[])
    catalogue.cancel_session(db, cancelled.id, now=NOW)
    with pytest.raises(RuleViolation, match="cancelled"):
        write_sign_in_sheet(db, cancelled.id, tmp_path / "b.pdf")
    with pytest.raises(NotFound):
        write_sign_in_sheet(db, 999_999, tmp_path / "c.pdf")
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".pdf", ".part")]


def test_an_empty_session_still_gets_a_sheet_of_blank_rows(db, tmp_path):
    s, _ = _session(db, capacity=None, people=[])
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"an older sheet")
    path = write_sign_in_sheet(db, s.id, target)
    assert path == target and target.read_bytes().startswith(b"%PDF")
    text = _flat(_pages(path)[0])
    assert "Not on the list?" in text and TITLE in text

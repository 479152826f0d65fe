"""Subject access: everything held about one delegate, as JSON and as a PDF, and nobody else's."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from pscp_training.db.audit import acting_as
from pscp_training.domain.enums import Attendance
from pscp_training.domain.errors import InputError, NotFound
from pscp_training.services.bookings import bookings
from pscp_training.services.people import people
from pscp_training.services.privacy import retention, subject_access
from pscp_training.services.sessions import attendance
from tests import factories

START = datetime(2022, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def zoe(db):
    training = factories.session(db, start=START, capacity=4)
    zoe = factories.delegate(db, "Zoë", "Nguyễn", email="zoe@example.org")
    other = factories.delegate(db, "Someone", "Else", email="else@example.org")
    for person in (zoe, other):
        booking = bookings.book(
            db, session_id=training.id, delegate_id=person.id, now=START - timedelta(days=9)
        )
        attendance.mark_register(db, training.id, {booking.id: Attendance.ATTENDED}, now=START)
    with acting_as("Jo Bloggs"):
        people.save_delegate(
            db,
            delegate_id=zoe.id,
            first_name="Zoë",
            last_name="Nguyễn",
            email="zoe@example.org",
            job_role="Health visitor",
            organisation_id=zoe.organisation_id,
        )
    return zoe


def test_the_json_export_holds_her_details_bookings_and_history_only(db, zoe, tmp_path):
    path = subject_access.export_subject_access(db, zoe.id, tmp_path / "zoe.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (
        data["details"]["first_name"] == "Zoë" and data["details"]["job_role"] == "Health visitor"
    )
    [booking] = data["bookings"]
    assert booking["attendance"] == "attended"
    assert booking["organisation_at_booking"] == "Arundel Court Primary School"
    assert any(
        line["who"] == "Jo Bloggs"
        and {"field": "the job role", "before": "(blank)", "after": "Health visitor"}
        in line["changes"]
        for line in data["change_history"]
    )
    assert "else@example.org" not in path.read_text(encoding="utf-8")
    assert data["anonymised"] is None


def test_the_pdf_export_prints_her_name_and_training(db, zoe, tmp_path):
    path = subject_access.export_subject_access(db, zoe.id, tmp_path / "zoe.pdf")
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Zoë Nguyễn" in text
    assert "02 Mar 2022 09:30" in text
    assert "Health visitor" in text and "Jo Bloggs" in text
    assert "Someone" not in text


def test_after_erasure_the_export_says_so_and_holds_no_name(db, zoe, tmp_path):
    retention.erase_delegate(db, zoe.id, now=START + timedelta(days=30))
    data = subject_access.subject_access_report(db, zoe.id).as_dict()
    assert data["anonymised"]["reason"] == "request"
    assert "Nguyễn" not in json.dumps(data, ensure_ascii=False)
    assert "zoe@example.org" not in json.dumps(data, ensure_ascii=False)


def test_bad_requests_are_refused_in_words(db, zoe, tmp_path):
    out = tmp_path / "exports"
    with pytest.raises(InputError, match=r"\.json or a \.pdf"):
        subject_access.export_subject_access(db, zoe.id, out / "zoe.docx")
    with pytest.raises(NotFound):
        subject_access.export_subject_access(db, 999_999, out / "nobody.json")
    assert not out.exists() or list(out.iterdir()) == []

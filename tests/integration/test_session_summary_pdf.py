"""Session summaries for trainers: figures, delegates and (when in) the evaluations."""

from datetime import timedelta

import pytest
from pypdf import PdfReader

from pscp_training.domain.enums import Agency, Attendance
from pscp_training.domain.errors import NotFound
from pscp_training.domain.evaluation_records import EvaluationForm
from pscp_training.services.bookings import bookings
from pscp_training.services.evaluations import evaluations
from pscp_training.services.printing.session_summaries import write_session_summary
from pscp_training.services.sessions import attendance
from tests import factories as f
from tests.factories import NOW

LATER = NOW + timedelta(days=30)


def _text(path) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(text.split())


def _session(db):
    """3 places, 5 people: one cancels, the first on the waiting list moves up, one still waits."""
    s = f.session(db, capacity=3)
    people = [("Zoë", "Adams"), ("Łukasz", "Nowak"), ("Nguyễn", "Thị Lan"),
              ("Siobhán", "Ó Súilleabháin"), ("Wait", "Ing")]
    made = {
        first: bookings.book(db, session_id=s.id, delegate_id=f.delegate(db, first, last).id,
                             now=NOW)
        for first, last in people
    }
    bookings.cancel(db, made["Zoë"].id, now=NOW)  # Siobhán is promoted
    attendance.mark_register(
        db,
        s.id,
        {made["Łukasz"].id: Attendance.ATTENDED, made["Siobhán"].id: Attendance.ATTENDED,
         made["Nguyễn"].id: Attendance.ABSENT},
        now=LATER,
    )
    return s, made


def test_the_figures_and_every_delegate_with_what_became_of_their_booking(db, tmp_path):
    s, _ = _session(db)
    path = write_session_summary(db, s.id, tmp_path / "summary.pdf")
    assert len(PdfReader(path).pages) == 1
    text = _text(path)
    assert "Session summary for trainers" in text
    for figure in ("Places 3", "Confirmed bookings 3", "Attended 2", "Absent 1",
                   "Not marked yet 0", "Attendance 66.7%", "Waiting list 1"):
        assert figure in text
    assert "Łukasz Person" not in text  # names as booked, not the factory's defaults
    for name, status in (("Łukasz Nowak", "Attended"), ("Siobhán Ó Súilleabháin", "Attended"),
                         ("Nguyễn Thị Lan", "Absent"), ("Wait Ing", "Waiting list (1)")):
        assert name in text
        assert text.index(status, text.index(name)) < text.index(name) + 120
    assert "Zoë Adams" in text and "Cancelled" in text
    assert "No evaluation has been returned for this session yet." in text


def test_returned_evaluations_are_summarised_with_consented_quotes_only(db, tmp_path):
    s, made = _session(db)
    evaluations.save_evaluation(
        db, made["Łukasz"].id,
        EvaluationForm(overall_rating=5, objectives_met=4, confidence_before=3,
                       confidence_after=8, practice_change="Use the <threshold> & escalate",
                       consent_to_quote=True),
    )
    evaluations.save_evaluation(
        db, made["Siobhán"].id,
        EvaluationForm(overall_rating=3, other_comments="Private remark", consent_to_quote=False),
    )
    text = _text(write_session_summary(db, s.id, tmp_path / "summary.pdf"))
    assert "2 of 2 attendees returned an evaluation (100%)" in text
    assert "Overall rating 2 4.0 1 to 5" in text
    assert "Confidence rose by +5.0 on average" in text
    assert "Use the <threshold> & escalate" in text
    assert "Private remark" not in text


def test_a_missing_session_has_no_summary(db, tmp_path):
    with pytest.raises(NotFound):
        write_session_summary(db, 999_999, tmp_path / "none.pdf")
    assert list(tmp_path.glob("*.pdf")) == []


def test_a_single_agency_session_lists_its_unnamed_attendees_by_organisation(db, tmp_path):
    s = f.session(db, agency=Agency.SINGLE, capacity=None)
    for name, count in (("Mayfield School", 24), ("Solent NHS Trust", 7)):
        f.organisation(db, name, "Education")
        attendance.set_headcount(db, s.id, name, count, now=LATER)
    text = _text(write_session_summary(db, s.id, tmp_path / "single.pdf"))
    assert "Single-agency" in text
    assert "Unnamed attendees 31" in text
    assert "Mayfield School 24" in text and "Solent NHS Trust 7" in text and "Total 31" in text
    assert "Nobody was booked" not in text

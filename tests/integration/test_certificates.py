"""Certificates of attendance: who gets one, what it says, its number, and where the files go."""

import io
from datetime import timedelta

import pytest
from PIL import Image
from pypdf import PdfReader

from pscp_training.domain.enums import Attendance
from pscp_training.domain.errors import Cancelled, InputError, NotFound, RuleViolation
from pscp_training.domain.evaluation_records import EvaluationForm
from pscp_training.services.bookings import bookings
from pscp_training.services.evaluations import evaluations
from pscp_training.services.printing.certificates import (
    certificate_number,
    issue_certificates,
    issue_certificates_for_period,
    verify_certificate,
    waiting_for_evaluation,
)
from pscp_training.services.sessions import attendance, catalogue
from pscp_training.services.settings.certificate_settings import (
    CertificateSettings,
    get_certificate_settings,
    save_certificate_settings,
)
from tests import factories as f
from tests.factories import NOW

LATER = NOW + timedelta(days=30)


@pytest.fixture
def out(tmp_path):
    """An empty folder for the certificates (tmp_path also holds the SQLite file)."""
    folder = tmp_path / "certificates"
    folder.mkdir()
    return folder


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _session_with(db, people, *, title=None, start=None, hours=3):
    """A session with the people booked; `people` maps (first, last) to their attendance."""
    course = f.course(db, title=title)
    s = f.session(db, course_id=course.id, capacity=len(people) + 1, start=start, hours=hours)
    marks = {}
    for (first, last), mark in people.items():
        who = f.delegate(db, first, last)
        booking = bookings.book(db, session_id=s.id, delegate_id=who.id, now=NOW)
        if mark is not None:
            marks[booking.id] = mark
    if marks:
        attendance.mark_register(db, s.id, marks, now=LATER)
    return s


def _png_logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), (31, 58, 95)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_one_certificate_per_attended_delegate_and_none_for_absent_or_unmarked(db, out):
    s = _session_with(
        db,
        {
            ("Zoë", "Adams"): Attendance.ATTENDED,
            ("Łukasz", "Nowak"): Attendance.ATTENDED,
            ("Absent", "Person"): Attendance.ABSENT,
            ("Unmarked", "Person"): None,
        },
        title="Designated Safeguarding Lead Refresher",
    )
    save_certificate_settings(
        db,
        CertificateSettings(
            "Portsmouth Safeguarding Children Partnership", "Jo O'Brien", "Training Manager",
            _png_logo(),
        ),
    )
    paths = issue_certificates(db, s.id, out, now=LATER)

    assert len(paths) == 2
    assert all(p.suffix == ".pdf" and p.parent == out for p in paths)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)
    texts = [_text(p) for p in paths]
    assert [("Zoë Adams" in t, "Łukasz Nowak" in t) for t in texts] == [
        (True, False), (False, True)
    ]
    for path, text in zip(paths, texts, strict=True):
        assert len(PdfReader(path).pages) == 1
        assert len(PdfReader(path).pages[0].images) == 1  # the partnership's logo
        assert "Designated Safeguarding Lead Refresher" in text
        assert "15 June 2022" in text and "3 CPD hours" in text
        assert "Portsmouth Safeguarding Children Partnership" in text
        assert "Jo O'Brien" in text and "Training Manager" in text
    assert not any("Absent" in t or "Unmarked" in t for t in texts)


def test_the_number_on_a_certificate_verifies_and_printing_again_keeps_it(db, out):
    s = _session_with(db, {("Siobhán", "Ó Súilleabháin"): Attendance.ATTENDED})
    first = issue_certificates(db, s.id, out, now=LATER)[0]
    number = next(
        line.strip() for line in _text(first).splitlines() if line.strip().startswith("2022-")
    )
    check = verify_certificate(db, f"  {number.lower()} ")
    assert check.delegate_name == "Siobhán Ó Súilleabháin"
    assert check.still_attended and check.issued_at == LATER

    again = issue_certificates(db, s.id, out, now=LATER + timedelta(days=1))[0]
    assert again != first and first.exists()  # never overwrites the first file
    assert number in _text(again)
    assert verify_certificate(db, number).issued_at == LATER


def test_a_certificate_number_typed_wrongly_or_never_issued_is_refused(db):
    never_issued = certificate_number(2022, 1)
    assert never_issued == "2022-000001-8"
    with pytest.raises(InputError, match="not a certificate number"):
        verify_certificate(db, "2022-000010-8")  # two digits swapped: the check catches it
    with pytest.raises(InputError, match="not a certificate number"):
        verify_certificate(db, "hello")
    with pytest.raises(NotFound, match="No certificate numbered 2022-000001-8"):
        verify_certificate(db, never_issued)


def test_names_in_any_script_and_markup_characters_print_as_written(db, out):
    s = _session_with(
        db,
        {
            ("Nguyễn", "Thị Lan"): Attendance.ATTENDED,
            ("Seán", "O'Brien <Jr> & Co"): Attendance.ATTENDED,
        },
        title="Neglect <Level 3> & Exploitation",
    )
    paths = issue_certificates(db, s.id, out, combined=True, now=LATER)
    assert len(paths) == 1
    reader = PdfReader(paths[0])
    assert len(reader.pages) == 2
    text = _text(paths[0])
    assert "Nguyễn Thị Lan" in text and "Seán O'Brien <Jr> & Co" in text
    assert text.count("Neglect <Level 3> & Exploitation") == 2
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= fonts


def test_file_names_are_windows_safe_and_namesakes_do_not_overwrite(db, out):
    s = _session_with(
        db,
        {("Con", "Smith"): Attendance.ATTENDED, ("A/B", 'C:D*"?'): Attendance.ATTENDED},
        title="Early Help: Who? What? <Why>",
    )
    namesake = f.delegate(db, "Con", "Smith")
    booking = bookings.book(db, session_id=s.id, delegate_id=namesake.id, now=NOW)
    attendance.mark(db, booking.id, Attendance.ATTENDED, now=LATER)

    paths = issue_certificates(db, s.id, out, now=LATER)
    names = [p.name for p in paths]
    assert len(set(n.casefold() for n in names)) == 3
    for name in names:
        assert not set('/\\:*?"<>|') & set(name)
        assert not name.endswith((" .pdf", "..pdf"))


def test_nothing_is_printed_for_a_cancelled_session_or_an_unmarked_register(db, out):
    unmarked = _session_with(db, {("Una", "Marked"): None})
    with pytest.raises(RuleViolation, match="Nobody is marked as attended"):
        issue_certificates(db, unmarked.id, out, now=LATER)
    cancelled = f.session(db)
    catalogue.cancel_session(db, cancelled.id, now=NOW)
    with pytest.raises(RuleViolation, match="was cancelled"):
        issue_certificates(db, cancelled.id, out, now=LATER)
    with pytest.raises(NotFound):
        issue_certificates(db, 999_999, out, now=LATER)
    assert list(out.iterdir()) == []


def test_a_period_prints_the_sessions_that_started_in_it(db, out):
    inside = [
        _session_with(db, {("In", f"Person{i}"): Attendance.ATTENDED}, start=NOW + timedelta(days=d))
        for i, d in enumerate((1, 8))
    ]
    _session_with(db, {("Out", "Person"): Attendance.ATTENDED}, start=NOW + timedelta(days=20))
    first_day = inside[0].start.date()
    last_day = inside[1].start.date()

    paths = issue_certificates_for_period(db, first_day, last_day, out, now=LATER)
    texts = " ".join(_text(p) for p in paths)
    assert len(paths) == 2 and "In Person0" in texts and "In Person1" in texts
    assert "Out Person" not in texts

    combined = issue_certificates_for_period(
        db, first_day, last_day, out / "print", combined=True, now=LATER
    )
    assert len(combined) == 1 and len(PdfReader(combined[0]).pages) == 2
    with pytest.raises(InputError, match="ends"):
        issue_certificates_for_period(db, last_day, first_day, out, now=LATER)


def test_stopping_a_batch_keeps_no_file_and_no_number(db, out):
    s = _session_with(
        db, {(f"P{i}", "Stopped"): Attendance.ATTENDED for i in range(3)}
    )
    with pytest.raises(Cancelled):
        issue_certificates(db, s.id, out, now=LATER, progress=lambda done, total: done < 2)
    assert list(out.iterdir()) == []
    paths = issue_certificates(db, s.id, out, now=LATER)
    assert len(paths) == 3  # numbers are issued afresh: none was kept from the stopped run


def test_with_the_hold_back_on_a_certificate_waits_for_the_evaluation(db, out):
    s = _session_with(
        db, {("Eva", "Done"): Attendance.ATTENDED, ("Noel", "Waiting"): Attendance.ATTENDED}
    )
    evaluations.set_hold_back_certificates(db, True)
    with pytest.raises(RuleViolation, match="held back"):
        issue_certificates(db, s.id, out, now=LATER)
    done = next(b for b in bookings.list_bookings(db, s.id) if b.first_name == "Eva")
    evaluations.save_evaluation(db, done.id, EvaluationForm(overall_rating=5))

    paths = issue_certificates(db, s.id, out, now=LATER)
    assert len(paths) == 1 and "Eva Done" in _text(paths[0])
    assert waiting_for_evaluation(db, s.id) == ["Noel Waiting"]


def test_the_command_line_prints_verifies_and_refuses_in_sentences(
    only_sqlite, db, db_url, out, capsys
):
    from pscp_training.cli import main

    s = _session_with(db, {("Zoë", "Cli"): Attendance.ATTENDED, ("Łukasz", "Cli"): None})
    assert main(["--db", db_url, "certificates", "--session", str(s.id), "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 1 and "Zoë Cli" in printed[0] and "Zoë Cli" in _text(printed[0])

    number = next(line for line in _text(printed[0]).splitlines() if line.startswith("2022-"))
    assert main(["--db", db_url, "certificates", "--verify", number.strip()]) == 0
    assert '"delegate": "Zoë Cli"' in capsys.readouterr().out

    unmarked = _session_with(db, {("Una", "Cli"): None})
    code = main(["--db", db_url, "certificates", "--session", str(unmarked.id), "--out", str(out)])
    assert code == 2
    assert "Nobody is marked as attended" in capsys.readouterr().err


def test_certificate_settings_are_kept_and_bad_ones_refused(db):
    assert get_certificate_settings(db) == CertificateSettings(
        "Portsmouth Safeguarding Children Partnership", "", "", None
    )
    logo = _png_logo()
    saved = save_certificate_settings(
        db, CertificateSettings("  Portsmouth   SCP ", "Zoë  Adams", "Chair & Scrutineer", logo)
    )
    assert saved == CertificateSettings("Portsmouth SCP", "Zoë Adams", "Chair & Scrutineer", logo)
    assert get_certificate_settings(db) == saved

    with pytest.raises(InputError, match="must be a PNG image"):
        save_certificate_settings(db, CertificateSettings("PSCP", "", "", b"GIF89a..."))
    with pytest.raises(InputError, match="partnership name cannot be empty"):
        save_certificate_settings(db, CertificateSettings("   ", "", "", None))
    assert get_certificate_settings(db) == saved  # a refused save changes nothing

    save_certificate_settings(db, CertificateSettings("PSCP", "", "", None))
    assert get_certificate_settings(db) == CertificateSettings("PSCP", "", "", None)

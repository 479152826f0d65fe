"""Charges at their edges, where mutmut found the tests silent: a one-day period, the ledger's
order, what each line and statement says, the waiver's and reinstatement's words and what they
store, and what the statement PDF and the XLSX ledger print (docs/test-strength.md)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from pscp_training.db.models_follow_up import Charge
from pscp_training.domain.enums import Attendance
from pscp_training.domain.errors import InputError, NotFound, RuleViolation
from pscp_training.services.bookings import bookings
from pscp_training.services.follow_up import charges
from pscp_training.services.follow_up.non_attendance import record_reason
from pscp_training.services.sessions import attendance
from pscp_training.services.settings.team_settings import PARTNERSHIP_NAME, set_setting
from tests import factories as f
from tests.factories import NOW
from tests.pdfs import pdf_text

Q1 = (date(2022, 4, 1), date(2022, 6, 30))
SCHOOL = "Arundel Court Primary School"


def _no_show(db, start, *, first="Zoë", last="Absent", org=SCHOOL, sector="Education",
             course_id=None):
    """A booking on a session starting at `start`, marked absent: a no-show charge."""
    training = f.session(db, capacity=5, start=start, course_id=course_id)
    person = f.delegate(db, first, last, org=org, sector=sector)
    booked = bookings.book(db, session_id=training.id, delegate_id=person.id,
                           now=start - timedelta(days=30))
    attendance.mark(db, booked.id, Attendance.ABSENT, now=start + timedelta(hours=4))
    return training, booked


def _surnames(lines):
    return [c.delegate.split()[-1] for c in lines]


# --- the period ---------------------------------------------------------------------------


def test_a_one_day_period_lists_that_days_charges_from_its_first_london_minute(db):
    # 15 June 2022 in London (BST): 23:00 UTC on the 14th to 23:00 UTC on the 15th.
    _no_show(db, datetime(2022, 6, 14, 22, 59, tzinfo=UTC), last="EveBefore")
    _no_show(db, datetime(2022, 6, 14, 23, 0, tzinfo=UTC), last="Midnight")
    _no_show(db, datetime(2022, 6, 15, 9, 30, tzinfo=UTC), last="Morning")
    _no_show(db, datetime(2022, 6, 16, 9, 30, tzinfo=UTC), last="NextDay")
    day = date(2022, 6, 15)
    assert _surnames(charges.ledger(db, day, day, now=NOW)) == ["Midnight", "Morning"]


def test_a_period_ending_the_day_before_it_starts_is_refused_in_words(db):
    with pytest.raises(InputError) as refused:
        charges.ledger(db, date(2022, 6, 15), date(2022, 6, 14))
    assert str(refused.value) == (
        "The period ends (14 June 2022) before it starts (15 June 2022).")


# --- the ledger's lines and order ---------------------------------------------------------


def test_the_ledger_is_by_organisation_in_any_case_then_date_then_surname_then_as_raised(db):
    june = datetime(2022, 6, 15, 9, 30, tzinfo=UTC)
    may = datetime(2022, 5, 11, 9, 30, tzinfo=UTC)
    # Lower-case names sort among the others, not after every capital.
    _no_show(db, june, last="Inbeacon", org="beacon nursery", sector="Early years")
    # The school's June session first, holding two of the same surname and one earlier in
    # the alphabet, booked in that order; then its May session.
    training = f.session(db, capacity=5, start=june)
    for first, last in (("Yan", "Young"), ("Xia", "Young"), ("Ada", "Abbott")):
        person = f.delegate(db, first, last)
        booked = bookings.book(db, session_id=training.id, delegate_id=person.id, now=NOW)
        attendance.mark(db, booked.id, Attendance.ABSENT, now=june + timedelta(hours=4))
    _no_show(db, may, last="InMay")
    _no_show(db, june, last="Aardvark", org="Zebra Academy")

    lines = charges.ledger(db, *Q1, now=NOW)
    assert [(c.organisation, c.delegate) for c in lines] == [
        (SCHOOL, "Zoë InMay"),
        (SCHOOL, "Ada Abbott"),
        (SCHOOL, "Yan Young"),
        (SCHOOL, "Xia Young"),
        ("beacon nursery", "Zoë Inbeacon"),
        ("Zebra Academy", "Zoë Aardvark"),
    ]
    school_id = lines[0].organisation_id
    assert [c.delegate for c in charges.ledger(db, *Q1, organisation_id=school_id, now=NOW)] == [
        "Zoë InMay", "Ada Abbott", "Yan Young", "Xia Young"]


def test_a_ledger_line_names_the_booking_sector_course_and_kind(db):
    training, booked = _no_show(db, datetime(2022, 6, 15, 9, 30, tzinfo=UTC), first="Nia",
                                last="Jones", org="Portsmouth Hospitals", sector="Health")
    [line] = charges.ledger(db, *Q1, now=NOW)
    assert (line.booking_id, line.organisation, line.sector, line.delegate) == (
        booked.id, "Portsmouth Hospitals", "Health", "Nia Jones")
    assert (line.course_code, line.course_title, line.session_start) == (
        training.course_code, training.course_title, training.start)
    assert (line.kind.value, line.reason, line.amount_pence, line.waived, line.waiver_note) == (
        "no_show", None, 5000, False, None)


# --- statements ---------------------------------------------------------------------------


def test_each_statement_holds_one_organisations_lines_with_its_sector_and_the_period(db):
    june = datetime(2022, 6, 15, 9, 30, tzinfo=UTC)
    _no_show(db, june, last="Nurse", org="Portsmouth Hospitals", sector="Health")
    _no_show(db, june, last="Teacher")
    _no_show(db, june - timedelta(days=7), last="Earlier")
    found = charges.statements(db, *Q1, now=NOW)
    assert [(s.organisation, s.sector, s.period_label, _surnames(s.charges)) for s in found] == [
        (SCHOOL, "Education", "1 April 2022 to 30 June 2022", ["Earlier", "Teacher"]),
        ("Portsmouth Hospitals", "Health", "1 April 2022 to 30 June 2022", ["Nurse"]),
    ]
    assert charges.statements(db, date(2022, 7, 1), date(2022, 7, 31), now=NOW) == []


# --- waive and reinstate ------------------------------------------------------------------


def _stored(db, charge_id):
    with db.read() as session:
        row = session.get(Charge, charge_id)
        return row.waived, row.waiver_note, row.waived_at


def test_a_waiver_keeps_the_note_trimmed_and_when_it_was_given(db):
    _no_show(db, datetime(2022, 6, 15, 9, 30, tzinfo=UTC))
    [charge] = charges.ledger(db, *Q1, now=NOW)
    when = datetime(2022, 6, 20, 11, 15, tzinfo=UTC)
    waived = charges.waive(db, charge.id, "  Agreed by the head  ", now=when)
    assert (waived.id, waived.waived, waived.waiver_note, waived.due_pence) == (
        charge.id, True, "Agreed by the head", 0)
    stored = _stored(db, charge.id)
    assert stored[:2] == (True, "Agreed by the head")
    assert stored[2].replace(tzinfo=None) == when.replace(tzinfo=None)


def test_waiving_twice_or_a_charge_that_is_gone_is_refused_in_words(db):
    _no_show(db, datetime(2022, 6, 15, 9, 30, tzinfo=UTC))
    [charge] = charges.ledger(db, *Q1, now=NOW)
    with pytest.raises(InputError) as no_note:
        charges.waive(db, charge.id, "", now=NOW)
    assert str(no_note.value) == (
        "Say why the charge is waived: the note is kept for the finance team.")
    charges.waive(db, charge.id, "School closed for snow", now=NOW)
    with pytest.raises(RuleViolation) as twice:
        charges.waive(db, charge.id, "Again", now=NOW)
    assert str(twice.value) == "This charge was already waived: School closed for snow"
    assert _stored(db, charge.id)[1] == "School closed for snow"
    for act in (lambda: charges.waive(db, 999_999, "A note", now=NOW),
                lambda: charges.reinstate(db, 999_999)):
        with pytest.raises(NotFound) as gone:
            act()
        assert str(gone.value) == "That charge no longer exists; draw up the ledger again."


def test_reinstating_clears_the_waiver_and_a_charge_not_waived_is_refused(db):
    _no_show(db, datetime(2022, 6, 15, 9, 30, tzinfo=UTC))
    [charge] = charges.ledger(db, *Q1, now=NOW)
    with pytest.raises(RuleViolation) as not_waived:
        charges.reinstate(db, charge.id)
    assert str(not_waived.value) == "This charge is not waived."
    charges.waive(db, charge.id, "Agreed", now=NOW)
    back = charges.reinstate(db, charge.id)
    assert (back.id, back.waived, back.waiver_note, back.due_pence) == (charge.id, False, None,
                                                                         5000)
    assert _stored(db, charge.id) == (False, None, None)
    [line] = charges.ledger(db, *Q1, now=NOW)
    assert (line.waived, line.waiver_note) == (False, None)


def test_a_waiver_given_without_a_time_is_stamped_now(db):
    _no_show(db, datetime(2022, 6, 15, 9, 30, tzinfo=UTC))
    [charge] = charges.ledger(db, *Q1, now=NOW)
    before = datetime.now(UTC) - timedelta(seconds=1)
    charges.waive(db, charge.id, "Agreed")
    stamped = _stored(db, charge.id)[2].replace(tzinfo=UTC)
    assert before <= stamped <= datetime.now(UTC) + timedelta(seconds=1)


# --- what is printed ----------------------------------------------------------------------


def test_the_statement_pdf_names_the_partnership_sector_period_issue_date_and_waiver(
    db, tmp_path
):
    set_setting(db, PARTNERSHIP_NAME, "Solent Children's Partnership")
    _training, booked = _no_show(db, datetime(2022, 6, 15, 9, 30, tzinfo=UTC), last="Waived")
    _no_show(db, datetime(2022, 6, 16, 9, 30, tzinfo=UTC), last="Due")
    record_reason(db, booked.id, "illness", now=NOW)
    waived = next(c for c in charges.ledger(db, *Q1, now=NOW) if c.booking_id == booked.id)
    charges.waive(db, waived.id, "Agreed by the head", now=NOW)
    issued_at = datetime(2022, 7, 4, 23, 30, tzinfo=UTC)  # 00:30 on 5 July in London

    [pdf] = charges.write_statement_pdfs(db, *Q1, tmp_path / "out", now=issued_at)

    assert pdf.name == f"Charges {SCHOOL} 2022-04-01.pdf"
    text = pdf_text(pdf)
    assert "Solent Children's Partnership" in text
    assert "Sector: Education" in text
    assert "Period: 1 April 2022 to 30 June 2022" in text
    assert "Issued 5 July 2022" in text
    assert "Waived: Agreed by the head" in text and "Illness" in text
    assert "Zoë Waived" in text and "Zoë Due" in text


def test_the_xlsx_ledger_names_its_period_and_counts_its_lines(db, tmp_path):
    _no_show(db, datetime(2022, 6, 15, 9, 30, tzinfo=UTC), last="One")
    _no_show(db, datetime(2022, 6, 16, 9, 30, tzinfo=UTC), last="Two")
    _no_show(db, datetime(2022, 7, 1, 9, 30, tzinfo=UTC), last="July")
    path, count = charges.export_ledger_xlsx(db, *Q1, tmp_path / "ledger.xlsx", now=NOW)
    assert count == 2
    book = load_workbook(path)
    cells = [v for row in book["Totals"].iter_rows(values_only=True) for v in row]
    assert "Period: 1 April 2022 to 30 June 2022" in cells
    delegates = [row[2] for row in book["Charges"].iter_rows(min_row=2, values_only=True)]
    assert delegates == ["Zoë One", "Zoë Two"]


def test_no_statement_file_is_written_for_a_period_without_charges(db, tmp_path):
    _no_show(db, datetime(2022, 6, 15, 9, 30, tzinfo=UTC))
    assert charges.write_statement_pdfs(db, date(2022, 7, 1), date(2022, 7, 31),
                                        tmp_path / "out", now=NOW) == []


def test_saving_the_policy_raises_the_charges_it_now_allows(db):
    from pscp_training.domain.charging import ChargingPolicy

    charges.save_policy(db, ChargingPolicy(exempt_sectors=frozenset({"Education"})), now=NOW)
    _no_show(db, datetime(2022, 6, 15, 9, 30, tzinfo=UTC))
    assert charges.ledger(db, *Q1, now=NOW) == []
    saved = charges.save_policy(db, ChargingPolicy(no_show_pence=6000), now=NOW)
    assert saved.no_show_pence == 6000
    assert [c.amount_pence for c in charges.ledger(db, *Q1, now=NOW)] == [6000]
    with db.read() as session:
        raised_at = session.scalar(select(Charge.raised_at))
    assert raised_at.replace(tzinfo=None) == NOW.replace(tzinfo=None)


def test_a_statement_with_the_partnership_name_left_empty_names_none(db, tmp_path):
    set_setting(db, PARTNERSHIP_NAME, "")
    _no_show(db, datetime(2022, 6, 15, 9, 30, tzinfo=UTC))
    [pdf] = charges.write_statement_pdfs(db, *Q1, tmp_path / "out", now=NOW)
    text = pdf_text(pdf)
    # No name is made up: the footer and the page both start at the statement's title,
    # the footer with no separator left before it.
    assert text.startswith(f"Charge statement: {SCHOOL} Page 1 Charge statement {SCHOOL}")


def test_two_of_the_same_name_on_one_session_are_listed_in_the_order_charged(db):
    june = datetime(2022, 6, 15, 9, 30, tzinfo=UTC)
    training = f.session(db, capacity=5, start=june)
    places = [bookings.book(db, session_id=training.id, delegate_id=f.delegate(db, first, "Young").id,
                            now=NOW) for first in ("Yan", "Xia")]
    for place in places:
        attendance.mark(db, place.id, Attendance.ABSENT, now=june + timedelta(hours=4))
    # Yan's charge is withdrawn (the register was wrong), then raised again (it was right):
    # Xia's is now the older of the two.
    attendance.mark(db, places[0].id, Attendance.ATTENDED, now=june + timedelta(hours=5))
    attendance.mark(db, places[0].id, Attendance.ABSENT, now=june + timedelta(hours=6))
    assert [c.delegate for c in charges.ledger(db, *Q1, now=NOW)] == ["Xia Young", "Yan Young"]

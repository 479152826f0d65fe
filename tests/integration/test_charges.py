"""Charges to agencies: raised from the register, priced by the policy, waived, exported."""

from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from pscp_training.domain.charging import ChargingPolicy
from pscp_training.domain.enums import Agency, Attendance
from pscp_training.domain.errors import InputError, RuleViolation
from pscp_training.services.bookings import bookings
from pscp_training.services.follow_up.charges import (
    export_ledger_xlsx,
    get_policy,
    ledger,
    reinstate,
    save_policy,
    statements,
    waive,
    write_statement_pdfs,
)
from pscp_training.services.follow_up.non_attendance import record_reason
from pscp_training.services.sessions import attendance
from tests import factories as f
from tests.factories import NOW

AFTER = NOW + timedelta(days=15)
Q1 = (date(2022, 4, 1), date(2022, 6, 30))
SCHOOL = "Arundel Court Primary School"
HOSPITAL = "Portsmouth Hospitals"


def _register(db, agency=Agency.MULTI):
    """A session on 15 June 2022: a school no-show, a hospital late cancellation, one who came."""
    s = f.session(db, capacity=5, agency=agency)
    school = f.delegate(db, "Zoë", "Adams")
    nurse = f.delegate(db, "Nguyễn", "Van An", org=HOSPITAL, sector="Health")
    came = f.delegate(db)
    absent, late, present = (
        bookings.book(db, session_id=s.id, delegate_id=d.id, now=NOW) for d in (school, nurse, came)
    )
    bookings.cancel(db, late.id, now=s.start - timedelta(hours=20))
    attendance.mark_register(
        db, s.id, {absent.id: Attendance.ABSENT, present.id: Attendance.ATTENDED}, now=AFTER
    )
    return s, absent, late, present


def test_the_ledger_lists_each_charge_with_delegate_course_date_and_reason(db):
    s, absent, late, _ = _register(db)
    record_reason(db, absent.id, "work-pressures", now=AFTER)

    lines = ledger(db, *Q1, now=AFTER)

    assert [(c.organisation, c.delegate, c.kind.value, c.amount_pence, c.reason) for c in lines] == [
        (SCHOOL, "Zoë Adams", "no_show", 5000, "Work pressures"),
        (HOSPITAL, "Nguyễn Van An", "late_cancellation", 2500, None),
    ]
    assert lines[0].course_title == s.course_title and lines[0].session_start == s.start
    assert ledger(db, date(2022, 7, 1), date(2022, 9, 30), now=AFTER) == []
    hospital_only = ledger(db, *Q1, organisation_id=lines[1].organisation_id, now=AFTER)
    assert [c.delegate for c in hospital_only] == ["Nguyễn Van An"]


def test_exempt_reasons_sectors_and_single_agency_are_not_charged(db):
    _s, absent, late, _ = _register(db)
    _register(db, agency=Agency.SINGLE)
    record_reason(db, absent.id, "Safeguarding emergency", now=AFTER)  # exempt by default
    save_policy(db, ChargingPolicy(exempt_sectors=frozenset({"Health"}),
                                   exempt_reasons=frozenset({"safeguarding-emergency"})))
    assert ledger(db, *Q1, now=AFTER) == []


def test_a_charge_goes_when_its_cause_goes_and_keeps_its_price(db):
    s, absent, late, _ = _register(db)
    first = {c.booking_id: c.amount_pence for c in ledger(db, *Q1, now=AFTER)}
    save_policy(db, ChargingPolicy(no_show_pence=7500, late_cancellation_pence=3000))
    assert get_policy(db).no_show_pence == 7500
    assert {c.booking_id: c.amount_pence for c in ledger(db, *Q1, now=AFTER)} == first

    attendance.mark(db, absent.id, Attendance.ATTENDED, now=AFTER)  # the register was wrong
    assert [c.booking_id for c in ledger(db, *Q1, now=AFTER)] == [late.id]


def test_waive_with_a_note_then_reinstate(db):
    _register(db)
    charge = ledger(db, *Q1, now=AFTER)[0]
    with pytest.raises(InputError, match="Say why the charge is waived"):
        waive(db, charge.id, "   ")
    waived = waive(db, charge.id, "Agreed by the business manager", now=AFTER)
    assert (waived.waived, waived.due_pence) == (True, 0)
    with pytest.raises(RuleViolation, match="already waived"):
        waive(db, charge.id, "again")
    by_org = {s.organisation: s for s in statements(db, *Q1, now=AFTER)}
    assert by_org[SCHOOL].total_pence == 0 and by_org[SCHOOL].waived_pence == 5000
    assert by_org[HOSPITAL].total_pence == 2500
    assert reinstate(db, charge.id).due_pence == 5000


def test_xlsx_ledger_and_one_pdf_statement_per_organisation(db, tmp_path):
    _s, absent, _late, _ = _register(db)
    record_reason(db, absent.id, "illness", now=AFTER)
    path, count = export_ledger_xlsx(db, *Q1, tmp_path / "ledger.xlsx", now=AFTER)
    assert count == 2
    book = load_workbook(path)
    rows = list(book["Charges"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Organisation", "Sector", "Delegate")
    assert rows[1][0] == SCHOOL and rows[1][7] == "Illness" and rows[1][8] == 50
    assert book["Charges"].cell(2, 9).number_format == '"£"#,##0.00'
    totals = list(book["Totals"].iter_rows(values_only=True))
    assert totals[3][:2] == ("Total", 2) and totals[3][3] == 75

    pdfs = write_statement_pdfs(db, *Q1, tmp_path / "statements", now=AFTER)
    assert sorted(p.name for p in pdfs) == [
        f"Charges {SCHOOL} 2022-04-01.pdf",
        f"Charges {HOSPITAL} 2022-04-01.pdf",
    ]
    texts = {p.name: "".join(page.extract_text() for page in PdfReader(p).pages) for p in pdfs}
    school_text = texts[f"Charges {SCHOOL} 2022-04-01.pdf"]
    assert "Zoë Adams" in school_text and "£50.00" in school_text and "Illness" in school_text
    assert "Nguyễn" in texts[f"Charges {HOSPITAL} 2022-04-01.pdf"]
    again = write_statement_pdfs(db, *Q1, tmp_path / "statements", now=AFTER)
    assert all(p.name.endswith(" (2).pdf") for p in again)  # nothing overwritten


def test_the_command_line_prints_the_ledger_and_refuses_a_backwards_period(db, db_url, capsys):
    import json

    from pscp_training.cli import main

    _register(db)
    period = ["--from", "2022-04-01", "--to", "2022-06-30"]
    assert main(["--db", db_url, "charges", "ledger", *period, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["organisation"], r["amount_pence"]) for r in rows] == [
        (SCHOOL, 5000),
        (HOSPITAL, 2500),
    ]
    backwards = ["--from", "2022-07-01", "--to", "2022-04-01"]
    assert main(["--db", db_url, "charges", "ledger", *backwards]) == 2
    assert "The period ends (1 April 2022) before it starts (1 July 2022)." in (
        capsys.readouterr().err
    )


def test_the_ledger_writes_nothing_and_each_charge_is_raised_by_its_event_in_the_history(
    db, tmp_path
):
    from sqlalchemy import func, select

    from pscp_training.db.models_audit import AuditEntry
    from pscp_training.db.models_follow_up import Charge

    def counts():
        with db.read() as session:
            return (session.scalar(select(func.count()).select_from(Charge)),
                    session.scalar(select(func.count()).select_from(AuditEntry)))

    _s, absent, late, _ = _register(db)  # marking the register and cancelling late raise them
    raised = counts()
    assert raised[0] == 2
    ledger(db, *Q1, now=AFTER)
    statements(db, *Q1, now=AFTER)
    export_ledger_xlsx(db, *Q1, tmp_path / "ledger.xlsx", now=AFTER)
    assert counts() == raised  # listings write nothing, not even history
    with db.read() as session:
        trail = session.execute(
            select(AuditEntry.action, AuditEntry.session_id)
            .where(AuditEntry.record_type == "charge").order_by(AuditEntry.id)
        ).all()
    assert [action for action, _ in trail] == ["created", "created"]
    attendance.mark(db, absent.id, Attendance.ATTENDED, now=AFTER)  # withdrawn, on record
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Charge)) == 1
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.record_type == "charge", AuditEntry.action == "deleted")) == 1

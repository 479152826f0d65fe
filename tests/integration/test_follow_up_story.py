"""The issue's 'done when': a Tuesday no-show followed up without a spreadsheet, walk-ins counted."""

import email
from datetime import UTC, date, datetime, timedelta
from email import policy

from pypdf import PdfReader

from pscp_training.domain.enums import Attendance
from pscp_training.domain.follow_up_records import PersonDetails
from pscp_training.domain.years import FinancialYear
from pscp_training.services.bookings import bookings
from pscp_training.services.bookings.walk_ins import add_walk_in, count_walk_ins
from pscp_training.services.follow_up.charges import write_statement_pdfs
from pscp_training.services.follow_up.non_attendance import reasons_for_year, record_reason
from pscp_training.services.messages import (
    MailSettings,
    configured_transport,
    save_mail_settings,
    send_non_attendance,
)
from pscp_training.services.sessions import attendance, catalogue
from tests import factories as f
from tests.factories import NOW

TUESDAY = datetime(2022, 6, 14, 8, 30, tzinfo=UTC)  # 09:30 in London
WEDNESDAY = TUESDAY + timedelta(days=1)


def test_a_tuesday_no_show_becomes_a_reason_a_notice_and_a_statement_line(db, tmp_path):
    save_mail_settings(db, MailSettings(transport="eml", eml_folder=str(tmp_path / "outbox"),
                                        from_address="training@pscp.example"))
    s = f.session(db, start=TUESDAY, capacity=2)
    no_show = bookings.book(db, session_id=s.id,
                            delegate_id=f.delegate(db, "Zoë", "O'Brien").id, now=NOW)
    came = bookings.book(db, session_id=s.id, delegate_id=f.delegate(db).id, now=NOW)
    attendance.mark_register(db, s.id, {no_show.id: Attendance.ABSENT,
                                        came.id: Attendance.ATTENDED}, now=TUESDAY)
    # Two more names on the paper sign-in sheet, over capacity.
    for first in ("Amara", "Łukasz"):
        add_walk_in(db, s.id, PersonDetails(first, "Walk-in", organisation="Portsmouth Hospitals",
                                            sector="Health"), now=TUESDAY)

    record_reason(db, no_show.id, "work-pressures", manager_email="head@arundel.example.org",
                  now=WEDNESDAY)
    sent = send_non_attendance(db, configured_transport(db), [no_show.id], now=WEDNESDAY)
    (pdf,) = write_statement_pdfs(db, date(2022, 4, 1), date(2022, 6, 30), tmp_path / "pdf",
                                  now=WEDNESDAY)

    assert len(sent.sent) == 1
    notice = email.message_from_bytes(next((tmp_path / "outbox").glob("*.eml")).read_bytes(),
                                      policy=policy.default)
    assert notice["Cc"] == "head@arundel.example.org"
    assert "Tuesday 14 June 2022" in notice["Subject"]
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Zoë O'Brien" in text and "Work pressures" in text and "£50.00" in text
    year = FinancialYear(2022)
    assert {r.reason: r.absences for r in reasons_for_year(db, year)}["Work pressures"] == 1
    assert count_walk_ins(db, *year.utc_bounds()) == 2
    record = catalogue.get_session(db, s.id)
    assert (record.booked, record.attended) == (4, 3)  # walk-ins are bookings and attendances

"""Who is due a refresher, counted by hand (tests/integration/refresher_data.py)."""

from datetime import date

import pytest

from pscp_training.domain.errors import InputError
from pscp_training.domain.refreshers import Currency
from pscp_training.services.refreshers import currency, requirements
from tests.integration.refresher_data import NOW, story


@pytest.fixture
def data(db):
    return story(db)


def _by_name(people):
    return {p.first_name: p for p in people}


def test_each_persons_last_qualifying_attendance_due_date_and_status(db, data):
    orgs = currency.organisations(db, now=NOW, sort="name")
    people = _by_name(currency.people_of(orgs))
    assert set(people) == {"Ann", "Ben", "Cat", "Fay"}  # Dan has no role; Eve is in Health
    assert people["Ann"].last_attended == date(2025, 3, 3)
    assert people["Ann"].due == date(2027, 3, 3)  # exactly two years
    # Due by 3 April 2027 (3 Dec 2026 + four months): due soon, still in date.
    assert people["Ann"].status is Currency.DUE_SOON and people["Ann"].status.counts_as_in_date
    assert people["Ben"].status is Currency.IN_DATE
    # The early refresher restarts the clock (the 29 February attendance no longer decides).
    assert people["Ben"].last_attended == date(2025, 12, 1)
    assert people["Ben"].last_course_code == "DSL-REF"
    assert people["Ben"].due == date(2027, 12, 1)
    # Absent, another course, a cancelled session: none counts.
    assert people["Cat"].last_attended is None and people["Cat"].due is None
    assert people["Cat"].status is Currency.NEVER_TRAINED
    assert people["Fay"].due == date(2026, 10, 2)
    assert people["Fay"].status is Currency.OVERDUE


def test_organisations_with_and_without_someone_in_date(db, data):
    orgs = {o.name: o for o in currency.organisations(db, now=NOW)}
    assert set(orgs) == {"Arundel Court Primary School", "Bramble Infant School",
                         "Cottage Grove Secondary"}
    assert orgs["Arundel Court Primary School"].has_in_date
    assert orgs["Arundel Court Primary School"].in_date_until == date(2027, 12, 1)
    assert not orgs["Bramble Infant School"].has_in_date
    assert orgs["Bramble Infant School"].summary == "Overdue"
    assert orgs["Cottage Grove Secondary"].summary == "Nobody in the role recorded"
    # Sorted by due date: nobody trained (no date) first, then the soonest.
    order = [o.name for o in currency.organisations(db, now=NOW, sort="next_due")]
    assert order == ["Cottage Grove Secondary", "Bramble Infant School",
                     "Arundel Court Primary School"]


def test_filter_by_type_and_sector(db, data):
    primary = currency.organisations(db, now=NOW, org_type="primary")
    assert {o.name for o in primary} == {"Arundel Court Primary School", "Bramble Infant School"}
    assert currency.organisations(db, now=NOW, sector="Health") == []


def test_leap_day_attendance_is_due_on_28_february(db, data):
    # Ben before his early refresher: counted as at 1 June 2025, his 29 Feb 2024 session decides.
    with db.read() as session:
        ben = currency.read_people(session, data.requirement, today=date(2025, 6, 1),
                                   due_soon_months=4, delegate_id=data.ben.id)
    assert ben[0].last_attended == date(2024, 2, 29)
    assert ben[0].due == date(2026, 2, 28)


def test_due_before_is_strict_and_includes_overdue_and_never_trained(db, data):
    names = [p.first_name for p in currency.due_before(db, date(2027, 3, 3), now=NOW)]
    assert names == ["Cat", "Fay"]  # never trained first, then the soonest; Ann's 3 March is not before
    names = [p.first_name for p in currency.due_before(db, date(2027, 3, 4), now=NOW)]
    assert names == ["Cat", "Fay", "Ann"]


def test_due_this_term(db, data):
    term, people = currency.due_this_term(db, now=NOW)
    assert term.end == date(2026, 12, 31)
    assert [p.first_name for p in people] == ["Cat", "Fay"]


def test_delegate_currency_for_the_training_record(db, data):
    (ann,) = currency.delegate_currency(db, data.ann.id, now=NOW)
    assert ann.requirement == "DSL training" and ann.due == date(2027, 3, 3)
    assert currency.delegate_currency(db, data.dan.id, now=NOW) == []


def test_requirement_checks(db, data):
    form = requirements.RequirementForm("DSL training", 2, ("DSL-NEW",))
    with pytest.raises(InputError, match="already a requirement"):
        requirements.save_requirement(db, form)
    with pytest.raises(InputError, match="no course with the code NOPE"):
        requirements.save_requirement(db, requirements.RequirementForm("X", 2, ("NOPE",)))
    with pytest.raises(InputError, match="1 to 20 years"):
        requirements.save_requirement(db, requirements.RequirementForm("X", 0, ("DSL-NEW",)))
    with pytest.raises(InputError, match="at least one course"):
        requirements.save_requirement(db, requirements.RequirementForm("X", 2, ()))
    changed = requirements.save_requirement(
        db, requirements.RequirementForm("DSL training", 3, ("DSL-NEW", "DSL-REF"), ("dsl",),
                                         ("Education",)),
        requirement_id=data.requirement.id, expected_version=data.requirement.version)
    assert changed.period_years == 3 and changed.roles[0].value == "dsl"
    fay = _by_name(currency.people_of(currency.organisations(db, now=NOW)))
    assert "Ben" not in fay  # deputies no longer covered
    assert fay["Fay"].due == date(2027, 10, 2)
    requirements.delete_requirement(db, data.requirement.id)
    assert requirements.list_requirements(db) == []


def _cli(db_url, capsys, *args):
    from pscp_training.cli import main

    code = main(["--db", db_url, "refreshers", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_command_line_json_csv_text_and_xlsx(db_url, data, capsys, tmp_path, monkeypatch):
    import csv
    import io
    import json

    from openpyxl import load_workbook

    from pscp_training.services.refreshers import currency as module

    monkeypatch.setattr(module, "now_utc", lambda: NOW)
    code, out, _ = _cli(db_url, capsys, "--due-before", "2027-03-04", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["first_name"], r["due_date"]) for r in rows] == [
        ("Cat", None), ("Fay", "2026-10-02"), ("Ann", "2027-03-03")]
    assert rows[2] == {
        "first_name": "Ann", "last_name": "Archer", "organisation": "Arundel Court Primary School",
        "sector": "Education", "role": "DSL", "requirement": "DSL training",
        "last_qualifying_session": "2025-03-03", "last_course": "DSL-NEW",
        "due_date": "2027-03-03", "status": "Due soon",
    }
    code, out, _ = _cli(db_url, capsys, "--due-before", "2027-03-03", "--format", "csv")
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert [r["first_name"] for r in parsed] == ["Cat", "Fay"]
    assert parsed[1]["last_qualifying_session"] == "2024-10-02"
    code, out, _ = _cli(db_url, capsys, "--due-before", "2027-03-03")
    assert "Fay" in out and "Ann" not in out and "2 people due." in out
    code, out, _ = _cli(db_url, capsys, "--due-before", "2030-01-01", "--sector", "Health")
    assert "Nobody" in out
    target = tmp_path / "due.xlsx"
    code, out, err = _cli(db_url, capsys, "--due-before", "2027-03-04", "--out", str(target))
    assert code == 0 and out == "" and "Wrote 3 people" in err
    sheet = load_workbook(target).active
    assert [c.value for c in sheet[1]][:2] == ["First name", "Last name"]
    assert sheet.cell(4, 9).value.date() == date(2027, 3, 3)


def test_command_line_refuses_a_bad_date(db_url, capsys):
    code, _, err = _cli(db_url, capsys, "--due-before", "03/03/2027")
    assert code == 2 and "year-month-day" in err


def test_register_import_records_roles_from_recognised_job_roles_only(db, tmp_path):
    from pscp_training.services.imports.register_import import import_register
    from pscp_training.services.people import people
    from tests.integration.register_data import row, write_rows

    rows = [
        row(first_name="Amy", last_name="Lead", email="amy@example.org",
            job_role="designated safeguarding lead"),
        row(first_name="Bo", last_name="Deputy", email="bo@example.org", job_role="Deputy DSL"),
        row(first_name="Cy", last_name="Head", email="cy@example.org",
            job_role="DSL and Head Teacher"),
    ]
    summary = import_register(db, write_rows(tmp_path / "register.csv", rows))
    by_name = {d.first_name: d for d in people.search_delegates(db, "example.org", limit=10)}
    assert by_name["Amy"].safeguarding_role == "dsl"
    assert by_name["Bo"].safeguarding_role == "deputy_dsl"
    assert by_name["Cy"].safeguarding_role is None  # not exactly a wording: never a guess
    (said,) = [w for w in summary.warnings if "recorded as DSL" in w]
    assert "Amy Lead as DSL (line 2)" in said and "Bo Deputy as Deputy DSL (line 3)" in said
    # Importing again changes nothing and says nothing more.
    again = import_register(db, write_rows(tmp_path / "register.csv", rows))
    assert not [w for w in again.warnings if "recorded as DSL" in w]
    assert again.updated.get("delegates", 0) == 0
    # A role cleared by hand stands when the same job role comes in again.
    from pscp_training.services.refreshers import roles

    roles.set_safeguarding_role(db, by_name["Amy"].id, None)
    import_register(db, write_rows(tmp_path / "register.csv", rows))
    assert people.get_delegate(db, by_name["Amy"].id).safeguarding_role is None


def test_subject_access_shows_the_role_and_currency_and_erasure_removes_the_role(db, data):
    from pscp_training.services.privacy import retention, subject_access
    from pscp_training.services.refreshers import currency as module

    report = subject_access.subject_access_report(db, data.ann.id).as_dict()
    assert report["details"]["safeguarding_role"] == "dsl"
    (line,) = report["related_records"]["refresher_currency"]
    assert line["requirement"] == "DSL training" and line["due"] == "2027-03-03"
    assert line["last_qualifying_session"] == "2025-03-03" and line["course"] == "DSL-NEW"
    retention.erase_delegate(db, data.ann.id, now=NOW)
    report = subject_access.subject_access_report(db, data.ann.id).as_dict()
    assert report["details"]["safeguarding_role"] is None
    assert "refresher_currency" not in report["related_records"]
    people = {p.first_name for p in module.people_of(module.organisations(db, now=NOW))}
    assert "Ann" not in people and "Anonymised" not in people


def test_letters_and_emails_for_organisations_with_someone_due(db, data, tmp_path):
    import email
    import subprocess
    from datetime import timedelta

    from pscp_training.services.bookings import bookings
    from pscp_training.services.messages.transports import EmlFolder
    from pscp_training.services.refreshers import telling
    from tests import factories

    soon = factories.session(db, course_id=data.ref_course.id, start=NOW + timedelta(days=30),
                             capacity=2)
    full = factories.session(db, course_id=data.new_course.id, start=NOW + timedelta(days=20),
                             capacity=1)
    bookings.book(db, session_id=full.id, delegate_id=data.dan.id, now=NOW)
    bookings.book(db, session_id=soon.id, delegate_id=data.dan.id, now=NOW)
    letters, _ = telling.letters_due(db, now=NOW)
    # Arundel: Ann due soon (Ben in date); Bramble: Cat never trained, Fay overdue.
    assert {lt.organisation.name: [p.first_name for p in lt.people] for lt in letters} == {
        "Arundel Court Primary School": ["Ann"], "Bramble Infant School": ["Cat", "Fay"]}
    # Only the session with a place left, with how many.
    assert [(s.session_id, s.places_left) for s in letters[0].sessions] == [(soon.id, 1)]

    paths = telling.write_letters(db, tmp_path / "letters", now=NOW)
    assert [p.name for p in paths] == ["DSL training - Arundel Court Primary School.pdf",
                                       "DSL training - Bramble Infant School.pdf"]
    text = subprocess.run(["pdftotext", "-layout", str(paths[1]), "-"], capture_output=True,
                          text=True, check=True).stdout
    text = " ".join(text.split())
    assert "Cat Cole" in text and "Overdue since 2 October 2026" in text
    assert "DSL-REF" in text

    outcome = telling.email_letters(db, transport=EmlFolder(tmp_path / "eml"), now=NOW)
    assert len(outcome.done) == 2 and outcome.failed == ()
    messages = [email.message_from_bytes(p.read_bytes()) for p in sorted((tmp_path / "eml").iterdir())]
    bramble = next(m for m in messages if "Bramble" in m["Subject"])
    assert "Cat Cole" in bramble["To"] and "Fay Ford" in bramble["To"]
    body = bramble.get_payload(decode=True).decode()
    assert "Fay Ford, DSL: Overdue since 2 October 2026 (last: DSL-REF on 2 October 2024)" in body
    assert "1 place left" in body


def test_coverage_by_type_and_by_year_and_in_the_report_pdf(db, data, tmp_path):
    import subprocess

    from pscp_training.domain.years import FinancialYear
    from pscp_training.pdf.workforce_report import write_workforce_pdf
    from pscp_training.reports.workforce import compute
    from pscp_training.services.refreshers.coverage import coverage

    years = [FinancialYear.parse(y) for y in ("2023-24", "2024-25", "2025-26", "2026-27")]
    report = coverage(db, years, now=NOW)
    by_label = {r.label: (r.organisations, r.in_date) for r in report.by_type}
    # Arundel (Ann, Ben in date) yes; Bramble (Cat never, Fay overdue) no; Cottage Grove: nobody.
    assert by_label == {"Education · Primary": (2, 1), "Education · Secondary": (1, 0),
                        "All": (3, 1)}
    # As at 31 March 2024: Ben (29 Feb 2024) in date at Arundel; Bramble nobody yet (Fay's
    # course is in October 2024). 31 March 2025: Ann, Ben at Arundel; Fay at Bramble.
    # 31 March 2026: Ben (Dec 2025 refresher), Ann; Fay still in date until 2 Oct 2026.
    # 2026-27 so far (3 Dec 2026): Arundel only.
    assert [(r.label, r.in_date) for r in report.by_year] == [
        ("2023-24", 1), ("2024-25", 2), ("2025-26", 2), ("2026-27", 1)]
    workforce = compute(db, FinancialYear.parse("2026-27"), years=2, now=NOW)
    path = write_workforce_pdf(workforce, tmp_path / "report.pdf", "PSCP", report)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Organisations with DSL training in date" in text
    assert "33.3% of the organisations on the register that DSL training applies to (1 of 3)" in text

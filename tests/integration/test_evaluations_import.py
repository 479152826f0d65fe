"""Importing evaluations from online-form exports: matching, refusals by line, all or nothing."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pscp_training.domain.enums import Attendance
from pscp_training.domain.errors import Cancelled, ValidationFailed
from pscp_training.domain.evaluation_records import EvaluationForm, EvaluationSource
from pscp_training.register.evaluation_import import read_mapping
from pscp_training.services.bookings import bookings
from pscp_training.services.evaluations import evaluation_import, evaluation_summaries, evaluations
from pscp_training.services.sessions import attendance
from tests import factories as f
from tests.factories import NOW

FIXTURES = Path(__file__).parent.parent / "fixtures" / "evaluations"
START = datetime(2022, 6, 15, 9, 30, tzinfo=UTC)


@pytest.fixture
def dsl_session(db):
    """DSL-REF on 15 June 2022: Ann, Bob and Dan attended, Cat was absent."""
    course = f.course(db, code="DSL-REF", title="DSL Refresher")
    s = f.session(db, course_id=course.id, start=START, capacity=10)
    made = {}
    for name, mark in [("ann.archer@school.org", Attendance.ATTENDED),
                       ("bob.baker@health.nhs.uk", Attendance.ATTENDED),
                       ("cat.cole@police.uk", Attendance.ABSENT),
                       ("dan.dyer@school.org", Attendance.ATTENDED)]:
        first, last = name.split("@")[0].split(".")
        person = f.delegate(db, first=first.title(), last=last.title(), email=name)
        booking = bookings.book(db, session_id=s.id, delegate_id=person.id, now=NOW)
        attendance.mark(db, booking.id, mark, now=START + timedelta(days=1))
        made[first] = booking
    return s, made


def test_a_standard_export_is_imported_and_importing_it_again_changes_nothing(db, dsl_session):
    s, made = dsl_session
    result = evaluation_import.import_evaluations(db, FIXTURES / "responses.csv")
    assert (result.responses, result.created, result.unchanged) == (3, 3, 0)
    ann = evaluations.get_evaluation(db, made["ann"].id)
    assert (ann.overall_rating, ann.confidence_before, ann.confidence_after) == (5, 3, 8)
    assert ann.consent_to_quote is True and ann.source is EvaluationSource.IMPORTED
    bob = evaluations.get_evaluation(db, made["bob"].id)  # email matched ignoring case/spaces
    assert (bob.other_comments, bob.consent_to_quote) == ("Ask the manager about supervision time", False)
    again = evaluation_import.import_evaluations(db, FIXTURES / "responses.csv")
    assert (again.created, again.unchanged, again.kept) == (0, 3, ())
    assert evaluations.get_evaluation(db, made["ann"].id).version == ann.version


def test_an_evaluation_entered_by_hand_is_kept_and_the_difference_listed(db, dsl_session):
    _, made = dsl_session
    evaluations.save_evaluation(db, made["dan"].id, EvaluationForm(overall_rating=1))
    result = evaluation_import.import_evaluations(db, FIXTURES / "responses.csv")
    assert result.created == 2
    assert [(k.line, k.email) for k in result.kept] == [(4, "dan.dyer@school.org")]
    assert "already has an evaluation with different answers" in result.kept[0].reason
    assert evaluations.get_evaluation(db, made["dan"].id).overall_rating == 1


def test_unmatched_and_absent_responses_refuse_the_file_naming_each_line(db, dsl_session):
    s, made = dsl_session
    with pytest.raises(ValidationFailed) as caught:
        evaluation_import.import_evaluations(db, FIXTURES / "unmatched.csv")
    by_line = {p.line: p.message for p in caught.value.problems}
    assert sorted(by_line) == [3, 4, 5, 6]
    assert "marked absent" in by_line[3]
    assert "Nobody with the email nobody@example.org is booked" in by_line[4]
    assert "no course with the code 'NOPE'" in by_line[5]
    assert "DSL-REF has no session on 16/06/2022" in by_line[6]
    assert "Nothing was saved." in str(caught.value)
    # Said for the app and the command line alike: no flag in the shared sentence.
    assert "set them aside and import the rest" in caught.value.summary
    assert "--" not in caught.value.summary
    assert evaluations.list_attendees(db, s.id, evaluated=True) == []  # not even line 2


def test_the_command_line_adds_how_to_set_unmatched_responses_aside(db, db_url, dsl_session,
                                                                      capsys):
    from pscp_training.cli import main

    code = main(["--db", db_url, "evaluations", "import", str(FIXTURES / "unmatched.csv")])
    err = capsys.readouterr().err
    assert code == 2
    assert "--skip-unmatched sets them aside and imports the rest" in err


def test_unmatched_responses_can_be_set_aside_and_are_listed_not_dropped(db, dsl_session):
    s, made = dsl_session
    result = evaluation_import.import_evaluations(
        db, FIXTURES / "unmatched.csv", skip_unmatched=True
    )
    assert result.created == 1
    assert [u.line for u in result.unmatched] == [3, 4, 5, 6]
    assert [a.booking_id for a in evaluations.list_attendees(db, s.id, evaluated=True)] == [
        made["ann"].id
    ]


def test_invalid_values_are_named_by_line_column_and_value(db, dsl_session):
    with pytest.raises(ValidationFailed) as caught:
        evaluation_import.import_evaluations(db, FIXTURES / "invalid.csv")
    found = {(p.line, p.column, p.value) for p in caught.value.problems}
    assert (2, "overall_rating", "7") in found
    assert (3, "email", "not-an-email") in found
    assert (4, "session_date", "next tuesday") in found
    assert (5, "consent_to_quote", "maybe") in found
    assert (6, "email", None) in found
    text = str(caught.value)
    assert "line 2, column 'overall_rating' (value '7'): This must be a whole number from 1 to 5." in text


def test_an_online_form_workbook_is_read_through_a_column_mapping(db, dsl_session):
    s, made = dsl_session
    mapping = read_mapping(FIXTURES / "online-form-mapping.txt")
    dry = evaluation_import.import_evaluations(
        db, FIXTURES / "online-form.xlsx", mapping=mapping, dry_run=True
    )
    assert (dry.dry_run, dry.created) == (True, 2)
    assert evaluations.get_evaluation(db, made["ann"].id) is None  # a dry run writes nothing
    assert any("ID, Start time" in w for w in dry.warnings)
    evaluation_import.import_evaluations(db, FIXTURES / "online-form.xlsx", mapping=mapping)
    ann = evaluations.get_evaluation(db, made["ann"].id)
    assert (ann.overall_rating, ann.objectives_met, ann.consent_to_quote) == (5, 4, True)
    bob = evaluations.get_evaluation(db, made["bob"].id)
    assert (bob.confidence_before, bob.confidence_after, bob.consent_to_quote) == (5, 7, False)


def test_without_the_mapping_the_missing_columns_are_named(db, dsl_session):
    with pytest.raises(ValidationFailed) as caught:
        evaluation_import.import_evaluations(db, FIXTURES / "online-form.xlsx")
    assert {p.column for p in caught.value.problems} == {"email", "course_code", "session_date"}
    assert all(p.line == 1 for p in caught.value.problems)


def test_a_stopped_import_saves_nothing(db, dsl_session):
    s, _ = dsl_session
    with pytest.raises(Cancelled):
        evaluation_import.import_evaluations(
            db, FIXTURES / "responses.csv", progress=lambda done, total: done < 2
        )
    assert evaluations.list_attendees(db, s.id, evaluated=True) == []


def test_an_imported_comment_without_consent_stays_out_of_the_summary(db, dsl_session):
    s, _ = dsl_session
    evaluation_import.import_evaluations(db, FIXTURES / "responses.csv")
    summary = evaluation_summaries.summarise_session(db, s.id)
    texts = [c.text for c in summary.comments]
    assert texts == ["I will write down concerns the same day, in the child's words."]
    assert "supervision" not in repr(summary)


def test_a_second_response_for_the_same_booking_is_refused(db, dsl_session, tmp_path):
    doubled = tmp_path / "doubled.csv"
    lines = (FIXTURES / "responses.csv").read_text().splitlines()
    doubled.write_text("\n".join([*lines, lines[1]]) + "\n")
    with pytest.raises(ValidationFailed) as caught:
        evaluation_import.import_evaluations(db, doubled)
    assert [(p.line, "line 2" in p.message) for p in caught.value.problems] == [(5, True)]
    assert "1 response repeats an earlier one. Nothing was saved." in caught.value.summary

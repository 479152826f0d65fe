"""Importing evaluations from an online-form export: match to bookings, all or nothing."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Course, Delegate, TrainingSession
from pscp_training.db.models_evaluation import Evaluation
from pscp_training.domain.errors import Cancelled, Problem, ValidationFailed
from pscp_training.domain.evaluation_records import (
    EvaluationImportResult,
    EvaluationSource,
    SetAsideResponse,
)
from pscp_training.domain.identity import email_key
from pscp_training.domain.wording import plural
from pscp_training.domain.years import to_local
from pscp_training.register.evaluation_import import EvaluationFile, EvaluationRow, read_evaluations
from pscp_training.services.evaluations.evaluations import (
    clean_form,
    why_not_evaluable,
    write_evaluation,
)

Progress = Callable[[int, int], bool]


class _DryRun(Exception):
    def __init__(self, result: EvaluationImportResult):
        self.result = result


def _same_answers(row: Evaluation, evaluation_row: EvaluationRow) -> bool:
    form = clean_form(evaluation_row.form)
    return all(getattr(row, name) == getattr(form, name) for name in form.__dataclass_fields__)


def _aside(row: EvaluationRow, reason: str) -> SetAsideResponse:
    return SetAsideResponse(
        row.line, row.email, row.course_code, f"{row.session_date:%d/%m/%Y}", reason
    )


class _Matcher:
    """Finds the booking each response belongs to, with a few queries for the whole file."""

    def __init__(self, session: Session, rows: list[EvaluationRow]):
        codes = {row.course_code.casefold() for row in rows}
        self.courses = {
            c.code.casefold(): c
            for c in session.scalars(select(Course).where(func.lower(Course.code).in_(codes)))
        }
        self.sessions: dict[tuple[int, date], list[TrainingSession]] = {}
        course_ids = [c.id for c in self.courses.values()]
        # Lock the sessions so that no register is re-marked while the import checks it.
        query = (
            select(TrainingSession)
            .where(TrainingSession.course_id.in_(course_ids))
            .order_by(TrainingSession.id)
            .with_for_update(of=TrainingSession)
        )
        for found in session.scalars(query):
            day = to_local(found.start_at).date()
            self.sessions.setdefault((found.course_id, day), []).append(found)
        keys = {email_key(row.email) for row in rows}
        self.delegates = {
            d.email_key: d for d in session.scalars(select(Delegate).where(Delegate.email_key.in_(keys)))
        }
        delegate_ids = [d.id for d in self.delegates.values()]
        self.bookings = {
            (b.session_id, b.delegate_id): b
            for b in session.scalars(select(Booking).where(Booking.delegate_id.in_(delegate_ids)))
        }
        booking_ids = [b.id for b in self.bookings.values()]
        self.evaluations = {
            e.booking_id: e
            for e in session.scalars(select(Evaluation).where(Evaluation.booking_id.in_(booking_ids)))
        }

    def booking_for(self, row: EvaluationRow) -> Booking | str:
        """The attended booking a response belongs to, or the reason it has none."""
        course = self.courses.get(row.course_code.casefold())
        if course is None:
            return f"There is no course with the code '{row.course_code}'."
        candidates = self.sessions.get((course.id, row.session_date), [])
        if row.session_time is not None and len(candidates) > 1:
            candidates = [
                s for s in candidates if to_local(s.start_at).time() == row.session_time
            ]
        when = f"{row.session_date:%d/%m/%Y}"
        if not candidates:
            return f"Course {course.code} has no session on {when}."
        if len(candidates) > 1:
            return (
                f"Course {course.code} has {len(candidates)} sessions on {when}; add the start "
                "time to the date (e.g. 2022-06-15 09:30) to say which."
            )
        delegate = self.delegates.get(email_key(row.email))
        booking = (
            self.bookings.get((candidates[0].id, delegate.id)) if delegate is not None else None
        )
        if booking is None:
            return f"Nobody with the email {row.email} is booked on the {when} session of {course.code}."
        return why_not_evaluable(booking) or booking


def import_evaluations(
    db: Database,
    path: str | Path,
    *,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    skip_unmatched: bool = False,
    progress: Progress | None = None,
) -> EvaluationImportResult:
    """Import a file of evaluations: every response saved, or none.

    Responses that match no attended booking refuse the whole file (listed by
    line) unless `skip_unmatched`, which imports the others and lists them in
    the result. Importing the same file again changes nothing; a booking that
    already has different answers keeps them (listed in `kept`).
    Raises ValidationFailed (file problems, unmatched or duplicate responses),
    Cancelled (progress returned False; nothing was saved).
    """
    evaluation_file = read_evaluations(path, mapping)
    try:
        with db.write() as session:
            return _import(session, evaluation_file, dry_run, skip_unmatched, progress)
    except _DryRun as done:
        return done.result


def _import(
    session: Session,
    evaluation_file: EvaluationFile,
    dry_run: bool,
    skip_unmatched: bool,
    progress: Progress | None,
) -> EvaluationImportResult:
    rows = evaluation_file.rows
    matcher = _Matcher(session, rows)
    unmatched: list[SetAsideResponse] = []
    matched: list[tuple[EvaluationRow, Booking]] = []
    first_line: dict[int, int] = {}
    duplicates: list[Problem] = []
    for row in rows:
        found = matcher.booking_for(row)
        if isinstance(found, str):
            unmatched.append(_aside(row, found))
            continue
        if found.id in first_line:
            duplicates.append(
                Problem(row.line, "email", row.email,
                        f"This is a second response from the same delegate for the same session "
                        f"(the first is on line {first_line[found.id]}); delete one of them.")
            )
            continue
        first_line[found.id] = row.line
        matched.append((row, found))
    refused = [] if skip_unmatched else [Problem(u.line, None, u.email, u.reason) for u in unmatched]
    if refused or duplicates:
        reasons = []
        if refused:
            reasons.append(
                f"{plural(len(refused), 'response')} could not be matched to an attended "
                "booking; correct them, or choose to set them aside and import the rest"
            )
        if duplicates:
            reasons.append(f"{plural(len(duplicates), 'response')} "
                           f"{'repeats' if len(duplicates) == 1 else 'repeat'} an earlier one")
        raise ValidationFailed(
            f"{evaluation_file.name} was not imported: " + "; ".join(reasons)
            + ". Nothing was saved.",
            sorted(refused + duplicates, key=lambda p: p.line or 0),
            evaluation_file.warnings,
        )
    created = unchanged = 0
    kept: list[SetAsideResponse] = []
    for done, (row, booking) in enumerate(matched, start=1):
        existing = matcher.evaluations.get(booking.id)
        if existing is None:
            write_evaluation(session, booking, row.form, EvaluationSource.IMPORTED)
            created += 1
        elif _same_answers(existing, row):
            unchanged += 1
        else:
            kept.append(
                _aside(row, f"{booking.delegate.first_name} {booking.delegate.last_name} already "
                       "has an evaluation with different answers for this session; it was kept.")
            )
        if progress is not None and not progress(done, len(matched)):
            raise Cancelled("The import was stopped; nothing of it was saved.")
    result = EvaluationImportResult(
        file_name=evaluation_file.name,
        responses=len(rows),
        created=created,
        unchanged=unchanged,
        kept=tuple(kept),
        unmatched=tuple(unmatched),
        warnings=tuple(evaluation_file.warnings),
        dry_run=dry_run,
    )
    if dry_run:
        raise _DryRun(result)
    return result

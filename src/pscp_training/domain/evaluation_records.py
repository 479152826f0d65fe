"""Delegate evaluations as plain values: the form, the records, and the summaries of them."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from pscp_training.domain.errors import Problem


class EvaluationSource(StrEnum):
    ENTERED = "entered"
    IMPORTED = "imported"


# The questions as the training team asks them: (field, label, lowest, highest).
RATING_QUESTIONS: tuple[tuple[str, str, int, int], ...] = (
    ("overall_rating", "Overall rating", 1, 5),
    ("objectives_met", "Learning objectives met", 1, 5),
    ("confidence_before", "Confidence before the course", 0, 10),
    ("confidence_after", "Confidence after the course", 0, 10),
)
TEXT_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("practice_change", "What will you do differently in your practice?"),
    ("other_comments", "Anything else?"),
)
RATING_LABELS = {name: label for name, label, _, _ in RATING_QUESTIONS}
RATING_RANGES = {name: (low, high) for name, _, low, high in RATING_QUESTIONS}
HOLD_BACK_SETTING = "certificates_need_evaluation"


@dataclass(frozen=True)
class EvaluationForm:
    """What a delegate answered; a question left unanswered is None."""

    overall_rating: int | None = None
    objectives_met: int | None = None
    confidence_before: int | None = None
    confidence_after: int | None = None
    practice_change: str | None = None
    other_comments: str | None = None
    consent_to_quote: bool = False

    def problems(self, line: int | None = None) -> list[Problem]:
        """Every answer out of range, and an evaluation with no answer at all."""
        found: list[Problem] = []
        for name, label, low, high in RATING_QUESTIONS:
            value = getattr(self, name)
            if value is not None and not (
                isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
            ):
                found.append(
                    Problem(line, label, str(value),
                            f"{label} must be a whole number from {low} to {high}.")
                )
        if self.is_empty():
            found.append(Problem(line, None, None, "The evaluation has no answers at all."))
        return found

    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name, *_ in RATING_QUESTIONS) and not any(
            (getattr(self, name) or "").strip() for name, _ in TEXT_QUESTIONS
        )


@dataclass(frozen=True)
class EvaluationRecord:
    id: int
    booking_id: int
    session_id: int
    delegate_id: int
    delegate_name: str
    overall_rating: int | None
    objectives_met: int | None
    confidence_before: int | None
    confidence_after: int | None
    practice_change: str | None
    other_comments: str | None
    consent_to_quote: bool
    source: EvaluationSource
    created_at: datetime
    updated_at: datetime
    version: int

    @property
    def form(self) -> EvaluationForm:
        return EvaluationForm(
            overall_rating=self.overall_rating,
            objectives_met=self.objectives_met,
            confidence_before=self.confidence_before,
            confidence_after=self.confidence_after,
            practice_change=self.practice_change,
            other_comments=self.other_comments,
            consent_to_quote=self.consent_to_quote,
        )


@dataclass(frozen=True)
class AttendeeEvaluation:
    """A delegate who attended a session, and their evaluation if it is in."""

    booking_id: int
    delegate_id: int
    first_name: str
    last_name: str
    email: str | None
    organisation: str | None
    evaluation: EvaluationRecord | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class RatingSummary:
    """One rating question: how many answered, the mean, and how many gave each score."""

    question: str
    label: str
    low: int
    high: int
    answered: int
    mean: float | None
    distribution: tuple[tuple[int, int], ...]  # (score, how many), every score low..high


@dataclass(frozen=True)
class ConfidenceGain:
    """Confidence after minus before, over the evaluations that answered both."""

    answered: int
    mean_before: float | None
    mean_after: float | None
    mean_gain: float | None
    improved: int
    same: int
    worse: int


@dataclass(frozen=True)
class QuotableComment:
    """A comment whose author consented to be quoted anonymously; no name travels with it."""

    question: str
    text: str
    course_code: str
    session_start: datetime


@dataclass(frozen=True)
class SummaryLine:
    """One line of a breakdown: a session within a course, or a course within a year."""

    label: str
    attendances: int
    evaluations: int
    response_rate: float | None
    mean_overall: float | None
    mean_gain: float | None


@dataclass(frozen=True)
class EvaluationSummary:
    """The evaluations of a session, a course or a financial year, ready to show or print."""

    scope: str  # "session", "course" or "year"
    title: str
    sessions: int
    attendances: int
    evaluations: int
    ratings: tuple[RatingSummary, ...]
    confidence: ConfidenceGain
    comments: tuple[QuotableComment, ...]
    breakdown: tuple[SummaryLine, ...] = field(default=())

    @property
    def response_rate(self) -> float | None:
        return self.evaluations / self.attendances if self.attendances else None

    def rating(self, question: str) -> RatingSummary:
        return next(r for r in self.ratings if r.question == question)


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.0f}%"


def one_decimal(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


@dataclass(frozen=True)
class SetAsideResponse:
    """A response from a file that was not imported, with the reason in a sentence."""

    line: int
    email: str
    course_code: str
    session_date: str
    reason: str


@dataclass(frozen=True)
class EvaluationImportResult:
    """What an import of evaluations did (or, on a dry run, would do)."""

    file_name: str
    responses: int
    created: int
    unchanged: int
    # Matched a booking that already has different answers: the evaluation on file is kept.
    kept: tuple[SetAsideResponse, ...]
    # Matched no attended booking: only imported past with skip_unmatched, and listed here.
    unmatched: tuple[SetAsideResponse, ...]
    warnings: tuple[str, ...]
    dry_run: bool

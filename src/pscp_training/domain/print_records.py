"""Records the printed documents are drawn from: certificates, sign-in sheets, session summaries."""

from dataclasses import dataclass, field
from datetime import date, datetime

from pscp_training.domain.evaluation_records import EvaluationSummary


@dataclass(frozen=True)
class CertificateData:
    """One certificate of attendance, as it prints."""

    number: str
    delegate_name: str
    course_title: str
    first_day: date
    last_day: date  # the same as first_day for a session within one day
    duration_minutes: int | None
    partnership_name: str
    signatory_name: str = ""
    signatory_role: str = ""
    logo_png: bytes | None = field(default=None, repr=False)
    organisation: str | None = None


@dataclass(frozen=True)
class SignInRow:
    """One confirmed delegate on a sign-in sheet."""

    name: str
    organisation: str | None


@dataclass(frozen=True)
class SignInSheetData:
    """An in-person session's sign-in sheet: the session header, the delegates, blank rows."""

    partnership_name: str
    course_code: str
    course_title: str
    start: datetime  # local (Europe/London) time
    end: datetime | None
    venue: str | None
    trainers: str | None
    delegates: tuple[SignInRow, ...]
    blank_rows: int  # for walk-ins, who write their own name in


@dataclass(frozen=True)
class SummaryBooking:
    """A delegate on a session summary and what became of their booking."""

    name: str
    organisation: str | None
    status: str  # as a trainer reads it: Attended, Absent, Not marked, Waiting list (2) ...
    walk_in: bool = False


@dataclass(frozen=True)
class SessionSummaryData:
    """A trainer's one-page account of a session: details, figures, delegates, evaluations."""

    partnership_name: str
    course_code: str
    course_title: str
    agency: str  # "Multi-agency" or "Single-agency"
    start: datetime  # local (Europe/London) time
    end: datetime | None
    delivery: str
    venue: str | None
    trainers: str | None
    status: str
    capacity: int | None
    booked: int
    attended: int
    absent: int
    unmarked: int
    walk_ins: int
    waitlisted: int
    cancelled: int
    late_cancellations: int
    headcount: int  # unnamed attendees of a single-agency session
    bookings: tuple[SummaryBooking, ...]
    headcounts: tuple[tuple[str, int], ...] = ()  # (organisation, unnamed attendees)
    # The session's evaluations (services.evaluation_summaries); None when none is in yet.
    evaluation: EvaluationSummary | None = None

    @property
    def attendance_pct(self) -> float | None:
        return None if self.booked == 0 else round(self.attended * 100 / self.booked, 1)

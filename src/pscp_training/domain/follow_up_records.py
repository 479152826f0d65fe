"""Kinds and frozen records of the follow-up work: reasons, substitutions, charges, messages."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ChargeKind(StrEnum):
    NO_SHOW = "no_show"
    LATE_CANCELLATION = "late_cancellation"

    @property
    def label(self) -> str:
        return "No-show" if self is ChargeKind.NO_SHOW else "Late cancellation"


class MessageKind(StrEnum):
    CONFIRMATION = "confirmation"
    PLACE_OFFERED = "place_offered"
    REMINDER = "reminder"
    SESSION_CANCELLED = "session_cancelled"
    NON_ATTENDANCE = "non_attendance"
    BOOKING_CANCELLED = "booking_cancelled"
    BOOKING_TRANSFERRED = "booking_transferred"
    PLACE_PASSED_ON = "place_passed_on"
    SESSION_CHANGED = "session_changed"

    @property
    def label(self) -> str:
        return {
            "confirmation": "Booking confirmation",
            "place_offered": "Waiting-list place offered",
            "reminder": "Reminder",
            "session_cancelled": "Session cancelled",
            "non_attendance": "Non-attendance notice",
            "booking_cancelled": "Booking cancelled",
            "booking_transferred": "Booking moved to another session",
            "place_passed_on": "Place passed to a colleague",
            "session_changed": "Session changed",
        }[self.value]


@dataclass(frozen=True)
class PersonDetails:
    """A person as typed on a form or a sign-in sheet: found or created as a delegate."""

    first_name: str
    last_name: str
    email: str | None = None
    organisation: str | None = None
    sector: str | None = None
    job_role: str | None = None


@dataclass(frozen=True)
class ReasonRecord:
    id: int
    code: str
    label: str
    active: bool
    sort_order: int


@dataclass(frozen=True)
class ReasonCount:
    """One line of the year's non-attendance table."""

    reason: str
    absences: int
    late_cancellations: int

    @property
    def total(self) -> int:
        return self.absences + self.late_cancellations


@dataclass(frozen=True)
class FollowUpRecord:
    """A booking that needs following up: an absence or a late cancellation."""

    booking_id: int
    session_id: int
    delegate: str
    email: str | None
    organisation: str | None
    course_title: str
    session_start: datetime
    kind: ChargeKind
    reason: str | None
    reason_note: str | None
    manager_email: str | None


@dataclass(frozen=True)
class SubstitutionResult:
    """The original booking (now substituted) and the colleague's booking that holds the place."""

    original_booking_id: int
    colleague_booking_id: int
    colleague: str
    organisation: str | None


@dataclass(frozen=True)
class ChargeRecord:
    """One line of the ledger."""

    id: int
    booking_id: int
    organisation_id: int
    organisation: str
    sector: str | None
    delegate: str
    course_code: str
    course_title: str
    session_start: datetime
    kind: ChargeKind
    reason: str | None
    amount_pence: int
    waived: bool
    waiver_note: str | None

    @property
    def due_pence(self) -> int:
        return 0 if self.waived else self.amount_pence


@dataclass(frozen=True)
class OrganisationStatement:
    """The charges of one organisation over a period: one PDF statement for finance."""

    organisation: str
    sector: str | None
    period_label: str
    charges: tuple[ChargeRecord, ...]

    @property
    def total_pence(self) -> int:
        return sum(c.due_pence for c in self.charges)

    @property
    def waived_pence(self) -> int:
        return sum(c.amount_pence for c in self.charges if c.waived)


@dataclass(frozen=True)
class MessageRecord:
    id: int
    booking_id: int
    kind: MessageKind
    recipients: str
    copy_to: str | None
    subject: str
    sent_at: datetime
    transport: str
    detail: str | None


@dataclass(frozen=True)
class SendOutcome:
    """What a send run did: messages sent, those already sent before, and failures."""

    sent: tuple[MessageRecord, ...]
    skipped: tuple[str, ...]
    failed: tuple[str, ...]
    would_send: tuple[str, ...] = ()
    # People the message was meant for who have no email address: not a failure of
    # sending (nothing could have gone), so a scheduled run does not report one.
    no_email: tuple[str, ...] = ()

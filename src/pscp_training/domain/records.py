"""Frozen records that services return and the UI, command line and PDFs read.

They carry plain values only (no live database objects), so a screen can hold
them for as long as it likes and a PDF can be drawn from them anywhere.
"""

from dataclasses import dataclass
from datetime import datetime

from pscp_training.domain.enums import Agency, Attendance, BookingStatus, Delivery, SessionStatus


@dataclass(frozen=True)
class SectorRecord:
    id: int
    name: str
    sort_order: int
    retired: bool = False  # kept for past figures, not offered for new organisations


@dataclass(frozen=True)
class OrganisationRecord:
    id: int
    name: str
    sector: str
    org_type: str | None
    active: bool
    version: int  # the version an edit of it starts from (optimistic locking)


@dataclass(frozen=True)
class DelegateRecord:
    id: int
    first_name: str
    last_name: str
    email: str | None
    job_role: str | None
    organisation_id: int | None
    organisation: str | None
    sector: str | None
    version: int  # the version an edit of it starts from (optimistic locking)
    phone: str | None = None
    safeguarding_role: str | None = None  # "dsl", "deputy_dsl" (domain.refreshers) or none

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class CourseRecord:
    id: int
    code: str
    title: str
    category: str | None
    agency: Agency
    default_duration_minutes: int | None
    default_capacity: int | None
    description: str | None
    active: bool
    version: int  # the version an edit of it starts from (optimistic locking)
    audience: str | None = None
    learning_outcomes: str | None = None  # one outcome a line
    how_to_book: str | None = None  # a web address or an email address


@dataclass(frozen=True)
class SessionRecord:
    id: int
    course_id: int
    course_code: str
    course_title: str
    course_category: str | None
    agency: Agency
    start: datetime
    end: datetime | None
    delivery: Delivery
    venue: str | None
    capacity: int | None
    trainers: str | None
    status: SessionStatus
    commissioning_organisation: str | None
    notes: str | None
    booked: int
    waitlisted: int
    attended: int
    version: int
    # Unnamed attendees a single-agency session's headcounts record (0 where none).
    headcount: int = 0
    unmarked: int = 0  # confirmed places whose register mark is still to be made

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.booked, 0)

    @property
    def duration_minutes(self) -> int | None:
        if self.end is None:
            return None
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True)
class BookingRecord:
    id: int
    session_id: int
    delegate_id: int
    first_name: str
    last_name: str
    email: str | None
    organisation: str | None
    sector: str | None
    status: BookingStatus
    waitlist_position: int | None
    booked_at: datetime | None
    cancelled_at: datetime | None
    late_cancellation: bool
    walk_in: bool
    attendance: Attendance
    version: int
    # On a place passed to a colleague: the colleague who took it over, where known.
    substituted_by: str | None = None
    phone: str | None = None  # to ring them (a cancelled session); never printed for others

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class HeadcountRecord:
    id: int
    session_id: int
    organisation: str
    sector: str
    count: int


@dataclass(frozen=True)
class CancelResult:
    """A cancelled booking, whether it was late, and who was promoted into the place."""

    cancelled: BookingRecord
    late: bool
    promoted: BookingRecord | None


@dataclass(frozen=True)
class SessionCancelResult:
    """A cancelled session and the people who had a place or a waiting-list place on it."""

    session: SessionRecord
    to_tell: tuple[BookingRecord, ...]

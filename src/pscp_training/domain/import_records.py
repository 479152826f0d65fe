"""The rows of an imported register, normalised, and the summary an import reports."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from pscp_training.domain.enums import Agency, Attendance, BookingStatus, Delivery, SessionStatus
from pscp_training.domain.wording import plural

# What an import counts, in the order the summary lists them.
KINDS: tuple[str, ...] = (
    "courses",
    "sessions",
    "delegates",
    "organisations",
    "sectors",
    "bookings",
    "headcounts",
)


class RowKind(StrEnum):
    BOOKING = "booking"
    HEADCOUNT = "headcount"
    SESSION = "session"


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One valid line of the booking register, trimmed and with enumerations resolved.

    Times are aware UTC instants. A value whose column is absent from the file is
    None, so that an import leaves what the database holds for it alone.
    """

    line: int
    kind: RowKind
    course_code: str
    course_title: str
    course_category: str | None
    agency: Agency
    commissioning_organisation: str | None
    session_start: datetime
    session_end: datetime | None
    delivery: Delivery
    venue: str | None
    capacity: int | None
    trainers: str | None
    session_status: SessionStatus | None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    job_role: str | None = None
    organisation: str | None = None
    sector: str | None = None
    booking_status: BookingStatus | None = None
    booked_at: datetime | None = None
    cancelled_at: datetime | None = None
    attendance: Attendance | None = None
    walk_in: bool | None = None
    headcount: int | None = None


@dataclass(frozen=True, slots=True)
class OrganisationRow:
    """One valid line of the organisation register."""

    line: int
    name: str
    sector: str
    org_type: str | None


def _counts() -> dict[str, int]:
    return dict.fromkeys(KINDS, 0)


@dataclass(frozen=True)
class ImportSummary:
    """What an import added and updated (or would, on a dry run), and its warnings."""

    source: str
    rows: int
    added: dict[str, int] = field(default_factory=_counts)
    updated: dict[str, int] = field(default_factory=_counts)
    merged_duplicates: int = 0
    warnings: tuple[str, ...] = ()
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        """Whether the import changed (or would change) anything at all."""
        return any(self.added.values()) or any(self.updated.values())

    def lines(self) -> list[str]:
        """The summary as lines of text, as the command line prints it."""
        verb = "Checked" if self.dry_run else "Imported"
        rows = plural(self.rows, "row")
        out = [f"{verb} {self.source}: {rows}."]
        if self.dry_run:
            out.append("Dry run: nothing was written. Importing it would change:")
        width = max(len(kind) for kind in KINDS)
        for kind in KINDS:
            added, updated = self.added.get(kind, 0), self.updated.get(kind, 0)
            out.append(f"  {kind.capitalize():<{width}}  {added:>7,} added  {updated:>7,} updated")
        if self.merged_duplicates:
            out.append(
                f"{self.merged_duplicates:,} duplicate row"
                + (" was" if self.merged_duplicates == 1 else "s were")
                + " merged with an identical earlier row."
            )
        if not self.changed:
            outcome = "nothing would change" if self.dry_run else "nothing changed"
            out.append(f"Everything in the file is already in the database: {outcome}.")
        if self.warnings:
            out.append(f"Warnings ({len(self.warnings):,}):")
            out.extend(f"  - {warning}" for warning in self.warnings)
        return out

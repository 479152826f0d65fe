"""Bookings from another system (Eventbrite, Microsoft Forms, Google Forms): the records.

A mapping says which of the file's columns holds each of our fields and how
its values translate (an Eventbrite `Attendee Status` of `Checked In` is our
`attended`). The ready-made mappings ship with the app; the team's own are
kept in the database by name (services/imports/booking_mappings.py).
"""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from pscp_training.domain.errors import InputError


class Arrival(StrEnum):
    """What a line of another system's export means for the booking."""

    BOOKED = "booked"  # a place (or the waiting list), the register left unmarked
    ATTENDED = "attended"  # checked in on the day: a place, marked attended
    CANCELLED = "cancelled"  # holds no place: a booking is cancelled, none is made


# Our fields, in the order the wizard lists them, with what a person reads.
FIELDS: dict[str, str] = {
    "session": "Session (a column naming it)",
    "first_name": "First name",
    "last_name": "Last name",
    "full_name": "Full name (one column)",
    "email": "Email",
    "organisation": "Organisation",
    "sector": "Sector",
    "job_role": "Job role",
    "phone": "Phone",
    "status": "Booking status",
    "booked_at": "Booked at (the time of asking)",
}
TRANSLATED = ("status", "session")  # fields whose values the mapping translates


@dataclass(frozen=True)
class BookingMapping:
    """Our field -> the file's column (by its header), and value translations per field.

    `columns` may give several headers for one field (a ready-made mapping's
    alternatives, first found wins); `values[field]` maps a file value (compared
    case-insensitively) to ours: an Arrival for `status`, a session id for `session`.
    """

    name: str
    columns: dict[str, tuple[str, ...]]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    ready_made: bool = False
    header: tuple[str, ...] = ()  # the columns of the file it was saved from (offered again)

    def column(self, name: str) -> str | None:
        found = self.columns.get(name) or ()
        return found[0] if found else None


EVENTBRITE_STATUSES = {
    "attending": Arrival.BOOKED.value,
    "checked in": Arrival.ATTENDED.value,
    "not attending": Arrival.CANCELLED.value,
    "cancelled": Arrival.CANCELLED.value,
    "canceled": Arrival.CANCELLED.value,
    "refunded": Arrival.CANCELLED.value,
    "transferred": Arrival.CANCELLED.value,
    "deleted": Arrival.CANCELLED.value,
}
_ORGANISATION = ("Organisation", "Organization", "Company", "Organisation name",
                 "Organization name", "Employer", "Agency", "School", "Name of organisation",
                 "Which organisation do you work for?", "Which organization do you work for?")
_JOB = ("Job Title", "Job title", "Job role", "Role", "Your role", "Position")
_PHONE = ("Phone", "Work Phone", "Cell Phone", "Mobile", "Telephone", "Phone number",
          "Mobile number", "Telephone number")
_SECTOR = ("Sector", "Which sector do you work in?")

READY_MADE: tuple[BookingMapping, ...] = (
    BookingMapping(
        "Eventbrite attendees",
        {
            "first_name": ("First Name",),
            "last_name": ("Last Name",),
            "email": ("Email", "Email Address"),
            "organisation": _ORGANISATION,
            "sector": _SECTOR,
            "job_role": _JOB,
            "phone": _PHONE,
            "status": ("Attendee Status",),
            "booked_at": ("Order Date",),
        },
        {"status": EVENTBRITE_STATUSES},
        ready_made=True,
        header=("Order #", "Order Date", "First Name", "Last Name", "Email", "Ticket Type",
                "Attendee Status"),
    ),
    BookingMapping(
        "Microsoft Forms",
        {
            "full_name": ("Name",),
            "first_name": ("First name", "First Name", "Forename"),
            "last_name": ("Last name", "Last Name", "Surname"),
            "email": ("Email", "Email address", "Work email", "Email Address"),
            "organisation": _ORGANISATION,
            "sector": _SECTOR,
            "job_role": _JOB,
            "phone": _PHONE,
            "booked_at": ("Completion time", "Start time"),
        },
        ready_made=True,
        header=("ID", "Start time", "Completion time", "Email", "Name"),
    ),
    BookingMapping(
        "Google Forms",
        {
            "full_name": ("Name", "Full name", "Your name"),
            "first_name": ("First name", "First Name", "Forename"),
            "last_name": ("Last name", "Last Name", "Surname"),
            "email": ("Email Address", "Email", "Email address"),
            "organisation": _ORGANISATION,
            "sector": _SECTOR,
            "job_role": _JOB,
            "phone": _PHONE,
            "booked_at": ("Timestamp",),
        },
        ready_made=True,
        header=("Timestamp", "Email Address"),
    ),
)


def ready_made(name: str) -> BookingMapping | None:
    wanted = " ".join(name.split()).casefold()
    return next((m for m in READY_MADE if m.name.casefold() == wanted), None)


@dataclass(frozen=True)
class ArrivalRow:
    """One person of the file, read and checked: who, where they work, what they asked."""

    line: int
    first_name: str
    last_name: str
    email: str | None
    organisation: str | None
    sector: str | None
    job_role: str | None
    phone: str | None
    arrival: Arrival
    booked_at: datetime | None
    session_id: int


@dataclass(frozen=True)
class OrganisationMatch:
    """A name in the file and the known organisation it is taken to be (None: a new one).

    `exact` matches (the same name but for case and spacing) need no confirmation;
    the others are proposed to the person (St/Saint, "Primary School"/"Primary", ...).
    """

    name: str
    organisation: str | None
    sector: str | None
    exact: bool


class SectorsNeeded(InputError):
    """New organisations in the file whose sector nobody has said (exit status 2)."""

    def __init__(self, names: list[str]):
        self.names = list(names)
        listed = ", ".join(f"'{n}'" for n in self.names)
        super().__init__(
            f"These organisations are new, so their sector is needed: {listed}. Say it once "
            "for each (on the command line: --sector \"ORGANISATION=SECTOR\")."
        )


@dataclass(frozen=True)
class ArrivalCheck:
    """What importing the file would do, before anything is written: for the wizard and --dry-run."""

    source: str
    rows: int
    matches: tuple[OrganisationMatch, ...]
    new_organisations: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    sectors_in_file: dict[str, str] = field(default_factory=dict)  # new organisation -> sector

    @property
    def sectors_needed(self) -> tuple[str, ...]:
        """The new organisations whose sector the file does not give: asked once each."""
        return tuple(n for n in self.new_organisations if n not in self.sectors_in_file)


@dataclass(frozen=True)
class ArrivalSummary:
    """What an import did (or, with dry_run, would do)."""

    source: str
    rows: int
    added: int  # bookings made (places and waiting-list places)
    waitlisted: int  # of those, on the waiting list
    updated: int  # bookings whose status or attendance changed
    unchanged: int
    new_delegates: int
    new_organisations: int
    matches: tuple[OrganisationMatch, ...] = ()
    warnings: tuple[str, ...] = ()
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.new_delegates or self.new_organisations)

    def lines(self) -> list[str]:
        head = "Would import" if self.dry_run else "Imported"
        out = [
            f"{head} {self.source}: {self.rows} row{'s' if self.rows != 1 else ''}.",
            f"  bookings added: {self.added} (of them on the waiting list: {self.waitlisted})",
            f"  bookings updated: {self.updated}",
            f"  unchanged: {self.unchanged}",
            f"  new delegates: {self.new_delegates}",
            f"  new organisations: {self.new_organisations}",
        ]
        for match in self.matches:
            if not match.exact and match.organisation:
                out.append(f"  organisation '{match.name}' taken as '{match.organisation}'")
        if self.warnings:
            out.append("Warnings:")
            out.extend(f"  - {w}" for w in self.warnings)
        if self.dry_run:
            out.append("Nothing was written (dry run).")
        elif not self.changed:
            out.append("Nothing changed: everything in the file was already in the app.")
        return out

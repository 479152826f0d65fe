"""Rows of the delegate and organisation lists: a record with the counts shown beside it."""

from dataclasses import dataclass
from datetime import datetime

from pscp_training.domain.records import DelegateRecord, OrganisationRecord


@dataclass(frozen=True)
class DelegateSummary:
    """A delegate with how many bookings they have made and attended, and their latest session."""

    delegate: DelegateRecord
    bookings: int
    attended: int
    last_session: datetime | None


@dataclass(frozen=True)
class OrganisationSummary:
    """An organisation with how many delegates it has and whether it is on the register."""

    organisation: OrganisationRecord
    delegates: int
    registered: bool


DELEGATE_SORTS = ("name", "email", "organisation", "sector", "bookings", "attended", "last_session")
ORGANISATION_SORTS = ("name", "sector", "type", "delegates", "registered", "active")

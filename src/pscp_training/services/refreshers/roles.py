"""A delegate's safeguarding role: set from the delegate's record, the booking box, or an import."""

from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Delegate
from pscp_training.domain.errors import InputError, NotFound
from pscp_training.domain.records import BookingRecord, DelegateRecord
from pscp_training.domain.refreshers import SafeguardingRole, parse_role, role_from_job_role
from pscp_training.services.bookings import enrolment
from pscp_training.services.common.mapping import delegate_record
from pscp_training.services.common.versions import check_version
from pscp_training.services.people import people
from pscp_training.services.refreshers.refresher_settings import read_role_wordings


def checked_role(value: str | SafeguardingRole | None) -> SafeguardingRole | None:
    """Raises InputError for anything but DSL, deputy DSL or none."""
    try:
        return parse_role(value)
    except ValueError:
        raise InputError(f"'{value}' is not a safeguarding role: choose DSL, deputy DSL or none.") from None


def apply_role(session: Session, delegate_id: int, role, expected_version: int | None = None):
    """Inside an open transaction. Raises InputError, NotFound, StaleRecord."""
    chosen = checked_role(role)
    row = session.get(Delegate, delegate_id)
    if row is None:
        raise NotFound("That delegate no longer exists.")
    check_version(row, expected_version, f"{row.first_name} {row.last_name}")
    new = chosen.value if chosen else None
    if row.safeguarding_role != new:
        row.safeguarding_role = new
        session.flush()
    return row


def set_safeguarding_role(
    db: Database, delegate_id: int, role, *, expected_version: int | None = None
) -> DelegateRecord:
    """Record a delegate as DSL or deputy DSL of their organisation, or neither.
    Raises InputError, NotFound, StaleRecord."""
    with db.write() as session:
        return delegate_record(apply_role(session, delegate_id, role, expected_version))


def save_delegate_with_role(db: Database, *, safeguarding_role=None, **details) -> DelegateRecord:
    """The delegate dialog's save: the details (people.save_delegate), then the role.
    The role is checked first, so a bad one saves nothing. Raises what save_delegate raises."""
    checked_role(safeguarding_role)
    saved = people.save_delegate(db, **details)
    return set_safeguarding_role(
        db, saved.id, safeguarding_role, expected_version=saved.version
    )


def role_for_job_role(db: Database, job_role: str | None) -> SafeguardingRole | None:
    """The role a typed job title names by the team's recognised wordings (the booking box
    shows it chosen, for the coordinator to keep or change)."""
    with db.read() as session:
        return role_from_job_role(job_role, read_role_wordings(session))


def book_person_with_role(db: Database, *, safeguarding_role=None, **details) -> BookingRecord:
    """The booking box's 'Book new delegate': bookings.enrolment.book_person, then the role
    (checked first, so a bad one books nothing). Raises what book_person raises."""
    checked_role(safeguarding_role)
    booking = enrolment.book_person(db, **details)
    if safeguarding_role:
        set_safeguarding_role(db, booking.delegate_id, safeguarding_role)
    return booking

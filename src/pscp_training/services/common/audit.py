"""Reading the audit trail: a session's or a delegate's history, in words, and its export."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Course, Delegate, Organisation, Sector, TrainingSession
from pscp_training.db.models_audit import AuditEntry
from pscp_training.domain.errors import InputError
from pscp_training.domain.years import to_local
from pscp_training.register.safe_cells import SafeCsvWriter, append_safe

# How the training team calls each field, in a sentence ("changed the venue from ...").
FIELD_NAMES = {
    "capacity": "the capacity",
    "venue": "the venue",
    "start_at": "the start",
    "end_at": "the end",
    "delivery": "the delivery",
    "trainers": "the trainers",
    "status": "the status",
    "notes": "the notes",
    "course_id": "the course",
    "commissioning_organisation_id": "the commissioning organisation",
    "attendance": "the attendance",
    "waitlist_position": "the waiting-list position",
    "waitlist_move_reason": "the reason for moving them on the waiting list",
    "place_refilled": "place refilled from the waiting list",
    "booked_at": "the booking date",
    "cancelled_at": "the cancellation date",
    "late_cancellation": "late cancellation",
    "walk_in": "walk-in",
    "organisation_id": "the organisation",
    "sector_id": "the sector",
    "first_name": "the first name",
    "last_name": "the last name",
    "email": "the email",
    "email_key": None,  # internal copies of other fields: never shown
    "name_key": None,
    "job_role": "the job role",
    "phone": "the phone number",
    "code": "the code",
    "title": "the title",
    "category": "the category",
    "agency": "the agency",
    "default_capacity": "the default capacity",
    "default_duration_minutes": "the default length (minutes)",
    "description": "the description",
    "active": "active",
    "registered": "on the organisation register",
    "org_type": "the organisation type",
    "name": "the name",
    "count": "the headcount",
    "session_id": "the session",
    "delegate_id": "the delegate",
}
RECORD_NAMES = {
    "booking": "booking",
    "session": "session",
    "delegate": "delegate",
    "course": "course",
    "organisation": "organisation",
    "headcount": "headcount",
    "charge": "charge",
}
EXPORT_COLUMNS = ("when", "who", "action", "record", "record_id", "field", "before", "after")


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditLine:
    """One change as a person reads it."""

    id: int
    changed_at: datetime
    actor: str
    action: str
    record_type: str
    record_id: int
    record: str
    changes: tuple[FieldChange, ...]

    @property
    def summary(self) -> str:
        """The change in a few words: 'the venue from Civic Offices to Guildhall'."""
        if self.action == "created":
            if not self.changes:  # a row a bulk import created: its values are on the record
                return "imported (the details are on the record itself)"
            return "with " + ", ".join(f"{c.field} {c.after}" for c in self.changes)
        if self.action == "deleted":
            return "which had " + ", ".join(f"{c.field} {c.before}" for c in self.changes)
        return describe_changes(self.changes) or f"{self.action} the {self.record_type}"


class _Names:
    """Turns the ids kept in the trail into names, one query per kind."""

    LOOKUPS = {
        "organisation_id": (Organisation, lambda r: r.name),
        "commissioning_organisation_id": (Organisation, lambda r: r.name),
        "sector_id": (Sector, lambda r: r.name),
        "course_id": (Course, lambda r: f"{r.code} {r.title}"),
        "delegate_id": (Delegate, lambda r: f"{r.first_name} {r.last_name}"),
        "session_id": (TrainingSession, lambda r: _session_name(r)),
    }

    def __init__(self, session: Session):
        self.session = session
        self.cache: dict[tuple[type, int], str] = {}

    def name(self, field: str, value) -> str | None:
        lookup = self.LOOKUPS.get(field)
        if lookup is None or not isinstance(value, int):
            return None
        model, show = lookup
        if (model, value) not in self.cache:
            row = self.session.get(model, value)
            self.cache[(model, value)] = show(row) if row is not None else f"no. {value} (deleted)"
        return self.cache[(model, value)]


def _session_name(row: TrainingSession) -> str:
    return f"{row.course.title}, {to_local(row.start_at).strftime('%d %b %Y')}"


def show_value(field: str, value, names: _Names | None = None) -> str:
    """A stored value as the team would write it."""
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if names is not None and (named := names.name(field, value)):
        return named
    if isinstance(value, str) and field.endswith("_at"):
        try:
            return to_local(datetime.fromisoformat(value)).strftime("%d %b %Y %H:%M")
        except ValueError:
            return value
    return str(value).replace("_", " ") if field in {"status", "delivery"} else str(value)


def field_changes(changes_json: str, names: _Names | None = None) -> tuple[FieldChange, ...]:
    changes = json.loads(changes_json or "{}")
    shown = []
    for field, (before, after) in sorted(changes.items()):
        label = FIELD_NAMES.get(field, field.replace("_", " "))
        if label is None or field == "id":
            continue
        shown.append(
            FieldChange(label, show_value(field, before, names), show_value(field, after, names))
        )
    return tuple(shown)


def describe_changes(changes: Iterable[FieldChange]) -> str:
    """'the capacity from 20 to 25 and the venue from Civic Offices to Guildhall'."""
    parts = [f"{c.field} from {c.before} to {c.after}" for c in changes]
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _record_name(entry: AuditEntry, names: _Names, about: str) -> str:
    if entry.record_type == "booking" and entry.delegate_id is not None:
        if about == "session":
            return f"Booking of {names.name('delegate_id', entry.delegate_id)}"
        return f"Booking on {names.name('session_id', entry.session_id)}"
    if entry.record_type == "session" and entry.session_id is not None:
        return f"Session {names.name('session_id', entry.session_id)}"
    if entry.record_type == "delegate" and entry.delegate_id is not None:
        return f"Delegate {names.name('delegate_id', entry.delegate_id)}"
    return (
        f"{RECORD_NAMES.get(entry.record_type, entry.record_type).capitalize()} {entry.record_id}"
    )


def _lines(session: Session, entries: Iterable[AuditEntry], about: str) -> list[AuditLine]:
    names = _Names(session)
    return [
        AuditLine(
            id=e.id,
            changed_at=e.changed_at,
            actor=e.actor,
            action=e.action,
            record_type=e.record_type,
            record_id=e.record_id,
            record=_record_name(e, names, about),
            changes=field_changes(e.changes, names),
        )
        for e in entries
    ]


def session_history(db: Database, session_id: int) -> list[AuditLine]:
    """Every change to a session, its bookings, attendance and headcounts, newest first."""
    with db.read() as session:
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.session_id == session_id)
            .order_by(AuditEntry.id.desc())
        )
        return _lines(session, entries, "session")


def delegate_history(db: Database, delegate_id: int) -> list[AuditLine]:
    """Every change to a delegate's details and bookings, newest first."""
    with db.read() as session:
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.delegate_id == delegate_id)
            .order_by(AuditEntry.id.desc())
        )
        return _lines(session, entries, "delegate")


def record_history(
    session: Session, record_type: str, record_id: int, *, after_version: int | None = None
) -> list[AuditLine]:
    """One record's changes, oldest first; only those after a version when one is given."""
    query = select(AuditEntry).where(
        AuditEntry.record_type == record_type, AuditEntry.record_id == record_id
    )
    if after_version is not None:
        query = query.where(
            or_(AuditEntry.record_version > after_version, AuditEntry.record_version.is_(None))
        )
    return _lines(session, session.scalars(query.order_by(AuditEntry.id)), "record")


def export_history(
    db: Database, path: Path, *, session_id: int | None = None, delegate_id: int | None = None
) -> int:
    """Write a session's or a delegate's history to a CSV or XLSX file, one row per field changed.

    Returns the number of rows written. Raises InputError (neither or both
    named, or a file type other than .csv or .xlsx).
    """
    path = Path(path)
    if (session_id is None) == (delegate_id is None):
        raise InputError("Say whose history to export: one session or one delegate.")
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError(f"{path.name}: the history can be saved as a .csv or an .xlsx file.")
    lines = (
        session_history(db, session_id)
        if session_id is not None
        else delegate_history(db, delegate_id)
    )
    rows = []
    for line in reversed(lines):
        when = to_local(line.changed_at).strftime("%Y-%m-%d %H:%M:%S")
        common = [when, line.actor, line.action, line.record, line.record_id]
        if not line.changes:
            rows.append([*common, "", "", ""])
        rows.extend([*common, c.field, c.before, c.after] for c in line.changes)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    if path.suffix.lower() == ".csv":
        with partial.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = SafeCsvWriter(handle)
            writer.writerow(EXPORT_COLUMNS)
            writer.writerows(rows)
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "History"
        append_safe(sheet, EXPORT_COLUMNS)
        for row in rows:
            append_safe(sheet, row)
        book.save(partial)
    partial.replace(path)
    return len(rows)

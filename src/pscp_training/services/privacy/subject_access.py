"""A subject-access export: everything the database holds about one delegate, as JSON or PDF.

Besides the delegate's own details and bookings, every other table that
refers to one of their bookings (evaluations, follow-ups, charges, messages,
certificates, whatever later issues add) is included by following its
`booking_id`, so a new table cannot be forgotten.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from pscp_training.db.all_models import metadata
from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Delegate, TrainingSession
from pscp_training.db.models_audit import DelegateErasure
from pscp_training.domain.errors import InputError, NotFound
from pscp_training.domain.years import now_utc, to_local
from pscp_training.services.common.audit import delegate_history
from pscp_training.services.refreshers.currency import delegate_currency

# Bookkeeping that means nothing to the person reading their own data.
HIDDEN_COLUMNS = {"version", "email_key", "name_key", "dedupe_key"}
SKIPPED_TABLES = {"bookings", "audit_entries", "delegates"}


@dataclass(frozen=True)
class SubjectAccessReport:
    """Everything held about one delegate: sections of rows, each row a field -> text mapping."""

    delegate_id: int
    name: str
    made_at: datetime
    details: dict
    bookings: tuple[dict, ...]
    related: dict  # table name -> tuple of rows
    history: tuple[dict, ...]
    erased: dict | None

    def as_dict(self) -> dict:
        return {
            "delegate_id": self.delegate_id,
            "name": self.name,
            "made_at": _shown(self.made_at),
            "details": self.details,
            "bookings": list(self.bookings),
            "related_records": {k: list(v) for k, v in self.related.items()},
            "change_history": list(self.history),
            "anonymised": self.erased,
        }


def _shown(value):
    if isinstance(value, datetime):
        return to_local(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"({len(value)} bytes)"
    return value


def _row(mapping) -> dict:
    return {k: _shown(v) for k, v in mapping.items() if k not in HIDDEN_COLUMNS}


def subject_access_report(db: Database, delegate_id: int) -> SubjectAccessReport:
    """Gather everything held about a delegate. Raises NotFound."""
    with db.read() as session:
        delegate = session.get(Delegate, delegate_id)
        if delegate is None:
            raise NotFound(f"There is no delegate {delegate_id}.")
        details = _row({c.key: getattr(delegate, c.key) for c in Delegate.__table__.columns})
        details["organisation"] = delegate.organisation.name if delegate.organisation else None
        booking_rows = session.execute(
            select(Booking, TrainingSession)
            .join(TrainingSession, TrainingSession.id == Booking.session_id)
            .where(Booking.delegate_id == delegate_id)
            .order_by(TrainingSession.start_at, Booking.id)
        ).all()
        bookings = []
        for booking, training in booking_rows:
            shown = _row({c.key: getattr(booking, c.key) for c in Booking.__table__.columns})
            shown["course"] = f"{training.course.code} {training.course.title}"
            shown["session_start"] = _shown(training.start_at)
            shown["venue"] = training.venue
            shown["organisation_at_booking"] = (
                booking.organisation.name if booking.organisation else None
            )
            shown["sector_at_booking"] = booking.sector.name if booking.sector else None
            bookings.append(shown)
        booking_ids = [b.id for b, _ in booking_rows]
        related: dict[str, tuple[dict, ...]] = {}
        for table in metadata.sorted_tables:
            if table.name in SKIPPED_TABLES or not booking_ids:
                continue
            links = [c for c in ("booking_id", "substituted_by_booking_id") if c in table.columns]
            for link in links:
                rows = session.execute(
                    select(table).where(table.c[link].in_(booking_ids))
                ).mappings()
                found = tuple(_row(r) for r in rows)
                if found:
                    related[table.name] = related.get(table.name, ()) + found
        erasure = session.get(DelegateErasure, delegate_id)
        erased = {"at": _shown(erasure.erased_at), "reason": erasure.reason} if erasure else None
        name = f"{delegate.first_name} {delegate.last_name}"
    # Derived, not stored, but held about them all the same: whether their training is in date.
    currency = tuple(
        {
            "requirement": p.requirement,
            "safeguarding_role": p.role.label if p.role else None,
            "last_qualifying_session": _shown(p.last_attended),
            "course": p.last_course_code,
            "due": _shown(p.due),
            "status": p.status.label,
        }
        for p in delegate_currency(db, delegate_id)
    )
    if currency:
        related["refresher_currency"] = currency
    history = tuple(
        {
            "when": _shown(line.changed_at),
            "who": line.actor,
            "what": line.record,
            "action": line.action,
            "changes": [
                {"field": c.field, "before": c.before, "after": c.after} for c in line.changes
            ],
        }
        for line in reversed(delegate_history(db, delegate_id))
    )
    return SubjectAccessReport(
        delegate_id=delegate_id,
        name=name,
        made_at=now_utc(),
        details=details,
        bookings=tuple(bookings),
        related=related,
        history=history,
        erased=erased,
    )


def export_subject_access(db: Database, delegate_id: int, path: Path) -> Path:
    """Write the subject-access export to a .json or .pdf file. Raises NotFound, InputError."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".pdf"):
        raise InputError(f"{path.name}: a subject-access export is a .json or a .pdf file.")
    report = subject_access_report(db, delegate_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    if suffix == ".json":
        partial.write_text(
            json.dumps(report.as_dict(), indent=2, ensure_ascii=False, default=str),
            encoding="utf-8",
        )
    else:
        from pscp_training.pdf.subject_access import write_subject_access_pdf

        write_subject_access_pdf(report.as_dict(), partial)
    partial.replace(path)
    return path

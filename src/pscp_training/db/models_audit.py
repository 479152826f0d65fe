"""The audit trail (who changed which record, when, before -> after) and the record of erasures."""

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pscp_training.db.base import Base
from pscp_training.db.types import UTCDateTime
from pscp_training.domain.years import now_utc


class AuditEntry(Base):
    """One change to one record. Written by `db.audit`, never edited afterwards.

    No foreign keys: the history of a record outlives the record itself.
    `changes` is JSON: {"field": [before, after], ...}. `session_id` and
    `delegate_id` say which training session and which delegate the change
    concerns, so that each one's history is a single indexed query.
    """

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now_utc, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(20))
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    record_version: Mapped[int | None] = mapped_column(Integer)
    session_id: Mapped[int | None] = mapped_column(Integer, index=True)
    delegate_id: Mapped[int | None] = mapped_column(Integer, index=True)
    changes: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_audit_entries_record", "record_type", "record_id"),)


class DelegateErasure(Base):
    """A delegate whose personal details were removed: by the retention rule or on request.

    Keeps no personal data itself; it says that, when and why the person was
    anonymised, so that they are not anonymised twice and the team can show it.
    """

    __tablename__ = "delegate_erasures"

    delegate_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200))

"""Non-attendance reasons, booking follow-ups (substitutions, managers), charges and the message log."""

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pscp_training.db.base import Base, Timestamped
from pscp_training.db.models import Booking, Organisation
from pscp_training.db.types import UTCDateTime
from pscp_training.domain.follow_up_records import ChargeKind, MessageKind


def _in(column: str, enum_type) -> str:
    values = ", ".join(f"'{member.value}'" for member in enum_type)
    return f"{column} IN ({values})"


class NonAttendanceReason(Timestamped, Base):
    """One entry of the editable coded list of reasons for an absence or late cancellation."""

    __tablename__ = "non_attendance_reasons"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A stable code (the charging policy's exemptions name reasons by it).
    code: Mapped[str] = mapped_column(String(50), unique=True)
    label: Mapped[str] = mapped_column(String(200), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class BookingFollowUp(Timestamped, Base):
    """What the team knows about a booking beyond the register: reason, manager, substitute.

    One row per booking at most, kept apart from `bookings` so that the core
    table stays as the booking rules left it.
    """

    __tablename__ = "booking_follow_ups"

    booking_id: Mapped[int] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), primary_key=True
    )
    reason_id: Mapped[int | None] = mapped_column(
        ForeignKey("non_attendance_reasons.id"), index=True
    )
    reason_note: Mapped[str | None] = mapped_column(Text)
    reason_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    manager_email: Mapped[str | None] = mapped_column(String(254))
    # On a substituted booking: the colleague's booking that took the place over.
    substituted_by_booking_id: Mapped[int | None] = mapped_column(
        ForeignKey("bookings.id"), index=True
    )

    booking: Mapped[Booking] = relationship(foreign_keys=[booking_id])
    reason: Mapped[NonAttendanceReason | None] = relationship(lazy="joined")
    substituted_by: Mapped[Booking | None] = relationship(foreign_keys=[substituted_by_booking_id])


class Charge(Timestamped, Base):
    """A charge to the delegate's organisation for a no-show or a late cancellation."""

    __tablename__ = "charges"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), unique=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    # Fixed when the charge is raised, so a later change of policy never rewrites a statement.
    amount_pence: Mapped[int] = mapped_column(Integer)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime())
    waived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    waiver_note: Mapped[str | None] = mapped_column(Text)
    waived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    booking: Mapped[Booking] = relationship()
    organisation: Mapped[Organisation] = relationship()

    __table_args__ = (
        CheckConstraint(_in("kind", ChargeKind), name="kind"),
        CheckConstraint("amount_pence > 0", name="amount_positive"),
        CheckConstraint("waived = false OR waiver_note IS NOT NULL", name="waiver_has_note"),
    )


class MessageLogEntry(Timestamped, Base):
    """One message sent (or written as an .eml file) about a booking."""

    __tablename__ = "message_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    # What makes a message "the same one again" (e.g. reminder:42); unique so that a
    # re-run, or two people pressing Send at once, never sends it twice.
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)
    recipients: Mapped[str] = mapped_column(String(1000))
    copy_to: Mapped[str | None] = mapped_column(String(1000))
    subject: Mapped[str] = mapped_column(String(300))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    transport: Mapped[str] = mapped_column(String(10))
    detail: Mapped[str | None] = mapped_column(String(1000))
    # The calendar entry the message carried, if any: the booking's UID, REQUEST or
    # CANCEL, its SEQUENCE, and what it said (start|end|place) so a later change can
    # tell whether the delegate's calendar is out of date. The log is the calendar's
    # memory: the next SEQUENCE of a booking is one more than the highest sent.
    calendar_uid: Mapped[str | None] = mapped_column(String(200))
    calendar_method: Mapped[str | None] = mapped_column(String(10))
    calendar_sequence: Mapped[int | None] = mapped_column(Integer)
    calendar_content: Mapped[str | None] = mapped_column(String(500))

    booking: Mapped[Booking] = relationship()

    __table_args__ = (
        CheckConstraint(_in("kind", MessageKind), name="kind"),
        CheckConstraint(
            "calendar_method IS NULL OR calendar_method IN ('REQUEST', 'CANCEL')",
            name="calendar_method",
        ),
        # Two PCs sending at once never give one booking's calendar the same SEQUENCE twice.
        UniqueConstraint("booking_id", "calendar_sequence"),
    )

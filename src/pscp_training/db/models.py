"""The core tables: sectors, organisations, delegates, courses, sessions, bookings, headcounts."""

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pscp_training.db.base import Base, Timestamped
from pscp_training.db.types import UTCDateTime
from pscp_training.domain.enums import Agency, Attendance, BookingStatus, Delivery, SessionStatus


def _in(column: str, enum_type) -> str:
    values = ", ".join(f"'{member.value}'" for member in enum_type)
    return f"{column} IN ({values})"


class Sector(Timestamped, Base):
    __tablename__ = "sectors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A retired sector keeps its past figures but is not offered for new organisations.
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))


class Organisation(Timestamped, Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # The name trimmed and lower-cased: an organisation's identity in every file.
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    sector_id: Mapped[int] = mapped_column(ForeignKey("sectors.id"), index=True)
    org_type: Mapped[str | None] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    # Whether it is on the organisation register (the denominator of engagement figures),
    # rather than only named by a booking.
    registered: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    sector: Mapped[Sector] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}


class Delegate(Timestamped, Base):
    __tablename__ = "delegates"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    # The email trimmed and lower-cased: a delegate's identity when they have one.
    email_key: Mapped[str | None] = mapped_column(String(254))
    # first|last|organisation trimmed and lower-cased: identity without an email.
    name_key: Mapped[str] = mapped_column(String(500), index=True)
    job_role: Mapped[str | None] = mapped_column(String(200))
    # As typed: the team rings people (booking by phone, a cancelled session).
    phone: Mapped[str | None] = mapped_column(String(40))
    # DSL or deputy DSL of their organisation (domain.refreshers.SafeguardingRole), or none.
    safeguarding_role: Mapped[str | None] = mapped_column(String(20), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index(
            "uq_delegates_email_key",
            "email_key",
            unique=True,
            sqlite_where=text("email_key IS NOT NULL"),
            postgresql_where=text("email_key IS NOT NULL"),
        ),
    )


class Course(Timestamped, Base):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    category: Mapped[str | None] = mapped_column(String(100), index=True)
    agency: Mapped[str] = mapped_column(String(10))
    default_duration_minutes: Mapped[int | None] = mapped_column(Integer)
    default_capacity: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    # What the published programme says of it: who it is for, what they will learn
    # (one outcome a line) and how to book (a web address or an email address).
    audience: Mapped[str | None] = mapped_column(Text)
    learning_outcomes: Mapped[str | None] = mapped_column(Text)
    how_to_book: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(_in("agency", Agency), name="agency"),
        CheckConstraint(
            "default_duration_minutes IS NULL OR default_duration_minutes >= 0",
            name="duration_not_negative",
        ),
        CheckConstraint(
            "default_capacity IS NULL OR default_capacity >= 0", name="capacity_not_negative"
        ),
    )


class TrainingSession(Timestamped, Base):
    __tablename__ = "training_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    end_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delivery: Mapped[str] = mapped_column(String(20))
    venue: Mapped[str | None] = mapped_column(String(300))
    capacity: Mapped[int | None] = mapped_column(Integer)
    trainers: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default=SessionStatus.SCHEDULED.value)
    commissioning_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )
    notes: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    course: Mapped[Course] = relationship(lazy="joined")
    commissioning_organisation: Mapped[Organisation | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("course_id", "start_at"),
        CheckConstraint(_in("delivery", Delivery), name="delivery"),
        CheckConstraint(_in("status", SessionStatus), name="status"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("end_at IS NULL OR end_at >= start_at", name="ends_after_start"),
    )


class Booking(Timestamped, Base):
    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id"), index=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegates.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    waitlist_position: Mapped[int | None] = mapped_column(Integer)
    booked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    late_cancellation: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    # What a cancelled booking was before ('booked' or 'waitlisted'): only someone who
    # held a place has a calendar entry to cancel.
    cancelled_from: Mapped[str | None] = mapped_column(String(20))
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    attendance: Mapped[str] = mapped_column(String(20), default=Attendance.UNMARKED.value)
    # Why someone was moved on the waiting list out of the order of asking (kept in the trail).
    waitlist_move_reason: Mapped[str | None] = mapped_column(String(300))
    # A cancellation whose place went to the waiting list (the charging policy may waive it).
    place_refilled: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    # The organisation and sector as at booking, so that a delegate changing
    # employer does not rewrite past years' figures.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    sector_id: Mapped[int | None] = mapped_column(ForeignKey("sectors.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    # Loaded for a whole result at once (one extra query per relationship, not per row),
    # so listing a session's 2,000 bookings costs four queries, not 6,000.
    session: Mapped[TrainingSession] = relationship(lazy="selectin")
    delegate: Mapped[Delegate] = relationship(lazy="selectin")
    organisation: Mapped[Organisation | None] = relationship(lazy="selectin")
    sector: Mapped[Sector | None] = relationship(lazy="selectin")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("session_id", "delegate_id"),
        Index("ix_bookings_session_status", "session_id", "status"),
        CheckConstraint(_in("status", BookingStatus), name="status"),
        CheckConstraint(_in("attendance", Attendance), name="attendance"),
        CheckConstraint(
            "waitlist_position IS NULL OR waitlist_position >= 1", name="position_positive"
        ),
        CheckConstraint(
            "(status = 'waitlisted') = (waitlist_position IS NOT NULL)",
            name="position_only_when_waitlisted",
        ),
        CheckConstraint(
            "attendance = 'unmarked' OR status = 'booked'", name="attendance_only_when_booked"
        ),
        CheckConstraint("walk_in = false OR status = 'booked'", name="walk_in_is_booked"),
    )


class Headcount(Timestamped, Base):
    __tablename__ = "headcounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    sector_id: Mapped[int] = mapped_column(ForeignKey("sectors.id"))
    count: Mapped[int] = mapped_column(Integer)

    session: Mapped[TrainingSession] = relationship(lazy="selectin")
    organisation: Mapped[Organisation] = relationship(lazy="selectin")
    sector: Mapped[Sector] = relationship(lazy="selectin")

    __table_args__ = (
        UniqueConstraint("session_id", "organisation_id"),
        CheckConstraint("count > 0", name="count_positive"),
    )


class Setting(Timestamped, Base):
    """Team-wide settings kept in the database (the notice period, the partnership's name...)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)

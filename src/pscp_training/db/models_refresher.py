"""Refresher requirements: a validity period, the courses that satisfy it, who it applies to."""

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pscp_training.db.base import Base, Timestamped


class RefresherRequirement(Timestamped, Base):
    """E.g. "DSL training": two years; DSL-NEW, DSL-REF or DSL-EY; DSLs of schools."""

    __tablename__ = "refresher_requirements"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    period_years: Mapped[int] = mapped_column(Integer)
    # Safeguarding roles it applies to, comma-separated ("dsl,deputy_dsl"); empty: everyone.
    roles: Mapped[str] = mapped_column(String(100), default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("period_years >= 1 AND period_years <= 20", name="period_years"),
    )


class RefresherCourse(Base):
    """A course whose attendance satisfies a requirement."""

    __tablename__ = "refresher_courses"

    requirement_id: Mapped[int] = mapped_column(
        ForeignKey("refresher_requirements.id", ondelete="CASCADE"), primary_key=True
    )
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), primary_key=True, index=True)


class RefresherSector(Base):
    """A sector a requirement applies to (none listed: every sector)."""

    __tablename__ = "refresher_sectors"

    requirement_id: Mapped[int] = mapped_column(
        ForeignKey("refresher_requirements.id", ondelete="CASCADE"), primary_key=True
    )
    sector_id: Mapped[int] = mapped_column(ForeignKey("sectors.id"), primary_key=True, index=True)

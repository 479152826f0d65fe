"""Delegate evaluations: one per attended booking (migration 0002)."""

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pscp_training.db.base import Base, Timestamped
from pscp_training.db.models import Booking
from pscp_training.domain.evaluation_records import EvaluationSource


class Evaluation(Timestamped, Base):
    """What a delegate said about a session they attended (entered or imported)."""

    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), unique=True
    )
    overall_rating: Mapped[int | None] = mapped_column(Integer)
    confidence_before: Mapped[int | None] = mapped_column(Integer)
    confidence_after: Mapped[int | None] = mapped_column(Integer)
    objectives_met: Mapped[int | None] = mapped_column(Integer)
    practice_change: Mapped[str | None] = mapped_column(Text)
    other_comments: Mapped[str | None] = mapped_column(Text)
    consent_to_quote: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    source: Mapped[str] = mapped_column(String(20), default=EvaluationSource.ENTERED.value)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    booking: Mapped[Booking] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(
            "overall_rating IS NULL OR overall_rating BETWEEN 1 AND 5", name="overall_1_to_5"
        ),
        CheckConstraint(
            "objectives_met IS NULL OR objectives_met BETWEEN 1 AND 5", name="objectives_1_to_5"
        ),
        CheckConstraint(
            "confidence_before IS NULL OR confidence_before BETWEEN 0 AND 10",
            name="before_0_to_10",
        ),
        CheckConstraint(
            "confidence_after IS NULL OR confidence_after BETWEEN 0 AND 10", name="after_0_to_10"
        ),
        CheckConstraint("source IN ('entered', 'imported')", name="source"),
    )

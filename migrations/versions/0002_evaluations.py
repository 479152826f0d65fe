"""delegate evaluations (the evaluations issue)

One evaluation per attended booking: ratings with their ranges checked by the
database, the two free texts, consent to quote, and where it came from.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pscp_training.db.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("overall_rating", sa.Integer(), nullable=True),
        sa.Column("confidence_before", sa.Integer(), nullable=True),
        sa.Column("confidence_after", sa.Integer(), nullable=True),
        sa.Column("objectives_met", sa.Integer(), nullable=True),
        sa.Column("practice_change", sa.Text(), nullable=True),
        sa.Column("other_comments", sa.Text(), nullable=True),
        sa.Column(
            "consent_to_quote", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "created_at",
            pscp_training.db.types.UTCDateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            pscp_training.db.types.UTCDateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "overall_rating IS NULL OR overall_rating BETWEEN 1 AND 5",
            name=op.f("ck_evaluations_overall_1_to_5"),
        ),
        sa.CheckConstraint(
            "objectives_met IS NULL OR objectives_met BETWEEN 1 AND 5",
            name=op.f("ck_evaluations_objectives_1_to_5"),
        ),
        sa.CheckConstraint(
            "confidence_before IS NULL OR confidence_before BETWEEN 0 AND 10",
            name=op.f("ck_evaluations_before_0_to_10"),
        ),
        sa.CheckConstraint(
            "confidence_after IS NULL OR confidence_after BETWEEN 0 AND 10",
            name=op.f("ck_evaluations_after_0_to_10"),
        ),
        sa.CheckConstraint(
            "source IN ('entered', 'imported')", name=op.f("ck_evaluations_source")
        ),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_evaluations_booking_id_bookings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluations")),
        sa.UniqueConstraint("booking_id", name=op.f("uq_evaluations_booking_id")),
    )


def downgrade() -> None:
    op.drop_table("evaluations")

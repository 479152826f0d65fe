"""certificate numbers (the printed-output issue)

One row per certificate issued: its number, the attended booking it certifies,
when it was first issued, and the name and course title as printed.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pscp_training.db.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "issued_certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("issued_at", pscp_training.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("delegate_name", sa.String(length=201), nullable=False),
        sa.Column("course_title", sa.String(length=300), nullable=False),
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
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_issued_certificates_booking_id_bookings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_certificates")),
        sa.UniqueConstraint("booking_id", name=op.f("uq_issued_certificates_booking_id")),
        sa.UniqueConstraint("number", name=op.f("uq_issued_certificates_number")),
    )


def downgrade() -> None:
    op.drop_table("issued_certificates")

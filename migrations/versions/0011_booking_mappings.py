"""saved column mappings for bookings from another system (issue 20)

Eventbrite, Microsoft Forms or Google Forms exports mapped to our fields and
saved by name, so the whole team is offered the same mapping again.

Revision ID: 0011_booking_mappings
Revises: 0009_refreshers
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pscp_training.db.types

revision: str = "0011_booking_mappings"
down_revision: str | None = "0009_refreshers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "booking_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("columns", sa.Text(), nullable=False),
        sa.Column("value_translations", sa.Text(), server_default="{}", nullable=False),
        sa.Column("header", sa.Text(), server_default="[]", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        *[
            sa.Column(
                name,
                pscp_training.db.types.UTCDateTime(timezone=True),
                server_default=sa.text("CURRENT_TIMESTAMP"),
                nullable=False,
            )
            for name in ("created_at", "updated_at")
        ],
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_mappings")),
        sa.UniqueConstraint("name_key", name=op.f("uq_booking_mappings_name_key")),
    )


def downgrade() -> None:
    op.drop_table("booking_mappings")

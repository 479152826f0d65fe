"""audit trail and data protection (the shared-database issue)

The audit trail of changes to bookings, attendance, sessions, delegates,
courses and organisations. Retention and erasure are recorded in it too, and
a small table says who was anonymised, when and why.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from pscp_training.db.types import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("record_version", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("delegate_id", sa.Integer(), nullable=True),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    op.create_index(
        op.f("ix_audit_entries_changed_at"), "audit_entries", ["changed_at"], unique=False
    )
    op.create_index(
        op.f("ix_audit_entries_session_id"), "audit_entries", ["session_id"], unique=False
    )
    op.create_index(
        op.f("ix_audit_entries_delegate_id"), "audit_entries", ["delegate_id"], unique=False
    )
    op.create_index(
        "ix_audit_entries_record", "audit_entries", ["record_type", "record_id"], unique=False
    )
    op.create_table(
        "delegate_erasures",
        sa.Column("delegate_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("erased_at", UTCDateTime(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("delegate_id", name=op.f("pk_delegate_erasures")),
    )


def downgrade() -> None:
    op.drop_table("delegate_erasures")
    op.drop_index("ix_audit_entries_record", table_name="audit_entries")
    op.drop_index(op.f("ix_audit_entries_delegate_id"), table_name="audit_entries")
    op.drop_index(op.f("ix_audit_entries_session_id"), table_name="audit_entries")
    op.drop_index(op.f("ix_audit_entries_changed_at"), table_name="audit_entries")
    op.drop_table("audit_entries")

"""sectors can be retired; a waiting-list move keeps its reason; a late cancellation whose
place was refilled says so

Revision ID: 0007_screens
Revises: 0010_course_programme
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_screens"
down_revision: str | None = "0006_delegate_phone"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sectors") as batch:
        batch.add_column(
            sa.Column("retired", sa.Boolean(), server_default=sa.text("false"), nullable=False)
        )
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("waitlist_move_reason", sa.String(length=300), nullable=True))
        batch.add_column(
            sa.Column("place_refilled", sa.Boolean(), server_default=sa.text("false"),
                      nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("place_refilled")
        batch.drop_column("waitlist_move_reason")
    with op.batch_alter_table("sectors") as batch:
        batch.drop_column("retired")

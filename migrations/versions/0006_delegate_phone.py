"""a delegate's optional phone number (issue 17: the team rings people)

Revision ID: 0006_delegate_phone
Revises: 0010_course_programme
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_delegate_phone"
down_revision: str | None = "0008_calendar_sequence"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("delegates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("delegates", schema=None) as batch_op:
        batch_op.drop_column("phone")

"""what a published programme needs of a course (the programme issue)

Who a course is for, its learning outcomes and how to book it (a web address or an
email address); the description and the usual length were already there.

Revision ID: 0010_course_programme
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_course_programme"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("audience", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("learning_outcomes", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("how_to_book", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.drop_column("how_to_book")
        batch_op.drop_column("learning_outcomes")
        batch_op.drop_column("audience")

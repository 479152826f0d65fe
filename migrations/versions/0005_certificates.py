"""certificate numbers (the printed-output issue)

Reserved in the revision chain so that the issues can be built in parallel; it
changes nothing until its issue fills it in.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

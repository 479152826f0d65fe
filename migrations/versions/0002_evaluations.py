"""delegate evaluations (the evaluations issue)

Reserved in the revision chain so that the issues can be built in parallel; it
changes nothing until its issue fills it in.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

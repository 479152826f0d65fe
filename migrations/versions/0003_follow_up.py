"""non-attendance reasons, substitutions, charges and messages (the non-attendance issue)

Reserved in the revision chain so that the issues can be built in parallel; it
changes nothing until its issue fills it in.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

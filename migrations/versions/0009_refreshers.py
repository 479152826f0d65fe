"""refresher requirements and a delegate's safeguarding role (issue 21)

A requirement (name, period in years, the roles it applies to), the courses
that satisfy it and the sectors it applies to; delegates get a nullable
safeguarding role (DSL or deputy DSL), indexed for the currency queries.

Revision ID: 0009_refreshers
Revises: 0010_course_programme
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pscp_training.db.types

revision: str = "0009_refreshers"
down_revision: str | None = "0007_screens"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column(
            name,
            pscp_training.db.types.UTCDateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        )
        for name in ("created_at", "updated_at")
    ]


def upgrade() -> None:
    op.create_table(
        "refresher_requirements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("period_years", sa.Integer(), nullable=False),
        sa.Column("roles", sa.String(length=100), server_default="", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        *_timestamps(),
        sa.CheckConstraint(
            "period_years >= 1 AND period_years <= 20",
            name=op.f("ck_refresher_requirements_period_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresher_requirements")),
        sa.UniqueConstraint("name", name=op.f("uq_refresher_requirements_name")),
    )
    op.create_table(
        "refresher_courses",
        sa.Column("requirement_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["courses.id"], name=op.f("fk_refresher_courses_course_id_courses")
        ),
        sa.ForeignKeyConstraint(
            ["requirement_id"],
            ["refresher_requirements.id"],
            name=op.f("fk_refresher_courses_requirement_id_refresher_requirements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("requirement_id", "course_id", name=op.f("pk_refresher_courses")),
    )
    op.create_index(
        op.f("ix_refresher_courses_course_id"), "refresher_courses", ["course_id"], unique=False
    )
    op.create_table(
        "refresher_sectors",
        sa.Column("requirement_id", sa.Integer(), nullable=False),
        sa.Column("sector_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["requirement_id"],
            ["refresher_requirements.id"],
            name=op.f("fk_refresher_sectors_requirement_id_refresher_requirements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sector_id"], ["sectors.id"], name=op.f("fk_refresher_sectors_sector_id_sectors")
        ),
        sa.PrimaryKeyConstraint("requirement_id", "sector_id", name=op.f("pk_refresher_sectors")),
    )
    op.create_index(
        op.f("ix_refresher_sectors_sector_id"), "refresher_sectors", ["sector_id"], unique=False
    )
    # A plain ADD COLUMN (no constraint), which SQLite does without rebuilding the table.
    op.add_column("delegates", sa.Column("safeguarding_role", sa.String(length=20), nullable=True))
    op.create_index(
        op.f("ix_delegates_safeguarding_role"), "delegates", ["safeguarding_role"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_delegates_safeguarding_role"), table_name="delegates")
    with op.batch_alter_table("delegates") as batch:
        batch.drop_column("safeguarding_role")
    op.drop_index(op.f("ix_refresher_sectors_sector_id"), table_name="refresher_sectors")
    op.drop_table("refresher_sectors")
    op.drop_index(op.f("ix_refresher_courses_course_id"), table_name="refresher_courses")
    op.drop_table("refresher_courses")
    op.drop_table("refresher_requirements")

"""non-attendance reasons, booking follow-ups, charges and the message log (issue 7)

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pscp_training.db.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The coded list the team starts with; it stays editable in the app.
SEEDED_REASONS = (
    ("illness", "Illness"),
    ("work-pressures", "Work pressures"),
    ("safeguarding-emergency", "Safeguarding emergency"),
    ("did-not-know", "Did not know about the booking"),
    ("family-emergency", "Family emergency"),
    ("transport", "Transport problems"),
    ("no-reason-given", "No reason given"),
)


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", pscp_training.db.types.UTCDateTime(timezone=True),
                  server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.Column("updated_at", pscp_training.db.types.UTCDateTime(timezone=True),
                  server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
    ]


def upgrade() -> None:
    reasons = op.create_table(
        "non_attendance_reasons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=50), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_non_attendance_reasons")),
        sa.UniqueConstraint("code", name=op.f("uq_non_attendance_reasons_code")),
        sa.UniqueConstraint("label", name=op.f("uq_non_attendance_reasons_label")),
    )
    op.create_table(
        "booking_follow_ups",
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("reason_id", sa.Integer(), nullable=True),
        sa.Column("reason_note", sa.Text(), nullable=True),
        sa.Column("reason_recorded_at", pscp_training.db.types.UTCDateTime(timezone=True),
                  nullable=True),
        sa.Column("manager_email", sa.String(length=254), nullable=True),
        sa.Column("substituted_by_booking_id", sa.Integer(), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"], ondelete="CASCADE",
                                name=op.f("fk_booking_follow_ups_booking_id_bookings")),
        sa.ForeignKeyConstraint(["reason_id"], ["non_attendance_reasons.id"],
                                name=op.f("fk_booking_follow_ups_reason_id_non_attendance_reasons")),
        sa.ForeignKeyConstraint(["substituted_by_booking_id"], ["bookings.id"],
                                name=op.f("fk_booking_follow_ups_substituted_by_booking_id_bookings")),
        sa.PrimaryKeyConstraint("booking_id", name=op.f("pk_booking_follow_ups")),
    )
    with op.batch_alter_table("booking_follow_ups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_booking_follow_ups_reason_id"), ["reason_id"])
        batch_op.create_index(batch_op.f("ix_booking_follow_ups_substituted_by_booking_id"),
                              ["substituted_by_booking_id"])

    op.create_table(
        "charges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("amount_pence", sa.Integer(), nullable=False),
        sa.Column("raised_at", pscp_training.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("waived", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("waiver_note", sa.Text(), nullable=True),
        sa.Column("waived_at", pscp_training.db.types.UTCDateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.CheckConstraint("kind IN ('no_show', 'late_cancellation')", name=op.f("ck_charges_kind")),
        sa.CheckConstraint("amount_pence > 0", name=op.f("ck_charges_amount_positive")),
        sa.CheckConstraint("waived = false OR waiver_note IS NOT NULL",
                           name=op.f("ck_charges_waiver_has_note")),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"], ondelete="CASCADE",
                                name=op.f("fk_charges_booking_id_bookings")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_charges_organisation_id_organisations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charges")),
        sa.UniqueConstraint("booking_id", name=op.f("uq_charges_booking_id")),
    )
    with op.batch_alter_table("charges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_charges_organisation_id"), ["organisation_id"])

    op.create_table(
        "message_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("dedupe_key", sa.String(length=120), nullable=False),
        sa.Column("recipients", sa.String(length=1000), nullable=False),
        sa.Column("copy_to", sa.String(length=1000), nullable=True),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("sent_at", pscp_training.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("transport", sa.String(length=10), nullable=False),
        sa.Column("detail", sa.String(length=1000), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(
            "kind IN ('confirmation', 'place_offered', 'reminder', 'session_cancelled', "
            "'non_attendance')",
            name=op.f("ck_message_log_kind"),
        ),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"], ondelete="CASCADE",
                                name=op.f("fk_message_log_booking_id_bookings")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_log")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_message_log_dedupe_key")),
    )
    with op.batch_alter_table("message_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_message_log_booking_id"), ["booking_id"])
        batch_op.create_index(batch_op.f("ix_message_log_sent_at"), ["sent_at"])

    op.bulk_insert(
        reasons,
        [
            {"code": code, "label": label, "active": True, "sort_order": n}
            for n, (code, label) in enumerate(SEEDED_REASONS, start=1)
        ],
    )


def downgrade() -> None:
    op.drop_table("message_log")
    op.drop_table("charges")
    op.drop_table("booking_follow_ups")
    op.drop_table("non_attendance_reasons")

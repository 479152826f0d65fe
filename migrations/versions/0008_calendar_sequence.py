"""calendar identity per booking: what each message's calendar entry said, and SEQUENCE

message_log gains the calendar entry a message carried (UID, REQUEST or CANCEL,
SEQUENCE, and its start|end|place); bookings gain the status a cancelled booking
had before (only a held place has a calendar entry to cancel); the message kinds
gain booking_cancelled, booking_transferred, place_passed_on and session_changed.
Confirmations and waiting-list offers already sent carried a REQUEST with no
SEQUENCE (that is, 0): they are recorded so.

Revision ID: 0008_calendar_sequence
Revises: 0010_course_programme
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_calendar_sequence"
down_revision: str | None = "0010_course_programme"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = ("confirmation", "place_offered", "reminder", "session_cancelled", "non_attendance")
NEW_KINDS = (*OLD_KINDS, "booking_cancelled", "booking_transferred", "place_passed_on",
             "session_changed")


def _kinds(kinds) -> str:
    return "kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"


def upgrade() -> None:
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancelled_from", sa.String(length=20), nullable=True))
    with op.batch_alter_table("message_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_uid", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("calendar_method", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("calendar_sequence", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("calendar_content", sa.String(length=500), nullable=True))
        batch_op.drop_constraint(op.f("ck_message_log_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_message_log_kind"), _kinds(NEW_KINDS))
        batch_op.create_check_constraint(
            op.f("ck_message_log_calendar_method"),
            "calendar_method IS NULL OR calendar_method IN ('REQUEST', 'CANCEL')",
        )
    # Only the first invitation of each booking gets SEQUENCE 0, so the unique
    # (booking, sequence) key below holds for logs with a re-sent confirmation.
    op.execute(
        "UPDATE message_log SET calendar_method = 'REQUEST', calendar_sequence = 0 "
        "WHERE id IN (SELECT MIN(id) FROM message_log "
        "WHERE kind IN ('confirmation', 'place_offered') GROUP BY booking_id)"
    )
    with op.batch_alter_table("message_log", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            op.f("uq_message_log_booking_id_calendar_sequence"), ["booking_id", "calendar_sequence"]
        )


def downgrade() -> None:
    op.execute("DELETE FROM message_log WHERE " + _kinds(NEW_KINDS[len(OLD_KINDS):]))
    with op.batch_alter_table("message_log", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_message_log_booking_id_calendar_sequence"), type_="unique")
        batch_op.drop_constraint(op.f("ck_message_log_calendar_method"), type_="check")
        batch_op.drop_constraint(op.f("ck_message_log_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_message_log_kind"), _kinds(OLD_KINDS))
        batch_op.drop_column("calendar_content")
        batch_op.drop_column("calendar_sequence")
        batch_op.drop_column("calendar_method")
        batch_op.drop_column("calendar_uid")
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_column("cancelled_from")

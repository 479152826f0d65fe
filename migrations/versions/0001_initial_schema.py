"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 22:32:03.360182
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pscp_training.db.types

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('courses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=50), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=True),
    sa.Column('agency', sa.String(length=10), nullable=False),
    sa.Column('default_duration_minutes', sa.Integer(), nullable=True),
    sa.Column('default_capacity', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', pscp_training.db.types.UTCDateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', pscp_training.db.types.UTCDateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.CheckConstraint("agency IN ('multi', 'single')", name=op.f('ck_courses_agency')),
    sa.CheckConstraint('default_capacity IS NULL OR default_capacity >= 0', name=op.f('ck_courses_capacity_not_negative')),
    sa.CheckConstraint('default_duration_minutes IS NULL OR default_duration_minutes >= 0', name=op.f('ck_courses_duration_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_courses')),
    sa.UniqueConstraint('code', name=op.f('uq_courses_code'))
    )
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_courses_category'), ['category'], unique=False)

    op.create_table('sectors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('sort_order', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', pscp_training.db.types.UTCDateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', pscp_training.db.types.UTCDateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sectors')),
    sa.UniqueConstraint('name', name=op.f('uq_sectors_name'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('created_at', pscp_training.db.types.UTCDateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', pscp_training.db.types.UTCDateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('sector_id', sa.Integer(), nullable=False),
    sa.Column('org_type', sa.String(length=100), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('registered', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', pscp_training.db.types.UTCDateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', pscp_training.db.types.UTCDateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['sector_id'], ['sectors.id'], name=op.f('fk_organisations_sector_id_sectors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('name_key', name=op.f('uq_organisations_name_key'))
    )
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisations_sector_id'), ['sector_id'], unique=False)

    op.create_table('delegates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('email_key', sa.String(length=254), nullable=True),
    sa.Column('name_key', sa.String(length=500), nullable=False),
    sa.Column('job_role', sa.String(length=200), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', pscp_training.db.types.UTCDateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', pscp_training.db.types.UTCDateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_delegates_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delegates'))
    )
    with op.batch_alter_table('delegates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delegates_name_key'), ['name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_delegates_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('uq_delegates_email_key', ['email_key'], unique=True, sqlite_where=sa.text('email_key IS NOT NULL'), postgresql_where=sa.text('email_key IS NOT NULL'))

    op.create_table('training_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('start_at', pscp_training.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('end_at', pscp_training.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('delivery', sa.String(length=20), nullable=False),
    sa.Column('venue', sa.String(length=300), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('trainers', sa.String(length=300), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('commissioning_organisation_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', pscp_training.db.types.UTCDateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', pscp_training.db.types.UTCDateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.CheckConstraint("delivery IN ('in_person', 'online')", name=op.f('ck_training_sessions_delivery')),
    sa.CheckConstraint("status IN ('scheduled', 'cancelled')", name=op.f('ck_training_sessions_status')),
    sa.CheckConstraint('capacity IS NULL OR capacity >= 0', name=op.f('ck_training_sessions_capacity_not_negative')),
    sa.CheckConstraint('end_at IS NULL OR end_at >= start_at', name=op.f('ck_training_sessions_ends_after_start')),
    sa.ForeignKeyConstraint(['commissioning_organisation_id'], ['organisations.id'], name=op.f('fk_training_sessions_commissioning_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_training_sessions_course_id_courses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_sessions')),
    sa.UniqueConstraint('course_id', 'start_at', name=op.f('uq_training_sessions_course_id_start_at'))
    )
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_sessions_commissioning_organisation_id'), ['commissioning_organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_sessions_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_sessions_start_at'), ['start_at'], unique=False)

    op.create_table('bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('delegate_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('waitlist_position', sa.Integer(), nullable=True),
    sa.Column('booked_at', pscp_training.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', pscp_training.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('late_cancellation', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('walk_in', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('attendance', sa.String(length=20), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('sector_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', pscp_training.db.types.UTCDateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', pscp_training.db.types.UTCDateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.CheckConstraint("(status = 'waitlisted') = (waitlist_position IS NOT NULL)", name=op.f('ck_bookings_position_only_when_waitlisted')),
    sa.CheckConstraint("attendance = 'unmarked' OR status = 'booked'", name=op.f('ck_bookings_attendance_only_when_booked')),
    sa.CheckConstraint("attendance IN ('attended', 'absent', 'unmarked')", name=op.f('ck_bookings_attendance')),
    sa.CheckConstraint("status IN ('booked', 'waitlisted', 'cancelled', 'substituted')", name=op.f('ck_bookings_status')),
    sa.CheckConstraint("walk_in = false OR status = 'booked'", name=op.f('ck_bookings_walk_in_is_booked')),
    sa.CheckConstraint('waitlist_position IS NULL OR waitlist_position >= 1', name=op.f('ck_bookings_position_positive')),
    sa.ForeignKeyConstraint(['delegate_id'], ['delegates.id'], name=op.f('fk_bookings_delegate_id_delegates')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_bookings_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['sector_id'], ['sectors.id'], name=op.f('fk_bookings_sector_id_sectors')),
    sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], name=op.f('fk_bookings_session_id_training_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bookings')),
    sa.UniqueConstraint('session_id', 'delegate_id', name=op.f('uq_bookings_session_id_delegate_id'))
    )
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bookings_delegate_id'), ['delegate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookings_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookings_sector_id'), ['sector_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookings_session_id'), ['session_id'], unique=False)
        batch_op.create_index('ix_bookings_session_status', ['session_id', 'status'], unique=False)

    op.create_table('headcounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('sector_id', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('created_at', pscp_training.db.types.UTCDateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('updated_at', pscp_training.db.types.UTCDateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.CheckConstraint('count > 0', name=op.f('ck_headcounts_count_positive')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_headcounts_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['sector_id'], ['sectors.id'], name=op.f('fk_headcounts_sector_id_sectors')),
    sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], name=op.f('fk_headcounts_session_id_training_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_headcounts')),
    sa.UniqueConstraint('session_id', 'organisation_id', name=op.f('uq_headcounts_session_id_organisation_id'))
    )
    with op.batch_alter_table('headcounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_headcounts_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_headcounts_session_id'), ['session_id'], unique=False)
    # The default sector list of the booking-register spec, as it stood at this revision.
    default_sectors = (
        "Education",
        "Early Years",
        "Portsmouth City Council",
        "Health",
        "Police",
        "Voluntary & Community",
        "Other",
    )
    sectors = sa.table("sectors", sa.column("name", sa.String), sa.column("sort_order", sa.Integer))
    op.bulk_insert(sectors, [{"name": n, "sort_order": i} for i, n in enumerate(default_sectors)])


def downgrade() -> None:
    with op.batch_alter_table('headcounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_headcounts_session_id'))
        batch_op.drop_index(batch_op.f('ix_headcounts_organisation_id'))

    op.drop_table('headcounts')
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_index('ix_bookings_session_status')
        batch_op.drop_index(batch_op.f('ix_bookings_session_id'))
        batch_op.drop_index(batch_op.f('ix_bookings_sector_id'))
        batch_op.drop_index(batch_op.f('ix_bookings_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_bookings_delegate_id'))

    op.drop_table('bookings')
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_sessions_start_at'))
        batch_op.drop_index(batch_op.f('ix_training_sessions_course_id'))
        batch_op.drop_index(batch_op.f('ix_training_sessions_commissioning_organisation_id'))

    op.drop_table('training_sessions')
    with op.batch_alter_table('delegates', schema=None) as batch_op:
        batch_op.drop_index('uq_delegates_email_key', sqlite_where=sa.text('email_key IS NOT NULL'), postgresql_where=sa.text('email_key IS NOT NULL'))
        batch_op.drop_index(batch_op.f('ix_delegates_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_delegates_name_key'))

    op.drop_table('delegates')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisations_sector_id'))

    op.drop_table('organisations')
    op.drop_table('settings')
    op.drop_table('sectors')
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_courses_category'))

    op.drop_table('courses')

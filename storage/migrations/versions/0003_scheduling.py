"""Scheduling: services, appointments, closed days, reminders

Revision ID: 0003
Revises: 0002

No double booking is enforced here, in the database: PostgreSQL gets an exclusion constraint over
(practitioner, [start, end)) of non-cancelled appointments (btree_gist); SQLite gets triggers that
refuse an overlapping insert or update, serialised by BEGIN IMMEDIATE.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "closed_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closed_days")),
        sa.UniqueConstraint("day", name=op.f("uq_closed_days_day")),
    )
    op.create_table(
        "services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("duration_minutes > 0 AND duration_minutes <= 1440", name=op.f("ck_services_duration")),
        sa.CheckConstraint("price_cents >= 0", name=op.f("ck_services_price")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_services")),
        sa.UniqueConstraint("name", name=op.f("uq_services_name")),
    )
    op.create_table(
        "appointments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("cancel_reason", sa.String(length=300), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=True),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("outside_hours", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind = 'client') = (profile_id IS NOT NULL)", name=op.f("ck_appointments_client_has_profile")
        ),
        sa.CheckConstraint("kind IN ('client', 'meeting', 'admin', 'unavailable')", name=op.f("ck_appointments_kind")),
        sa.CheckConstraint(
            "status IN ('booked', 'arrived', 'completed', 'cancelled', 'no_show')", name=op.f("ck_appointments_status")
        ),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_appointments_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["staff_users.id"],
            name=op.f("fk_appointments_practitioner_id_staff_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_appointments_profile_id_profiles"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_appointments_service_id_services"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointments")),
    )
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_appointments_practitioner_time", ["practitioner_id", "starts_at", "ends_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_appointments_profile_id"), ["profile_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appointments_series_id"), ["series_id"], unique=False)
        batch_op.create_index("ix_appointments_time", ["starts_at"], unique=False)

    op.create_table(
        "appointment_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("lead_minutes", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.CheckConstraint("status IN ('pending', 'sent', 'skipped')", name=op.f("ck_appointment_reminders_status")),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_appointment_reminders_appointment_id_appointments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_reminders")),
        sa.UniqueConstraint("appointment_id", "lead_minutes", name="uq_appointment_reminders_lead"),
    )
    with op.batch_alter_table("appointment_reminders", schema=None) as batch_op:
        batch_op.create_index("ix_appointment_reminders_due", ["status", "due_at"], unique=False)

    with op.batch_alter_table("clinic", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminder_hours", sa.String(length=60), nullable=False, server_default="24"))

    _create_no_overlap_rule()


OVERLAP = (
    "EXISTS (SELECT 1 FROM appointments a WHERE a.practitioner_id = NEW.practitioner_id "
    "AND a.status <> 'cancelled' AND a.id <> NEW.id "
    "AND a.starts_at < NEW.ends_at AND a.ends_at > NEW.starts_at)"
)


def _create_no_overlap_rule() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # UTC timestamps are stored as ISO text of one fixed format, so text comparison orders them.
        for verb in ("INSERT", "UPDATE"):
            op.execute(
                f"CREATE TRIGGER appointments_no_overlap_{verb.lower()} BEFORE {verb} ON appointments "
                f"WHEN NEW.status <> 'cancelled' AND {OVERLAP} "
                "BEGIN SELECT RAISE(ABORT, 'appointment_overlap'); END"
            )
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE appointments ADD CONSTRAINT ex_appointments_no_overlap EXCLUDE USING gist "
            "(practitioner_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
            "WHERE (status <> 'cancelled')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS appointments_no_overlap_insert")
        op.execute("DROP TRIGGER IF EXISTS appointments_no_overlap_update")
    else:
        op.execute("ALTER TABLE appointments DROP CONSTRAINT IF EXISTS ex_appointments_no_overlap")
    with op.batch_alter_table("clinic", schema=None) as batch_op:
        batch_op.drop_column("reminder_hours")

    with op.batch_alter_table("appointment_reminders", schema=None) as batch_op:
        batch_op.drop_index("ix_appointment_reminders_due")

    op.drop_table("appointment_reminders")
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_index("ix_appointments_time")
        batch_op.drop_index(batch_op.f("ix_appointments_series_id"))
        batch_op.drop_index(batch_op.f("ix_appointments_profile_id"))
        batch_op.drop_index("ix_appointments_practitioner_time")

    op.drop_table("appointments")
    op.drop_table("services")
    op.drop_table("closed_days")

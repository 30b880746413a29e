"""Online booking: Setup > Online Booking (one row), services offered online by practitioner, booking requests,
Invite to Book links; appointments gain the status 'requested' (a request holds its time under the no-overlap
rule, which counts every status but 'cancelled').

SQLite cannot change a CHECK in place: the appointments table is rebuilt (keeping AUTOINCREMENT and its counter)
and its no-overlap triggers, which a rebuild drops, are made again word for word (migrations 0003 and 0006).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24 21:00:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


STATUSES_BEFORE = "status IN ('booked', 'arrived', 'completed', 'cancelled', 'no_show')"
STATUSES_AFTER = "status IN ('requested', 'booked', 'arrived', 'completed', 'cancelled', 'no_show')"
OVERLAP = (
    "EXISTS (SELECT 1 FROM appointments a WHERE a.practitioner_id = NEW.practitioner_id "
    "AND a.status <> 'cancelled' AND a.id <> NEW.id "
    "AND a.starts_at < NEW.ends_at AND a.ends_at > NEW.starts_at)"
)
CONFIRMATION_TEXT = (
    "Thank you. We have received your request and will confirm it by email. If you need to change it, call us."
)


def _appointment_statuses(statuses: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_appointments_status"), "appointments", type_="check")
        op.create_check_constraint(op.f("ck_appointments_status"), "appointments", statuses)
        return
    counter = bind.execute(sa.text("SELECT seq FROM sqlite_sequence WHERE name = 'appointments'")).scalar()
    for verb in ("insert", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS appointments_no_overlap_{verb}")
    with op.batch_alter_table("appointments", recreate="always", table_kwargs={"sqlite_autoincrement": True}) as b:
        b.drop_constraint(op.f("ck_appointments_status"), type_="check")
        b.create_check_constraint(op.f("ck_appointments_status"), statuses)
    if counter:
        bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = 'appointments'"))
        bind.execute(sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('appointments', :s)"), {"s": counter})
    for verb in ("INSERT", "UPDATE"):
        op.execute(
            f"CREATE TRIGGER appointments_no_overlap_{verb.lower()} BEFORE {verb} ON appointments "
            f"WHEN NEW.status <> 'cancelled' AND {OVERLAP} "
            "BEGIN SELECT RAISE(ABORT, 'appointment_overlap'); END"
        )


def upgrade() -> None:
    _appointment_statuses(STATUSES_AFTER)
    op.create_table(
        "online_booking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("confirm_mode", sa.String(length=10), nullable=False),
        sa.Column("min_notice_minutes", sa.Integer(), nullable=False),
        sa.Column("max_advance_days", sa.Integer(), nullable=False),
        sa.Column("cancel_window_hours", sa.Integer(), nullable=False),
        sa.Column("hold_hours", sa.Integer(), nullable=True),
        sa.Column("confirmation_text", sa.Text(), nullable=False),
        sa.Column("cancel_policy", sa.String(length=10), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("cancel_policy IN ('credit', 'refund')", name=op.f("ck_online_booking_cancel_policy")),
        sa.CheckConstraint("confirm_mode IN ('manual', 'instant')", name=op.f("ck_online_booking_confirm_mode")),
        sa.CheckConstraint("cancel_window_hours >= 0", name=op.f("ck_online_booking_cancel_window")),
        sa.CheckConstraint("hold_hours IS NULL OR hold_hours >= 1", name=op.f("ck_online_booking_hold_hours")),
        sa.CheckConstraint("id = 1", name=op.f("ck_online_booking_single_row")),
        sa.CheckConstraint("max_advance_days >= 1", name=op.f("ck_online_booking_max_advance")),
        sa.CheckConstraint("min_notice_minutes >= 0", name=op.f("ck_online_booking_min_notice")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_online_booking")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "booking_invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_booking_invites_person_id_persons"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_invites")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_booking_invites_token_hash")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("booking_invites", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_booking_invites_person_id"), ["person_id"], unique=False)

    op.create_table(
        "online_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("practitioner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["staff_users.id"],
            name=op.f("fk_online_offers_practitioner_id_staff_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_online_offers_service_id_services"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_online_offers")),
        sa.UniqueConstraint("service_id", "practitioner_id", name="uq_online_offers_pair"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("online_offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_online_offers_service_id"), ["service_id"], unique=False)

    op.create_table(
        "booking_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("booker_person_id", sa.Integer(), nullable=False),
        sa.Column("for_person_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("invite_id", sa.Integer(), nullable=True),
        sa.Column("first_name", sa.String(length=80), nullable=False),
        sa.Column("last_name", sa.String(length=80), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("any_practitioner", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("match_ids", sa.String(length=200), nullable=False),
        sa.Column("match_state", sa.String(length=10), nullable=False),
        sa.Column("decline_reason", sa.String(length=300), nullable=True),
        sa.Column("handled_by", sa.Integer(), nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_booking_requests_invoice_id_invoices"), ondelete="RESTRICT"
        ),
        sa.CheckConstraint(
            "match_state IN ('none', 'open', 'linked', 'new')", name=op.f("ck_booking_requests_match_state")
        ),
        sa.CheckConstraint("source IN ('bookings_page', 'invite')", name=op.f("ck_booking_requests_source")),
        sa.CheckConstraint(
            "state IN ('awaiting_payment', 'pending', 'confirmed', 'declined', 'expired')",
            name=op.f("ck_booking_requests_state"),
        ),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_booking_requests_appointment_id_appointments"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["booker_person_id"],
            ["persons.id"],
            name=op.f("fk_booking_requests_booker_person_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["for_person_id"],
            ["persons.id"],
            name=op.f("fk_booking_requests_for_person_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["invite_id"], ["booking_invites.id"], name=op.f("fk_booking_requests_invite_id_booking_invites")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_requests")),
        sa.UniqueConstraint("appointment_id", name=op.f("uq_booking_requests_appointment_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("booking_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_booking_requests_booker_person_id"), ["booker_person_id"], unique=False)
        batch_op.create_index("ix_booking_requests_email", ["email", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_booking_requests_for_person_id"), ["for_person_id"], unique=False)
        batch_op.create_index("ix_booking_requests_ip", ["ip", "created_at"], unique=False)
        batch_op.create_index("ix_booking_requests_state", ["state", "expires_at"], unique=False)
    op.execute(
        sa.text(
            "INSERT INTO online_booking (id, confirm_mode, min_notice_minutes, max_advance_days, cancel_window_hours, "
            "hold_hours, confirmation_text, cancel_policy, updated_at) "
            "VALUES (1, 'manual', 120, 60, 24, NULL, :text, 'credit', :now)"
        ).bindparams(text=CONFIRMATION_TEXT, now=datetime.now(UTC))
    )


def downgrade() -> None:
    requested = op.get_bind().execute(sa.text("SELECT COUNT(*) FROM appointments WHERE status = 'requested'")).scalar()
    if requested:  # records are never deleted: the downgrade stops here
        raise RuntimeError(f"{requested} booking requests hold their time: revision 0010 cannot hold them.")
    with op.batch_alter_table("booking_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_booking_requests_state")
        batch_op.drop_index("ix_booking_requests_ip")
        batch_op.drop_index(batch_op.f("ix_booking_requests_for_person_id"))
        batch_op.drop_index("ix_booking_requests_email")
        batch_op.drop_index(batch_op.f("ix_booking_requests_booker_person_id"))

    op.drop_table("booking_requests")
    with op.batch_alter_table("online_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_online_offers_service_id"))

    op.drop_table("online_offers")
    with op.batch_alter_table("booking_invites", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booking_invites_person_id"))

    op.drop_table("booking_invites")
    op.drop_table("online_booking")
    _appointment_statuses(STATUSES_BEFORE)

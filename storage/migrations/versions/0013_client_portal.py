"""Client Portal: sessions name their login (the current profile is person_id), "Create an account"
registrations, files shared with a client (My Documents), client tasks (ticked in the portal or by an emailed
link), the clinic's phone and its invitation email template, and Setup's "clients may create an account".

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-25 00:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("portal_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("login_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_portal_sessions_login_id"), ["login_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_portal_sessions_login_id_portal_logins"),
            "portal_logins",
            ["login_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.create_table(
        "portal_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("match_person_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=120), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=True),
        sa.CheckConstraint(
            "state IN ('awaiting_email', 'awaiting_staff', 'active', 'declined')",
            name=op.f("ck_portal_registrations_state"),
        ),
        sa.ForeignKeyConstraint(
            ["match_person_id"],
            ["persons.id"],
            name=op.f("fk_portal_registrations_match_person_id_persons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_portal_registrations_person_id_persons"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_registrations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_portal_registrations_token_hash")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("portal_registrations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_portal_registrations_email"), ["email"], unique=False)

    with op.batch_alter_table("profile_files", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shared_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("shared_by", sa.String(length=120), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_person_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("link_token_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("done_by", sa.String(length=120), nullable=False, server_default=""))
        batch_op.create_index(batch_op.f("ix_tasks_client_person_id"), ["client_person_id"], unique=False)
        batch_op.create_unique_constraint(batch_op.f("uq_tasks_link_token_hash"), ["link_token_hash"])
        batch_op.create_foreign_key(
            batch_op.f("fk_tasks_client_person_id_persons"),
            "persons",
            ["client_person_id"],
            ["id"],
            ondelete="RESTRICT",
        )
    with op.batch_alter_table("clinic", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=40), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("invitation_subject", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("invitation_body", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("online_booking", schema=None) as batch_op:
        batch_op.add_column(sa.Column("allow_registration", sa.Boolean(), nullable=False, server_default=sa.false()))
    _request_sources("'bookings_page', 'invite', 'portal'")


def _request_sources(allowed: str) -> None:
    """A booking request made in the Client Portal (source 'portal'). SQLite rebuilds the table, keeping its ids."""
    with op.batch_alter_table("booking_requests", schema=None, table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.drop_constraint(op.f("ck_booking_requests_source"), type_="check")
        batch_op.create_check_constraint(op.f("ck_booking_requests_source"), f"source IN ({allowed})")


def downgrade() -> None:
    keep = {"sqlite_autoincrement": True}
    op.execute("UPDATE booking_requests SET source = 'bookings_page' WHERE source = 'portal'")  # kept, not lost
    _request_sources("'bookings_page', 'invite'")
    with op.batch_alter_table("online_booking", schema=None) as batch_op:
        batch_op.drop_column("allow_registration")
    with op.batch_alter_table("clinic", schema=None) as batch_op:
        for column in ("invitation_body", "invitation_subject", "phone"):
            batch_op.drop_column(column)
    with op.batch_alter_table("tasks", schema=None, table_kwargs=keep) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_tasks_client_person_id_persons"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_tasks_link_token_hash"), type_="unique")
        batch_op.drop_index(batch_op.f("ix_tasks_client_person_id"))
        for column in ("done_by", "link_token_hash", "client_person_id"):
            batch_op.drop_column(column)
    with op.batch_alter_table("profile_files", schema=None, table_kwargs=keep) as batch_op:
        for column in ("opened_at", "shared_by", "shared_at"):
            batch_op.drop_column(column)
    op.drop_table("portal_registrations")
    with op.batch_alter_table("portal_sessions", schema=None, table_kwargs=keep) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_portal_sessions_login_id_portal_logins"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_portal_sessions_login_id"))
        batch_op.drop_column("login_id")

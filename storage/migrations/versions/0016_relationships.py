"""Relationships (seed 002): directional grants between clients, Setup's "Allow Patients to add related profiles",
what the calendar subscription says, each portal login's private calendar feed, and whose saved card a checkout
offered when a relative's account is billed; the clinic's address (calendar events say where).

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-25 04:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

RELATIONS = ("parent", "child", "spouse", "partner", "guardian", "ward", "carer", "cared_for", "sibling", "other")


def upgrade() -> None:
    op.create_table(
        "relationships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grantor_id", sa.Integer(), nullable=False),
        sa.Column("grantee_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=20), nullable=False),
        sa.Column("view_pay", sa.Boolean(), nullable=False),
        sa.Column("manage", sa.Boolean(), nullable=False),
        sa.Column("reminders", sa.Boolean(), nullable=False),
        sa.Column("financial", sa.Boolean(), nullable=False),
        sa.Column("calendar", sa.Boolean(), nullable=False),
        sa.Column("bill_to_me", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=160), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.String(length=160), nullable=False),
        sa.CheckConstraint("grantor_id <> grantee_id", name=op.f("ck_relationships_not_self")),
        sa.CheckConstraint(
            "relation IN (" + ", ".join(f"'{r}'" for r in RELATIONS) + ")", name=op.f("ck_relationships_relation")
        ),
        sa.ForeignKeyConstraint(
            ["grantee_id"], ["persons.id"], name=op.f("fk_relationships_grantee_id_persons"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["grantor_id"], ["persons.id"], name=op.f("fk_relationships_grantor_id_persons"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relationships")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("relationships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_relationships_grantee_id"), ["grantee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_relationships_grantor_id"), ["grantor_id"], unique=False)
        batch_op.create_index(
            "uq_relationships_live",
            ["grantor_id", "grantee_id"],
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        )
    with op.batch_alter_table("online_booking", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("allow_related_profiles", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("calendar_details", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("clinic", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address", sa.String(length=300), nullable=False, server_default=""))
    with op.batch_alter_table("checkouts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("card_person_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_checkouts_card_person_id_persons"),
            "persons",
            ["card_person_id"],
            ["id"],
            ondelete="RESTRICT",
        )
    with op.batch_alter_table("portal_logins", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_token_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_portal_logins_calendar_token_hash"), ["calendar_token_hash"])


def downgrade() -> None:
    with op.batch_alter_table("portal_logins", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_portal_logins_calendar_token_hash"), type_="unique")
        batch_op.drop_column("calendar_token_hash")
    with op.batch_alter_table("checkouts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_checkouts_card_person_id_persons"), type_="foreignkey")
        batch_op.drop_column("card_person_id")
    with op.batch_alter_table("online_booking", schema=None) as batch_op:
        batch_op.drop_column("calendar_details")
        batch_op.drop_column("allow_related_profiles")
    with op.batch_alter_table("clinic", schema=None) as batch_op:
        batch_op.drop_column("address")
    op.drop_table("relationships")

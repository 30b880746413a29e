"""Online payments: checkouts at a payment provider (sandbox or Stripe), provider events handled once, pay-by-link
tokens of issued invoices, and the provider's id on a refund made through it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24 22:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "provider_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=10), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_events")),
        sa.UniqueConstraint("provider", "event_id", name="uq_provider_events_event"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "checkouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=10), nullable=False),
        sa.Column("provider_ref", sa.String(length=255), nullable=False),
        sa.Column("purpose", sa.String(length=10), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("payment_intent", sa.String(length=255), nullable=True),
        sa.Column("return_url", sa.String(length=500), nullable=False),
        sa.Column("booking_request_id", sa.Integer(), nullable=True),
        sa.Column("template_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("save_card", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_request_id"],
            ["booking_requests.id"],
            name=op.f("fk_checkouts_booking_request_id_booking_requests"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["pack_templates.id"],
            name=op.f("fk_checkouts_template_id_pack_templates"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_checkouts_person_id_persons"), ondelete="RESTRICT"
        ),
        sa.CheckConstraint("provider IN ('sandbox', 'stripe')", name=op.f("ck_checkouts_provider")),
        sa.CheckConstraint("purpose IN ('invoice', 'booking', 'pack')", name=op.f("ck_checkouts_purpose")),
        sa.CheckConstraint("state IN ('open', 'paid', 'expired', 'failed')", name=op.f("ck_checkouts_state")),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_checkouts_amount")),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_checkouts_invoice_id_invoices"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name=op.f("fk_checkouts_payment_id_payments"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_checkouts_profile_id_profiles"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkouts")),
        sa.UniqueConstraint("provider", "provider_ref", name="uq_checkouts_provider_ref"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("checkouts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkouts_profile_id"), ["profile_id"], unique=False)

    op.create_table(
        "pay_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_pay_links_invoice_id_invoices"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pay_links")),
        sa.UniqueConstraint("invoice_id", name=op.f("uq_pay_links_invoice_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_pay_links_token_hash")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("provider_reference", sa.String(length=255), nullable=True))
    # Setup: a service paid when booked online; a pack template sold on the Bookings Page; a client's saved card
    # at the provider (its customer id: never a card number).
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prepay_online", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("pack_templates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sold_online", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("payment_customer_ref", sa.String(length=255), nullable=True))


def downgrade() -> None:
    for table, column in (
        ("persons", "payment_customer_ref"),
        ("pack_templates", "sold_online"),
        ("services", "prepay_online"),
    ):
        with op.batch_alter_table(table, schema=None, table_kwargs={"sqlite_autoincrement": True}) as batch_op:
            batch_op.drop_column(column)
    with op.batch_alter_table("refunds", schema=None, table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.drop_column("provider_reference")

    op.drop_table("pay_links")
    with op.batch_alter_table("checkouts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkouts_profile_id"))

    op.drop_table("checkouts")
    op.drop_table("provider_events")

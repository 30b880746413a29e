"""The clinic's locale (how dates, times, numbers and phone numbers are written) and currency (ISO 4217).
Existing clinics keep what they showed before: Australian English and dollars.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 19:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clinic") as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=16), nullable=False, server_default="en-AU"))
        batch_op.add_column(sa.Column("currency", sa.String(length=3), nullable=False, server_default="AUD"))


def downgrade() -> None:
    with op.batch_alter_table("clinic") as batch_op:
        batch_op.drop_column("currency")
        batch_op.drop_column("locale")

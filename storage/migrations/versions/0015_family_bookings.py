"""Booking for a family member (seed 001): a request made with "I'm booking for a family member" whose family
member's name matches existing primary records keeps them as candidates ("12,40") until staff choose Link to …'s
family or Keep apart; a link made by name alone is never made silently.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-25 02:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("booking_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("family_match_ids", sa.String(length=200), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("family_match_state", sa.String(length=10), server_default="none", nullable=False)
        )
        batch_op.create_check_constraint(
            "family_match_state", "family_match_state IN ('none', 'open', 'linked', 'apart')"
        )


def downgrade() -> None:
    with op.batch_alter_table("booking_requests", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_booking_requests_family_match_state"), type_="check")
        batch_op.drop_column("family_match_state")
        batch_op.drop_column("family_match_ids")

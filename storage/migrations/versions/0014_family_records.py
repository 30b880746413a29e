"""Family records (seed 001): a sub-record names its primary record, whose email and Client Portal login it shares.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-25 01:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("persons", schema=None, table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.add_column(sa.Column("primary_person_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_persons_primary_person_id"), ["primary_person_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_persons_primary_person_id_persons"),
            "persons",
            ["primary_person_id"],
            ["id"],
            ondelete="RESTRICT",
        )


def downgrade() -> None:
    with op.batch_alter_table("persons", schema=None, table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_persons_primary_person_id_persons"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_persons_primary_person_id"))
        batch_op.drop_column("primary_person_id")

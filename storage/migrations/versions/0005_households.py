"""Households and records: shared profile members (one primary, a partial unique index), classifications,
contacts, referrals, notes, diagnoses, files; outbox SMS channel and CC; profile comments, reminder
override, default payee and consent.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 13:40:16.970176
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "classifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classifications")),
        sa.UniqueConstraint("name", name=op.f("uq_classifications_name")),
    )
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("organisation", sa.String(length=160), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    op.create_table(
        "diagnoses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("diagnosed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_diagnoses_profile_id_profiles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagnoses")),
    )
    with op.batch_alter_table("diagnoses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_diagnoses_profile_id"), ["profile_id"], unique=False)

    op.create_table(
        "profile_classifications",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("classification_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["classification_id"],
            ["classifications.id"],
            name=op.f("fk_profile_classifications_classification_id_classifications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_profile_classifications_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("profile_id", "classification_id", name=op.f("pk_profile_classifications")),
    )
    op.create_table(
        "profile_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_profile_contacts_contact_id_contacts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_profile_contacts_profile_id_profiles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_contacts")),
        sa.UniqueConstraint("profile_id", "contact_id", name="uq_profile_contacts"),
    )
    with op.batch_alter_table("profile_contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_profile_contacts_profile_id"), ["profile_id"], unique=False)

    op.create_table(
        "profile_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('record', 'admin', 'letter')", name=op.f("ck_profile_files_kind")),
        sa.CheckConstraint("size > 0 AND size <= 10485760", name=op.f("ck_profile_files_size")),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_profile_files_profile_id_profiles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_files")),
    )
    with op.batch_alter_table("profile_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_profile_files_profile_id"), ["profile_id"], unique=False)

    op.create_table(
        "profile_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("portal_booking", sa.Boolean(), nullable=False),
        sa.Column("receives_reminders", sa.Boolean(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_profile_members_person_id_persons"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_profile_members_profile_id_profiles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_members")),
        sa.UniqueConstraint("profile_id", "person_id", name="uq_profile_members_person"),
    )
    with op.batch_alter_table("profile_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_profile_members_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_profile_members_profile_id"), ["profile_id"], unique=False)
        batch_op.create_index(
            "uq_profile_members_primary",
            ["profile_id"],
            unique=True,
            sqlite_where=sa.text("is_primary"),
            postgresql_where=sa.text("is_primary"),
        )

    op.create_table(
        "profile_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('session', 'admin')", name=op.f("ck_profile_notes_kind")),
        sa.ForeignKeyConstraint(
            ["author_id"], ["staff_users.id"], name=op.f("fk_profile_notes_author_id_staff_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_profile_notes_profile_id_profiles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_notes")),
    )
    with op.batch_alter_table("profile_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_profile_notes_profile_id"), ["profile_id"], unique=False)

    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=160), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_referrals_contact_id_contacts"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_referrals_profile_id_profiles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referrals_profile_id"), ["profile_id"], unique=False)

    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cc", sa.String(length=1000), server_default="", nullable=False))

    # ADD COLUMN with its CHECK in one statement: SQLite accepts it without rebuilding the table.
    op.execute(
        "ALTER TABLE outbox_messages ADD COLUMN channel VARCHAR(10) DEFAULT 'email' NOT NULL "
        "CONSTRAINT ck_outbox_messages_channel CHECK (channel IN ('email', 'sms'))"
    )
    op.execute(
        "ALTER TABLE profiles ADD COLUMN reminders VARCHAR(10) DEFAULT 'clinic' NOT NULL "
        "CONSTRAINT ck_profiles_reminders CHECK (reminders IN ('clinic', 'on', 'off'))"
    )
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("comments", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("reminder_hours", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("default_payee_person_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("consent_by", sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column("consent_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("consent_how", sa.String(length=60), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # after 0006 rebuilt these tables their CHECKs are table-level: drop them with the column
        for table, column in (("profiles", "reminders"), ("outbox_messages", "channel")):
            with op.batch_alter_table(table, recreate="always") as batch_op:
                batch_op.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
                batch_op.drop_column(column)
    else:
        op.execute("ALTER TABLE profiles DROP COLUMN reminders")  # column-level CHECKs go with their column
        op.execute("ALTER TABLE outbox_messages DROP COLUMN channel")
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.drop_column("consent_how")
        batch_op.drop_column("consent_on")
        batch_op.drop_column("consent_by")
        batch_op.drop_column("default_payee_person_id")
        batch_op.drop_column("reminder_hours")
        batch_op.drop_column("comments")

    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("cc")

    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referrals_profile_id"))

    op.drop_table("referrals")
    with op.batch_alter_table("profile_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_profile_notes_profile_id"))

    op.drop_table("profile_notes")
    with op.batch_alter_table("profile_members", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_profile_members_primary", sqlite_where=sa.text("is_primary"), postgresql_where=sa.text("is_primary")
        )
        batch_op.drop_index(batch_op.f("ix_profile_members_profile_id"))
        batch_op.drop_index(batch_op.f("ix_profile_members_person_id"))

    op.drop_table("profile_members")
    with op.batch_alter_table("profile_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_profile_files_profile_id"))

    op.drop_table("profile_files")
    with op.batch_alter_table("profile_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_profile_contacts_profile_id"))

    op.drop_table("profile_contacts")
    op.drop_table("profile_classifications")
    with op.batch_alter_table("diagnoses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_diagnoses_profile_id"))

    op.drop_table("diagnoses")
    op.drop_table("contacts")
    op.drop_table("classifications")

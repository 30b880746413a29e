"""Nothing is lost, nothing is reused: ids never reused on SQLite (AUTOINCREMENT, every table rebuilt, its
audit and no-overlap triggers made again); clinical and administrative records refuse their profile's
deletion (RESTRICT instead of CASCADE); a cancelled appointment's pack use is released, not deleted, and the
session numbers of a pack's held uses are unique (renumbered in appointment order first); payments carry the
key of the dialog that recorded them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 09:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Every table whose primary key is one integer `id`, as of this revision (frozen: later tables are created
# with AUTOINCREMENT from the models).
ID_TABLES = (
    "appointment_reminders",
    "appointments",
    "audit_entries",
    "classifications",
    "clinic",
    "closed_days",
    "contacts",
    "diagnoses",
    "form_requests",
    "form_responses",
    "form_templates",
    "invitations",
    "invoice_items",
    "invoices",
    "login_failures",
    "outbox_messages",
    "pack_templates",
    "pack_uses",
    "packs",
    "payment_allocations",
    "payments",
    "persons",
    "portal_logins",
    "portal_sessions",
    "profile_contacts",
    "profile_files",
    "profile_members",
    "profile_notes",
    "profiles",
    "referrals",
    "refunds",
    "services",
    "staff_sessions",
    "staff_users",
    "tags",
    "tasks",
    "working_hours",
)
# Their records' profile stays while they exist (was: deleted with it).
KEPT_WITH_PROFILE = ("profile_notes", "diagnoses", "profile_files", "referrals", "tasks")
# The audit log names records by these types: a new row never takes an id the log already used.
AUDITED = {
    "appointment": "appointments",
    "classification": "classifications",
    "closed_day": "closed_days",
    "contact": "contacts",
    "form_template": "form_templates",
    "invoice": "invoices",
    "outbox_message": "outbox_messages",
    "pack": "packs",
    "pack_template": "pack_templates",
    "payment": "payments",
    "person": "persons",
    "profile": "profiles",
    "profile_member": "profile_members",
    "service": "services",
    "staff_user": "staff_users",
    "task": "tasks",
    "form_request": "form_requests",
}

# One held use per appointment; a session number said of one held use per pack.
HELD = "released_at IS NULL"
HELD_UNIQUE = {
    "uq_pack_uses_held_appointment": ["appointment_id"],
    "uq_pack_uses_held_sequence": ["pack_id", "sequence"],
}

RENUMBER_PACK_USES = """
UPDATE pack_uses SET sequence = (
    SELECT r.n FROM (
        SELECT u.id AS id, ROW_NUMBER() OVER (PARTITION BY u.pack_id ORDER BY a.starts_at, u.id) AS n
        FROM pack_uses u JOIN appointments a ON a.id = u.appointment_id) r
    WHERE r.id = pack_uses.id)
"""


def _profile_fk(table: str, ondelete: str) -> tuple[str, str]:
    return f"fk_{table}_profile_id_profiles", ondelete


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute(RENUMBER_PACK_USES)
    for table in ID_TABLES if sqlite else ():
        # Rebuilt with AUTOINCREMENT; the other changes of this revision ride along in the same rebuild.
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}) as batch:
            _changes(table, batch)
    if not sqlite:
        for table in ("payments", "pack_uses", *KEPT_WITH_PROFILE):
            with op.batch_alter_table(table) as batch:
                _changes(table, batch)
    if sqlite:
        _sqlite_triggers()
        _no_reuse_of_audited_ids()


def _changes(table: str, batch) -> None:
    if table == "payments":
        batch.add_column(sa.Column("request_key", sa.String(length=64), nullable=True))
        batch.create_unique_constraint("uq_payments_request_key", ["request_key"])
    elif table == "pack_uses":
        batch.add_column(sa.Column("released_at", sa.DateTime(timezone=True), nullable=True))
        batch.drop_constraint("uq_pack_uses_appointment_id", type_="unique")
        batch.create_check_constraint(op.f("ck_pack_uses_sequence"), "sequence > 0")
        for name, columns in HELD_UNIQUE.items():
            batch.create_index(name, columns, unique=True, sqlite_where=sa.text(HELD), postgresql_where=sa.text(HELD))
    elif table in KEPT_WITH_PROFILE:
        name, _ = _profile_fk(table, "RESTRICT")
        batch.drop_constraint(name, type_="foreignkey")
        batch.create_foreign_key(name, "profiles", ["profile_id"], ["id"], ondelete="RESTRICT")


def _sqlite_triggers() -> None:
    """Rebuilding a table drops its triggers: the audit log's append-only rule and the no-overlap rule
    (migrations 0001 and 0003) are made again, word for word."""
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_entries_no_{verb.lower()} BEFORE {verb} ON audit_entries "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )
    overlap = (
        "EXISTS (SELECT 1 FROM appointments a WHERE a.practitioner_id = NEW.practitioner_id "
        "AND a.status <> 'cancelled' AND a.id <> NEW.id "
        "AND a.starts_at < NEW.ends_at AND a.ends_at > NEW.starts_at)"
    )
    for verb in ("INSERT", "UPDATE"):
        op.execute(
            f"CREATE TRIGGER appointments_no_overlap_{verb.lower()} BEFORE {verb} ON appointments "
            f"WHEN NEW.status <> 'cancelled' AND {overlap} "
            "BEGIN SELECT RAISE(ABORT, 'appointment_overlap'); END"
        )


def _no_reuse_of_audited_ids() -> None:
    """A row deleted before this revision may have had an id above today's highest: the audit log remembers
    it, so each table's AUTOINCREMENT counter starts above what the log has named too."""
    bind = op.get_bind()
    for record_type, table in AUDITED.items():
        highest = bind.execute(
            sa.text(
                f"SELECT MAX(m) FROM (SELECT MAX(id) AS m FROM {table} UNION ALL "
                "SELECT MAX(record_id) FROM audit_entries WHERE record_type = :t)"
            ),
            {"t": record_type},
        ).scalar()
        if not highest:
            continue
        bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = :n"), {"n": table})
        bind.execute(sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:n, :s)"), {"n": table, "s": highest})


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    released = op.get_bind().execute(sa.text("SELECT COUNT(*) FROM pack_uses WHERE released_at IS NOT NULL")).scalar()
    if released:  # before 0006 they were deleted; records are never deleted, so the downgrade stops here
        raise RuntimeError(f"{released} released pack uses exist: revision 0005 cannot hold them, so it stays at 0006.")
    for table in ("payments", "pack_uses", *KEPT_WITH_PROFILE):
        with op.batch_alter_table(table) as batch:
            if table == "payments":
                batch.drop_constraint("uq_payments_request_key", type_="unique")
                batch.drop_column("request_key")
            elif table == "pack_uses":
                for name in HELD_UNIQUE:
                    batch.drop_index(name)
                batch.drop_constraint(op.f("ck_pack_uses_sequence"), type_="check")
                batch.drop_column("released_at")
                batch.create_unique_constraint("uq_pack_uses_appointment_id", ["appointment_id"])
            else:
                name, _ = _profile_fk(table, "CASCADE")
                batch.drop_constraint(name, type_="foreignkey")
                batch.create_foreign_key(name, "profiles", ["profile_id"], ["id"], ondelete="CASCADE")
    if sqlite:  # rebuilt tables lost their triggers again; AUTOINCREMENT itself stays (harmless)
        for name in (
            "audit_entries_no_update",
            "audit_entries_no_delete",
            "appointments_no_overlap_insert",
            "appointments_no_overlap_update",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        _sqlite_triggers()

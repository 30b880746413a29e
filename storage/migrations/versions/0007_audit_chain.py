"""The audit log becomes tamper-evident: hash chains over its entries (the older ones chained here into chain 1,
in id order), each chain's head a row of `audit_chain` (moves forward only), INSERT OR REPLACE of an existing entry refused on
SQLite (also without recursive_triggers), TRUNCATE refused on PostgreSQL. On SQLite, NUL bytes that text
written before the text rule may hold are removed (they broke the pages showing it; PostgreSQL never took them).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 15:00:00
"""

import sqlalchemy as sa
from alembic import op

from storage.audit import GENESIS, entry_hash
from storage.types import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

CHAINS = 8  # as of this revision (storage.audit.CHAINS)
REFUSE = "SELECT RAISE(ABORT, 'the audit log is append-only')"
ENTRIES = sa.table(
    "audit_entries",
    sa.column("id", sa.Integer),
    sa.column("at", UTCDateTime()),
    sa.column("actor_id", sa.Integer),
    sa.column("actor_label", sa.String),
    sa.column("action", sa.String),
    sa.column("record_type", sa.String),
    sa.column("record_id", sa.Integer),
    sa.column("summary", sa.Text),
    sa.column("ip", sa.String),
    sa.column("chain_id", sa.Integer),
    sa.column("chain_seq", sa.BigInteger),
    sa.column("entry_hash", sa.String),
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("audit_entries", recreate="never") as batch:
        batch.add_column(sa.Column("chain_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("chain_seq", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("entry_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("head", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id >= 1", name=op.f("ck_audit_chain_chain_id")),
        sa.CheckConstraint("seq >= 0", name=op.f("ck_audit_chain_seq")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain")),
        sqlite_autoincrement=True,  # as every table with an integer id (storage/tables.py)
    )
    _chain_existing(sqlite)
    if sqlite:
        _remove_nul_bytes()
    op.create_index(op.f("uq_audit_entries_chain_seq"), "audit_entries", ["chain_id", "chain_seq"], unique=True)
    if sqlite:
        op.execute(
            "CREATE TRIGGER audit_entries_no_replace BEFORE INSERT ON audit_entries "
            f"WHEN EXISTS (SELECT 1 FROM audit_entries WHERE id = NEW.id) BEGIN {REFUSE}; END"
        )
        op.execute(
            "CREATE TRIGGER audit_chain_forward BEFORE UPDATE ON audit_chain WHEN NEW.seq <= OLD.seq "
            "BEGIN SELECT RAISE(ABORT, 'the audit chain only moves forward'); END"
        )
        op.execute(
            "CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain "
            "BEGIN SELECT RAISE(ABORT, 'the audit chain only moves forward'); END"
        )
    else:
        op.execute(
            "CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()"
        )
        op.execute(
            "CREATE FUNCTION audit_chain_forward() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_OP = 'UPDATE' AND NEW.seq > OLD.seq THEN RETURN NEW; END IF; "
            "RAISE EXCEPTION 'the audit chain only moves forward'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_chain_forward BEFORE UPDATE OR DELETE ON audit_chain "
            "FOR EACH ROW EXECUTE FUNCTION audit_chain_forward()"
        )
        op.execute(
            "CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_forward()"
        )


def _chain_existing(sqlite: bool) -> None:
    """Chains the entries written before this revision, in id order; the append-only trigger steps aside for
    this one UPDATE inside the migration's transaction."""
    bind = op.get_bind()
    if sqlite:
        op.execute("DROP TRIGGER audit_entries_no_update")
    else:
        op.execute("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only")
    previous, seq = GENESIS, 0
    rows = bind.execute(sa.select(ENTRIES).order_by(ENTRIES.c.id)).mappings().all()
    for row in rows:
        seq += 1
        fields = {k: row[k] for k in ("at", "actor_id", "actor_label", "action", "record_type", "record_id", "ip")}
        previous = entry_hash(previous, chain=1, seq=seq, summary=row["summary"] or "", **fields)
        bind.execute(
            sa.update(ENTRIES).where(ENTRIES.c.id == row["id"]).values(chain_id=1, chain_seq=seq, entry_hash=previous)
        )
    heads = [{"id": 1, "seq": seq, "head": previous}] + [
        {"id": n, "seq": 0, "head": GENESIS} for n in range(2, CHAINS + 1)
    ]
    bind.execute(sa.text("INSERT INTO audit_chain (id, seq, head) VALUES (:id, :seq, :head)"), heads)
    if sqlite:
        op.execute(f"CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries BEGIN {REFUSE}; END")
    else:
        op.execute("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only")


def _remove_nul_bytes() -> None:
    """Every text column but the audit log's (its entries are kept as written, and chained so): rows holding NUL
    are rewritten without it, in Python (SQLite's replace() stops at a NUL)."""
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    for table in inspector.get_table_names():
        if table in ("audit_entries", "alembic_version"):
            continue
        texts = [c["name"] for c in inspector.get_columns(table) if isinstance(c["type"], sa.String | sa.Text)]
        for column in texts:
            found = bind.execute(
                sa.text(f'SELECT rowid, "{column}" FROM "{table}" WHERE instr("{column}", char(0)) > 0')
            ).all()
            for rowid, value in found:
                bind.execute(
                    sa.text(f'UPDATE "{table}" SET "{column}" = :value WHERE rowid = :rowid'),
                    {"value": value.replace("\x00", ""), "rowid": rowid},
                )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for name in ("audit_entries_no_replace", "audit_chain_forward", "audit_chain_no_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries")
        op.execute("DROP TRIGGER IF EXISTS audit_chain_forward ON audit_chain")
        op.execute("DROP TRIGGER IF EXISTS audit_chain_no_truncate ON audit_chain")
        op.execute("DROP FUNCTION IF EXISTS audit_chain_forward()")
    op.drop_index(op.f("uq_audit_entries_chain_seq"), table_name="audit_entries")
    op.drop_table("audit_chain")
    for column in (
        "entry_hash",
        "chain_seq",
        "chain_id",
    ):  # SQLite 3.35+ drops a column without rebuilding (triggers stay)
        op.execute(f"ALTER TABLE audit_entries DROP COLUMN {column}")

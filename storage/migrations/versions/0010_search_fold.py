"""Search folds every script: persons.search_text is recomputed with anyascii ("Łukasz" → "lukasz", "Ольга" → "olga",
"山田" → "shantian"), and on PostgreSQL a pg_trgm GIN index on it serves the People search's LIKE '%word%'
(words of three or more letters; shorter ones scan) in place of the b-tree, which served no query (the
search is contains-LIKE, and the duplicate check's prefix LIKE sits in an OR with lower(email), which no index
serves). pg_trgm ships with Debian's postgresql-15 (contrib) and is a trusted extension (PostgreSQL 13+): a
database owner who is not a superuser may create it. On SQLite the b-tree stays (SQLite's case-insensitive LIKE
cannot use it either; it is kept so that the models describe one schema for both databases).

The fold is copied here, frozen, not imported from domain.search: storage does not import the domain (the arrows go
one way), and this revision must fold as it did when written even after the domain's fold changes (a later change
refolds in a migration of its own). tests/unit/test_search_fold.py checks this copy against domain.search.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 19:50:00
"""

import re
import unicodedata
from collections.abc import Callable

import phonenumbers
import sqlalchemy as sa
from alembic import op
from anyascii import anyascii

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

BATCH = 1000
SEARCH_KEY = 600  # persons.search_text
PERSONS = sa.table(
    "persons",
    sa.column("id", sa.Integer),
    sa.column("first_name", sa.String),
    sa.column("last_name", sa.String),
    sa.column("email", sa.String),
    sa.column("phone", sa.String),
    sa.column("search_text", sa.String),
)

# --- domain/text.py plain() on one line, as of this revision ---------------------------------------------------
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])")
HIDDEN = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


def _plain(value: str) -> str:
    text = "".join(
        ch for ch in ANSI.sub("", value) if unicodedata.category(ch) not in ("Cc", "Cs") and ch not in HIDDEN
    )
    return " ".join(unicodedata.normalize("NFC", text).split())


# --- domain/search.py search_key(), as of this revision, and as before it (for the downgrade) ---------------------
DROPPED = str.maketrans("", "", "'`")


def search_key(*parts: str | None) -> str:
    text = _plain(" ".join(p for p in parts if p))
    folded = anyascii(text.casefold()).lower().translate(DROPPED)
    return " ".join(folded.split())[:SEARCH_KEY].rstrip()


def old_search_key(*parts: str | None) -> str:
    text = _plain(" ".join(p for p in parts if p))
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("ø", "o").replace("æ", "ae").replace("ß", "ss").split())[:SEARCH_KEY]


def phone_part(phone: str | None) -> str | None:
    """domain/phones.py phone_search_text() as of this revision (after 0009): an E.164 number with its national
    digits, so "0412 345" still finds the client; a number kept as typed, itself."""
    if not phone or not re.fullmatch(r"\+[1-9]\d{6,14}", phone):
        return phone
    try:
        national = phonenumbers.format_number(phonenumbers.parse(phone, None), phonenumbers.PhoneNumberFormat.NATIONAL)
    except phonenumbers.NumberParseException:
        return phone
    return f"{phone} {re.sub(r'[^0-9]', '', national)}"


def _refold(fold: Callable[..., str]) -> None:
    """Every person's key recomputed from their stored name, email and phone, BATCH rows at a time (by id)."""
    conn = op.get_bind()
    update = sa.update(PERSONS).where(PERSONS.c.id == sa.bindparam("person_id")).values(search_text=sa.bindparam("key"))
    last = 0
    while True:
        rows = conn.execute(
            sa.select(PERSONS.c.id, PERSONS.c.first_name, PERSONS.c.last_name, PERSONS.c.email, PERSONS.c.phone)
            .where(PERSONS.c.id > last)
            .order_by(PERSONS.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        conn.execute(
            update,
            [dict(person_id=r.id, key=fold(r.first_name, r.last_name, r.email, phone_part(r.phone))) for r in rows],
        )
        last = rows[-1].id


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.drop_index("ix_persons_search_text", table_name="persons")  # before the refold: no index to keep up
    _refold(search_key)
    if postgresql:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.create_index(
            "ix_persons_search_text",
            "persons",
            ["search_text"],
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.drop_index("ix_persons_search_text", table_name="persons")
    _refold(old_search_key)
    if postgresql:  # pg_trgm stays, as btree_gist does (0003): other objects may have come to use it
        op.create_index("ix_persons_search_text", "persons", ["search_text"])

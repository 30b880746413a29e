"""Append-only audit log with hash chains.

Triggers (migrations 0001, 0007) refuse UPDATE, DELETE, INSERT OR REPLACE of an existing entry (SQLite) and
TRUNCATE (PostgreSQL). Each entry also stores its chain and place in it (`chain_id`, `chain_seq` 1, 2, 3 ...)
and `entry_hash` = SHA-256 of the previous entry's hash in that chain and its own content, so a rewritten or
removed entry breaks every hash after it. There are CHAINS chains, each with its head (last position and hash)
in one row of `audit_chain`: the unit of work chains a transaction's entries at commit into the first chain
whose head no other transaction holds (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite serialises writers, so it is
always chain 1), holding that row only for the commit itself. With one head every commit that audits waited
for the one before it (p95 1.65-1.85x of unchained entries for 50 PostgreSQL bookers, benchmarks/audit_chain.py);
with eight it is 1.42x, and what remains (0.76x throughput) is the two extra statements per commit. Heads only
move forward (a trigger), and the backup script prints a seal of all heads, so even a rewrite of every chain is
detectable.
"""

import hashlib
import json
import random
from datetime import UTC, datetime

from sqlalchemy import BigInteger, CheckConstraint, Index, Integer, String, Text, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.types import UTCDateTime, utcnow

GENESIS = "0" * 64  # the "previous hash" of each chain's first entry
CHAINS = 8  # migration 0007 made one head row for each


class AuditEntryRow(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_record", "record_type", "record_id"),
        Index("uq_audit_entries_chain_seq", "chain_id", "chain_seq", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)  # no FK: outlives users
    actor_label: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    record_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    record_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Null only for an entry written past the unit of work: verification reports it.
    chain_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    chain_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    entry_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AuditChainRow(Base):
    """The head of one chain (ids 1 to CHAINS)."""

    __tablename__ = "audit_chain"
    __table_args__ = (CheckConstraint("id >= 1", name="chain_id"), CheckConstraint("seq >= 0", name="seq"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    head: Mapped[str] = mapped_column(String(64))


def entry_hash(
    previous: str,
    *,
    chain: int,
    seq: int,
    at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    record_type: str | None,
    record_id: int | None,
    summary: str,
    ip: str | None,
) -> str:
    """The chain's rule, fixed forever (migration 0007 chained the older entries with it): SHA-256 over the
    previous hash and the entry's fields as compact JSON, its time in UTC to the microsecond."""
    content = [chain, seq, at.astimezone(UTC).isoformat(timespec="microseconds"), actor_id, actor_label, action,
               record_type, record_id, summary, ip]  # fmt: skip
    text = previous + "\n" + json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def hash_of(previous: str, row: AuditEntryRow, chain: int, seq: int) -> str:
    return entry_hash(
        previous,
        chain=chain,
        seq=seq,
        at=row.at,
        actor_id=row.actor_id,
        actor_label=row.actor_label,
        action=row.action,
        record_type=row.record_type,
        record_id=row.record_id,
        summary=row.summary,
        ip=row.ip,
    )


async def chain_entries(session: AsyncSession, entries: list[AuditEntryRow]) -> None:
    """Inside the committing transaction: takes a free chain's head (locked), gives each entry its place and hash,
    adds them, and moves the head. Called by UnitOfWork.commit just before COMMIT, so the lock is held briefly."""
    heads = select(AuditChainRow.id, AuditChainRow.seq, AuditChainRow.head)
    head = (await session.execute(heads.order_by(AuditChainRow.id).limit(1).with_for_update(skip_locked=True))).first()
    if head is None:  # every chain is committing: queue behind one of them
        chain = random.randint(1, CHAINS)
        head = (await session.execute(heads.where(AuditChainRow.id == chain).with_for_update())).one()
    chain, seq, previous = head.id, head.seq, head.head
    for row in entries:
        seq += 1
        row.chain_id, row.chain_seq, row.entry_hash = chain, seq, hash_of(previous, row, chain, seq)
        previous = row.entry_hash
        session.add(row)
    await session.execute(update(AuditChainRow).where(AuditChainRow.id == chain).values(seq=seq, head=previous))


def seal(heads: dict[int, tuple[int, str]]) -> str:
    """One hash over every chain's (position, hash): what a backup prints, so it can be compared later."""
    text = "\n".join(f"{chain}:{seq}:{head}" for chain, (seq, head) in sorted(heads.items()))
    return hashlib.sha256(text.encode()).hexdigest()

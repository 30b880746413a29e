"""Verify audit log (owners): walks the hash chain from its first entry and reports the first broken link.

A link breaks when an entry was changed (its hash no longer matches), removed (a position is missing), added
past the unit of work (no position), or when the head no longer names the last entry. The chain's rule is
storage.audit.entry_hash; the head is what the backup script prints, to compare with an earlier copy.
"""

import re
from dataclasses import dataclass

from sqlalchemy import select

from domain.accounts.roles import require
from domain.actor import Actor
from domain.errors import NotAllowed, ValidationFailed
from storage.audit import GENESIS, AuditChainRow, AuditEntryRow, hash_of
from storage.uow import UnitOfWork

BATCH = 2000
HEAD_LINE = re.compile(r"position (\d+), hash ([0-9a-f]{64})")  # as storage/backup.py prints it


def parse_head(line: str | None) -> tuple[int, str] | None:
    """The head a backup printed ("… position 1234, hash 9f…"), or None when nothing was given."""
    if not (line or "").strip():
        return None
    found = HEAD_LINE.search(line or "")
    if not found:
        raise ValidationFailed({"head": "Paste the whole line a backup printed: “… position 1234, hash 9f3a…”."})
    return int(found.group(1)), found.group(2)


@dataclass(frozen=True)
class ChainReport:
    entries: int  # how many entries were checked
    head: str  # the chain's head hash as stored
    broken_at: int | None = None  # the first entry (id) that breaks the chain
    problem: str = ""
    backup_position: int | None = None  # the backup's head this chain was compared with, and matched

    @property
    def intact(self) -> bool:
        return self.broken_at is None and not self.problem

    @property
    def message(self) -> str:
        if self.intact:
            matched = (
                f", and it matches your backup's head at position {self.backup_position:,}"
                if self.backup_position
                else ""
            )
            return f"The audit log is intact: {self.entries:,} entries checked{matched}. Head {self.head[:16]}…"
        return self.problem


async def verify_audit_chain(uow: UnitOfWork, *, actor: Actor, backup_head: str | None = None) -> ChainReport:
    """backup_head: a line a backup printed; the entry at its position must still have its hash (a chain rewritten
    in full inside the database verifies, but not against a head kept outside it)."""
    require(actor, "audit.read")
    if actor.role != "owner":
        raise NotAllowed("Only an owner can verify the audit log.")
    known = parse_head(backup_head)
    async with uow:
        head = (await uow.session.execute(select(AuditChainRow.seq, AuditChainRow.head))).one()
        outside = (
            await uow.session.execute(select(AuditEntryRow.id).where(AuditEntryRow.chain_seq.is_(None)).limit(1))
        ).scalar()
        if outside is not None:
            return ChainReport(
                0, head.head, outside, f"Entry #{outside} is outside the chain: it was written past the app."
            )
        previous, expected, checked, last_id = GENESIS, 1, 0, None
        while True:
            rows = (
                (
                    await uow.session.execute(
                        select(AuditEntryRow)
                        .where(AuditEntryRow.chain_seq >= expected)
                        .order_by(AuditEntryRow.chain_seq)
                        .limit(BATCH)
                    )
                )
                .scalars()
                .all()
            )
            for row in rows:
                if row.chain_seq != expected:
                    return ChainReport(
                        checked, head.head, row.id,
                        f"The chain breaks before entry #{row.id}: position {expected} is missing "
                        "(an entry was removed).",
                    )  # fmt: skip
                if hash_of(previous, row, expected) != row.entry_hash:
                    return ChainReport(
                        checked, head.head, row.id,
                        f"The chain breaks at entry #{row.id} ({row.at:%d %b %Y %H:%M} UTC, {row.action}): it was "
                        "changed after it was written, or an entry before it was.",
                    )  # fmt: skip
                if known and known[0] == expected and known[1] != row.entry_hash:
                    return ChainReport(
                        checked, head.head, row.id,
                        f"Entry #{row.id} (position {expected}) no longer has the hash your backup printed: the chain "
                        "was rewritten after that backup.",
                    )  # fmt: skip
                previous, expected, checked, last_id = row.entry_hash or "", expected + 1, checked + 1, row.id
            if len(rows) < BATCH:
                break
            uow.session.expunge_all()  # a long log is read in batches, not held in memory
        if checked != head.seq or previous != head.head:
            return ChainReport(
                checked, head.head, last_id,
                f"The chain's head does not match its last entry (head at position {head.seq}, "
                f"entries end at {checked}): entries were removed from the end, or the head was rewritten.",
            )  # fmt: skip
        if known and known[0] > checked:
            return ChainReport(
                checked, head.head, last_id,
                f"Your backup's head is at position {known[0]}, but the chain now ends at {checked}: entries were "
                "removed after that backup.",
            )  # fmt: skip
        return ChainReport(checked, head.head, backup_position=known[0] if known else None)

"""Verify audit log (owners): walks every hash chain from its first entry and reports the first broken link.

A link breaks when an entry was changed (its hash no longer matches), removed (a position is missing), added
past the unit of work (no chain), or when a chain's head no longer names its last entry. Given the line a
backup printed, it also checks that the chains still pass through the heads sealed then (a rewrite of every
chain inside the database verifies on its own, but not against a seal kept outside it). The chains' rule is
storage.audit.entry_hash; the seal is storage.audit.seal.
"""

import re
from dataclasses import dataclass

from sqlalchemy import select

from domain.accounts.roles import require
from domain.actor import Actor
from domain.errors import NotAllowed, ValidationFailed
from domain.formats import current
from storage.audit import GENESIS, AuditChainRow, AuditEntryRow, hash_of, seal
from storage.uow import UnitOfWork

BATCH = 2000
SEAL_LINE = re.compile(r"positions ((?:\d+:\d+\s*)+);\s*seal ([0-9a-f]{64})")  # as storage/backup.py prints it


@dataclass(frozen=True)
class BackupSeal:
    positions: dict[int, int]  # chain → its last position at the backup
    seal: str


def parse_seal(line: str | None) -> BackupSeal | None:
    """The seal a backup printed ("… positions 1:1234 2:56 …; seal 9f…"), or None when nothing was given."""
    if not (line or "").strip():
        return None
    found = SEAL_LINE.search(line or "")
    if not found:
        raise ValidationFailed({"head": "Paste the whole line a backup printed: “… positions 1:1234 …; seal 9f3a…”."})
    pairs = [pair.split(":") for pair in found.group(1).split()]
    positions = {int(chain): int(position) for chain, position in pairs}
    return BackupSeal(positions, found.group(2))


@dataclass(frozen=True)
class ChainReport:
    entries: int  # how many entries were checked
    seal: str  # the seal of the chains' heads as stored now
    broken_at: int | None = None  # the first entry (id) that breaks a chain
    problem: str = ""
    backup_matched: bool = False

    @property
    def intact(self) -> bool:
        return self.broken_at is None and not self.problem

    @property
    def message(self) -> str:
        if not self.intact:
            return self.problem
        matched = ", and they pass through the heads your backup sealed" if self.backup_matched else ""
        return f"The audit log is intact: {self.entries:,} entries checked{matched}. Seal {self.seal[:16]}…"


async def verify_audit_chain(uow: UnitOfWork, *, actor: Actor, backup_head: str | None = None) -> ChainReport:
    require(actor, "audit.read")
    if actor.role != "owner":
        raise NotAllowed("Only an owner can verify the audit log.")
    known = parse_seal(backup_head)
    async with uow:
        heads = {r.id: (r.seq, r.head) for r in (await uow.session.execute(select(AuditChainRow))).scalars()}
        now = seal(heads)
        outside = (
            await uow.session.execute(select(AuditEntryRow.id).where(AuditEntryRow.chain_seq.is_(None)).limit(1))
        ).scalar()
        if outside is not None:
            return ChainReport(0, now, outside, f"Entry #{outside} is outside the chain: it was written past the app.")
        checked, at_backup = 0, {}
        for chain, (head_seq, head_hash) in sorted(heads.items()):
            previous, expected, last_id = GENESIS, 1, None
            while True:
                rows = (
                    (
                        await uow.session.execute(
                            select(AuditEntryRow)
                            .where(
                                AuditEntryRow.chain_id == chain,
                                AuditEntryRow.chain_seq >= expected,
                                AuditEntryRow.chain_seq <= head_seq,  # entries committed meanwhile come later
                            )
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
                            checked, now, row.id,
                            f"The chain breaks before entry #{row.id}: position {expected} of chain {chain} is "
                            "missing (an entry was removed).",
                        )  # fmt: skip
                    if hash_of(previous, row, chain, expected) != row.entry_hash:
                        return ChainReport(
                            checked, now, row.id,
                            f"The chain breaks at entry #{row.id} ({current().datetime(row.at)} UTC, {row.action}): it "
                            "was changed after it was written, or an entry before it was.",
                        )  # fmt: skip
                    previous, last_id, checked = row.entry_hash or "", row.id, checked + 1
                    if known and known.positions.get(chain) == expected:
                        at_backup[chain] = previous
                    expected += 1
                if len(rows) < BATCH:
                    break
                uow.session.expunge_all()  # a long log is read in batches, not held in memory
            if expected - 1 != head_seq or previous != head_hash:
                return ChainReport(
                    checked, now, last_id,
                    f"Chain {chain}'s head does not match its last entry (head at position {head_seq}, entries end "
                    f"at {expected - 1}): entries were removed from its end, or the head was rewritten.",
                )  # fmt: skip
    if known:
        problem = _against_backup(known, heads, at_backup)
        if problem:
            return ChainReport(checked, now, None, problem)
    return ChainReport(checked, now, backup_matched=known is not None)


def _against_backup(known: BackupSeal, heads: dict[int, tuple[int, str]], at_backup: dict[int, str]) -> str:
    for chain, position in known.positions.items():
        if position == 0:
            at_backup[chain] = GENESIS
        elif chain not in heads or chain not in at_backup:
            return (
                f"Your backup sealed chain {chain} at position {position}, but the chain no longer reaches it: "
                "entries were removed after that backup."
            )
    if seal({c: (p, at_backup[c]) for c, p in known.positions.items()}) != known.seal:
        return "The chains no longer pass through the heads your backup sealed: they were rewritten after that backup."
    return ""

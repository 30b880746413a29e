"""Unit of work: one session, one transaction; rolls back unless the service commits."""
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.audit import AuditEntryRow


class AuditActor(Protocol):
    user_id: int | None
    label: str
    ip: str | None


class UnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], gate=None) -> None:
        self._sessions = sessions
        self._gate = gate  # storage.engine.WriterGate on SQLite: one writer of this process at a time
        self.session: AsyncSession | None = None

    async def __aenter__(self) -> "UnitOfWork":
        if self.session is not None:
            raise RuntimeError("a unit of work is used for one transaction only")
        if self._gate is not None:
            await self._gate.enter()
        self.session = self._sessions()
        return self

    async def __aexit__(self, exc_type, exc, tb) -> None:
        # close() rolls back whatever was not committed; unlike rollback() it leaves the rows
        # already read intact (detached), so read-only services can return them.
        try:
            await self.session.close()
        finally:
            if self._gate is not None:
                self._gate.leave()

    def fresh(self) -> "UnitOfWork":
        """Another unit of work on the same database, for a second transaction in one service."""
        return UnitOfWork(self._sessions, gate=self._gate)

    async def commit(self) -> None:
        await self.session.commit()

    def audit(self, actor: AuditActor, action: str, record_type: str | None = None,
              record_id: int | None = None, summary: str = "") -> None:
        """Adds an audit entry to this transaction: it lands exactly when the change does."""
        self.session.add(AuditEntryRow(
            actor_id=actor.user_id, actor_label=actor.label, action=action,
            record_type=record_type, record_id=record_id, summary=summary[:4000], ip=actor.ip))

"""Unit of work: one session, one transaction; rolls back unless the service commits.

Services name the live-update topics they changed (`changed`); the unit of work publishes them after
a successful commit, never on rollback. A guard (the staff session check) may run first.
"""

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from sqlalchemy import CursorResult, Result
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.audit import AuditEntryRow, chain_entries
from storage.changes import Topic, changes, check_topic
from storage.engine import storable
from storage.types import utcnow

if TYPE_CHECKING:
    from storage.engine import WriterGate

Guard = Callable[[AsyncSession], Awaitable[None]]
Row = TypeVar("Row")


def rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched."""
    return cast(CursorResult[Any], result).rowcount


class AuditActor(Protocol):
    @property
    def user_id(self) -> int | None: ...

    @property
    def label(self) -> str: ...

    @property
    def ip(self) -> str | None: ...


class UnitOfWork:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], gate: "WriterGate | None" = None, guard: Guard | None = None
    ) -> None:
        self._sessions = sessions
        self._gate = gate  # storage.engine.WriterGate on SQLite: one writer of this process at a time
        self._guard = guard  # e.g. "is this staff session still signed in, with this role?"
        self._changed: list[Topic] = []
        self._audits: list[AuditEntryRow] = []  # chained and added at commit
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use `async with uow:`")
        return self._session

    async def __aenter__(self) -> "UnitOfWork":
        if self._session is not None:
            raise RuntimeError("a unit of work is used for one transaction only")
        if self._gate is not None:
            await self._gate.enter()
        self._session = self._sessions()
        if self._guard is not None:
            try:
                await self._guard(self._session)
            except BaseException:
                await self.__aexit__(None, None, None)
                raise
        return self

    async def __aexit__(self, exc_type: object, exc: object, tb: object) -> None:
        # close() rolls back whatever was not committed; unlike rollback() it leaves the rows
        # already read intact (detached), so read-only services can return them.
        self._changed.clear()  # nothing committed after this point: nothing to tell
        self._audits.clear()
        try:
            await self.session.close()
        finally:
            if self._gate is not None:
                self._gate.leave()

    async def get(self, model: type[Row], ident: Any, *, lock: bool = False) -> Row:
        """A row that must exist (a foreign key or the flow itself guarantees it): missing, it is a bug, not
        something a person did, so LookupError rather than a message."""
        row = await self.session.get(model, ident, with_for_update=True if lock else None)
        if row is None:
            raise LookupError(f"{getattr(model, '__tablename__', model)} {ident} is missing")
        return row

    def fresh(self) -> "UnitOfWork":
        """Another unit of work on the same database, for a second transaction in one service: reading back what
        it committed, or auditing a refusal. The guard already let this action in, so it is not asked again: a
        session ending between the two must not make a saved change look refused."""
        return UnitOfWork(self._sessions, gate=self._gate)

    def insert(self, table: Any) -> Any:
        """The database's own INSERT (SQLite's or PostgreSQL's), for `on_conflict_do_nothing` and the like."""
        if self.session.get_bind().dialect.name == "postgresql":
            return postgresql_insert(table)
        return sqlite_insert(table)

    def changed(self, *topics: Topic) -> None:
        """Names what this transaction changes; published after the commit succeeds (never on rollback)."""
        for topic in topics:
            if check_topic(topic) not in self._changed:
                self._changed.append(topic)

    async def commit(self) -> None:
        if self._audits:
            entries, self._audits = self._audits, []
            await self.session.flush()  # the service's own writes first, so the head's lock covers only the chain
            await chain_entries(self.session, entries)
        await self.session.commit()
        published, self._changed = self._changed, []
        for topic in published:
            changes.publish(topic)

    async def rollback(self) -> None:
        """Undoes the transaction so far, and forgets what it had named as changed."""
        self._changed.clear()
        self._audits.clear()
        await self.session.rollback()

    def audit(
        self,
        actor: AuditActor,
        action: str,
        record_type: str | None = None,
        record_id: int | None = None,
        summary: str = "",
    ) -> None:
        """Adds an audit entry to this transaction: it lands exactly when the change does, chained at commit."""
        self._audits.append(
            AuditEntryRow(
                at=utcnow(),
                actor_id=actor.user_id,
                actor_label=storable(actor.label)[:200],
                action=action,
                record_type=record_type,
                record_id=record_id,
                summary=storable(summary[:4000]),
                ip=actor.ip,
            )
        )

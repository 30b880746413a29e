"""Reading rows straight from the database, to check what a service really stored."""
from sqlalchemy import func, select

from storage.audit import AuditEntryRow
from storage.outbox import OutboxMessageRow


async def audit_entries(db, action: str | None = None) -> list[AuditEntryRow]:
    async with db.uow() as uow:
        query = select(AuditEntryRow).order_by(AuditEntryRow.id)
        if action:
            query = query.where(AuditEntryRow.action == action)
        return list((await uow.session.execute(query)).scalars())


async def outbox(db) -> list[OutboxMessageRow]:
    async with db.uow() as uow:
        return list((await uow.session.execute(select(OutboxMessageRow).order_by(OutboxMessageRow.id))).scalars())


async def count(db, table) -> int:
    async with db.uow() as uow:
        return (await uow.session.execute(select(func.count()).select_from(table))).scalar_one()

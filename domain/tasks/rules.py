"""Rules that create tasks. Each rule-made task is unique by (source, source_id): exactly once."""

from sqlalchemy import select

from domain import topics
from storage.clinic import clinic_row
from storage.packs import PackRow
from storage.tasks import TaskRow
from storage.uow import UnitOfWork


async def pack_ended_task(uow: UnitOfWork, *, pack: PackRow, practitioner_id: int | None, why: str) -> TaskRow | None:
    """Inside the caller's transaction: when Setup > Configuration > Tasks asks for it, a task for the
    practitioner of the pack's last appointment. Never a second one for the same pack."""
    clinic = await clinic_row(uow.session)
    if not clinic.task_on_pack_end:
        return None
    if (
        await uow.session.execute(
            select(TaskRow.id).where(TaskRow.source == "pack_ended", TaskRow.source_id == pack.id)
        )
    ).first():
        return None
    task = TaskRow(
        title=f"Session pack ended: {pack.name}",
        details=f"The pack {why}. Offer a new pack?",
        profile_id=pack.profile_id,
        assigned_to=practitioner_id,
        source="pack_ended",
        source_id=pack.id,
    )
    uow.session.add(task)
    await uow.session.flush()
    uow.changed(topics.TASKS, topics.profile(pack.profile_id))
    return task

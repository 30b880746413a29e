"""The Tasks list: made by hand for a profile, or by rules; assigned to a staff user; completed."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.errors import NotFound
from domain.validation import Errors, clean_date, clean_note, clean_text
from storage.accounts import StaffUserRow
from storage.clients import ProfileRow
from storage.clinic import CLINIC_ID, clinic_row
from storage.tasks import TaskRow
from storage.types import utcnow
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class TaskView:
    id: int
    title: str
    details: str
    profile_id: int | None
    profile_name: str
    assigned_to: int | None
    assigned_name: str
    due_on: date | None
    done: bool
    for_client: bool = False  # a client task: the client ticks it off (domain/tasks/client_tasks.py)
    done_by: str = ""  # who ticked it: a staff name, "Chloe Brown (Client Portal)", "… (emailed link)"
    done_at: datetime | None = None  # in the clinic's time zone


async def list_tasks(
    uow: UnitOfWork, *, actor: Actor, include_done: bool = False, profile_id: int | None = None
) -> list[TaskView]:
    require(actor, "people.read")
    query = (
        select(TaskRow, ProfileRow.name, StaffUserRow.name)
        .outerjoin(ProfileRow, ProfileRow.id == TaskRow.profile_id)
        .outerjoin(StaffUserRow, StaffUserRow.id == TaskRow.assigned_to)
        .order_by(TaskRow.done_at.is_not(None), TaskRow.due_on, TaskRow.id)
    )
    if not include_done:
        query = query.where(TaskRow.done_at.is_(None))
    if profile_id is not None:
        query = query.where(TaskRow.profile_id == profile_id)
    async with uow:
        rows = (await uow.session.execute(query)).all()
        zone = ZoneInfo((await clinic_row(uow.session)).time_zone)
    return [
        TaskView(
            t.id,
            t.title,
            t.details,
            t.profile_id,
            p or "",
            t.assigned_to,
            s or "",
            t.due_on,
            t.done_at is not None,
            t.client_person_id is not None,
            t.done_by if t.done_at else "",
            t.done_at.astimezone(zone) if t.done_at else None,
        )
        for t, p, s in rows
    ]


async def add_task(
    uow: UnitOfWork,
    *,
    actor: Actor,
    title: str,
    profile_id: int | None = None,
    assigned_to: int | None = None,
    due_on: date | str | None = None,
    details: str = "",
) -> int:
    require(actor, "people.read")
    errors = Errors()
    title = clean_text(errors, "title", "Task", title, max_length=200)
    due_on = clean_date(errors, "due_on", due_on)
    errors.raise_if_any()
    async with uow:
        row = TaskRow(
            title=title,
            details=clean_note(details, max_length=4000),
            profile_id=profile_id,
            assigned_to=assigned_to,
            due_on=due_on,
        )
        uow.session.add(row)
        await uow.session.flush()
        uow.audit(actor, "task.added", "task", row.id, summary=title)
        uow.changed(topics.TASKS)
        await uow.commit()
    return row.id


async def complete_task(uow: UnitOfWork, *, actor: Actor, task_id: int, done: bool = True) -> None:
    require(actor, "people.read")
    async with uow:
        row = await uow.session.get(TaskRow, task_id)
        if row is None:
            raise NotFound("That task no longer exists.")
        by = actor.label.split(" <")[0][:120] if done else ""  # the staff name, without the email
        await uow.session.execute(
            update(TaskRow).where(TaskRow.id == task_id).values(done_at=utcnow() if done else None, done_by=by)
        )
        uow.audit(actor, "task.completed" if done else "task.reopened", "task", task_id, summary=row.title)
        uow.changed(topics.TASKS)
        if row.client_person_id is not None:  # the client's portal shows it too
            uow.changed(topics.client_tasks(row.client_person_id))
        await uow.commit()


async def set_task_rule(uow: UnitOfWork, *, actor: Actor, on_pack_end: bool) -> None:
    """Setup > Configuration > Tasks: "Create a task when the last appointment in a session pack is used
    or a pack expires"."""
    require(actor, "setup")
    async with uow:
        row = await clinic_row(uow.session)
        row.task_on_pack_end = on_pack_end
        uow.audit(actor, "clinic.task_rule", "clinic", CLINIC_ID, summary=f"task on pack end: {on_pack_end}")
        uow.changed(topics.CLINIC)
        await uow.commit()


async def task_rule(uow: UnitOfWork) -> bool:
    async with uow:
        return (await clinic_row(uow.session)).task_on_pack_end

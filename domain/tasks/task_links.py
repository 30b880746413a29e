"""A client task's emailed link (/tasks/<token>): the client ticks it off without signing in, or without portal
access at all (seed 003). Only the token's digest is stored; the link works while the task exists and its client is
active. A done task's link shows it done, with an untick. Every refused link is audited."""

from dataclasses import dataclass

from sqlalchemy import select

from domain.actor import Actor, anonymous
from domain.errors import InvalidLink
from domain.tasks.client_tasks import BY_LINK, ClientTaskView, assign_refusal, publish_task, set_done, task_view
from domain.tokens import digest
from storage.clients import PersonRow, ProfileRow
from storage.clinic import clinic_row
from storage.tasks import TaskRow
from storage.uow import UnitOfWork

BAD_LINK = (
    "This task link is not valid. Check that you copied all of it from the email, or ask the clinic to send it again."
)
CLOSED = "This task is no longer open: the clinic has closed your record. Contact the clinic if you need anything."


@dataclass(frozen=True)
class TaskLinkView:
    """What the emailed link's page shows."""

    task: ClientTaskView
    first_name: str
    clinic_name: str


async def _by_link(uow: UnitOfWork, token: str, ip: str | None, *, lock: bool = False) -> tuple[TaskRow, PersonRow]:
    """The task behind a link, or InvalidLink (audited: against the task when there is one). `lock`: for a writer
    (PostgreSQL; two taps at once then tick it once)."""
    query = select(TaskRow).where(TaskRow.link_token_hash == digest(token))
    if lock:
        query = query.with_for_update()
    row = (await uow.session.execute(query)).scalar_one_or_none()
    if row is None or row.client_person_id is None:
        uow.audit(anonymous(ip), "task.link_refused", "task", None, summary="unknown task link")
        await uow.commit()
        raise InvalidLink(BAD_LINK)
    person = await uow.get(PersonRow, row.client_person_id)
    profile = await uow.session.get(ProfileRow, row.profile_id) if row.profile_id else None
    if assign_refusal(person, profile):
        uow.audit(anonymous(ip), "task.link_refused", "task", row.id, summary=f"the client is {person.status}")
        await uow.commit()
        raise InvalidLink(CLOSED)
    return row, person


async def read_task_link(uow: UnitOfWork, *, token: str, ip: str | None) -> TaskLinkView:
    async with uow:
        row, person = await _by_link(uow, token, ip)
        clinic = await clinic_row(uow.session)
        return TaskLinkView(task_view(row, clinic), person.first_name, clinic.name)


async def tick_task_link(uow: UnitOfWork, *, token: str, done: bool, ip: str | None) -> TaskLinkView:
    """Ticks the linked task off (or, done=False, back on) for a client who may not have portal access."""
    async with uow:
        row, person = await _by_link(uow, token, ip, lock=True)
        clinic = await clinic_row(uow.session)
        name = f"{person.first_name} {person.last_name}"
        if set_done(row, done, name + BY_LINK):
            actor = Actor(user_id=None, label=f"{name} (emailed task link)", ip=ip)
            action = "task.completed" if done else "task.reopened"
            uow.audit(actor, action, "task", row.id, summary=f"{row.title} (emailed link)")
            publish_task(uow, row)
            await uow.commit()
        return TaskLinkView(task_view(row, clinic), person.first_name, clinic.name)

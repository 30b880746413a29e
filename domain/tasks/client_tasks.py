"""Client tasks: staff ask a client to do something ("bring your referral letter"), by a date; the client ticks it
off in the Client Portal (Tasks, and Home) or by the link emailed with it, without portal access (seed 003; the
link's side is domain/tasks/task_links.py).

A client task is a TaskRow with `client_person_id` set, on the client's own profile, so staff see it on the Tasks
page and the profile's Tasks tab. The emailed link's token is stored only as its digest; the link works for as long
as the task exists and its client is active (a done task's link shows it done, with an untick). Every portal call
goes through the one access policy (domain/households/access.py): another client's task id is refused, audited,
and answered exactly like one that does not exist.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.clients.persons import person_or_not_found
from domain.errors import NotAllowed
from domain.formats import current
from domain.households.access import PortalView, portal_actor, reachable_id, refuse, require_access
from domain.messaging.outbox import queue_client_email
from domain.tokens import digest, new_token
from domain.validation import Errors, clean_date, clean_text
from storage.clients import PersonRow, ProfileRow
from storage.clinic import ClinicRow, clinic_row
from storage.portal import PortalLoginRow
from storage.tasks import TaskRow
from storage.types import utcnow
from storage.uow import UnitOfWork

# How done_by is stored (≤ 120 characters), and how staff read it: "Done by Chloe Brown in the Client Portal, 3 Dec"
BY_PORTAL, BY_STAFF_VIEWING, BY_LINK = " (Client Portal)", " (staff viewing the Client Portal)", " (emailed link)"
BY_WORDS = {
    BY_PORTAL: " in the Client Portal",
    BY_STAFF_VIEWING: " (staff viewing the Client Portal)",
    BY_LINK: " by the emailed link",
}


@dataclass(frozen=True)
class ClientTaskView:
    id: int
    title: str
    details: str
    due_on: date | None
    done: bool
    done_at: datetime | None  # in the clinic's time zone
    done_by: str
    overdue: bool  # open, and its due date is before the clinic's today


@dataclass(frozen=True)
class ClientTaskTarget:
    """What a profile's Tasks tab needs to offer "Assign a task to the client"."""

    person_id: int
    first_name: str
    email: str
    portal: bool  # the client signs in to the Client Portal
    refusal: str  # why tasks cannot be assigned now ('' when they can)


def sort_tasks(tasks: list[ClientTaskView]) -> list[ClientTaskView]:
    """Pure: open tasks first by due date (undated last), then done ones, the newest first."""
    open_ = sorted((t for t in tasks if not t.done), key=lambda t: (t.due_on is None, t.due_on or date.min, t.id))
    done = sorted(
        (t for t in tasks if t.done), key=lambda t: (t.done_at.timestamp() if t.done_at else 0, t.id), reverse=True
    )
    return open_ + done


def done_note(done_by: str, done_at: datetime | None) -> str:
    """Pure: 'Done by Chloe Brown in the Client Portal, 3 Dec 2026' from what was stored ('' when open)."""
    if done_at is None:
        return ""
    who = done_by
    for suffix, words in BY_WORDS.items():
        if who.endswith(suffix):
            who = who.removesuffix(suffix) + words
    return f"Done by {who}, {current().date(done_at)}" if who else f"Done, {current().date(done_at)}"


def task_email(
    *, first_name: str, clinic: str, title: str, due_on: date | None, details: str, link: str, portal_link: str
) -> str:
    """Pure: the plain-text email that carries the tick-off link."""
    by = f" (by {current().date(due_on)})" if due_on else ""
    lines = [f"Hello {first_name},", "", f"{clinic} asked you to: {title}{by}."]
    if details:
        lines.append(details)
    lines += ["", f"When it is done, tick it off here: {link}"]
    if portal_link:
        lines.append(f"It also shows in the Client Portal under Tasks: {portal_link}")
    return "\n".join(lines) + "\n"


def _today(clinic: ClinicRow) -> date:
    return datetime.now(ZoneInfo(clinic.time_zone)).date()


def task_view(row: TaskRow, clinic: ClinicRow) -> ClientTaskView:
    done_at = row.done_at.astimezone(ZoneInfo(clinic.time_zone)) if row.done_at else None
    overdue = row.done_at is None and row.due_on is not None and row.due_on < _today(clinic)
    return ClientTaskView(
        row.id, row.title, row.details, row.due_on, done_at is not None, done_at, row.done_by, overdue
    )


def assign_refusal(person: PersonRow, profile: ProfileRow | None) -> str:
    name = f"{person.first_name} {person.last_name}"
    if person.status == "prospective":
        return f"{name} is a prospective client. Review & Add {person.first_name} first, then assign the task."
    if person.status == "dismissed":
        return f"{name} was dismissed as a prospective client: tasks cannot be assigned."
    if person.status != "active" or profile is None or profile.archived_at is not None:
        return f"{name} is archived. Restore the profile first, then assign the task."
    return ""


async def _own_profile(uow: UnitOfWork, person_id: int) -> ProfileRow | None:
    query = select(ProfileRow).where(ProfileRow.person_id == person_id, ProfileRow.kind == "individual")
    return (await uow.session.execute(query.order_by(ProfileRow.id))).scalars().first()


async def _has_login(uow: UnitOfWork, person: PersonRow) -> bool:
    if not person.email:
        return False
    query = select(PortalLoginRow.id).where(PortalLoginRow.email == person.email.lower())
    return (await uow.session.execute(query)).first() is not None


def publish_task(uow: UnitOfWork, row: TaskRow) -> None:
    """Staff lists hear TASKS; the client's portal pages hear client_tasks (not the person topic, which redraws the
    whole staff client page)."""
    uow.changed(topics.TASKS)
    if row.client_person_id is not None:
        uow.changed(topics.client_tasks(row.client_person_id))


def set_done(row: TaskRow, done: bool, by: str) -> bool:
    """Sets the task done (by whom) or open again; False when it already was."""
    if (row.done_at is not None) == done:
        return False
    row.done_at = utcnow() if done else None
    row.done_by = by[:120] if done else ""
    return True


# --- staff ------------------------------------------------------------------------------------------------------


async def client_task_target(uow: UnitOfWork, *, actor: Actor, profile_id: int) -> ClientTaskTarget | None:
    """The client behind a profile's Tasks tab; None for a shared profile (a task goes to one client)."""
    require(actor, "people.read")
    async with uow:
        profile = await uow.session.get(ProfileRow, profile_id)
        if profile is None or profile.person_id is None:
            return None
        person = await uow.get(PersonRow, profile.person_id)
        return ClientTaskTarget(
            person.id,
            person.first_name,
            person.email or "",
            await _has_login(uow, person),
            assign_refusal(person, profile),
        )


async def add_client_task(
    uow: UnitOfWork,
    *,
    actor: Actor,
    person_id: int,
    title: str,
    due_on: date | str | None = None,
    details: str = "",
    email_link: bool = True,
    public_url: str,
) -> int:
    """Assigns the client a task on their own profile; with `email_link`, emails them a link to tick it off (a
    staff action, so not an automated email). Refused for prospects and archived clients."""
    require(actor, "people.read")
    errors = Errors()
    title = clean_text(errors, "title", "Task", title, max_length=200)
    due = clean_date(errors, "due_on", due_on)
    details = clean_text(errors, "details", "Details", details, max_length=4000, required=False, multiline=True)
    async with uow:
        person = await person_or_not_found(uow, person_id)
        profile = await _own_profile(uow, person.id)
        if refusal := assign_refusal(person, profile):
            raise NotAllowed(refusal)
        assert profile is not None
        clinic = await clinic_row(uow.session)
        today = _today(clinic)
        if due is not None and "due_on" not in errors and due < today:
            errors["due_on"] = f"That date has passed: choose {current().date(today)} or later, or leave it empty."
        if email_link and not person.email:
            errors["email_link"] = (
                f"{person.first_name} has no email address: add one under Details, or assign the task without a link."
            )
        errors.raise_if_any()
        token = new_token()
        row = TaskRow(
            title=title,
            details=details,
            profile_id=profile.id,
            due_on=due,
            client_person_id=person.id,
            link_token_hash=digest(token),
        )
        uow.session.add(row)
        await uow.session.flush()
        emailed = False
        if email_link:
            base = public_url.rstrip("/")
            body = task_email(
                first_name=person.first_name,
                clinic=clinic.name,
                title=title,
                due_on=due,
                details=details,
                link=f"{base}/tasks/{token}",
                portal_link=f"{base}/portal/tasks" if await _has_login(uow, person) else "",
            )
            subject = f"{clinic.name}: {title}"
            emailed = (
                queue_client_email(
                    uow, person, automated=False, subject=subject, body=body, record_type="task", record_id=row.id
                )
                is not None
            )
        summary = f"For the client {person.first_name} {person.last_name}: {title}"
        if emailed:
            summary += " (link emailed)"
        uow.audit(actor, "task.added", "task", row.id, summary=summary)
        publish_task(uow, row)
        await uow.commit()
    return row.id


# --- the Client Portal ------------------------------------------------------------------------------------------


async def portal_tasks(
    uow: UnitOfWork, *, who: PortalView, include_done: bool = False, ip: str | None = None
) -> list[ClientTaskView]:
    """The current profile's tasks: open ones by due date, then (include_done) done ones, the newest first."""
    async with uow:
        household = await require_access(uow, who, "tasks", ip=ip)
        query = select(TaskRow).where(TaskRow.client_person_id == household.current_person_id)
        if not include_done:
            query = query.where(TaskRow.done_at.is_(None))
        rows = (await uow.session.execute(query)).scalars().all()
        clinic = await clinic_row(uow.session)
        return sort_tasks([task_view(row, clinic) for row in rows])


async def tick_portal_task(
    uow: UnitOfWork, *, who: PortalView, task_id: int, done: bool, ip: str | None
) -> ClientTaskView:
    """Ticks a task off (done=True) or back on (done=False: the undo). Another client's task, or one that does
    not exist: NotFound, audited, nothing changed."""
    async with uow:
        await reachable_id(uow, who, task_id, "task", ip=ip)  # signed out: told so; out of range: not found
        row = await uow.session.get(TaskRow, task_id, with_for_update=True)
        if row is None or row.client_person_id is None:
            await refuse(uow, who, f"task {task_id}: no such client task", ip=ip)
        await require_access(uow, who, "tasks", row.client_person_id, ip=ip)
        clinic = await clinic_row(uow.session)
        by = who.name + (BY_STAFF_VIEWING if who.viewed_by_staff else BY_PORTAL)
        if set_done(row, done, by):
            action = "task.completed" if done else "task.reopened"
            uow.audit(portal_actor(who, ip), action, "task", row.id, summary=f"{row.title} (Client Portal)")
            publish_task(uow, row)
            await uow.commit()
        return task_view(row, clinic)

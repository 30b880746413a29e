"""Client tasks: staff assign a client a task with a due date; the client ticks it off in the Client Portal or by the
emailed link, without portal access (seed 003); staff see who ticked it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from domain.clients.details import ClientInput
from domain.clients.register import set_archived
from domain.clinic.settings import update_clinic
from domain.errors import InvalidLink, NotAllowed, NotFound, ValidationFailed
from domain.formats import current
from domain.records.form_answers import submit_public_form
from domain.tasks.client_tasks import add_client_task, done_note, portal_tasks, tick_portal_task
from domain.tasks.task_links import BAD_LINK, CLOSED, read_task_link, tick_task_link
from domain.tasks.tasks import add_task, complete_task, list_tasks
from storage.clients import PersonRow
from storage.tasks import TaskRow
from tests.integration.helpers import OWNER, URL, add, audit_entries, count, intake_form, link_token, mary, outbox
from tests.integration.portal_helpers import portal_client

CLINIC = "Harbourside Therapy"
ZONE = "Australia/Sydney"
IP = "198.51.100.9"
VISITOR = ClientInput(first_name="Jordan", last_name="Reyes", email="jordan@example.com")
ANSWERS = {"what_brings_you_here": "Back pain", "i_agree_to_the_privacy_policy": True}


def clinic_today():
    """The clinic's today, as the services compute it: the tests never depend on which day they run."""
    return datetime.now(ZoneInfo(ZONE)).date()


async def clinic(db):
    await update_clinic(db.uow(), actor=OWNER, name=CLINIC, time_zone=ZONE)


async def assign(db, person_id: int, title: str = "Bring your referral letter", **kw) -> int:
    values = dict(due_on=clinic_today() + timedelta(days=7), details="The one from Dr Lee.", public_url=URL)
    return await add_client_task(db.uow(), actor=OWNER, person_id=person_id, title=title, **(values | kw))


async def profile_tasks(db, profile_id: int | None = None):
    return await list_tasks(db.uow(), actor=OWNER, include_done=True, profile_id=profile_id)


async def test_client_without_portal_ticks_off_a_task_by_the_emailed_link(db):
    await clinic(db)
    person = await add(db)
    due = clinic_today() + timedelta(days=7)
    await assign(db, person, due_on=due.isoformat())

    [mail] = await outbox(db)
    assert mail.to_address == "mary@example.com"
    assert mail.subject == f"{CLINIC}: Bring your referral letter"
    assert f"Hello Mary,\n\n{CLINIC} asked you to: Bring your referral letter (by {current().date(due)})." in mail.body
    assert "The one from Dr Lee." in mail.body
    assert "Client Portal" not in mail.body  # Mary has no portal access: the email promises only the link
    token = link_token(mail.body, "/tasks/")
    async with db.uow() as uow:  # only the digest is stored
        assert (await uow.session.execute(select(TaskRow).where(TaskRow.link_token_hash == token))).first() is None

    opened = await read_task_link(db.uow(), token=token, ip=IP)
    assert (opened.task.title, opened.task.due_on, opened.task.done) == ("Bring your referral letter", due, False)
    assert (opened.first_name, opened.clinic_name) == ("Mary", CLINIC)

    ticked = await tick_task_link(db.uow(), token=token, done=True, ip=IP)
    assert ticked.task.done
    [task] = await profile_tasks(db)
    assert task.for_client and task.done and task.done_by == "Mary Smith (emailed link)"
    assert (
        done_note(task.done_by, task.done_at)
        == f"Done by Mary Smith by the emailed link, {current().date(clinic_today())}"
    )
    [entry] = await audit_entries(db, "task.completed")
    assert entry.actor_label == "Mary Smith (emailed task link)" and entry.ip == IP

    again = await read_task_link(db.uow(), token=token, ip=IP)  # the link still opens: it shows the task done
    assert again.task.done
    await tick_task_link(db.uow(), token=token, done=False, ip=IP)  # "I have not done this yet"
    [task] = await profile_tasks(db)
    assert not task.done and task.done_by == ""
    assert [e.action for e in await audit_entries(db) if e.action.startswith("task.")] == [
        "task.added",
        "task.completed",
        "task.reopened",
    ]


async def test_portal_client_ticks_a_task_off_and_back_on(db):
    await clinic(db)
    person = await add(db)
    who = await portal_client(db, person)
    await assign(db, person)
    [mail] = [m for m in await outbox(db) if "referral" in m.subject]
    assert f"It also shows in the Client Portal under Tasks: {URL}/portal/tasks" in mail.body

    [task] = await portal_tasks(db.uow(), who=who)
    assert (task.title, task.details, task.done, task.overdue) == (
        "Bring your referral letter",
        "The one from Dr Lee.",
        False,
        False,
    )
    view = await tick_portal_task(db.uow(), who=who, task_id=task.id, done=True, ip=IP)
    assert view.done and view.done_by == "Mary Smith (Client Portal)"
    assert await portal_tasks(db.uow(), who=who) == []  # no longer open
    [done] = await portal_tasks(db.uow(), who=who, include_done=True)
    assert done.done

    [staff_view] = await profile_tasks(db)
    assert done_note(staff_view.done_by, staff_view.done_at).startswith("Done by Mary Smith in the Client Portal, ")
    await tick_portal_task(db.uow(), who=who, task_id=task.id, done=True, ip=IP)  # a second tab: no second entry
    assert len(await audit_entries(db, "task.completed")) == 1

    await tick_portal_task(db.uow(), who=who, task_id=task.id, done=False, ip=IP)  # the undo
    [task] = await portal_tasks(db.uow(), who=who)
    assert not task.done
    [entry] = await audit_entries(db, "task.reopened")
    assert entry.actor_label == "Client portal: Mary Smith"


async def test_another_clients_task_is_not_found_audited_and_unchanged(db):
    await clinic(db)
    mary_id = await add(db)
    john_id = await add(db, mary(first_name="John", email="john@example.com"))
    who = await portal_client(db, mary_id)
    johns = await assign(db, john_id, "Bring your X-rays")
    staff_only = await add_task(db.uow(), actor=OWNER, title="Call the GP")

    for task_id in (johns, staff_only, 999_999):
        with pytest.raises(NotFound):
            await tick_portal_task(db.uow(), who=who, task_id=task_id, done=True, ip=IP)
    refused = await audit_entries(db, "portal.refused")
    assert len(refused) == 3 and all(e.ip == IP for e in refused)
    assert all(not t.done for t in await profile_tasks(db))
    assert await audit_entries(db, "task.completed") == []
    assert await portal_tasks(db.uow(), who=who, include_done=True) == []  # John's task never shows to Mary


async def test_a_bad_or_closed_link_is_refused_and_audited(db):
    await clinic(db)
    person = await add(db)
    await assign(db, person)
    token = link_token((await outbox(db))[0].body, "/tasks/")

    for bad in ("not-a-token", token[:-1], ""):
        with pytest.raises(InvalidLink) as refused:
            await tick_task_link(db.uow(), token=bad, done=True, ip=IP)
        assert refused.value.message == BAD_LINK
    assert len(await audit_entries(db, "task.link_refused")) == 3

    await set_archived(db.uow(), actor=OWNER, person_id=person, archived=True)
    with pytest.raises(InvalidLink) as refused:
        await read_task_link(db.uow(), token=token, ip=IP)
    assert refused.value.message == CLOSED
    assert (await audit_entries(db, "task.link_refused"))[-1].summary == "the client is archived"
    assert not (await profile_tasks(db))[0].done

    await set_archived(db.uow(), actor=OWNER, person_id=person, archived=False)  # restored: the link works again
    assert (await tick_task_link(db.uow(), token=token, done=True, ip=IP)).task.done


async def test_what_is_wrong_is_said_at_the_field_and_nothing_is_saved(db):
    await clinic(db)
    person = await add(db)
    no_email = await add(db, mary(first_name="Nora", email=""))
    yesterday = clinic_today() - timedelta(days=1)
    cases = [
        (person, dict(title="  "), "title", "Task is required."),
        (person, dict(title="x" * 201), "title", "Task must be at most 200 characters (it has 201)."),
        (person, dict(due_on=yesterday.isoformat()), "due_on", "That date has passed"),
        (person, dict(due_on="2031-02-30"), "due_on", "February"),
        (person, dict(details="d" * 4001), "details", "Details must be at most 4000 characters"),
        (no_email, dict(email_link=True), "email_link", "Nora has no email address"),
    ]
    for person_id, change, field, message in cases:
        with pytest.raises(ValidationFailed) as failed:
            await assign(db, person_id, **change)
        assert message in failed.value.errors[field], (change, failed.value.errors)
    assert await count(db, TaskRow) == 0 and await outbox(db) == []

    await assign(db, no_email, email_link=False, due_on=clinic_today())  # today is fine; no email, no link
    assert await count(db, TaskRow) == 1 and await outbox(db) == []


async def test_a_prospect_is_reviewed_and_added_first(db):
    await clinic(db)
    template = await intake_form(db)
    await submit_public_form(db.uow(), public_token=template.public_token, contact=VISITOR, answers=ANSWERS, ip=IP)
    [prospect] = await _persons_named(db, "Jordan")
    with pytest.raises(NotAllowed) as refused:
        await assign(db, prospect)
    assert refused.value.message == (
        "Jordan Reyes is a prospective client. Review & Add Jordan first, then assign the task."
    )
    assert await count(db, TaskRow) == 0 and await outbox(db) == []


async def test_open_tasks_come_first_by_due_date_and_overdue_is_marked(db):
    await clinic(db)
    person = await add(db)
    who = await portal_client(db, person)
    today = clinic_today()
    later = await assign(db, person, "Later", due_on=today + timedelta(days=9))
    undated = await assign(db, person, "Whenever", due_on=None)
    soon = await assign(db, person, "Soon", due_on=today + timedelta(days=1))
    first_done = await assign(db, person, "Done first")
    last_done = await assign(db, person, "Done last")
    for task_id in (first_done, last_done):
        await tick_portal_task(db.uow(), who=who, task_id=task_id, done=True, ip=IP)
    async with db.uow() as uow:  # time passes: "Soon" was due yesterday
        await uow.session.execute(update(TaskRow).where(TaskRow.id == soon).values(due_on=today - timedelta(days=1)))
        await uow.commit()

    tasks = await portal_tasks(db.uow(), who=who, include_done=True)
    assert [t.id for t in tasks] == [soon, later, undated, last_done, first_done]
    assert [t.overdue for t in tasks] == [True, False, False, False, False]

    await complete_task(db.uow(), actor=OWNER, task_id=later)  # staff may still tick a client task
    [staff_done] = [t for t in await profile_tasks(db) if t.id == later]
    assert staff_done.done_by == "Olivia Owner" and staff_done.for_client


async def _persons_named(db, first_name: str) -> list[int]:
    async with db.uow() as uow:
        return list(
            (await uow.session.execute(select(PersonRow.id).where(PersonRow.first_name == first_name))).scalars()
        )

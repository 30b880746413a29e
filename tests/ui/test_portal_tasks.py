"""Client tasks with the simulated user: staff assign one on the profile's Tasks tab, the demo client Chloe Brown ticks
it off in the Client Portal, and a client without a sign-in ticks one off by the emailed link."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from nicegui.testing import User
from sqlalchemy import select, update

from domain.demo import DEMO_CLINIC, DEMO_TZ
from domain.formats import current
from storage.outbox import OutboxMessageRow
from storage.tasks import TaskRow
from tests.ui.helpers import (
    DEMO_OWNER,
    PATIENCE,
    eventually,
    person_id,
    portal_sign_in,
    shown,
    sign_in,
    without_demo_portal_items,
)
from ui.state import state


@pytest.fixture(autouse=True)
def chloe_starts_with_nothing(app_env, tmp_path):
    without_demo_portal_items(tmp_path / "data")


def clinic_today():
    return datetime.now(ZoneInfo(DEMO_TZ)).date()


async def assign(title: str, client: str = "Chloe Brown", **kw) -> int:
    from domain.tasks.client_tasks import add_client_task

    values = dict(due_on=clinic_today() + timedelta(days=3), public_url="http://clinic.example")
    return await add_client_task(
        state.db.uow(), actor=DEMO_OWNER, person_id=await person_id(client), title=title, **(values | kw)
    )


async def emailed_link(title: str) -> str:
    async with state.db.uow() as uow:
        body = (
            (await uow.session.execute(select(OutboxMessageRow.body).where(OutboxMessageRow.subject.contains(title))))
            .scalars()
            .one()
        )
    return "/tasks/" + body.split("/tasks/")[1].split()[0]


def caption_of(user: User, title: str) -> str:
    [row] = [r for r in user.find(marker="profile-task").elements if title in _texts(r)]
    return " ".join(_texts(row))


def _texts(element) -> list[str]:
    return [getattr(e, "text", "") for e in element.descendants() if getattr(e, "text", "")]


async def test_staff_assign_a_task_and_chloe_ticks_it_off_in_the_portal(user: User):
    await sign_in(user, path=f"/clients/{await person_id('Chloe Brown')}")
    user.find(marker="tab-tasks").click()
    await user.should_see(marker="assign-client-task-save", retries=PATIENCE)
    await user.should_see("Chloe ticks it off in the Client Portal or by the link in the email.")
    user.find(marker="assign-client-task-save").click()  # nothing typed
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)
    assert user.find(marker="client-task-title").elements.pop().error == "Task is required."

    due = clinic_today() + timedelta(days=5)
    user.find(marker="client-task-title").type("Bring your referral letter")
    user.find(marker="client-task-due").type(current().date_input.format(due))
    user.find(marker="client-task-details").type("The one from Dr Lee.")
    assert user.find(marker="client-task-email").elements.pop().value is True  # emailing the link is the default
    user.find(marker="assign-client-task-save").click()
    await user.should_see(
        "Task assigned. Chloe was emailed a link to tick it off (chloe.brown@example.com).", retries=PATIENCE
    )
    await user.should_see(marker="for-client", retries=PATIENCE)
    assert f"due {current().date(due)}" in caption_of(user, "Bring your referral letter")
    await eventually(
        lambda: shown(user, "client-task-title") and user.find(marker="client-task-title").elements.pop().value == ""
    )  # ready for the next one

    await portal_sign_in(user)
    await user.open("/portal/tasks")
    await user.should_see("Bring your referral letter", retries=PATIENCE)
    await user.should_see(f"Due {current().date(due)}")
    await user.should_see("The one from Dr Lee.")
    user.find(marker="task-tick").click()
    await user.should_see(f"Done — {DEMO_CLINIC} can see you ticked it off.", retries=PATIENCE)
    await user.should_see(marker="portal-done-task", retries=PATIENCE)
    await user.should_see(f"No tasks from {DEMO_CLINIC} right now.", retries=PATIENCE)

    await user.open(f"/clients/{await person_id('Chloe Brown')}")  # staff again (still signed in)
    await user.should_see(marker="tab-tasks", retries=PATIENCE)
    user.find(marker="tab-tasks").click()
    await user.should_see(marker="for-client", retries=PATIENCE)
    assert f"Done by Chloe Brown in the Client Portal, {current().date(clinic_today())}" in caption_of(
        user, "Bring your referral letter"
    )


async def test_chloe_unticks_a_task_she_ticked_by_mistake_and_sees_what_is_overdue(user: User):
    await portal_sign_in(user)
    await user.open("/portal/tasks")
    await user.should_see(f"No tasks from {DEMO_CLINIC} right now.", retries=PATIENCE)  # nothing is Chloe's yet
    await assign("Fill in the food diary")
    await assign("Bring your X-rays", due_on=clinic_today())
    await user.should_see("Bring your X-rays", retries=PATIENCE)  # live: staff assigned it meanwhile
    user.find(marker="task-tick").click()  # the first by due date: the X-rays, due today
    await user.should_see(marker="portal-done-task", retries=PATIENCE)
    await user.should_see(f"Done — {DEMO_CLINIC} can see you ticked it off.")
    user.find(marker="task-untick").click()
    await user.should_see("Moved back to your tasks.", retries=PATIENCE)
    await user.should_not_see(marker="portal-done-task", retries=PATIENCE)
    await user.should_not_see(marker="task-overdue")

    async with state.db.uow() as uow:  # time passes: the food diary was due yesterday
        await uow.session.execute(
            update(TaskRow)
            .where(TaskRow.title == "Fill in the food diary")
            .values(due_on=clinic_today() - timedelta(1))
        )
        await uow.commit()
    await user.open("/portal/tasks")
    await user.should_see(marker="task-overdue", retries=PATIENCE)
    [overdue] = user.find(marker="task-overdue").elements
    assert "text-negative" in overdue.classes  # red


async def test_client_without_portal_ticks_off_a_task_by_the_emailed_link(user: User):
    await assign("Send your insurance details", client="Noah Wilson", details="Photo of both sides of the card.")
    link = await emailed_link("Send your insurance details")
    await user.open(link)
    await user.should_see(f"A task from {DEMO_CLINIC}", retries=PATIENCE)
    await user.should_see("Send your insurance details")
    await user.should_see("Photo of both sides of the card.")
    user.find(marker="task-mark-done").click()
    await user.should_see(f"Thank you! {DEMO_CLINIC} can see it is done.", retries=PATIENCE)
    user.find("Undo").click()
    await user.should_see("Marked as not done yet.", retries=PATIENCE)
    await user.should_see(marker="task-mark-done")
    user.find(marker="task-mark-done").click()
    await user.should_see(f"Thank you! {DEMO_CLINIC} can see it is done.", retries=PATIENCE)

    await user.open(link)  # opened again later: it shows the task done, with an untick
    await user.should_see(f"Done on {current().date(clinic_today())}.", retries=PATIENCE)
    await user.should_see("I have not done this yet")

    await user.open(link[:-2])
    await user.should_see("This task link cannot be used", retries=PATIENCE)
    await user.should_see("Check that you copied all of it from the email")


async def test_a_prospect_is_reviewed_and_added_before_a_task(user: User):
    await sign_in(user, path=f"/clients/{await person_id('Jordan Reyes')}")
    user.find(marker="tab-tasks").click()
    await user.should_see(marker="client-task-refusal", retries=PATIENCE)
    await user.should_see("Review & Add Jordan first, then assign the task.")
    await user.should_not_see(marker="assign-client-task-save")

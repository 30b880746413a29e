"""The Client Portal's Tasks (/portal/tasks): what the clinic asked the client to do, ticked off here (live: a task
staff assign or tick shows at once). Open tasks first by due date, then the Done list, where a tick can be undone.

For Home (ui/portal/home.py), one open task with its tick:

    task_item(who, task, *, clinic_name, ip, after=None) -> None

    who:         the signed-in PortalView (from open_portal)
    task:        a ClientTaskView from `await portal_tasks(uow(), who=who)` (domain/tasks/client_tasks.py; open
                 tasks only by default, already in order)
    clinic_name: for "Done — <clinic> can see you ticked it off."
    ip:          client_ip(request), for the audit log
    after:       called (sync or async) once the tick was saved or refused, e.g. Home's redraw; the message reaches
                 the tab even when that redraw removed the task (ui/outcome.py)

A part that lists tasks stays live by listening to topics.client_tasks(who.person_id) (assigned, ticked or unticked
anywhere: staff, another tab, the emailed link).
"""

import inspect
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import APIRouter, ui

from domain import topics
from domain.formats import current
from domain.households.access import PortalView
from domain.tasks.client_tasks import (
    BY_LINK,
    BY_PORTAL,
    BY_STAFF_VIEWING,
    ClientTaskView,
    portal_tasks,
    tick_portal_task,
)
from ui.actions import FAILED, attempt
from ui.live import live_box
from ui.portal.frame import SIGN_IN, empty, not_shared, open_portal, portal_frame, section_card
from ui.session import client_ip
from ui.state import uow

router = APIRouter()
DONE = "Done — {} can see you ticked it off."
REOPENED = "Moved back to your tasks."


def _due_line(task: ClientTaskView) -> None:
    if task.due_on is None:
        return
    with ui.row().classes("items-center gap-2 q-pl-xl"):
        ui.label(f"Due {current().date(task.due_on)}").classes("text-body2 text-grey-8")
        if task.overdue:
            ui.label("Overdue").classes("text-body2 text-weight-bold text-negative").mark("task-overdue")


def _tick_box(who: PortalView, task: ClientTaskView, clinic_name: str, ip: str | None, after) -> ui.checkbox:
    """A big checkbox whose label is the task's title; changing it saves at once (unticking is the undo)."""
    saved = {"done": task.done}

    async def changed(e) -> None:
        if e.value == saved["done"]:
            return  # what is stored already (e.g. the snap-back below)
        message = DONE.format(clinic_name) if e.value else REOPENED
        result = await attempt(tick_portal_task, uow(), who=who, task_id=task.id, done=e.value, ip=ip, success=message)
        if result is FAILED:
            if not box.is_deleted:
                box.value = saved["done"]  # snap back: nothing changed
        else:
            saved["done"] = e.value
        if after is not None:
            redrawn = after()
            if inspect.isawaitable(redrawn):
                await redrawn

    box = ui.checkbox(task.title, value=task.done, on_change=changed).props("size=lg")
    box.classes("hearth-touch text-body1 text-weight-medium w-full")
    return box


def task_item(
    who: PortalView,
    task: ClientTaskView,
    *,
    clinic_name: str,
    ip: str | None,
    after: Callable[[], object] | None = None,
) -> None:
    """One open task: tick it off (see the module's docstring)."""
    with ui.column().classes("w-full gap-0").mark("portal-task"):
        _tick_box(who, task, clinic_name, ip, after).mark("task-tick")
        _due_line(task)
        if task.details:
            ui.label(task.details).classes("text-body2 text-grey-9 whitespace-pre-line q-pl-xl")


def _done_item(who: PortalView, task: ClientTaskView, clinic_name: str, ip: str | None, after) -> None:
    with ui.column().classes("w-full gap-0").mark("portal-done-task"):
        _tick_box(who, task, clinic_name, ip, after).classes("text-grey-8").mark("task-untick")
        if task.done_at:
            by_client = task.done_by.endswith((BY_PORTAL, BY_LINK, BY_STAFF_VIEWING))
            when = current().date(task.done_at)
            said = f"Ticked off on {when}" if by_client else f"Marked done by {clinic_name} on {when}"
            ui.label(said).classes("text-body2 text-grey-8 q-pl-xl")


@router.page("/portal/tasks", title="Tasks · Client Portal")
async def portal_tasks_page(request: Request):
    opened = await open_portal(request)
    if opened is None:
        return RedirectResponse(SIGN_IN)
    who, clinic = opened
    ip = client_ip(request)

    def draw(tasks: list[ClientTaskView]) -> None:
        todo = [t for t in tasks if not t.done]
        done = [t for t in tasks if t.done]
        with section_card("To do", "portal-open-tasks"):
            if not todo:
                empty(f"No tasks from {clinic.name} right now.")
            for task in todo:
                task_item(who, task, clinic_name=clinic.name, ip=ip, after=fill)
        if done:
            with section_card("Done", "portal-done-tasks"):
                ui.label("Untick a task if it is not done after all.").classes("text-body2 text-grey-8")
                for task in done:
                    _done_item(who, task, clinic.name, ip, fill)

    with portal_frame(who, clinic.name, "tasks"):
        ui.label("Tasks").classes("text-h5").props('role="heading" aria-level="1"')
        if not_shared(who, "tasks", "tasks"):
            return None
        fill = live_box(
            lambda: portal_tasks(uow(), who=who, include_done=True, ip=ip),
            draw,
            topics.client_tasks(who.person_id),
            classes="w-full gap-3",
            style="",
        )
    return None

"""A task's emailed link (/tasks/<token>): no sign-in, phone-first. The client reads the task and taps "Mark as done"
(then "Undo" if it was a slip); a task already done shows so, with "I have not done this yet". A bad link is a dead
end that says what to do."""

from fastapi import Request
from nicegui import APIRouter, ui

from domain.errors import InvalidLink
from domain.formats import current
from domain.tasks.task_links import TaskLinkView, read_task_link, tick_task_link
from ui.actions import FAILED, attempt
from ui.pages.public_card import public_card
from ui.portal.public_pages import dead_end
from ui.session import client_ip
from ui.state import uow

router = APIRouter()
BUTTON = "w-full hearth-touch"


@router.page("/tasks/{token}", title="Task")
async def task_link_page(request: Request, token: str):
    ip = client_ip(request)
    try:
        view = await read_task_link(uow(), token=token, ip=ip)
    except InvalidLink as exc:
        dead_end("This task link cannot be used", exc.message)
        return

    async def tick(done: bool) -> None:
        result = await attempt(
            tick_task_link, uow(), token=token, done=done, ip=ip, success=None if done else "Marked as not done yet."
        )
        if result is not FAILED and not area.is_deleted:
            draw(result, just_ticked=done)

    def draw(shown: TaskLinkView, *, just_ticked: bool = False) -> None:
        task = shown.task
        area.clear()
        with area:
            ui.label(task.title).classes("text-h6").props('role="heading" aria-level="1"').mark("task-title")
            if task.due_on:
                with ui.row().classes("items-center gap-2"):
                    ui.label(f"Due {current().date(task.due_on)}").classes("text-body1")
                    if task.overdue:
                        ui.label("Overdue").classes("text-body1 text-weight-bold text-negative")
            if task.details:
                ui.label(task.details).classes("text-body1 whitespace-pre-line")
            if not task.done:
                ui.button("Mark as done", icon="check", on_click=lambda: tick(True)).classes(BUTTON).props(
                    "size=lg unelevated no-caps"
                ).mark("task-mark-done")
                return
            with ui.row().classes("items-center no-wrap gap-2").mark("task-done"):
                ui.icon("check_circle", size="2rem").classes("text-positive")
                if just_ticked:
                    ui.label(f"Thank you! {shown.clinic_name} can see it is done.").classes("text-body1")
                else:
                    when = current().date(task.done_at) if task.done_at else ""
                    ui.label(f"Done on {when}. {shown.clinic_name} can see it is done.").classes("text-body1")
            ui.button("Undo" if just_ticked else "I have not done this yet", on_click=lambda: tick(False)).classes(
                BUTTON
            ).props("outline no-caps").mark("task-undo")

    with public_card(f"A task from {view.clinic_name}", f"For {view.first_name}"):
        area = ui.column().classes("w-full gap-3").mark("task-link")
    draw(view)

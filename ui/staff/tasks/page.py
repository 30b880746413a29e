"""Tasks: what staff have to do, from rules (a session pack ended) or written by hand. Live."""

from nicegui import APIRouter, ui

from domain import topics
from domain.tasks.tasks import add_task, complete_task, list_tasks
from ui.actions import attempt
from ui.live import on_change
from ui.session import StaffContext, staff_page

router = APIRouter()


@staff_page(router, "/tasks", title="Tasks", capability="people.read")
async def tasks_page(ctx: StaffContext) -> None:
    with ui.row().classes("w-full items-start gap-2").style("max-width: 44rem"):
        title = ui.input("New task").props("outlined dense").classes("col").mark("task-title")
        mine = ui.checkbox("Assign to me", value=True)
        ui.button(
            "Add",
            icon="add",
            on_click=lambda: attempt(
                add_task,
                ctx.uow(),
                actor=ctx.actor,
                title=title.value or "",
                assigned_to=ctx.staff.id if mine.value else None,
                fields={"title": title},
                success="Task added.",
            ),
        ).props("unelevated")

    @ui.refreshable
    async def listing() -> None:
        tasks = await list_tasks(ctx.uow(read_only=True), actor=ctx.actor)
        if not tasks:
            ui.label("Nothing to do.").classes("text-grey-7")
        for t in tasks:
            with ui.card().classes("w-full q-py-sm").props("flat bordered").mark("task"):
                with ui.row().classes("w-full items-center no-wrap gap-2"):
                    ui.checkbox(
                        value=t.done,
                        on_change=lambda e, t=t: attempt(
                            complete_task, ctx.uow(), actor=ctx.actor, task_id=t.id, done=e.value
                        ),
                    )
                    with ui.column().classes("col gap-0"):
                        ui.label(t.title).classes("text-weight-medium")
                        ui.label(
                            " · ".join(
                                x
                                for x in (
                                    t.details,
                                    t.for_client and "For the client",
                                    t.profile_name and f"for {t.profile_name}",
                                    t.assigned_name and f"assigned to {t.assigned_name}",
                                )
                                if x
                            )
                        ).classes("text-caption text-grey-7")

    with ui.column().classes("w-full gap-2").style("max-width: 44rem"):
        await listing()
    on_change(topics.TASKS, listing.refresh)

"""A profile's Tasks tab: staff tasks about the profile, and tasks for the client ("bring your referral letter") that
the client ticks off in the Client Portal or by the link emailed with them. Client tasks are marked "For the client",
with who ticked them and when; staff can still tick them or untick them."""

from nicegui import ui

from domain import topics
from domain.accounts.staff import list_staff
from domain.formats import current
from domain.tasks.client_tasks import ClientTaskTarget, add_client_task, client_task_target, done_note
from domain.tasks.tasks import TaskView, add_task, complete_task, list_tasks
from ui.actions import FAILED, attempt
from ui.components.date_input import DateInput
from ui.live import live_box
from ui.outcome import page_client, tell
from ui.session import StaffContext
from ui.staff.profile.basics import section
from ui.state import state


def tasks_tab(ctx: StaffContext, profile_id: int) -> None:
    with section("Tasks"):
        live_box(
            lambda: list_tasks(ctx.uow(read_only=True), actor=ctx.actor, include_done=True, profile_id=profile_id),
            lambda tasks: _task_list(ctx, tasks),
            topics.TASKS,
            topics.profile(profile_id),
            classes="w-full gap-2",
            style="",
        )
        ui.separator()
        live_box(
            lambda: list_staff(ctx.uow(read_only=True), include_inactive=False),
            lambda staff: _new_task(ctx, profile_id, staff),
            topics.STAFF,
            classes="w-full gap-2",
            style="",
        )
    assign_to_client(ctx, profile_id)


def _task_list(ctx: StaffContext, tasks: list[TaskView]) -> None:
    if not tasks:
        ui.label("No tasks for this profile.").classes("text-grey-8")
    for t in tasks:
        with ui.row().classes("w-full items-center no-wrap gap-2").mark("profile-task"):
            box = ui.checkbox(
                value=t.done,
                on_change=lambda e, t=t: attempt(complete_task, ctx.uow(), actor=ctx.actor, task_id=t.id, done=e.value),
            )
            box.props["aria-label"] = f"Done: {t.title}"
            with ui.column().classes("col gap-0"):
                with ui.row().classes("items-center gap-2"):
                    ui.label(t.title).classes("text-weight-medium" + (" text-strike text-grey-7" if t.done else ""))
                    if t.for_client:
                        ui.badge("For the client").props("outline color=primary").mark("for-client")
                caption = (
                    t.assigned_name and f"assigned to {t.assigned_name}",
                    t.due_on and f"due {current().date(t.due_on)}",
                    done_note(t.done_by, t.done_at) if t.for_client else "",
                )
                ui.label(" · ".join(x for x in caption if x)).classes("text-caption text-grey-8").mark("task-caption")
                if t.for_client and t.details:
                    ui.label(t.details).classes("text-caption text-grey-8 whitespace-pre-line")


def _new_task(ctx: StaffContext, profile_id: int, staff) -> None:
    title = ui.input("New task *").props("outlined dense").classes("w-full").mark("profile-task-title")
    with ui.row().classes("w-full gap-2"):
        who = (
            ui.select({s.id: s.name for s in staff if s.active}, value=ctx.staff.id, label="Assign to", clearable=True)
            .props("outlined dense")
            .classes("col-12 col-sm")
            .mark("task-assignee")
        )
        due = DateInput("Due", clearable=True).classes("col-12 col-sm").mark("task-due")

    async def save() -> None:
        added = await attempt(
            add_task,
            ctx.uow(),
            actor=ctx.actor,
            title=title.value or "",
            profile_id=profile_id,
            assigned_to=who.value,
            due_on=due.iso,
            fields={"title": title, "due_on": due},
            success="Task added.",
        )
        if added is not FAILED and not title.is_deleted:
            title.value = ""
            due.value = ""

    ui.button("Add Task", icon="add", on_click=save).props("unelevated no-caps").mark("add-profile-task")


def assign_to_client(ctx: StaffContext, profile_id: int) -> None:
    """ "Assign a task to the client": on a client's own profile only (a shared profile has no one client). What was
    typed survives a redraw (e.g. the client's email was added meanwhile)."""
    typed: dict = {"title": "", "due": "", "details": "", "email": True}

    def draw(target: ClientTaskTarget | None) -> None:
        if target is None:
            return
        where = "in the Client Portal or by the link in the email" if target.portal else "by the link in the email"
        with section("Assign a task to the client", f"{target.first_name} ticks it off {where}.").mark(
            "assign-client-task"
        ):
            if target.refusal:
                ui.label(target.refusal).classes("text-body2").mark("client-task-refusal")
                return
            title = ui.input("Task *", value=typed["title"]).props("outlined dense").classes("w-full")
            title.props["hint"] = "For example: Bring your referral letter"
            due = DateInput("Due", clearable=True).classes("w-full")
            due.value = typed["due"]
            details = ui.textarea("Details", value=typed["details"]).props("outlined dense autogrow").classes("w-full")
            email = ui.checkbox("Email the client a link to tick it off", value=typed["email"] and bool(target.email))
            if not target.email:
                email.disable()
                ui.label(f"{target.first_name} has no email address: add one under Details to email a link.").classes(
                    "text-caption text-grey-8"
                ).mark("client-task-no-email")
            for element, key, marker in (
                (title, "title", "client-task-title"),
                (due, "due", "client-task-due"),
                (details, "details", "client-task-details"),
                (email, "email", "client-task-email"),
            ):
                element.mark(marker).on_value_change(lambda e, key=key: typed.__setitem__(key, e.value))

            async def save() -> None:
                acting = page_client()
                emailed = bool(email.value)
                added = await attempt(
                    add_client_task,
                    ctx.uow(),
                    actor=ctx.actor,
                    person_id=target.person_id,
                    title=title.value or "",
                    due_on=due.iso,
                    details=details.value or "",
                    email_link=emailed,
                    public_url=state.config.public_url,
                    fields={"title": title, "due_on": due, "details": details},
                )
                if added is FAILED:
                    return
                tell(acting, _assigned(target, emailed))
                typed.update(title="", due="", details="", email=True)
                await fill()

            ui.button("Assign to the client", icon="assignment_ind", on_click=save).props("unelevated no-caps").mark(
                "assign-client-task-save"
            )

    fill = live_box(
        lambda: client_task_target(ctx.uow(read_only=True), actor=ctx.actor, profile_id=profile_id),
        draw,
        topics.PEOPLE,  # the client's email or status changed (Details, Review & Add, archive)
        classes="w-full",
        style="",
    )


def _assigned(target: ClientTaskTarget, emailed: bool) -> str:
    if emailed:
        return f"Task assigned. {target.first_name} was emailed a link to tick it off ({target.email})."
    if target.portal:
        return f"Task assigned, not emailed: {target.first_name} sees it in the Client Portal under Tasks."
    return (
        f"Task assigned, not emailed: {target.first_name} has no Client Portal access, so tick it off here when done."
    )

"""People > Add > Shared (name, Next) and the shared profile's page: Details with members, then the same
tabs as every client's profile."""

from nicegui import APIRouter, ui

from domain import topics
from domain.errors import NotFound
from domain.households.shared_profiles import create_shared_profile, get_shared
from ui.actions import FAILED, attempt, go_with_message
from ui.live import on_change
from ui.session import StaffContext, not_found, staff_page
from ui.staff.households.members import details_tab
from ui.staff.profile.tabs import ProfileRef, common_tabs, profile_tabs

router = APIRouter()


@staff_page(router, "/shared/new", title="New shared profile", capability="people.read", section="People")
async def new_shared_page(ctx: StaffContext) -> None:
    with ui.card().classes("w-full").style("max-width: 32rem"):
        ui.label(
            "A shared profile books and bills a couple, a family or a group as one, with its members' own "
            "client records linked to it."
        ).classes("text-body2 text-grey-8")
        name = (
            ui.input("Profile name *", placeholder="e.g. Alex & Sam Taylor")
            .props("outlined autofocus")
            .classes("w-full")
            .mark("shared-name")
        )

        async def next_step() -> None:
            made = await attempt(
                create_shared_profile, ctx.uow(), actor=ctx.actor, name=name.value or "", fields={"name": name}
            )
            if made is not FAILED:
                go_with_message(f"/shared/{made}", "Shared profile created. Now Add Member.")

        name.on("keydown.enter", next_step)
        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=lambda: ui.navigate.to("/people/shared")).props("flat")
            ui.button("Next", icon="arrow_forward", on_click=next_step).props("unelevated").mark("next")


@staff_page(
    router, "/shared/{profile_id}", title="Shared profile", capability="people.read", section="People", heading=False
)
async def shared_page(ctx: StaffContext, profile_id: int) -> None:
    try:
        shared = await get_shared(ctx.uow(read_only=True), actor=ctx.actor, profile_id=profile_id)
    except NotFound as exc:
        return not_found(exc.message, "Back to shared profiles", "/people/shared")
    profile = ProfileRef(profile_id, "shared", shared.name)
    shown = {"tab": "Details"}

    @ui.refreshable
    def heading(shared) -> None:
        with ui.row().classes("w-full items-center gap-2 q-mt-sm"):
            ui.icon("groups", size="md").classes("text-primary")
            ui.label(shared.name).classes("text-h5").mark("shared-heading")
            ui.badge("Shared profile", color="teal")
            if shared.archived_at:
                ui.badge("Archived", color="grey-7").mark("archived-badge")
            ui.label(", ".join(m.name for m in shared.members)).classes("text-grey-8")

    async def reheading() -> None:
        try:
            heading.refresh(await get_shared(ctx.uow(read_only=True), actor=ctx.actor, profile_id=profile_id))
        except NotFound:
            pass  # deleted: the page that deleted it moves on; others keep what they show

    heading(shared)
    profile_tabs([("Details", "groups", lambda: details_tab(ctx, profile_id)), *common_tabs(ctx, profile)], shown)
    on_change(topics.profile(profile_id), reheading)

"""On a client's Details: the shared profiles they are a member of."""

from nicegui import ui

from domain import topics
from domain.households.shared_profiles import memberships
from ui.live import live_box
from ui.session import StaffContext


def memberships_card(ctx: StaffContext, person_id: int) -> None:
    def draw(found) -> None:
        with ui.card().classes("w-full").mark("memberships"):
            ui.label("Shared profiles").classes("text-h6")
            if not found:
                ui.label("Not a member of any shared profile. People > Add > Shared makes one.").classes("text-grey-8")
            for m in found:
                with ui.row().classes("items-center gap-2"):
                    ui.icon("groups").classes("text-teal")
                    ui.link(m.name, f"/shared/{m.profile_id}").mark("membership")
                    if m.is_primary:
                        ui.badge("Primary", color="primary")
                    if m.archived:
                        ui.badge("Archived", color="grey-7")

    live_box(
        lambda: memberships(ctx.uow(read_only=True), actor=ctx.actor, person_id=person_id),
        draw,
        topics.SHARED,
        style="max-width: 44rem",
    )

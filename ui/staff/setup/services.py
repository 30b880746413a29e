"""Setup > Services: what can be booked, for how long, at what price and colour."""

from nicegui import ui

from domain import topics
from domain.scheduling.bookable_services import ServiceView, list_services, save_service
from ui.actions import FAILED, attempt
from ui.components.dialogs import page_dialog
from ui.components.icon_button import icon_button
from ui.components.money_input import money_input
from ui.live import on_change
from ui.session import StaffContext


async def services_tab(ctx: StaffContext) -> None:
    @ui.refreshable
    async def listing() -> None:
        found = await list_services(ctx.uow(read_only=True))
        if not found:
            ui.label("No services yet. Add what clients can book, e.g. “Initial consultation, 60 minutes”.").classes(
                "text-grey-8"
            )
        for s in found:
            with ui.card().classes("w-full q-py-sm" + ("" if s.active else " text-grey-6")).props("flat bordered"):
                with ui.row().classes("w-full items-center no-wrap gap-3"):
                    ui.element("div").style(f"width: 14px; height: 14px; border-radius: 50%; background: {s.colour}")
                    with ui.column().classes("gap-0 col"):
                        ui.label(s.name + ("" if s.active else " (no longer offered)")).classes(
                            "text-weight-medium"
                        ).mark("service-name")
                        ui.label(f"{s.duration_minutes} minutes · {s.price_label}").classes("text-caption text-grey-7")
                    icon_button("edit", f"Edit {s.name}", lambda s=s: _editor(ctx, s), "flat round")

    with ui.row().classes("w-full items-center"):
        ui.label("Picking a service on an appointment fills in its length and price.").classes("text-grey-8 col")
        ui.button("Add service", icon="add", on_click=lambda: _editor(ctx, None)).props("unelevated").mark(
            "add-service"
        )
    with ui.column().classes("w-full gap-2").style("max-width: 40rem"):
        await listing()
    on_change(topics.SERVICES, listing.refresh)


def _editor(ctx: StaffContext, service: ServiceView | None) -> None:
    with page_dialog(width="min(28rem, 95vw)") as dialog:
        ui.label("Edit service" if service else "Add service").classes("text-h6")
        name = (
            ui.input("Name", value=service.name if service else "")
            .props("outlined dense")
            .classes("w-full")
            .mark("service-name-input")
        )
        with ui.row().classes("w-full no-wrap gap-2"):
            minutes = (
                ui.number(
                    "Duration (minutes)",
                    value=service.duration_minutes if service else 60,
                    min=5,
                    max=720,
                    step=5,
                    precision=0,
                )
                .props("outlined dense")
                .classes("col")
                .mark("service-duration")
            )
            price = money_input("Price", service.price_cents if service else 0).classes("col").mark("service-price")
        colour = (
            ui.color_input("Colour", value=service.colour if service else "#2f6f5e")
            .props("outlined dense")
            .classes("w-full")
        )
        active = ui.switch("Offered (can be booked)", value=service.active if service else True).mark("service-active")

        async def save() -> None:
            saved = await attempt(
                save_service,
                ctx.uow(),
                actor=ctx.actor,
                service_id=service.id if service else None,
                name=name.value,
                duration_minutes=minutes.value,
                price=price.value,
                colour=colour.value,
                active=active.value,
                fields={"name": name, "duration": minutes, "price": price, "colour": colour},
                success="Service saved.",
            )
            if saved is not FAILED:
                dialog.close()

        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat")
            ui.button("Save", on_click=save).props("unelevated").mark("save-service")
    dialog.open()

"""Setup > Session packs (templates) and Setup > Configuration (tasks rule, tax)."""

from nicegui import ui

from domain import topics
from domain.billing.money import label
from domain.billing.pack_rules import describe_size
from domain.billing.pack_templates import TemplateView, list_pack_templates, save_pack_template, set_pack_sold_online
from domain.scheduling.bookable_services import list_services
from domain.tasks.tasks import set_task_rule, task_rule
from ui.actions import FAILED, attempt
from ui.components.dialogs import page_dialog
from ui.live import on_change
from ui.session import StaffContext
from ui.staff.billing.pack_fields import pack_fields


async def packs_tab(ctx: StaffContext) -> None:
    services = {s.id: s.name for s in await list_services(ctx.uow(read_only=True), include_inactive=False)}

    @ui.refreshable
    async def listing() -> None:
        found = await list_pack_templates(ctx.uow(read_only=True))
        if not found:
            ui.label("No session pack templates yet, e.g. “10 sessions for $1,200, valid 6 months”.").classes(
                "text-grey-8"
            )
        for t in found:
            with ui.card().classes("w-full q-py-sm" + ("" if t.active else " text-grey-6")).props("flat bordered"):
                with ui.row().classes("w-full items-center no-wrap"):
                    with ui.column().classes("col gap-0"):
                        ui.label(t.name + ("" if t.active else " (off)")).classes("text-weight-medium").mark(
                            "template-name"
                        )
                        details = [
                            describe_size(t.metric, t.size) + (" of credit" if t.metric == "money" else ""),
                            f"price {label(t.price_cents)}",
                        ]
                        if t.reduced_rate_cents:
                            details.append(f"then {label(t.reduced_rate_cents)} a session")
                        if t.expiry_days:
                            details.append(f"expires after {t.expiry_days} days")
                        if t.service_ids:
                            details.append("for " + ", ".join(services.get(i, "?") for i in t.service_ids))
                        ui.label(" · ".join(details)).classes("text-caption text-grey-7")
                    ui.button(icon="edit", on_click=lambda t=t: _editor(ctx, t, services)).props("flat round")
                ui.switch(
                    "Sold on the Bookings Page",
                    value=t.sold_online,
                    on_change=lambda e, t=t: _sell_online(ctx, t.id, e.value, listing.refresh),
                ).mark(f"sold-online sold-online-{t.id}")

    with ui.row().classes("w-full items-center"):
        ui.label("Templates for prepaid session packs: count sessions, hours or money.").classes("text-grey-8 col")
        ui.button("New template", icon="add", on_click=lambda: _editor(ctx, None, services)).props("unelevated").mark(
            "new-template"
        )
    with ui.column().classes("w-full gap-2").style("max-width: 44rem"):
        await listing()
    on_change(topics.PACK_TEMPLATES, listing.refresh)


async def _sell_online(ctx: StaffContext, template_id: int, sold: bool, redraw) -> None:
    """Audited and live; a refusal (no price, switched off) says why and puts the switch back."""
    said = "Sold on the Bookings Page." if sold else "No longer sold on the Bookings Page."
    done = await attempt(
        set_pack_sold_online, ctx.uow(), actor=ctx.actor, template_id=template_id, sold_online=sold, success=said
    )
    if done is FAILED:
        await redraw()


def _editor(ctx: StaffContext, t: TemplateView | None, services: dict[int, str]) -> None:
    with page_dialog(width="min(32rem, 95vw)") as dialog:
        ui.label("Edit template" if t else "New session pack template").classes("text-h6")
        fields = pack_fields(t)
        covers = (
            ui.select(
                services, value=list(t.service_ids) if t else [], multiple=True, label="Services it covers (empty: any)"
            )
            .props("outlined dense use-chips")
            .classes("w-full")
        )
        active = ui.switch("Offered", value=t.active if t else True)

        async def save() -> None:
            done = await attempt(
                save_pack_template,
                ctx.uow(),
                actor=ctx.actor,
                template_id=t.id if t else None,
                **fields.values(),
                service_ids=list(covers.value or []),
                active=active.value,
                fields=fields.by_error_key(),
                success="Template saved.",
            )
            if done is not FAILED:
                dialog.close()

        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat")
            ui.button("Save", on_click=save).props("unelevated").mark("save-template")
    dialog.open()


async def configuration_tab(ctx: StaffContext) -> None:
    with ui.card().classes("w-full q-pa-md gap-2").style("max-width: 36rem"):
        ui.label("Tasks").classes("text-subtitle1")
        toggle = ui.switch(
            "Create a task when the last appointment in a session pack is used or a pack expires",
            value=await task_rule(ctx.uow(read_only=True)),
        ).mark("task-rule")
        ui.button(
            "Save Changes",
            on_click=lambda: attempt(
                set_task_rule, ctx.uow(), actor=ctx.actor, on_pack_end=toggle.value, success="Saved."
            ),
        ).props("unelevated no-caps").mark("save-configuration")

"""The appointment panel's billing part: its service (changeable), the session pack that pays for it ("Session
N of M" with its progress bar, or a pack to choose), and the appointment's invoice."""

from nicegui import ui

from domain.billing.invoices import create_invoice, draft_invoices
from domain.billing.pack_templates import list_pack_templates
from domain.billing.packs import PackUnavailable, appointment_pack, list_packs, use_pack
from domain.scheduling.appointment_views import AppointmentView
from domain.scheduling.bookable_services import list_services
from domain.scheduling.service_change import change_appointment_service
from ui.actions import FAILED, attempt
from ui.outcome import page_client, tell
from ui.session import StaffContext
from ui.staff.billing.invoice_dialog import open_invoice
from ui.staff.billing.pack_chooser import NEW_DRAFT, NO_PACK, bill_on_choices


async def billing_of(ctx: StaffContext, a: AppointmentView) -> dict:
    if a.kind != "client" or a.profile_id is None:
        return {}
    read = dict(actor=ctx.actor, profile_id=a.profile_id)
    return {
        "pack": await appointment_pack(ctx.uow(read_only=True), appointment_id=a.id),
        "open_packs": [p for p in await list_packs(ctx.uow(read_only=True), **read) if p.open],
        "templates": await list_pack_templates(ctx.uow(read_only=True), active_only=True),
        "drafts": await draft_invoices(ctx.uow(read_only=True), **read),
        "services": await list_services(ctx.uow(read_only=True), include_inactive=False),
    }


def service_section(ctx: StaffContext, a: AppointmentView, billing: dict) -> None:
    """Change the service: the length (from the same start) and the price follow it."""
    choices = {s.id: s.label for s in billing.get("services", [])}
    if a.service_id and a.service_id not in choices:
        choices[a.service_id] = a.service_name
    with ui.row().classes("w-full items-center no-wrap gap-2"):
        chosen = (
            ui.select(choices, value=a.service_id, label="Service")
            .props("outlined dense options-dense")
            .classes("col")
            .mark("change-service")
        )

        async def change() -> None:
            if chosen.value in (None, a.service_id):
                tell(page_client(), "Choose another service first.", "warning")
                return
            await attempt(
                change_appointment_service,
                ctx.uow(),
                actor=ctx.actor,
                appointment_id=a.id,
                version=a.version,
                service_id=chosen.value,
                fields={"service": chosen},
                success="Service changed; the length and price follow it.",
            )

        ui.button("Change", on_click=change).props("outline dense no-caps").mark("save-service")


def pack_section(ctx: StaffContext, a: AppointmentView, billing: dict) -> None:
    used = billing.get("pack")
    if used:
        pack, session = used
        with ui.column().classes("w-full gap-1 bg-orange-1 q-pa-sm rounded-borders"):
            with ui.row().classes("w-full items-center"):
                ui.label(pack.name).classes("text-weight-medium col")
                ui.label(session).classes("text-primary text-weight-bold").mark("appointment-session")
            ui.linear_progress(value=pack.state.fraction_used, show_value=False, size="10px").props(
                "rounded color=primary"
            ).mark("appointment-pack-bar")
            ui.label(pack.progress).classes("text-caption text-grey-8").mark("appointment-pack-progress")
    else:
        options = {NO_PACK: "No pack"}
        options |= {f"pack:{p.id}": f"Open pack: {p.name} ({p.progress})" for p in billing.get("open_packs", [])}
        options |= {f"template:{t.id}": f"New pack: {t.label}" for t in billing.get("templates", [])}
        if len(options) > 1:
            chosen = (
                ui.select(options, value=NO_PACK, label="Session pack")
                .props("outlined dense options-dense")
                .classes("w-full")
                .mark("choose-pack")
            )
            invoice = (
                ui.select(bill_on_choices(billing.get("drafts", [])), value=NEW_DRAFT, label="Bill the new pack on")
                .props("outlined dense options-dense")
                .classes("w-full")
                .mark("bill-pack-on")
            )
            invoice.bind_visibility_from(chosen, "value", lambda v: str(v or "").startswith("template:"))

            async def apply() -> None:
                client = page_client()
                kind, _, raw = str(chosen.value or "").partition(":")
                if not raw:
                    tell(client, "Choose an open pack or a pack template.", "warning")
                    return
                try:
                    text = await attempt(
                        use_pack,
                        ctx.uow(),
                        actor=ctx.actor,
                        appointment_id=a.id,
                        pack_id=int(raw) if kind == "pack" else None,
                        template_id=int(raw) if kind == "template" else None,
                        invoice_id=(invoice.value or None) if kind == "template" else None,
                        passthrough=(PackUnavailable,),
                        client=client,
                    )
                except PackUnavailable as exc:
                    tell(client, exc.message + " Choose a pack template to open a new one.", "warning")
                    return
                if text is not FAILED:
                    tell(client, f"Pack applied: {text}.")

            ui.button("Use this pack", on_click=apply).props("unelevated dense no-caps").mark(
                "apply-pack"
            ).bind_visibility_from(chosen, "value", lambda v: v != NO_PACK)

    async def invoice_it() -> None:
        client = page_client()
        made = await attempt(create_invoice, ctx.uow(), actor=ctx.actor, profile_id=a.profile_id, appointment_id=a.id)
        if made is not FAILED:
            await open_invoice(ctx, made.id, client=client)

    ui.button("Invoice this appointment", icon="receipt_long", on_click=invoice_it).props("flat no-caps").mark(
        "invoice-appointment"
    )

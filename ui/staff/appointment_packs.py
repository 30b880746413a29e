"""The appointment panel's billing part: "Select a Service or Pack", Session N of M with its progress bar,
and the appointment's invoice."""
from nicegui import ui

from domain.billing.invoices import create_invoice
from domain.billing.pack_templates import list_pack_templates
from domain.billing.packs import PackUnavailable, appointment_pack, list_packs, use_pack
from domain.scheduling.views import AppointmentView
from ui.actions import FAILED, attempt
from ui.session import StaffContext
from ui.staff.invoice_dialog import open_invoice
from ui.state import uow


async def billing_of(ctx: StaffContext, a: AppointmentView) -> dict:
    if a.kind != "client" or a.profile_id is None:
        return {}
    return {"pack": await appointment_pack(uow(read_only=True), appointment_id=a.id),
            "open_packs": [p for p in await list_packs(uow(read_only=True), actor=ctx.actor, profile_id=a.profile_id)
                           if p.open],
            "templates": await list_pack_templates(uow(read_only=True), active_only=True)}


def pack_section(ctx: StaffContext, a: AppointmentView, billing: dict) -> None:
    used = billing.get("pack")
    if used:
        pack, session = used
        with ui.column().classes("w-full gap-1 bg-orange-1 q-pa-sm rounded-borders"):
            with ui.row().classes("w-full items-center"):
                ui.label(pack.name).classes("text-weight-medium col")
                ui.label(session).classes("text-primary text-weight-bold").mark("appointment-session")
            ui.linear_progress(value=pack.state.fraction_used, show_value=False, size="10px").props(
                "rounded color=primary").mark("appointment-pack-bar")
            ui.label(pack.progress).classes("text-caption text-grey-8").mark("appointment-pack-progress")
    else:
        options = {f"pack:{p.id}": f"Open pack: {p.name} ({p.progress})" for p in billing.get("open_packs", [])}
        options |= {f"template:{t.id}": f"New pack: {t.label}" for t in billing.get("templates", [])}
        if options:
            with ui.row().classes("w-full items-center no-wrap gap-2"):
                chosen = ui.select(options, label="Select a Service or Pack").props("outlined dense").classes(
                    "col").mark("choose-pack")

                async def apply() -> None:
                    kind, _, raw = (chosen.value or "").partition(":")
                    if not raw:
                        ui.notify("Choose an open pack or a pack template.", type="warning")
                        return
                    try:
                        text = await attempt(use_pack, uow(), actor=ctx.actor, appointment_id=a.id,
                                             pack_id=int(raw) if kind == "pack" else None,
                                             template_id=int(raw) if kind == "template" else None,
                                             passthrough=(PackUnavailable,))
                    except PackUnavailable as exc:
                        ui.notify(exc.message + " Choose a pack template to open a new one.", type="warning",
                                  multi_line=True)
                        return
                    if text is not FAILED:
                        ui.notify(f"Pack applied: {text}.", type="positive")
                ui.button("Save", on_click=apply).props("unelevated dense").mark("apply-pack")

    async def invoice() -> None:
        made = await attempt(create_invoice, uow(), actor=ctx.actor, profile_id=a.profile_id, appointment_id=a.id)
        if made is not FAILED:
            await open_invoice(ctx, made.id)
    ui.button("Invoice this appointment", icon="receipt_long", on_click=invoice).props("flat no-caps").mark(
        "invoice-appointment")

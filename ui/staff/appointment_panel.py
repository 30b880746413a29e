"""The appointment panel on click: details, status, reschedule, cancel, open the client. Live."""
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from nicegui import ui

from domain.errors import DomainError
from domain.billing.packs import pack_topic
from domain.scheduling.booking import get_appointment, set_appointment_status
from domain.scheduling.topics import appointment_topic
from domain.scheduling.times import describe
from domain.scheduling.views import STATUS_LABELS, AppointmentView
from ui.actions import FAILED, attempt
from ui.live import on_change
from ui.session import StaffContext
from ui.staff.appointment_new import side_panel
from ui.staff.appointment_moves import save_move
from ui.staff.appointment_packs import billing_of, pack_section
from ui.state import uow

STATUS_COLOURS = {"booked": "primary", "arrived": "accent", "completed": "positive", "cancelled": "grey-7",
                  "no_show": "negative"}


async def open_appointment_panel(ctx: StaffContext, appointment_id: int, *, practitioners: list) -> None:
    tz = ZoneInfo(ctx.clinic.time_zone)
    dialog, card = side_panel()

    @ui.refreshable
    def body(a: AppointmentView, billing: dict) -> None:
        with ui.row().classes("w-full items-center no-wrap"):
            ui.label(a.label).classes("text-h6 ellipsis").mark("appointment-title")
            ui.space()
            ui.button(icon="close", on_click=dialog.close).props("flat round dense aria-label=Close")
        with ui.row().classes("items-center gap-2"):
            ui.badge(a.status_label, color=STATUS_COLOURS[a.status]).mark("appointment-status")
            ui.label(a.kind_label).classes("text-caption text-grey-7")
            if a.outside_hours:
                ui.badge("Outside working hours", color="orange-8")
        rows = [("event", describe(a.starts_at, a.ends_at, tz)), ("person", a.practitioner_name)]
        if a.service_name:
            rows.append(("medical_services", f"{a.service_name} · {a.price_label}"))
        for who, zone_name in (("Client", a.client_time_zone), (a.practitioner_name, a.practitioner_time_zone)):
            if zone_name and zone_name != ctx.clinic.time_zone:
                rows.append(("public", f"{who}'s time: {describe(a.starts_at, a.ends_at, ZoneInfo(zone_name))} "
                                       f"({zone_name.replace('_', ' ')})"))
        if a.series_id:
            rows.append(("repeat", "Part of a recurring series"))
        if a.status == "cancelled":
            rows.append(("block", f"Cancelled: {a.cancel_reason}"))
        for icon, text in rows:
            with ui.row().classes("items-center no-wrap gap-2"):
                ui.icon(icon).classes("text-grey-7")
                ui.label(text).mark("appointment-line")
        if a.kind == "client" and a.status != "cancelled":
            pack_section(ctx, a, billing)
        if a.notes:
            ui.label(a.notes).classes("whitespace-pre-line text-body2 bg-grey-2 q-pa-sm rounded-borders w-full")
        if a.person_id:
            ui.button("Open client", icon="account_circle",
                      on_click=lambda: ui.navigate.to(f"/clients/{a.person_id}")).props("outline no-caps")
        elif a.kind == "client" and a.profile_id:
            ui.button("Open shared profile", icon="groups",
                      on_click=lambda: ui.navigate.to(f"/shared/{a.profile_id}")).props("outline no-caps").mark(
                "open-shared")
        if a.status == "cancelled":
            ui.button("Restore appointment", on_click=lambda: set_status(a, "booked")).props("flat no-caps")
            return
        ui.separator()
        ui.label("Status").classes("text-subtitle2")
        ui.toggle({k: v for k, v in STATUS_LABELS.items() if k != "cancelled"}, value=a.status,
                  on_change=lambda e: set_status(a, e.value)).props("no-caps unelevated dense").mark("status")
        with ui.expansion("Reschedule", icon="edit_calendar").classes("w-full").mark("reschedule"):
            start_local = a.starts_at.astimezone(tz)
            end_local = a.ends_at.astimezone(tz)
            day = ui.input("Date", value=start_local.date().isoformat()).props("type=date outlined dense")
            with ui.row().classes("w-full no-wrap gap-2"):
                begins = ui.input("Start", value=f"{start_local:%H:%M}").props("type=time outlined dense").classes("col")
                ends = ui.input("End", value=f"{end_local:%H:%M}").props("type=time outlined dense").classes("col")
            who = ui.select({p.id: p.name for p in practitioners}, value=a.practitioner_id,
                            label="Practitioner").props("outlined dense").classes("w-full")

            async def reschedule() -> None:
                try:
                    the_day = date.fromisoformat(day.value)
                    start, end = (datetime.combine(the_day, time.fromisoformat(v)) for v in (begins.value, ends.value))
                except (TypeError, ValueError):
                    ui.notify("Choose a date and times such as 09:30.", type="warning")
                    return
                if await save_move(ctx, tz, a.id, a.version, start.isoformat(), end.isoformat(), who.value):
                    ui.notify("Appointment moved.", type="positive")  # the live update redraws the panel
                else:
                    await reload()
            ui.button("Save new time", on_click=reschedule).props("unelevated no-caps").mark("save-new-time")
        with ui.expansion("Cancel appointment", icon="event_busy").classes("w-full").mark("cancel-section"):
            reason = ui.input("Reason", placeholder="e.g. Client is unwell").props("outlined dense").classes(
                "w-full").mark("cancel-reason")
            ui.button("Cancel appointment", color="negative",
                      on_click=lambda: set_status(a, "cancelled", reason)).props("unelevated no-caps").mark(
                "cancel-appointment")
            ui.label("It stays in the client's history, and the time becomes free.").classes(
                "text-caption text-grey-7")

    async def set_status(a: AppointmentView, status: str, reason_input=None) -> None:
        done = await attempt(set_appointment_status, uow(), actor=ctx.actor, appointment_id=a.id, status=status,
                             reason=reason_input.value if reason_input else "",
                             fields={"reason": reason_input} if reason_input else None,
                             success=f"Appointment {STATUS_LABELS[status].lower()}." if status != "booked" else
                             "Appointment booked again.")
        if done is FAILED:
            await reload()  # the toggle shows the status as it really is; a saved change redraws by itself
        elif status == "cancelled":
            dialog.close()

    async def fetch() -> tuple[AppointmentView, dict] | None:
        try:
            a = await get_appointment(uow(read_only=True), appointment_id=appointment_id)
        except DomainError as exc:  # removed meanwhile
            ui.notify(exc.message, type="warning")
            dialog.close()
            return None
        return a, await billing_of(ctx, a)

    async def reload() -> None:
        if not dialog.is_deleted and (found := await fetch()):
            body.refresh(*found)

    first = await fetch()
    if first is None:
        return
    with card:
        body(*first)
    on_change(appointment_topic(appointment_id), reload)
    if first[1].get("pack"):
        on_change(pack_topic(first[1]["pack"][0].id), reload)
    dialog.open()

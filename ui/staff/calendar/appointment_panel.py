"""The appointment panel on click: details, status, reschedule, cancel, open the client; for a booking request,
the request with Confirm and Decline instead. Live."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from nicegui import ui

from domain import topics
from domain.errors import DomainError
from domain.scheduling.appointment_views import STATUS_LABELS, AppointmentView
from domain.scheduling.booking import get_appointment, set_appointment_status
from domain.scheduling.online.handling import RequestView, appointment_request
from domain.scheduling.times import describe, length_label
from ui.actions import FAILED, attempt
from ui.components.date_input import DateInput, TimeInput, all_parsed
from ui.live import coalesced, on_change
from ui.outcome import page_client, refusal, tell
from ui.session import StaffContext
from ui.staff.calendar.moves import save_move
from ui.staff.calendar.new_appointment import side_panel
from ui.staff.calendar.panel_billing import billing_of, pack_section, service_section
from ui.staff.requests.request_card import request_card

STATUS_COLOURS = {
    "requested": "orange-9",
    "booked": "primary",
    "arrived": "accent",
    "completed": "positive",
    "cancelled": "grey-7",
    "no_show": "negative",
}


async def open_appointment_panel(ctx: StaffContext, appointment_id: int, *, practitioners: list) -> None:
    client = page_client()
    tz = ZoneInfo(ctx.clinic.time_zone)
    dialog, card = side_panel(client)

    @ui.refreshable
    def body(a: AppointmentView, billing: dict, request: RequestView | None = None) -> None:
        with ui.row().classes("w-full items-center no-wrap"):
            ui.label(a.label).classes("text-h6 ellipsis").mark("appointment-title")
            ui.space()
            ui.button(icon="close", on_click=dialog.close).props("flat round dense aria-label=Close")
        with ui.row().classes("items-center gap-2"):
            ui.badge(a.status_label, color=STATUS_COLOURS[a.status]).mark("appointment-status")
            ui.label(a.kind_label).classes("text-caption text-grey-7")
            if a.outside_hours:
                ui.badge("Outside working hours", color="orange-8")
        rows = [
            ("event", f"{describe(a.starts_at, a.ends_at, tz)} ({length_label(a.starts_at, a.ends_at)})"),
            ("person", a.practitioner_name),
        ]
        if a.service_name:
            rows.append(("medical_services", f"{a.service_name} · {a.price_label}"))
        for who, zone_name in (("Client", a.client_time_zone), (a.practitioner_name, a.practitioner_time_zone)):
            if zone_name and zone_name != ctx.clinic.time_zone:
                rows.append(
                    (
                        "public",
                        f"{who}'s time: {describe(a.starts_at, a.ends_at, ZoneInfo(zone_name))} "
                        f"({zone_name.replace('_', ' ')})",
                    )
                )
        if a.series_id:
            rows.append(("repeat", "Part of a recurring series"))
        if a.status == "cancelled":
            rows.append(("block", f"Cancelled: {a.cancel_reason}"))
        for icon, text in rows:
            with ui.row().classes("items-center no-wrap gap-2"):
                ui.icon(icon).classes("text-grey-7")
                ui.label(text).mark("appointment-line")
        if a.status == "requested" or request is not None:
            request_part(a, request)
            return
        if a.kind == "client" and a.status != "cancelled":
            ui.label("Select a Service or Pack").classes("text-subtitle2")
            service_section(ctx, a, billing)
            pack_section(ctx, a, billing)
        if a.notes:
            ui.label(a.notes).classes("whitespace-pre-line text-body2 bg-grey-2 q-pa-sm rounded-borders w-full")
        if a.person_id:
            ui.button(
                "Open client", icon="account_circle", on_click=lambda: ui.navigate.to(f"/clients/{a.person_id}")
            ).props("outline no-caps")
        elif a.kind == "client" and a.profile_id:
            ui.button(
                "Open shared profile", icon="groups", on_click=lambda: ui.navigate.to(f"/shared/{a.profile_id}")
            ).props("outline no-caps").mark("open-shared")
        if a.status == "cancelled":
            ui.button("Restore appointment", on_click=lambda: set_status(a, "booked")).props("flat no-caps")
            return
        ui.separator()
        ui.label("Status").classes("text-subtitle2")
        ui.toggle(
            {k: v for k, v in STATUS_LABELS.items() if k != "cancelled"},
            value=a.status,
            on_change=lambda e: set_status(a, e.value),
        ).props("no-caps unelevated dense").mark("status")
        with ui.expansion("Reschedule", icon="edit_calendar").classes("w-full").mark("reschedule"):
            start_local = a.starts_at.astimezone(tz)
            end_local = a.ends_at.astimezone(tz)
            day = DateInput("Date", value=start_local.date()).classes("w-full").mark("reschedule-date")
            with ui.row().classes("w-full no-wrap gap-2"):
                begins = TimeInput("Start", value=start_local.time()).classes("col").mark("reschedule-start")
                ends = TimeInput("End", value=end_local.time()).classes("col").mark("reschedule-end")
            who = (
                ui.select({p.id: p.name for p in practitioners}, value=a.practitioner_id, label="Practitioner")
                .props("outlined dense")
                .classes("w-full")
            )

            async def reschedule() -> None:
                client = page_client()
                if (typed := all_parsed(day, begins, ends)) is None:
                    return
                the_day, start, end = typed
                finish = datetime.combine(the_day, end) + (timedelta(days=1) if end == time(0) else timedelta())
                if await save_move(
                    ctx,
                    tz,
                    a.id,
                    a.version,
                    datetime.combine(the_day, start).isoformat(),
                    finish.isoformat(),
                    who.value,
                    fields={"start": begins, "end": ends},
                ):
                    tell(client, "Appointment moved.")  # the live update redraws the panel
                elif not (begins.error or ends.error):  # what is wrong is said at the field: keep what was typed
                    await reload()

            ui.button("Save new time", on_click=reschedule).props("unelevated no-caps").mark("save-new-time")
        with ui.expansion("Cancel appointment", icon="event_busy").classes("w-full").mark("cancel-section"):
            reason = (
                ui.input("Reason", placeholder="e.g. Client is unwell")
                .props("outlined dense")
                .classes("w-full")
                .mark("cancel-reason")
            )
            ui.button(
                "Cancel appointment", color="negative", on_click=lambda: set_status(a, "cancelled", reason)
            ).props("unelevated no-caps").mark("cancel-appointment")
            ui.label("It stays in the client's history, and the time becomes free.").classes("text-caption text-grey-7")

    def request_part(a: AppointmentView, request: RequestView | None) -> None:
        """A booking request is confirmed or declined, not changed like an appointment (the domain refuses that);
        once declined or expired it stays cancelled: book the time anew if it is still wanted."""
        ui.separator()
        ui.label("Booking request").classes("text-subtitle2")
        if request is None:
            ui.label("This booking request is no longer on the Requests list.").classes("text-grey-8")
        else:
            request_card(ctx, request, show_when=False)
        ui.link("Open Requests", "/requests").mark("open-requests")

    async def set_status(a: AppointmentView, status: str, reason_input=None) -> None:
        client = page_client()
        done = await attempt(
            set_appointment_status,
            ctx.uow(),
            actor=ctx.actor,
            appointment_id=a.id,
            status=status,
            reason=reason_input.value if reason_input else "",
            fields={"reason": reason_input} if reason_input else None,
            success=f"Appointment {STATUS_LABELS[status].lower()}."
            if status != "booked"
            else "Appointment booked again.",
            client=client,
        )
        if done is FAILED:
            await reload()  # the toggle shows the status as it really is; a saved change redraws by itself
        elif status == "cancelled":
            dialog.close()

    async def fetch() -> tuple[AppointmentView, dict, RequestView | None] | None:
        try:
            a = await get_appointment(ctx.uow(read_only=True), appointment_id=appointment_id)
            request = None
            if a.kind == "client" and a.status in ("requested", "cancelled"):  # a declined or expired one too
                request = await appointment_request(ctx.uow(read_only=True), actor=ctx.actor, appointment_id=a.id)
                if request is not None and request.state == "confirmed":
                    request = None  # booked, then cancelled: an appointment like any other
        except DomainError as exc:  # removed meanwhile
            refusal(client, exc)
            dialog.close()
            return None
        if a.status == "requested":
            return a, {}, request  # no service, pack or invoice until it is confirmed
        return a, await billing_of(ctx, a), request

    @coalesced
    async def reload() -> None:
        if not dialog.is_deleted and (found := await fetch()):
            body.refresh(*found)

    first = await fetch()
    if first is None:
        return
    with card:
        body(*first)
        # in the panel: the subscriptions go when it closes
        on_change(topics.appointment(appointment_id), reload)
        if first[1].get("pack"):
            on_change(topics.pack(first[1]["pack"][0].id), reload)
        if first[0].profile_id:
            on_change(topics.billing(first[0].profile_id), reload)
    dialog.open()

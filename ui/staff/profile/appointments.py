"""A profile's Appointments tab, live with the calendar: upcoming first, then history (cancelled ones included)."""

from zoneinfo import ZoneInfo

from nicegui import ui

from domain import topics
from domain.scheduling.appointment_views import AppointmentView
from domain.scheduling.calendar import profile_appointments, upcoming_and_past
from domain.scheduling.times import describe
from ui.live import live_box
from ui.session import StaffContext
from ui.staff.calendar.appointment_panel import STATUS_COLOURS


def profile_appointments_tab(ctx: StaffContext, profile_id: int) -> None:
    live_box(
        lambda: profile_appointments(ctx.uow(read_only=True), actor=ctx.actor, profile_id=profile_id),
        lambda found: appointments_tab(found, ctx.clinic.time_zone),
        topics.CALENDAR,
        topics.profile(profile_id),
    )


def appointments_tab(appointments: list[AppointmentView], clinic_zone: str) -> None:
    tz = ZoneInfo(clinic_zone)
    upcoming, past = upcoming_and_past(appointments)
    with ui.card().classes("w-full").style("max-width: 44rem"):
        with ui.row().classes("w-full items-center"):
            ui.label("Appointments").classes("text-h6 col")
            ui.button("Open the Calendar", icon="calendar_month", on_click=lambda: ui.navigate.to("/calendar")).props(
                "flat no-caps"
            )
        if not appointments:
            ui.label("No appointments yet. Book one by selecting a time on the Calendar.").classes("text-grey-8")
        for title, items in (("Upcoming", upcoming), ("History", past)):
            if not items:
                continue
            ui.label(title).classes("text-subtitle2 q-mt-sm")
            for a in items:
                with ui.row().classes("w-full items-center no-wrap gap-2").mark("client-appointment"):
                    ui.badge(a.status_label, color=STATUS_COLOURS[a.status]).classes("w-24 justify-center")
                    with ui.column().classes("gap-0 col"):
                        ui.label(describe(a.starts_at, a.ends_at, tz)).classes("text-weight-medium")
                        detail = " · ".join(
                            x
                            for x in (
                                a.service_name,
                                a.practitioner_name,
                                a.cancel_reason and f"cancelled: {a.cancel_reason}",
                            )
                            if x
                        )
                        ui.label(detail).classes("text-caption text-grey-7")

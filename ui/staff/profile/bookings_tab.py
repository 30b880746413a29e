"""A client's Bookings & Packages tab (seed 003's section): booking requests waiting for this client (Confirm,
Decline, the possible match), their upcoming bookings, their session packs, and Invite to Book. Live."""

from zoneinfo import ZoneInfo

from nicegui import ui

from domain import topics
from domain.billing.packs import PackView, list_packs
from domain.scheduling.appointment_views import AppointmentView
from domain.scheduling.calendar import profile_appointments, upcoming_and_past
from domain.scheduling.online.handling import RequestView, person_requests
from domain.scheduling.times import describe
from ui.live import live_box, on_change
from ui.session import StaffContext
from ui.staff.calendar.appointment_panel import STATUS_COLOURS
from ui.staff.profile.invite_to_book import invite_to_book_section
from ui.staff.requests.request_card import request_card

WIDTH = "max-width: 44rem"


def bookings_tab(ctx: StaffContext, person_id: int, profile_id: int) -> None:
    async def load() -> tuple[list[RequestView], list[AppointmentView], list[PackView]]:
        return (
            await person_requests(ctx.uow(read_only=True), actor=ctx.actor, person_id=person_id),
            await profile_appointments(ctx.uow(read_only=True), actor=ctx.actor, profile_id=profile_id),
            await list_packs(ctx.uow(read_only=True), actor=ctx.actor, profile_id=profile_id),
        )

    def draw(data: tuple[list[RequestView], list[AppointmentView], list[PackView]]) -> None:
        requests, appointments, packs = data
        _requests(ctx, requests)
        _upcoming(appointments, ZoneInfo(ctx.clinic.time_zone))
        _packs(packs)
        for p in packs:  # a pack used from the calendar moves its bar here too
            on_change(topics.pack(p.id), fill)

    fill = live_box(
        load,
        draw,
        topics.REQUESTS,
        topics.CALENDAR,
        topics.profile(profile_id),
        topics.billing(profile_id),
        classes="w-full gap-4",
        style=WIDTH,
    )
    invite_to_book_section(ctx, person_id)


def _requests(ctx: StaffContext, requests: list[RequestView]) -> None:
    with ui.card().classes("w-full gap-3").mark("booking-requests"):
        with ui.row().classes("w-full items-center"):
            ui.label("Booking requests").classes("text-h6 col")
            ui.link("All requests", "/requests")
        if not requests:
            ui.label("No booking requests waiting for this client.").classes("text-grey-8")
        for r in requests:
            request_card(ctx, r)


def _upcoming(appointments: list[AppointmentView], tz: ZoneInfo) -> None:
    upcoming, _ = upcoming_and_past(appointments)
    with ui.card().classes("w-full").mark("upcoming-bookings"):
        with ui.row().classes("w-full items-center"):
            ui.label("Upcoming bookings").classes("text-h6 col")
            ui.link("Open the Calendar", "/calendar")
        if not upcoming:
            ui.label("Nothing booked ahead. Book on the Calendar, or send an Invite to Book.").classes("text-grey-8")
        for a in upcoming:
            with ui.row().classes("w-full items-center no-wrap gap-2").mark("upcoming-booking"):
                ui.badge(a.status_label, color=STATUS_COLOURS[a.status]).classes("w-20 justify-center")
                with ui.column().classes("gap-0 col"):
                    ui.label(describe(a.starts_at, a.ends_at, tz)).classes("text-weight-medium")
                    ui.label(" · ".join(x for x in (a.service_name, a.practitioner_name) if x)).classes(
                        "text-caption text-grey-7"
                    )


def _packs(packs: list[PackView]) -> None:
    with ui.card().classes("w-full").mark("booking-packs"):
        ui.label("Session Packs").classes("text-h6")
        if not packs:
            ui.label("No session packs. Add one on the Billing tab.").classes("text-grey-8")
        for p in packs:
            with ui.column().classes("w-full gap-1").mark("booking-pack"):
                with ui.row().classes("w-full items-center gap-x-3 gap-y-0"):
                    ui.label(p.name).classes("text-weight-medium")
                    ui.space()
                    ui.label(p.progress if p.open else f"Closed · {p.progress}").classes("text-caption text-grey-8")
                ui.linear_progress(value=p.state.fraction_used, show_value=False, size="10px").props(
                    f"rounded color={'primary' if p.open else 'grey'}"
                )

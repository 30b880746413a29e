"""Requests: booking requests from the Bookings Page, pending first, to Confirm or Decline. Live."""

from nicegui import APIRouter, ui

from domain import topics
from domain.scheduling.online.handling import STATE_LABELS, RequestView, list_requests
from ui.live import live_box
from ui.session import StaffContext, staff_page
from ui.staff.requests.portal_accounts import portal_accounts_section
from ui.staff.requests.request_card import request_card

router = APIRouter()
WIDTH = "max-width: 44rem"
EMPTY = {
    "pending": "No requests waiting. Requests made on your Bookings Page appear here.",
    "confirmed": "No confirmed requests yet.",
    "declined": "No declined requests.",
    "expired": "No expired requests. A request nobody confirms expires at its hold's end and frees its time.",
}


@staff_page(router, "/requests", title="Requests", capability="calendar")
async def requests_page(ctx: StaffContext) -> None:
    portal_accounts_section(ctx, style=WIDTH)  # Client Portal registrations waiting for staff, while there are some
    with ui.column().classes("w-full gap-2").style(WIDTH):
        ui.label(
            "A request holds its time on the Calendar until you Confirm it (the client is emailed) or Decline it "
            "with a reason, or until its hold ends."
        ).classes("text-body2 text-grey-8")
        with ui.row().classes("w-full items-center gap-x-4 gap-y-2"):
            state = (
                ui.toggle(STATE_LABELS, value="pending")
                .props("no-caps unelevated dense toggle-color=primary")
                .mark("request-filter")
            )
            ui.space()
            ui.link("Open your Bookings Page", "/book", new_tab=True).mark("bookings-page-link")

    async def load() -> tuple[str, list[RequestView]]:
        chosen = state.value or "pending"
        return chosen, await list_requests(ctx.uow(read_only=True), actor=ctx.actor, state=chosen)

    def draw(data: tuple[str, list[RequestView]]) -> None:
        chosen, requests = data
        if not requests:
            with ui.card().classes("w-full q-pa-lg").props("flat bordered").mark("requests-empty"):
                ui.label(EMPTY[chosen]).classes("text-grey-8")
                if chosen == "pending":
                    ui.link("Open your Bookings Page", "/book", new_tab=True)
            return
        if chosen == "pending":
            waiting = len(requests)
            ui.label(f"{waiting} request{'s' if waiting != 1 else ''} waiting, soonest first").classes(
                "text-subtitle2"
            ).mark("requests-summary")
        for r in requests:
            request_card(ctx, r)

    fill = live_box(load, draw, topics.REQUESTS, classes="w-full gap-3", style=WIDTH)
    state.on_value_change(fill)

"""Setup > Online Booking, the services offered online: who offers each on the Bookings Page, and whether it is
paid when booked ("Pay when booking online": the visitor pays its price with tax before the request is made)."""

from nicegui import ui

from domain import topics
from domain.billing.money import label as money
from domain.errors import DomainError
from domain.scheduling.calendar import list_practitioners
from domain.scheduling.online.settings import (
    ANY_ORDER,
    OnlineService,
    list_online_services,
    set_online_offer,
    set_service_prepay,
)
from ui.actions import FAILED, attempt
from ui.live import coalesced, on_change
from ui.outcome import page_client, session_ended, tell
from ui.session import StaffContext

CARD = "w-full q-pa-md gap-2"
WIDTH = "max-width: 44rem"


def prepay_said(s: OnlineService) -> str:
    if not s.prepay:
        return "Not paid when booking"
    if not s.prepaid:
        return "Free: booked without paying"
    return f"Visitors pay {money(s.pay_cents)} when booking"


async def offers_card(ctx: StaffContext) -> None:
    with ui.card().classes(CARD).style(WIDTH):
        ui.label("Services offered online").classes("text-subtitle1")
        ui.label(
            "Choose who offers each service on your Bookings Page; with nobody chosen it is not offered online. "
            f"When a visitor chooses “Any practitioner”, the first one free at that time is booked, {ANY_ORDER}. "
            "“Pay when booking online”: the visitor pays the price (with tax) before the request is made."
        ).classes("text-caption text-grey-7")
        box = ui.column().classes("w-full gap-2")
    client = box.client
    drawn: dict = {"data": None}

    async def load():
        return (
            await list_online_services(ctx.uow(read_only=True)),
            tuple(await list_practitioners(ctx.uow(read_only=True))),
        )

    async def fill() -> None:
        """Reads first, then redraws, and only when something changed (so this browser's own choice does not
        close the list it is choosing in)."""
        try:
            data = await load()
        except DomainError as exc:
            session_ended(client, exc)
            return
        if box.is_deleted or data == drawn["data"]:
            return
        drawn["data"] = data
        box.clear()
        with box:
            draw(*data)

    def draw(services: list[OnlineService], people) -> None:
        names = {p.id: p.name for p in people}
        if not services:
            ui.label("No services yet. Add them on the Services tab.").classes("text-grey-8")
        if not names:
            ui.label("Nobody takes appointments yet: mark a staff user as bookable on the Staff users tab.").classes(
                "text-grey-8"
            )
        for s in services:
            offer_row(s, names)

    def offered(s: OnlineService, names: dict[int, str]) -> str:
        if not s.offered:
            return "Not offered online"
        return "Offered online by " + ", ".join(names.get(i, "?") for i in s.practitioner_ids)

    def offer_row(s: OnlineService, names: dict[int, str]) -> None:
        with ui.card().classes("w-full q-py-sm").props("flat bordered").mark("online-service"):
            with ui.row().classes("w-full items-center gap-3"):
                with ui.column().classes("gap-0 col-12 col-sm-5"):
                    ui.label(s.name).classes("text-weight-medium").mark("online-service-name")
                    ui.label(f"{s.duration_minutes} minutes · {money(s.price_cents)}").classes(
                        "text-caption text-grey-7"
                    )
                    status = ui.label(offered(s, names)).classes("text-caption").mark(f"offer-state-{s.id}")
                who = (
                    ui.select(names, value=list(s.practitioner_ids), multiple=True, label="Offered online by")
                    .props("outlined dense use-chips")
                    .classes("col-12 col-sm")
                    .mark(f"offer-{s.id}")
                )
            with ui.row().classes("w-full items-center gap-x-3 gap-y-0"):
                pay = ui.switch("Pay when booking online", value=s.prepay).mark(f"prepay-{s.id}")
                paying = ui.label(prepay_said(s)).classes("text-caption text-grey-7").mark(f"prepay-state-{s.id}")

        async def toggle() -> None:
            acting = page_client()
            saved = await attempt(
                set_service_prepay, ctx.uow(), actor=ctx.actor, service_id=s.id, prepay=bool(pay.value)
            )
            if saved is FAILED:  # snap back to what is saved
                drawn["data"] = None
                await refresh()
                return
            remember(saved)
            if not paying.is_deleted:
                paying.text = prepay_said(saved)
            tell(acting, f"{saved.name}: {prepay_said(saved)}.")

        async def change() -> None:
            acting = page_client()
            saved = await attempt(
                set_online_offer,
                ctx.uow(),
                actor=ctx.actor,
                service_id=s.id,
                practitioner_ids=list(who.value or []),
                fields={"practitioners": who},
            )
            if saved is FAILED:  # snap back to what is saved
                drawn["data"] = None
                await refresh()
                return
            remember(saved)
            if not status.is_deleted:
                status.text = offered(saved, names)
            tell(acting, f"{saved.name}: {offered(saved, names)}.")

        who.on_value_change(change)
        pay.on_value_change(toggle)

    def remember(saved: OnlineService) -> None:
        """This browser's own change: kept as drawn, so the live update it causes does not redraw the list."""
        services, people = drawn["data"] or ([], ())
        drawn["data"] = ([saved if x.id == saved.id else x for x in services], people)

    refresh = coalesced(fill)
    await fill()
    on_change(topics.ONLINE_BOOKING, refresh)
    on_change(topics.SERVICES, refresh)
    on_change(topics.STAFF, refresh)

"""The public Bookings Page (/book, /book/invite/{token}): no login, phone-first. One page walks the visitor
through the seed's steps: a service, a practitioner or "Any practitioner", a day and a free time, Contact
Information (skipped for an Invite to Book), then a confirmation saying what happens next.

The page itself reads only the few small things it needs (the clinic, the settings, the services offered online);
the free-time search runs when the visitor reaches the day step, and the browser's time zone is asked once the
page is connected."""

from fastapi import Request
from nicegui import APIRouter, ui

from domain.clinic.settings import get_clinic
from domain.errors import InvalidLink
from domain.scheduling.calendar import list_practitioners
from domain.scheduling.online.invites import InvitedClient, read_booking_invite
from domain.scheduling.online.requests import Requested
from domain.scheduling.online.settings import OnlineService, list_online_services, read_online_settings
from domain.scheduling.online.slots import FreeTime
from ui.booking.choices import practitioner_step, service_step
from ui.booking.confirmation import confirmation
from ui.booking.contact import ContactStep
from ui.booking.flow import ZONE_SCRIPT, Flow, visitor_zone
from ui.booking.layout import Heading, booking_card, dead_end, not_available
from ui.booking.when import WhenStep
from ui.session import client_ip
from ui.state import uow

router = APIRouter()
TITLE = "Book an appointment"
STEPS = ("service", "practitioner", "when", "contact")


@router.page("/book", title=TITLE)
async def bookings_page(request: Request) -> None:
    await _open(client_ip(request))


@router.page("/book/invite/{token}", title=TITLE)
async def invited_bookings_page(request: Request, token: str) -> None:
    ip = client_ip(request)
    try:
        invited = await read_booking_invite(uow(), token=token, ip=ip)
    except InvalidLink as exc:
        clinic = await get_clinic(uow(read_only=True))
        dead_end(clinic.name, "This booking link cannot be used", exc.message)
        return
    await _open(ip, invited=invited, token=token)


async def _open(ip: str | None, *, invited: InvitedClient | None = None, token: str | None = None) -> None:
    clinic = await get_clinic(uow(read_only=True))
    services = await list_online_services(uow(read_only=True), offered_only=True)
    if not services:
        not_available(clinic.name)
        return
    settings = await read_online_settings(uow(read_only=True))
    names = {p.id: p.name for p in await list_practitioners(uow(read_only=True))}
    flow = Flow(clinic, settings, services, names, ip, invited=invited, token=token)
    heading = f"Booking for {invited.first_name}" if invited else TITLE
    with booking_card(clinic.name, heading):
        BookingPage(flow)


class BookingPage:
    """The steps in one card: the contact step is drawn once and hidden while another step shows, so what the
    visitor typed survives every change of mind."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.when: WhenStep | None = None
        with ui.column().classes("w-full gap-3") as self.steps:
            self.counter = ui.label().classes("text-caption text-grey-8").mark("step-counter")
            self.heading = Heading("", 2).props("tabindex=-1").mark("step-heading")
            self.body = ui.column().classes("w-full gap-3")
            self.contact = ContactStep(flow, change=self.show, done=self.finish)
        self.done = ui.column().classes("w-full gap-3")
        ui.timer(0, self.ask_zone, once=True)
        self._draw("service")

    async def ask_zone(self) -> None:
        """The browser's time zone (a constant script; the answer is checked before use)."""
        try:
            await ui.context.client.connected()
            answer = await ui.run_javascript(ZONE_SCRIPT, timeout=3)
        except (TimeoutError, RuntimeError):  # no answer: the clinic's times alone
            return
        zone = visitor_zone(answer, self.flow.tz)
        if zone is None:
            return
        self.flow.visitor = zone
        if self.when is not None:
            self.when.visitor_known()
        self.contact.refresh()

    async def show(self, step: str) -> None:
        """Goes to a step (a choice made, "Change", "‹ Back"), with the focus on its heading."""
        self._draw(step)
        self.heading.client.run_javascript(f"getHtmlElement({self.heading.id})?.focus()")  # an id, nothing typed
        if step == "when" and self.when is not None:
            await self.when.start()

    def _draw(self, step: str) -> None:
        f = self.flow
        number = STEPS.index(step) + 1
        self.counter.text = f"Step {number} of {len(STEPS)}"
        self.heading.text = {
            "service": "Choose a service",
            "practitioner": "Choose a practitioner",
            "when": "Choose a day and time",
            "contact": "Contact Information" if f.invited is None else "Check and send",
        }[step]
        self.body.clear()
        self.body.set_visibility(step != "contact")
        self.contact.root.set_visibility(step == "contact")
        self.when = None
        with self.body:
            if step == "service":
                service_step(f, self.choose_service)
            elif step == "practitioner":
                practitioner_step(f, self.choose_practitioner, back=lambda: self.show("service"))
            elif step == "when":
                self.when = WhenStep(f, self.choose_time, back=lambda: self.show("practitioner"))
        if step == "contact":
            self.contact.refresh()

    async def choose_service(self, service: OnlineService) -> None:
        self.flow.choose_service(service)
        await self.show("practitioner")

    async def choose_practitioner(self, practitioner_id: int | None) -> None:
        self.flow.choose_practitioner(practitioner_id)
        await self.show("when")

    async def choose_time(self, time: FreeTime) -> None:
        self.flow.choose_time(time)
        await self.show("contact")

    def finish(self, done: Requested, chosen: FreeTime) -> None:
        self.steps.set_visibility(False)
        self.done.clear()
        with self.done:
            box = confirmation(self.flow, done, chosen)
        heading = next(e for e in box.descendants() if isinstance(e, Heading))
        self.done.client.run_javascript(f"getHtmlElement({heading.id})?.focus()")

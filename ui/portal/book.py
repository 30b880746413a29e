"""Booking in the Client Portal (/portal/book): the Bookings Page's steps for the signed-in client's current
profile (a family record after Switch Profile), without the contact step (the clinic has the details). A member of
a shared profile with "Portal booking on behalf" first answers "Who is this for?" (themselves, or the shared
profile: a joint appointment). The request is the client's own: no possible match for staff to resolve, and
Setup > Online Booking decides whether it waits for confirmation. After a booking, "Book for …" offers the login's
other records (family records, relatives who granted Manage Bookings and Intake Forms), one after another."""

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import APIRouter, ui

from domain.accounts.portal import PortalView, portal_profiles, switch_profile
from domain.scheduling.calendar import list_practitioners
from domain.scheduling.online.invites import InvitedClient
from domain.scheduling.online.portal_for import BookingFor, portal_booking_choices
from domain.scheduling.online.settings import list_online_services, read_online_settings
from ui.actions import FAILED, attempt, go_with_message
from ui.booking.flow import Flow
from ui.booking.layout import Heading
from ui.booking.page import BookingPage
from ui.outcome import page_client
from ui.portal.frame import SIGN_IN, open_portal, portal_frame
from ui.session import client_ip
from ui.state import uow

router = APIRouter()


@router.page("/portal/book", title="Book · Client Portal")
async def book_page(request: Request):
    opened = await open_portal(request)
    if opened is None:
        return RedirectResponse(SIGN_IN)
    who, clinic = opened
    services = await list_online_services(uow(read_only=True), offered_only=True)
    settings = await read_online_settings(uow(read_only=True))
    names = {p.id: p.name for p in await list_practitioners(uow(read_only=True))}
    with portal_frame(who, clinic.name, "book"):
        Heading("Book an appointment", 1).mark("page-heading")
        if not services:
            ui.label(f"Online booking is not available at the moment: {clinic.call_the_clinic}.").mark("not-available")
            return None
        choices = await portal_booking_choices(uow(), who=who)
        invited = InvitedClient(who.first_name, who.last_name, who.email, clinic.name)
        flow = Flow(clinic, settings, services, names, client_ip(request), invited=invited, portal=who)
        flow.others = [(c.person_id, c.name) for c in await portal_profiles(uow(), who=who) if not c.current]
        flow.book_for = lambda person_id, name: _book_for(who, person_id, flow.ip)
        asked = ui.column().classes("w-full")  # "Who is this for?" (filled below, drawn above the label)
        booking_for = ui.label(f"Booking for {who.name}").classes("text-body2 text-grey-8").mark("booking-for")
        if len(choices) > 1:
            with asked:
                _who_for(flow, choices, booking_for)
        with ui.card().classes("w-full gap-3"):
            BookingPage(flow)
    return None


def _who_for(flow: Flow, choices: list[BookingFor], booking_for: ui.label) -> None:
    """ "Who is this for?": the current profile (first, chosen), or a shared profile it may book for."""
    by_key = {choice.profile_id or 0: choice for choice in choices}

    def chosen(event) -> None:
        choice = by_key[event.value]
        flow.profile_id = choice.profile_id
        booking_for.set_text(f"Booking for {choice.name}" + (" (a joint appointment)" if choice.shared else ""))

    with ui.card().classes("w-full gap-1").mark("who-for"):
        ui.label("Who is this for?").classes("text-h6").props('role="heading" aria-level="2"')
        radio = ui.radio({key: choice.name for key, choice in by_key.items()}, value=0, on_change=chosen)
        radio.props["aria-label"] = "Who is this for?"
        radio.mark("who-for-choice")


async def _book_for(who: PortalView, person_id: int, ip: str | None) -> None:
    """After a booking: switch to another record this login books for, and start again on its Book page."""
    client = page_client()
    message = await attempt(switch_profile, uow(), who=who, person_id=person_id, ip=ip, client=client)
    if message is not FAILED:
        go_with_message("/portal/book", message, client=client)

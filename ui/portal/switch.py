"""Switch Profile (/portal/switch, seed 001): the records under this login (the primary first, then the family
records, then relatives who let this login manage their bookings, seed 002, with what they granted), the current
one marked. Choosing one makes it this browser's current profile: Home then shows its
appointments, forms to complete, documents, tasks and invoices, and Book books for it."""

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import APIRouter, ui

from domain.accounts.portal import PortalView, ProfileChoice, portal_profiles, switch_profile
from ui.actions import FAILED, attempt, go_with_message
from ui.booking.layout import Heading
from ui.outcome import page_client
from ui.portal.frame import SIGN_IN, SWITCH, open_portal, portal_frame
from ui.session import client_ip
from ui.state import uow

router = APIRouter()


@router.page(SWITCH, title="Switch Profile · Client Portal")
async def switch_page(request: Request):
    opened = await open_portal(request)
    if opened is None:
        return RedirectResponse(SIGN_IN)
    who, clinic = opened
    ip = client_ip(request)
    choices = await portal_profiles(uow(), who=who)
    with portal_frame(who, clinic.name):
        Heading("Switch Profile", 1).mark("page-heading")
        ui.label("Choose whose profile to view. Booking, forms and tasks are then for that person.").classes(
            "text-body1"
        )
        with ui.column().classes("w-full gap-2").mark("profiles") as listing:
            listing.props["role"] = "list"
            for choice in choices:
                _choice(who, choice, ip)
    return None


def _choice(who: PortalView, choice: ProfileChoice, ip: str | None) -> None:
    with ui.element("div").classes("w-full") as item:
        item.props["role"] = "listitem"
        button = ui.button(on_click=lambda: _switch(who, choice, ip)).props(
            "unelevated no-caps align=left" if choice.current else "outline no-caps align=left"
        )
        button.classes("w-full hearth-touch").mark(f"profile-{choice.person_id}")
        if choice.current:
            button.props["aria-current"] = "true"  # a property, never parsed
        with button:
            with ui.row().classes("w-full items-center no-wrap gap-3"):
                ui.icon("check_circle" if choice.current else "account_circle", size="1.75rem")
                with ui.column().classes("col gap-0 items-start"):
                    ui.label(choice.name).classes("text-body1 text-weight-medium")
                    if choice.note:  # a relative's profile: what they granted (seed 002)
                        ui.label(choice.note).classes("text-caption text-left").mark("profile-note")
                    if choice.current:
                        ui.label("Current profile").classes("text-caption").mark("current-marker")


async def _switch(who: PortalView, choice: ProfileChoice, ip: str | None) -> None:
    client = page_client()
    if choice.current:
        go_with_message("/portal", f"You are viewing {choice.name}'s profile.", client=client)
        return
    message = await attempt(switch_profile, uow(), who=who, person_id=choice.person_id, ip=ip, client=client)
    if message is not FAILED:
        go_with_message("/portal", message, client=client)

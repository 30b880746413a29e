"""The Client Portal's frame: its own cookie (never the staff one), who is signed in, and the phone-first shell
every portal page draws in (the clinic's name, the profile menu top right, the sections at the bottom)."""

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Request
from fastapi.responses import HTMLResponse
from nicegui import ui

from domain.accounts.portal import PortalView, resume_portal
from domain.clinic.settings import ClinicView, get_clinic
from ui.actions import show_flash, unexpected_error
from ui.shell import apply_theme
from ui.state import uow

COOKIE = "hearth_portal"
SIGN_IN = "/portal/login"
SWITCH = "/portal/switch"
FAMILY_MEMBERS = "/portal/account/family"  # My Account > Family Members (seed 002)
WHO_CAN_SEE = "/portal/account/access"  # My Account > Who can see my information
CALENDAR = "/portal/account/calendar"  # My Account > Calendar subscription (the private iCal feed)
HISTORY = "/portal/history"  # past appointments and completed forms
# The portal's sections: (label, path, icon, marker, the access policy's action it needs on the current profile)
SECTIONS = (
    ("Home", "/portal", "home", "home", "view"),
    ("Book", "/portal/book", "event", "book", "book"),
    ("Invoices", "/portal/invoices", "receipt_long", "invoices", "pay"),
    ("Documents", "/portal/documents", "folder", "documents", "documents"),
    ("Tasks", "/portal/tasks", "task_alt", "tasks", "tasks"),
)


async def current_client(request: Request) -> PortalView | None:
    return await resume_portal(uow(), token=request.cookies.get(COOKIE))


async def open_portal(request: Request) -> tuple[PortalView, ClinicView] | None:
    """Who is signed in and the clinic, or None (the page redirects to the sign-in page)."""
    who = await current_client(request)
    if who is None:
        return None
    return who, await get_clinic(uow(read_only=True))


@contextmanager
def portal_frame(who: PortalView, clinic_name: str, section: str = "") -> Iterator[None]:
    """Phone-first: a slim header with the clinic's name and the profile menu, the page, and the sections as a bar
    at the bottom (big targets for a thumb)."""
    apply_theme()
    ui.on_exception(unexpected_error)
    show_flash()  # what an action on the previous page said (e.g. "Your appointment was cancelled.")
    with ui.header().classes("items-center q-px-md q-py-xs bg-primary text-white"):
        ui.label(clinic_name).classes("text-subtitle1 text-weight-medium ellipsis col")
        with ui.button(icon="account_circle").props("flat no-caps color=white").classes("portal-profile") as profile:
            profile.props["aria-label"] = f"Profile menu: {who.name}"  # a property, never parsed
            # whose profile this is, always in sight (Switch Profile changes it)
            ui.label(who.name).classes("q-ml-xs ellipsis").style("max-width: 11rem").mark("profile-name")
            with ui.menu():
                for text, classes, marker in (
                    (who.name, "text-weight-bold", "current-profile"),
                    (who.email, "text-caption", ""),
                ):
                    item = ui.item(text).props("dense").classes(classes)
                    item.props["role"] = "none"  # information in the menu, not a choice (a menu holds menu items)
                    if marker:
                        item.mark(marker)
                ui.separator()
                if who.profile_count > 1:  # family records under this login (seed 001)
                    switch = ui.menu_item("Switch Profile", on_click=lambda: ui.navigate.to(SWITCH))
                    switch.props["role"] = "menuitem"
                    switch.mark("switch-profile")
                account = [("Calendar subscription", CALENDAR, "menu-calendar")]
                if "relate" in who.actions:  # the login's own records: never a relative's (seed 002)
                    account[:0] = [
                        ("Family Members", FAMILY_MEMBERS, "menu-family"),
                        ("Who can see my information", WHO_CAN_SEE, "menu-access"),
                    ]
                for text, path, marker in account:
                    item = ui.menu_item(text, on_click=lambda path=path: ui.navigate.to(path))
                    item.props["role"] = "menuitem"
                    item.mark(marker)
                ui.separator()
                sign_out = ui.menu_item("Sign out", on_click=lambda: ui.navigate.to("/portal/sign-out"))
                sign_out.props["role"] = "menuitem"
                sign_out.mark("portal-sign-out")
    if who.viewing_other:  # a family record's profile: said under the header on every page, with the way back
        with ui.row().classes("w-full bg-blue-1 q-px-md q-py-xs justify-center items-center gap-1").mark("viewing"):
            ui.label(f"Viewing {who.name}'s profile").classes("text-body2").mark("viewing-profile")
            ui.label("·").classes("text-body2").props("aria-hidden=true")
            ui.link("Switch", SWITCH).classes("text-body2 hearth-touch inline-flex items-center").mark("viewing-switch")
    if who.viewed_by_staff:
        with ui.row().classes("w-full bg-amber-2 q-pa-sm justify-center"):
            ui.label("You are viewing the portal as this test client (for one hour).").classes("text-body2")
    with ui.footer().classes("bg-white text-grey-9 q-pa-none").style("border-top: 1px solid #e0e0e0"):
        with ui.element("nav").classes("w-full row no-wrap justify-around mx-auto").style("max-width: 40rem") as nav:
            nav.props["aria-label"] = "Client Portal"
            for label, path, icon, marker, action in SECTIONS:
                if action not in who.actions and marker != "home":  # a relative's profile: only what they granted
                    continue
                here = marker == section
                link = ui.link(target=path).classes(
                    "col column items-center justify-center q-py-xs portal-section no-underline "
                    + ("text-primary text-weight-bold" if here else "text-grey-8")
                )
                if here:
                    link.props["aria-current"] = "page"
                link.mark(f"section-{marker}")
                with link:
                    ui.icon(icon, size="1.5rem")
                    ui.label(label).classes("text-caption")
    with ui.column().classes("w-full q-pa-md gap-3 mx-auto").style("max-width: 40rem"):
        yield


NOT_FOUND_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Not found · Client Portal</title></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 30rem; padding: 0 1rem">
<h1 style="font-size: 1.4rem">Not found</h1><p>This page does not exist, or it is not one of yours.</p>
<p><a href="/portal" style="color: #8a3b12">Back to the Client Portal</a></p></body></html>"""  # constant: no data


def not_found() -> HTMLResponse:
    """What a portal page answers for another client's id, or one that does not exist (the service has already
    audited the refusal): the same as any page that is not there."""
    return HTMLResponse(NOT_FOUND_PAGE, status_code=404)


def section_card(title: str, marker: str = "") -> ui.card:
    """A card with a heading (h2) for one part of a page."""
    card = ui.card().classes("w-full")
    if marker:
        card.mark(marker)
    with card:
        ui.label(title).classes("text-h6").props('role="heading" aria-level="2"')
    return card


def not_shared(who: PortalView, action: str, what: str) -> bool:
    """On a relative's profile (seed 002), a section they did not grant says so (nothing is looked up, nothing is
    refused); True when it did."""
    if action in who.actions:
        return False
    ui.label(f"{who.first_name}'s {what} stay in {who.first_name}'s own login.").classes("text-body1").mark(
        "not-shared"
    )
    return True


def empty(text: str) -> None:
    ui.label(text).classes("text-grey-8")

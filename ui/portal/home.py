"""The Client Portal's Home (/portal): what needs the client, each with its action."""

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import APIRouter, ui

from domain.clients.profile import pending_forms
from ui.portal.frame import SIGN_IN, empty, open_portal, portal_frame, section_card
from ui.state import uow

router = APIRouter()


@router.page("/portal", title="Home · Client Portal")
async def home_page(request: Request):
    opened = await open_portal(request)
    if opened is None:
        return RedirectResponse(SIGN_IN)
    who, clinic = opened
    forms = await pending_forms(uow(), who=who)
    with portal_frame(who, clinic.name, "home"):
        ui.label(f"Hello {who.first_name}").classes("text-h5").props('role="heading" aria-level="1"').mark(
            "portal-greeting"
        )
        with section_card("Forms to complete", "home-forms"):
            if not forms:
                empty("Nothing to fill in right now.")
            for form in forms:
                with ui.row().classes("w-full items-center no-wrap"):
                    ui.icon("assignment").classes("text-primary")
                    ui.label(form.name).classes("col")
                    ui.button("Open", on_click=lambda f=form: ui.navigate.to(f"/portal/forms/{f.id}")).props(
                        "unelevated no-caps"
                    ).classes("hearth-touch")
    return None

"""The Client Portal: its own cookie (never the staff one), sign-in, home, and forms to complete."""

from contextlib import contextmanager
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import APIRouter, ui

from domain.accounts.portal import PortalView, portal_sign_in, portal_sign_out, redeem_ticket, resume_portal
from domain.clients.profile import pending_forms
from domain.clinic.settings import get_clinic
from domain.errors import InvalidLink, NotFound
from domain.records.form_answers import read_portal_form, submit_portal_form
from ui.actions import FAILED, attempt, unexpected_error
from ui.components.form_fill import form_questions
from ui.pages.public_card import public_card
from ui.session import client_ip
from ui.shell import apply_theme
from ui.state import uow

router = APIRouter()
COOKIE = "hearth_portal"


@router.get("/portal/start")
async def start(ticket: str = ""):
    """Trades a one-time ticket for the portal cookie, then shows the portal home."""
    token = await redeem_ticket(uow(), ticket=ticket)
    if token is None:
        return RedirectResponse("/portal/login?expired=1", status_code=303)
    response = RedirectResponse("/portal", status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="lax", max_age=7 * 24 * 3600)
    return response


@router.get("/portal/sign-out")
async def sign_out(request: Request):
    await portal_sign_out(uow(), token=request.cookies.get(COOKIE))
    response = RedirectResponse("/portal/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


async def current_client(request: Request) -> PortalView | None:
    return await resume_portal(uow(), token=request.cookies.get(COOKIE))


@contextmanager
def portal_frame(client: PortalView, clinic_name: str):
    """Phone-first: a slim header with the clinic's name and the profile menu top right."""
    apply_theme()
    ui.on_exception(unexpected_error)
    with ui.header().classes("items-center q-px-md q-py-xs bg-primary text-white"):
        ui.label(clinic_name).classes("text-subtitle1 text-weight-medium ellipsis")
        ui.space()
        with (
            ui.button(client.first_name, icon="account_circle").props(
                "flat no-caps color=white aria-label='Profile menu'"
            ),
            ui.menu(),
        ):
            ui.item(f"{client.first_name} {client.last_name}").props("dense").classes("text-weight-bold")
            ui.item(client.email).props("dense").classes("text-caption")
            ui.separator()
            ui.menu_item("Sign out", on_click=lambda: ui.navigate.to("/portal/sign-out")).mark("portal-sign-out")
    if client.viewed_by_staff:
        with ui.row().classes("w-full bg-amber-2 q-pa-sm justify-center"):
            ui.label("You are viewing the portal as this test client (for one hour).").classes("text-body2")
    with ui.column().classes("w-full q-pa-md gap-3 mx-auto").style("max-width: 40rem"):
        yield


@router.page("/portal/login", title="Sign in · Client Portal")
async def login_page(request: Request, expired: str = ""):
    if await current_client(request):
        return RedirectResponse("/portal")
    clinic = await get_clinic(uow(read_only=True))
    ip = client_ip(request)

    async def submit() -> None:
        ticket = await attempt(portal_sign_in, uow(), email=email.value, password=password.value, ip=ip)
        if ticket is FAILED:
            password.value = ""
            return
        ui.navigate.to(f"/portal/start?ticket={quote(ticket)}")

    with public_card(f"{clinic.name} Client Portal", "Sign in to book, pay and complete your forms."):
        if expired:
            ui.label("That sign-in link has expired. Please sign in.").classes("text-orange-9")
        email = ui.input("Email").props("outlined type=email autocomplete=username").classes("w-full").mark("email")
        password = (
            ui.input("Password", password=True, password_toggle_button=True)
            .props("outlined autocomplete=current-password")
            .classes("w-full")
            .mark("password")
        )
        password.on("keydown.enter", submit)
        ui.button("Sign in", on_click=submit).classes("w-full q-mt-sm").props("size=lg unelevated").mark("sign-in")
    return None


@router.page("/portal", title="Client Portal")
async def home_page(request: Request):
    client = await current_client(request)
    if client is None:
        return RedirectResponse("/portal/login")
    clinic = await get_clinic(uow(read_only=True))
    forms = await pending_forms(uow(read_only=True), person_id=client.person_id)
    with portal_frame(client, clinic.name):
        ui.label(f"Hello {client.first_name}").classes("text-h5").mark("portal-greeting")
        with ui.card().classes("w-full"):
            ui.label("Forms to complete").classes("text-h6")
            if not forms:
                ui.label("Nothing to fill in right now.").classes("text-grey-8")
            for form in forms:
                with ui.row().classes("w-full items-center no-wrap"):
                    ui.icon("assignment").classes("text-primary")
                    ui.label(form.name).classes("col")
                    ui.button("Open", on_click=lambda f=form: ui.navigate.to(f"/portal/forms/{f.id}")).props(
                        "unelevated no-caps"
                    )
    return None


@router.page("/portal/forms/{request_id}", title="Form · Client Portal")
async def portal_form_page(request: Request, request_id: int):
    client = await current_client(request)
    if client is None:
        return RedirectResponse("/portal/login")
    clinic = await get_clinic(uow(read_only=True))
    ip = client_ip(request)
    with portal_frame(client, clinic.name):
        try:
            form = await read_portal_form(uow(read_only=True), person_id=client.person_id, request_id=request_id)
        except (InvalidLink, NotFound) as exc:
            ui.label(exc.message).classes("text-body1")
            ui.link("Back to the portal", "/portal")
            return None

        async def submit() -> None:
            if await filled.send(
                lambda answers: submit_portal_form(
                    uow(), person_id=client.person_id, request_id=request_id, answers=answers, ip=ip
                )
            ):
                ui.notify("Thank you! Your answers were sent.", type="positive")
                ui.navigate.to("/portal")

        ui.label(form.name).classes("text-h5")
        if form.description:
            ui.label(form.description).classes("text-grey-8")
        with ui.card().classes("w-full"):
            filled = form_questions(form.fields)
            ui.button("Send", on_click=submit).classes("w-full").props("size=lg unelevated")
    return None

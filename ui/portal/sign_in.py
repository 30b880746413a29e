"""Signing in to the Client Portal and out of it: the sign-in page, the ticket hand-off, sign-out."""

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import APIRouter, ui

from domain.accounts.portal import portal_sign_in, portal_sign_out, redeem_ticket
from domain.clinic.settings import get_clinic
from ui.actions import FAILED, attempt
from ui.pages.public_card import public_card
from ui.portal.frame import COOKIE, current_client
from ui.portal.register import sign_up_link
from ui.session import client_ip
from ui.state import uow

router = APIRouter()


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

    with public_card(
        f"{clinic.name} Client Portal",
        "Sign in to book and manage your appointments, pay invoices, complete forms and tasks, and see documents "
        "shared with you.",
    ):
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
        with ui.column().classes("w-full q-mt-md gap-1").mark("sign-in-extras"):
            await sign_up_link()  # "Create an account", when the clinic allows it
    return None

"""Staff sign-in."""

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import APIRouter, app, ui

from domain.accounts.sessions import resume_session, sign_in
from domain.accounts.staff import needs_first_owner
from domain.clinic.settings import get_clinic
from ui.actions import FAILED, attempt
from ui.pages.public_card import public_card
from ui.session import TOKEN_KEY, browser_binding, client_ip, safe_next, stored_session
from ui.state import uow

router = APIRouter()


@router.page("/login", title="Sign in · Hearth")
async def login_page(request: Request, next: str = "/"):
    target = safe_next(next)
    binding = browser_binding()  # first, while the cookie can still be written
    if await needs_first_owner(uow(read_only=True)):
        return RedirectResponse("/welcome")
    if await resume_session(uow(), token=stored_session()):
        return RedirectResponse(target)
    clinic = await get_clinic(uow(read_only=True))
    ip = client_ip(request)

    async def submit() -> None:
        button.props("loading")
        result = await attempt(sign_in, uow(), email=email.value, password=password.value, ip=ip, binding=binding)
        button.props(remove="loading")
        if result is FAILED:
            password.value = ""
            return
        token, _staff = result
        app.storage.user[TOKEN_KEY] = token
        ui.navigate.to(target)

    with public_card(f"Sign in to {clinic.name}", "Staff sign-in"):
        email = (
            ui.input("Email")
            .props("type=email autocomplete=username outlined autofocus")
            .classes("w-full")
            .mark("email")
        )
        password = (
            ui.input("Password", password=True, password_toggle_button=True)
            .props("autocomplete=current-password outlined")
            .classes("w-full")
            .mark("password")
        )
        password.on("keydown.enter", submit)
        email.on("keydown.enter", lambda: password.run_method("focus") and None)
        button = ui.button("Sign in", on_click=submit).classes("w-full q-mt-sm").props("size=lg unelevated")
    return None

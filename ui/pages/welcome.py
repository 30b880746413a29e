"""First visit to an empty database: name the clinic and create the owner account."""

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import APIRouter, app, ui

from domain.accounts.sessions import sign_in
from domain.accounts.staff import create_first_owner, needs_first_owner
from domain.validation import time_zone_choices
from ui.actions import FAILED, attempt
from ui.components.new_password import new_password_fields
from ui.pages.public_card import public_card
from ui.session import TOKEN_KEY, browser_binding, client_ip
from ui.state import uow

router = APIRouter()


@router.page("/welcome", title="Welcome · Hearth")
async def welcome_page(request: Request):
    binding = browser_binding()  # first, while the cookie can still be written
    if not await needs_first_owner(uow(read_only=True)):
        return RedirectResponse("/login")
    ip = client_ip(request)

    async def submit() -> None:
        if password.value != confirm.value:
            confirm.error = "The two passwords differ."
            return
        confirm.error = None
        owner = await attempt(
            create_first_owner,
            uow(),
            clinic_name=clinic_name.value,
            time_zone=zone.value or "",
            name=name.value,
            email=email.value,
            password=password.value,
            ip=ip,
            fields=fields,
        )
        if owner is FAILED:
            return
        token, _ = await sign_in(uow(), email=owner.email, password=password.value, ip=ip, binding=binding)
        app.storage.user[TOKEN_KEY] = token
        ui.navigate.to("/setup")

    with public_card(
        "Welcome to Hearth",
        "This server has no accounts yet. Create the owner's account: "
        "the owner can add the rest of the team afterwards.",
    ):
        clinic_name = ui.input("Clinic name").props("outlined").classes("w-full").mark("clinic_name")
        zone = (
            ui.select(time_zone_choices(), label="Clinic time zone", with_input=True, value="UTC")
            .props("outlined")
            .classes("w-full")
        )
        name = ui.input("Your name").props("outlined autocomplete=name").classes("w-full").mark("name")
        email = (
            ui.input("Your email").props("outlined type=email autocomplete=username").classes("w-full").mark("email")
        )
        password, confirm = new_password_fields()
        fields = {"clinic_name": clinic_name, "time_zone": zone, "name": name, "email": email, "password": password}
        ui.button("Create owner account", on_click=submit).classes("w-full q-mt-sm").props("size=lg unelevated")
    return None

"""Create an account: the sign-in page's link (when the clinic allows it), the form (a name and an email), and the
emailed link's page, where the password is chosen (a newcomer lands on the portal's Home; someone already on file
waits for the clinic). The password is chosen only there: whoever typed the email may not own it.

The sign-up page answers the same whether or not an email is on file: only the email that arrives differs."""

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import APIRouter, ui

from domain.accounts.registration import read_registration, registration_open, start_registration, verify_registration
from domain.clinic.settings import get_clinic
from domain.errors import InvalidLink
from ui.actions import FAILED, attempt
from ui.components.new_password import new_password_fields
from ui.pages.public_card import public_card
from ui.portal.family_sign_up import after_sign_up
from ui.portal.frame import SIGN_IN, current_client
from ui.session import client_ip
from ui.state import state, uow

router = APIRouter()
LINK = "text-body1 hearth-touch inline-flex items-center"  # a link big enough for a thumb


async def sign_up_link() -> None:
    """Drawn under the sign-in page's button: "Create an account", when the clinic allows it."""
    if await registration_open(uow(read_only=True)):
        with ui.row().classes("items-center gap-x-2 gap-y-0"):
            ui.label("New here?").classes("text-body1")
            ui.link("Create an account", "/portal/register").classes(LINK).mark("create-account")


def _back_to_sign_in(text: str = "Back to Sign in") -> None:
    ui.link(text, SIGN_IN).classes(LINK).mark("back-to-sign-in")


@router.page("/portal/register", title="Create an account · Client Portal")
async def register_page(request: Request):
    if await current_client(request):
        return RedirectResponse("/portal")
    clinic = await get_clinic(uow(read_only=True))
    ip = client_ip(request)
    if not await registration_open(uow(read_only=True)):
        with public_card(f"{clinic.name} Client Portal"):
            ui.label(
                f"{clinic.name} does not create Client Portal accounts online. Ask the clinic to invite you, or sign "
                "in if you already have an account."
            ).classes("text-body1").mark("registration-closed")
            _back_to_sign_in("Go to Sign in")
        return None
    sending = {"busy": False}

    async def submit() -> None:
        if sending["busy"]:  # Enter and a click: one email
            return
        sending["busy"] = True
        button.disable()
        try:
            said = await attempt(
                start_registration,
                uow(),
                first_name=first.value or "",
                last_name=last.value or "",
                email=email.value or "",
                ip=ip,
                public_url=state.config.public_url,
                fields={"first_name": first, "last_name": last, "email": email},
            )
        finally:
            sending["busy"] = False
            if not button.is_deleted:
                button.enable()
        if said is FAILED or form.is_deleted:
            return
        form.clear()
        with form:
            with ui.row().classes("items-start no-wrap gap-2"):
                ui.icon("mark_email_read", size="2rem").classes("text-primary")
                ui.label(str(said)).classes("text-body1 col").mark("registration-sent")
            ui.label("Open the link to choose your password.").classes("text-body1")
            ui.label("Nothing arrived? Check your spam folder, or ask the clinic.").classes("text-body2 text-grey-8")

    with public_card(
        "Create an account",
        f"For the {clinic.name} Client Portal. We email you a link: open it to choose your password.",
    ):
        with ui.column().classes("w-full gap-2") as form:
            with ui.row().classes("w-full no-wrap gap-2"):
                first = (
                    ui.input("First name")
                    .props("outlined autocomplete=given-name maxlength=80")
                    .classes("col")
                    .mark("first_name")
                )
                last = (
                    ui.input("Last name")
                    .props("outlined autocomplete=family-name maxlength=80")
                    .classes("col")
                    .mark("last_name")
                )
            email = ui.input("Email").props("outlined type=email autocomplete=email").classes("w-full").mark("email")
            email.on("keydown.enter", submit)
            button = (
                ui.button("Create account", on_click=submit)
                .classes("w-full q-mt-sm")
                .props("size=lg unelevated")
                .mark("create-account-submit")
            )
        with ui.row().classes("items-center gap-x-2 gap-y-0 q-mt-sm"):
            ui.label("Already have an account?").classes("text-body1")
            _back_to_sign_in("Sign in")
    return None


def _dead_end(box: ui.column, message: str) -> None:
    box.clear()
    with box:
        ui.label("This link cannot be used").classes("text-subtitle1 text-weight-medium")
        ui.label(message).classes("text-body1").mark("link-problem")
        _back_to_sign_in("Go to Sign in")


@router.page("/portal/verify/{token}", title="Create an account · Client Portal")
async def verify_page(request: Request, token: str):
    """The emailed link: opening it only shows the form (a mail scanner that fetches links changes nothing); the
    account is made, or handed to the clinic, when its opener chooses the password."""
    ip = client_ip(request)
    try:
        link = await read_registration(uow(), token=token, ip=ip)
    except InvalidLink as exc:
        clinic = await get_clinic(uow(read_only=True))
        with public_card(f"{clinic.name} Client Portal"):
            _dead_end(ui.column().classes("w-full gap-2"), exc.message)
        return None
    if link.waiting:  # opened again while the clinic has yet to confirm
        with public_card(f"{link.clinic_name} Client Portal"):
            ui.label(link.waiting).classes("text-body1").mark("registration-verified")
        return None
    sending = {"busy": False}

    async def submit() -> None:
        if sending["busy"]:  # Enter and a click: one account
            return
        confirm.error = None
        if password.value != confirm.value:
            confirm.error = "The two passwords differ."
            return
        sending["busy"] = True
        button.disable()
        try:
            verified = await attempt(
                verify_registration,
                uow(),
                token=token,
                password=password.value or "",
                ip=ip,
                fields={"password": password},
                passthrough=(InvalidLink,),
            )
        except InvalidLink as exc:  # used, expired or closed since the page opened
            if not box.is_deleted:
                _dead_end(box, exc.message)
            return
        finally:
            sending["busy"] = False
            if not button.is_deleted:
                button.enable()
        if verified is FAILED or box.is_deleted:
            return
        box.clear()
        with box:
            ui.label(verified.message).classes("text-body1").mark("registration-verified")
        if verified.ticket:  # a new client: the family question first, when the clinic allows related profiles
            ui.navigate.to(await after_sign_up(verified.ticket))

    with public_card("Create an account"):
        with ui.column().classes("w-full gap-2") as box:
            ui.label(f"Choose a password for the {link.clinic_name} Client Portal.").classes("text-body2 text-grey-8")
            ui.input("Name", value=f"{link.first_name} {link.last_name}").props("outlined readonly").classes(
                "w-full"
            ).mark("registration-name")
            (
                ui.input("Email", value=link.email)
                .props("outlined readonly autocomplete=username")
                .classes("w-full")
                .mark("registration-email")
            )
            password, confirm = new_password_fields()
            confirm.on("keydown.enter", submit)
            button = (
                ui.button("Create account", on_click=submit)
                .classes("w-full q-mt-sm")
                .props("size=lg unelevated")
                .mark("verify-submit")
            )
            ui.label(
                "Not you, or you did not ask for an account? Close this page: nothing is created without it."
            ).classes("text-body2 text-grey-8")
    return None

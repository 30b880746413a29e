"""Pages reached from an email or a public link: accept an invitation, complete a form."""

from fastapi import Request
from nicegui import APIRouter, ui

from domain.clients.details import ClientInput
from domain.clients.invitations import accept_invitation, read_invitation
from domain.errors import InvalidLink, ValidationFailed
from domain.records.form_answers import read_form_link, read_public_form, submit_form_link, submit_public_form
from ui.actions import FAILED, attempt
from ui.components.date_input import DateInput
from ui.components.form_fill import form_questions
from ui.components.new_password import new_password_fields
from ui.pages.public_card import public_card
from ui.portal.family_sign_up import after_sign_up
from ui.session import client_ip
from ui.state import uow

router = APIRouter()


def dead_end(heading: str, message: str) -> None:
    with public_card(heading):
        ui.label(message).classes("text-body1").mark("link-problem")


@router.page("/invite/{token}", title="Set your password · Client Portal")
async def invitation_page(request: Request, token: str):
    ip = client_ip(request)
    try:
        invitation = await read_invitation(uow(), token=token, ip=ip)
    except InvalidLink as exc:
        dead_end("This invitation cannot be used", exc.message)
        return

    async def submit() -> None:
        if password.value != confirm.value:
            confirm.error = "The two passwords differ."
            return
        confirm.error = None
        ticket = await attempt(
            accept_invitation, uow(), token=token, password=password.value, ip=ip, fields={"password": password}
        )
        if ticket is not FAILED:  # the family question first, when the clinic allows related profiles
            ui.navigate.to(await after_sign_up(ticket))

    with public_card(
        f"Welcome, {invitation.first_name}", f"Set a password for the {invitation.clinic_name} Client Portal."
    ):
        ui.input("Email", value=invitation.email).props("outlined readonly").classes("w-full")
        password, confirm = new_password_fields()
        ui.button("Set password and continue", on_click=submit).classes("w-full q-mt-sm").props("size=lg unelevated")


@router.page("/forms/{token}", title="Form · Client Portal")
async def form_link_page(request: Request, token: str):
    ip = client_ip(request)
    try:
        form = await read_form_link(uow(), token=token, ip=ip)
    except InvalidLink as exc:
        dead_end("This form link cannot be used", exc.message)
        return

    async def submit() -> None:
        if not await filled.send(lambda answers: submit_form_link(uow(), token=token, answers=answers, ip=ip)):
            return
        card.clear()
        with card:
            ui.label("Thank you!").classes("text-h6")
            ui.label(f"{form.clinic_name} has received your answers.")

    with public_card(form.name, f"For {form.first_name}, from {form.clinic_name}. {form.description}"):
        card = ui.column().classes("w-full")
        with card:
            filled = form_questions(form.fields)
            ui.button("Send", on_click=submit).classes("w-full").props("size=lg unelevated")


@router.page("/f/{public_token}", title="Form")
async def public_form_page(request: Request, public_token: str):
    ip = client_ip(request)
    try:
        form = await read_public_form(uow(), public_token=public_token)
    except InvalidLink as exc:
        dead_end("Form not available", exc.message)
        return

    async def submit() -> None:
        contact = ClientInput(
            first_name=first.value,
            last_name=last.value,
            email=email.value,
            phone=phone.value or "",
            date_of_birth=dob.iso,
        )
        fields = {"first_name": first, "last_name": last, "email": email, "phone": phone, "date_of_birth": dob}
        for element in fields.values():
            element.error = None
        try:
            await submit_public_form(uow(), public_token=public_token, contact=contact, answers=filled.answers(), ip=ip)
        except ValidationFailed as exc:
            for key, message in exc.errors.items():
                if key in fields:
                    fields[key].error = message
            filled.show_errors(exc.errors)
            ui.notify("Please correct the fields marked in red.", type="warning")
            return
        card.clear()
        with card:
            ui.label("Thank you!").classes("text-h6")
            ui.label(f"{form.clinic_name} has received your form and will be in touch.")

    with public_card(form.name, f"{form.clinic_name}. {form.description}"):
        card = ui.column().classes("w-full")
        with card:
            with ui.row().classes("w-full no-wrap gap-2"):
                first = ui.input("First name *").props("outlined dense autocomplete=given-name").classes("col")
                last = ui.input("Last name *").props("outlined dense autocomplete=family-name").classes("col")
            email = ui.input("Email *").props("outlined dense type=email autocomplete=email").classes("w-full")
            phone = ui.input("Phone").props("outlined dense type=tel autocomplete=tel").classes("w-full")
            dob = DateInput("Date of birth", clearable=True).classes("w-full")
            for element, marker in (
                (first, "first_name"),
                (last, "last_name"),
                (email, "email"),
                (phone, "phone"),
                (dob, "date_of_birth"),
            ):
                element.mark(marker)
            ui.separator()
            filled = form_questions(form.fields)
            ui.button("Send", on_click=submit).classes("w-full").props("size=lg unelevated")

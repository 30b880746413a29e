"""A form to complete in the Client Portal (/portal/forms/<id>): one of the signed-in login's records."""

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import APIRouter, ui

from domain.errors import InvalidLink, NotFound
from domain.records.form_answers import read_portal_form, submit_portal_form
from ui.actions import go_with_message
from ui.components.form_fill import form_questions
from ui.portal.frame import SIGN_IN, not_found, open_portal, portal_frame
from ui.session import client_ip
from ui.state import uow

router = APIRouter()


@router.page("/portal/forms/{request_id}", title="Form · Client Portal")
async def portal_form_page(request: Request, request_id: int):
    opened = await open_portal(request)
    if opened is None:
        return RedirectResponse(SIGN_IN)
    who, clinic = opened
    ip = client_ip(request)
    try:
        form = await read_portal_form(uow(), who=who, request_id=request_id, ip=ip)
    except NotFound:  # another client's form, or none: as if the page did not exist (the refusal is audited)
        return not_found()
    except InvalidLink as exc:  # completed already
        with portal_frame(who, clinic.name, "home"):
            ui.label(exc.message).classes("text-body1").mark("portal-problem")
            ui.link("Back to Home", "/portal").classes("hearth-touch inline-flex items-center")
        return None
    with portal_frame(who, clinic.name, "home"):

        async def submit() -> None:
            if await filled.send(
                lambda answers: submit_portal_form(uow(), who=who, request_id=request_id, answers=answers, ip=ip)
            ):
                go_with_message("/portal", "Thank you! Your answers were sent.")

        ui.label(form.name).classes("text-h5").props('role="heading" aria-level="1"')
        if form.description:
            ui.label(form.description).classes("text-grey-8")
        with ui.card().classes("w-full"):
            filled = form_questions(form.fields)
            ui.button("Send", on_click=submit).classes("w-full").props("size=lg unelevated")
    return None

"""Review & Add: look at what a prospective client submitted, then add them as an active client."""

from nicegui import APIRouter, ui

from domain.clients.profile import get_client
from domain.clients.prospects import dismiss_prospect, review_and_add
from domain.clients.tags import list_tags
from domain.errors import NotFound
from domain.phones import phone_label
from domain.records.forms import list_form_templates
from ui.actions import FAILED, attempt, go_with_message
from ui.session import StaffContext, staff_page
from ui.staff.clients.add_page import INVITE, PROFILE_ONLY
from ui.staff.clients.client_page import client_heading
from ui.staff.clients.form_answers import responses_list
from ui.state import state

router = APIRouter()


@staff_page(
    router,
    "/clients/{person_id}/review",
    title="Review & Add",
    capability="people.read",
    section="People",
    heading=False,
)
async def review_page(ctx: StaffContext, person_id: int) -> None:
    try:
        client = await get_client(ctx.uow(read_only=True), actor=ctx.actor, person_id=person_id)
    except NotFound as exc:
        ui.label(exc.message)
        return
    if client.status != "prospective":
        client_heading(client)
        ui.label("This client is not prospective any more.").mark("not-prospective")
        ui.link("Open the profile", f"/clients/{person_id}")
        return
    tags = await list_tags(ctx.uow(read_only=True))
    forms = {f.id: f.name for f in await list_form_templates(ctx.uow(read_only=True), active_only=True)}

    async def add() -> None:
        result = await attempt(
            review_and_add,
            ctx.uow(),
            actor=ctx.actor,
            person_id=person_id,
            invite=portal.value == INVITE,
            tags=list(tag_select.value or []),
            form_ids=list(form_select.value or []),
            public_url=state.config.public_url,
            fields={"tags": tag_select, "forms": form_select},
        )
        if result is not FAILED:
            go_with_message(f"/clients/{person_id}", f"{client.name} is now an active client.")

    async def dismiss() -> None:
        if await attempt(dismiss_prospect, ctx.uow(), actor=ctx.actor, person_id=person_id) is not FAILED:
            go_with_message("/people", f"{client.name} was dismissed.", "info")

    with ui.row().classes("w-full items-center"):
        client_heading(client)
        ui.space()
        ui.button("Dismiss", on_click=dismiss).props("flat no-caps").mark("dismiss")
        ui.button("Add", icon="check", on_click=add).props("unelevated color=positive").mark("review-add")
    ui.label(" · ".join(x for x in (client.email, phone_label(client.phone)) if x)).classes("text-grey-8")
    with ui.card().classes("w-full").style("max-width: 44rem"):
        ui.label("What they submitted").classes("text-h6")
        responses_list(client.responses, open_first=True)
        if not client.responses:
            ui.label("No forms submitted.").classes("text-grey-8")
    with ui.card().classes("w-full").style("max-width: 44rem"):
        portal = ui.radio([INVITE, PROFILE_ONLY], value=PROFILE_ONLY).props("inline").mark("portal-choice")
        tag_select = (
            ui.select(tags, label="Add Client Tags", multiple=True, new_value_mode="add-unique", with_input=True)
            .props("outlined dense use-chips")
            .classes("w-full")
            .mark("tags")
        )
        form_select = (
            ui.select(forms, label="Send forms", multiple=True)
            .props("outlined dense use-chips")
            .classes("w-full")
            .mark("forms")
        )

"""Add Client: details, portal invitation or profile only, forms to send; duplicates flagged first. With
`?family_of=<id>`: Add a family record (the same screen, its email the primary's, read-only)."""

from nicegui import APIRouter, ui

from domain.clients.details import ClientInput
from domain.clients.register import Duplicate, LikelyDuplicate, add_client, check_duplicates
from domain.clients.tags import list_tags
from domain.errors import NotFound
from domain.households.family import add_family_record, get_family
from domain.records.forms import list_form_templates
from domain.validation import time_zone_choices
from ui.actions import FAILED, attempt, go_with_message
from ui.components.date_input import DateInput
from ui.session import StaffContext, not_found, staff_page
from ui.state import state

router = APIRouter()
INVITE = "Invite to the Client Portal"
PROFILE_ONLY = "Create client profile only"


def client_fields(ctx: StaffContext, tags: list[str]) -> dict:
    """The inputs of a client's details, shared by Add Client and the profile's Details tab."""
    with ui.row().classes("w-full gap-3"):
        first = (
            ui.input("First name *")
            .props("outlined dense autocomplete=off")
            .classes("col-12 col-sm")
            .mark("first_name")
        )
        last = (
            ui.input("Last name *").props("outlined dense autocomplete=off").classes("col-12 col-sm").mark("last_name")
        )
    with ui.row().classes("w-full gap-3"):
        dob = DateInput("Date of birth", clearable=True).classes("col-12 col-sm").mark("date_of_birth")
        zone = (
            ui.select(time_zone_choices(), value=ctx.clinic.time_zone, label="Time zone", with_input=True)
            .props("outlined dense")
            .classes("col-12 col-sm")
            .mark("time_zone")
        )
    with ui.row().classes("w-full gap-3"):
        email = (
            ui.input("Email").props("outlined dense type=email autocomplete=off").classes("col-12 col-sm").mark("email")
        )
        phone = ui.input("Phone").props("outlined dense type=tel").classes("col-12 col-sm").mark("phone")
    tag_select = (
        ui.select(tags, label="Tags", multiple=True, new_value_mode="add-unique", with_input=True)
        .props('outlined dense use-chips hint="Type a new tag and press Enter"')
        .classes("w-full")
        .mark("tags")
    )
    return {
        "first_name": first,
        "last_name": last,
        "date_of_birth": dob,
        "time_zone": zone,
        "email": email,
        "phone": phone,
        "tags": tag_select,
    }


def client_input(fields: dict) -> ClientInput:
    return ClientInput(
        first_name=fields["first_name"].value or "",
        last_name=fields["last_name"].value or "",
        date_of_birth=fields["date_of_birth"].iso,
        email=fields["email"].value or "",
        phone=fields["phone"].value or "",
        time_zone=fields["time_zone"].value or "",
        tags=list(fields["tags"].value or []),
    )


def duplicate_warning(container: ui.column, matches: list[Duplicate], add_anyway=None) -> None:
    container.clear()
    if not matches:
        return
    with container, ui.card().classes("w-full bg-orange-1").props("flat bordered").mark("duplicate-warning"):
        with ui.row().classes("items-center gap-2"):
            ui.icon("warning").classes("text-orange-9")
            ui.label("This may be a client you already have:").classes("text-weight-medium")
        for m in matches:
            ui.link(f"{m.name} ({m.reason})", f"/clients/{m.id}", new_tab=True)
        if add_anyway:
            ui.button("Add anyway", on_click=add_anyway).props("outline no-caps").mark("add-anyway")


@staff_page(router, "/clients/new", title="Add Client", capability="people.read", section="People")
async def add_client_page(ctx: StaffContext, family_of: int | None = None) -> None:
    """`family_of`: Add a family record of that primary record (its More Options ⋮)."""
    tags = await list_tags(ctx.uow(read_only=True))
    if family_of is not None:
        await add_family_record_form(ctx, family_of, tags)
        return
    forms = {f.id: f.name for f in await list_form_templates(ctx.uow(read_only=True), active_only=True)}
    with ui.card().classes("w-full").style("max-width: 44rem"):
        fields = client_fields(ctx, tags)
        warning = ui.column().classes("w-full")
        portal = ui.radio([INVITE, PROFILE_ONLY], value=INVITE).props("inline").mark("portal-choice")
        ui.label(
            "Profile-only clients still get reminders and complete forms through emailed links. "
            "You can invite them later from their profile."
        ).classes("text-caption text-grey-7")
        form_select = (
            ui.select(forms, label="Send forms now (optional)", multiple=True)
            .props("outlined dense use-chips")
            .classes("w-full")
            .mark("forms")
        )
        if not forms:
            form_select.props('hint="No intake forms yet: build them in Setup > Forms"')
        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=lambda: ui.navigate.to("/people")).props("flat")
            add_button = ui.button("Add", icon="check", on_click=lambda: save(False)).props("unelevated").mark("add")

    async def look_for_duplicates() -> None:
        data = client_input(fields)
        matches = await check_duplicates(
            ctx.uow(read_only=True),
            email=data.email,
            first_name=data.first_name,
            last_name=data.last_name,
            date_of_birth=data.date_of_birth,
        )
        duplicate_warning(warning, matches)

    for key in ("email", "first_name", "last_name", "date_of_birth"):
        fields[key].on("blur", look_for_duplicates)

    async def save(allow_duplicate: bool) -> None:
        add_button.props("loading")
        try:
            person_id = await attempt(
                add_client,
                ctx.uow(),
                actor=ctx.actor,
                data=client_input(fields),
                invite=portal.value == INVITE,
                form_ids=list(form_select.value or []),
                public_url=state.config.public_url,
                allow_duplicate=allow_duplicate,
                fields={**fields, "forms": form_select},
                passthrough=(LikelyDuplicate,),
            )
        except LikelyDuplicate as exc:
            duplicate_warning(warning, exc.matches, add_anyway=lambda: save(True))
            ui.notify(
                "This may be a client you already have: check the names below, or click Add anyway.", type="warning"
            )
            return
        finally:
            add_button.props(remove="loading")
        if person_id is not FAILED:
            go_with_message(
                f"/clients/{person_id}", "Client added" + (" and invited." if portal.value == INVITE else ".")
            )


async def add_family_record_form(ctx: StaffContext, primary_id: int, tags: list[str]) -> None:
    """Add a family record: the Add Client screen, its email read-only (the primary's: family records share it and
    its Client Portal login). Family records are expected to share an email: it is no duplicate."""
    try:
        family = await get_family(ctx.uow(read_only=True), actor=ctx.actor, person_id=primary_id)
    except NotFound as exc:
        return not_found(exc.message, "Back to People", "/people")
    primary = family.primary
    if primary.person_id != primary_id:  # a sub-record: its family records are its primary's
        return not_found(
            f"This is a family record of {primary.name}: add the family record to {primary.name}.",
            f"Add a family record of {primary.name}",
            f"/clients/new?family_of={primary.person_id}",
        )
    if not family.email:
        return not_found(
            f"Add an email address to {primary.name} first: family records share it.",
            f"Open {primary.name}",
            f"/clients/{primary_id}",
        )
    with ui.card().classes("w-full").style("max-width: 44rem"):
        ui.label(f"Add a family record of {primary.name}").classes("text-h6").mark("family-heading")
        fields = client_fields(ctx, tags)
        fields["email"].value = family.email
        fields["email"].props("readonly")
        ui.label(f"Family records share {primary.name}'s email and Client Portal login.").classes(
            "text-caption text-grey-7"
        ).mark("family-note")
        warning = ui.column().classes("w-full")
        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=lambda: ui.navigate.to(f"/clients/{primary_id}")).props("flat")
            add_button = ui.button("Add", icon="check", on_click=lambda: save()).props("unelevated").mark("add")

    async def look_for_duplicates() -> None:  # by name and date of birth: the email is shared on purpose
        data = client_input(fields)
        matches = await check_duplicates(
            ctx.uow(read_only=True),
            email="",
            first_name=data.first_name,
            last_name=data.last_name,
            date_of_birth=data.date_of_birth,
        )
        duplicate_warning(warning, [m for m in matches if m.id != primary_id])

    for key in ("first_name", "last_name", "date_of_birth"):
        fields[key].on("blur", look_for_duplicates)

    async def save() -> None:
        add_button.props("loading")
        try:
            person_id = await attempt(
                add_family_record,
                ctx.uow(),
                actor=ctx.actor,
                primary_id=primary_id,
                data=client_input(fields),
                fields=fields,
            )
        finally:
            add_button.props(remove="loading")
        if person_id is not FAILED:
            go_with_message(f"/clients/{person_id}", f"Family record added: it shares {primary.name}'s email.")

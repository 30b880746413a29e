"""Family records on the staff side (seed 001): a client's More Options ⋮ menu (People and the profile header) with
Add a family record, Link to primary, Make primary and Unlink record (then Invite to the Client Portal), and the
profile's Family records card."""

from nicegui import ui
from nicegui.client import Client

from domain.clients.invitations import invite_client
from domain.households.family import Family, link_to_primary, make_primary, unlink_record
from domain.households.family_lists import FamilyStanding, PrimaryChoice, family_standings, primary_choices
from ui.actions import FAILED, attempt
from ui.components.confirm import confirm
from ui.components.dialogs import page_dialog
from ui.components.icon_button import icon_button
from ui.outcome import page_client, tell
from ui.session import StaffContext
from ui.state import state

NO_CHOICE = "No primary record matches. A family record of someone cannot be a primary: choose its primary."
ACTIONS = {"add": "Add a family record", "link": "Link to primary", "make": "Make primary", "unlink": "Unlink record"}


def menu_entries(standing: FamilyStanding) -> list[dict]:
    """The ⋮ entries of a People row (drawn by the table's slot, in the browser)."""
    return [{"key": key, "label": ACTIONS[key]} for key in standing.actions]


def more_options(ctx: StaffContext, standing: FamilyStanding) -> None:
    """The profile header's More Options ⋮ button."""
    button = icon_button("more_vert", f"More options for {standing.name}").mark("more-options")
    with button, ui.menu().props("auto-close"):
        for key in standing.actions:
            ui.menu_item(ACTIONS[key], on_click=lambda key=key: family_action(ctx, key, standing.person_id)).mark(
                f"family-{key}"
            )
        if not standing.actions:
            ui.menu_item("Restore the record to add or link family records").props("disable")


async def family_action(ctx: StaffContext, key: str, person_id: int) -> None:
    """Runs a ⋮ entry for a record, read afresh (the list may be older than the family): the services refuse what
    no longer fits, with the way out."""
    client = page_client()
    if key == "add":
        ui.navigate.to(f"/clients/new?family_of={person_id}")
        return
    standing = (await family_standings(ctx.uow(read_only=True), actor=ctx.actor, person_ids=[person_id])).get(person_id)
    if standing is None:
        tell(client, "That client no longer exists.", "warning")
    elif key == "link":
        await link_dialog(ctx, standing, client)
    elif key == "make":
        await confirm_make_primary(ctx, standing, client)
    elif key == "unlink":
        unlink_dialog(ctx, standing, client)


# --- Link to primary ------------------------------------------------------------------------------------------------


async def link_dialog(ctx: StaffContext, standing: FamilyStanding, client: Client) -> None:
    first = standing.first_name
    with page_dialog(label="Link to primary", client=client) as dialog:
        ui.label("Link to primary").classes("text-h6")
        ui.label(
            f"Choose the primary record to link {standing.name} to. {first} will share its email and Client Portal "
            f"login; {first}'s history stays with {first}'s own record."
        ).classes("text-body2")
        search = (
            ui.input(placeholder="Search by name, email or phone")
            .props("outlined dense clearable debounce=250 autofocus")
            .classes("w-full")
            .mark("primary-search")
        )
        found = ui.list().props("separator").classes("w-full")
        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat")

    async def show() -> None:
        choices = await primary_choices(
            ctx.uow(read_only=True), actor=ctx.actor, person_id=standing.person_id, text=search.value or ""
        )
        if found.is_deleted:
            return
        found.clear()
        with found:
            if not choices:
                ui.item(NO_CHOICE).classes("text-grey-8")
            for choice in choices:
                with ui.item(on_click=lambda choice=choice: choose(choice)).props("clickable").mark("primary-choice"):
                    with ui.item_section():
                        ui.item_label(choice.name)
                        caption = choice.email + (
                            f" · {choice.sub_records} family record{'s' * (choice.sub_records != 1)}"
                            if choice.sub_records
                            else ""
                        )
                        ui.item_label(caption).props("caption")

    async def choose(choice: PrimaryChoice) -> None:
        question = (
            f"Link {standing.name} to {choice.name}? {first} will share {choice.name}'s email ({choice.email}) "
            "for communication, and their Client Portal login."
        )
        if standing.own_login:
            question += (
                f"\n\n{first}'s own Client Portal sign-in will end: {first} will be reached through {choice.name}'s "
                "email and login."
            )
        if not await confirm(question, yes="Link to primary", title="Link to primary", client=client):
            return
        result = await attempt(
            link_to_primary,
            ctx.uow(),
            actor=ctx.actor,
            person_id=standing.person_id,
            primary_id=choice.person_id,
            client=client,
        )
        if result is not FAILED:
            tell(client, result)
            dialog.close()

    search.on_value_change(show)
    dialog.open()
    await show()


# --- Make primary ---------------------------------------------------------------------------------------------------


async def confirm_make_primary(ctx: StaffContext, standing: FamilyStanding, client: Client) -> None:
    question = (
        f"Make {standing.name} the primary record? {standing.primary_name} becomes a family record of "
        f"{standing.name}. The family keeps its email and Client Portal login, which now belong to {standing.name}."
    )
    if await confirm(question, yes="Make primary", title="Make primary", client=client):
        result = await attempt(make_primary, ctx.uow(), actor=ctx.actor, person_id=standing.person_id, client=client)
        if result is not FAILED:
            tell(client, result)


# --- Unlink record --------------------------------------------------------------------------------------------------


def unlink_dialog(ctx: StaffContext, standing: FamilyStanding, client: Client) -> None:
    first = standing.first_name
    with page_dialog(label="Unlink record", client=client) as dialog:
        content = ui.column().classes("w-full gap-2")
    with content:
        ui.label("Unlink record").classes("text-h6")
        ui.label(
            f"{standing.name} will no longer be a family record of {standing.primary_name}: communication will go to "
            f"{first}'s own email, not {standing.primary_name}'s. {first}'s history stays with the record."
        ).classes("text-body2")
        email = (
            ui.input(f"{first}'s own email *")
            .props("outlined dense type=email autocomplete=off autofocus")
            .classes("w-full")
            .mark("unlink-email")
        )
        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat")
            unlink = ui.button("Unlink record", on_click=lambda: run()).props("unelevated").mark("unlink-confirm")

    async def run() -> None:
        unlink.props("loading")
        try:
            result = await attempt(
                unlink_record,
                ctx.uow(),
                actor=ctx.actor,
                person_id=standing.person_id,
                email=email.value or "",
                fields={"email": email},
                client=client,
            )
        finally:
            if not unlink.is_deleted:
                unlink.props(remove="loading")
        if result is FAILED:
            return
        tell(client, result)
        offer_invitation(ctx, standing, dialog, content, client)

    email.on("keydown.enter", run)
    dialog.open()


def offer_invitation(ctx: StaffContext, standing: FamilyStanding, dialog: ui.dialog, content, client: Client) -> None:
    """After Unlink record: invite the client to the Client Portal, with credentials of their own."""
    first = standing.first_name

    async def invite() -> None:
        sent = await attempt(
            invite_client,
            ctx.uow(),
            actor=ctx.actor,
            person_id=standing.person_id,
            public_url=state.config.public_url,
            success=f"Invitation sent to {first}'s own email.",
            client=client,
        )
        if sent is not FAILED:
            dialog.close()

    if content.is_deleted:
        return
    content.clear()
    with content:
        ui.label("Record unlinked").classes("text-h6")
        ui.label(
            f"{standing.name} has an email of their own now. Invite {first} to the Client Portal to sign in with new "
            "credentials, or do it later from the Portal & forms tab."
        ).classes("text-body2").mark("unlinked")
        with ui.row().classes("w-full justify-end"):
            ui.button("Not now", on_click=dialog.close).props("flat").mark("not-now")
            ui.button("Invite to the Client Portal", on_click=invite).props("unelevated no-caps").mark(
                "invite-after-unlink"
            )


# --- The Family records card ----------------------------------------------------------------------------------------


def family_card(family: Family, person_id: int) -> None:
    with ui.card().classes("w-full").style("max-width: 44rem").mark("family"):
        ui.label("Family records").classes("text-h6")
        if not family.linked:
            ui.label(
                "No family records. More options ⋮ > Add a family record adds one: a child or spouse sharing this "
                "record's email and Client Portal login."
            ).classes("text-grey-8")
            return
        ui.label(f"Linked by one email and Client Portal login: {family.email}").classes("text-caption text-grey-8")
        for member in family.members:
            with ui.row().classes("items-center gap-2"):
                ui.icon("account_circle" if member.primary else "subdirectory_arrow_right").classes("text-teal")
                if member.person_id == person_id:
                    ui.label(member.name).classes("text-weight-medium").mark("family-member")
                else:
                    ui.link(member.name, f"/clients/{member.person_id}").mark("family-member")
                if member.primary:
                    ui.badge("Primary", color="primary").mark("family-primary")
                if member.status != "active":
                    ui.badge(member.status.capitalize(), color="grey-7")

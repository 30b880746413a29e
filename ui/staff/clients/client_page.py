"""A client's profile: More Options ⋮ (family records), Details (with the family and the shared profiles they
belong to), Portal & forms, Bookings & Packages, then the tabs every profile has (ui/staff/profile/tabs.py)."""

from nicegui import APIRouter, ui

from domain import topics
from domain.accounts.portal import view_portal_as
from domain.clients.invitations import invite_client, revoke_invitation
from domain.clients.profile import ClientDetail, get_client
from domain.clients.register import set_archived, update_client
from domain.clients.tags import list_tags
from domain.errors import NotFound
from domain.formats import current
from domain.households.family import get_family
from domain.households.family_lists import FamilyStanding, family_standings
from domain.phones import phone_label
from domain.records.forms import list_form_templates, send_forms
from ui.actions import FAILED, attempt
from ui.live import live_box, on_change
from ui.outcome import page_client
from ui.session import StaffContext, not_found, staff_page
from ui.staff.clients.add_page import client_fields, client_input
from ui.staff.clients.family import family_card, more_options
from ui.staff.clients.form_answers import responses_list
from ui.staff.clients.relationships import ThisClient, relationships_card
from ui.staff.clients.who_can_see import who_can_see_card
from ui.staff.households.memberships import memberships_card
from ui.staff.profile.bookings_tab import bookings_tab
from ui.staff.profile.tabs import ProfileRef, common_tabs, profile_tabs
from ui.state import state

SOURCES = {
    "public_form": "Came in through a public form.",
    "booking_request": "Came in through a booking request on the Bookings Page.",
    "pack_purchase": "Came in by buying a session pack on the Bookings Page (see the Audit log for possible matches).",
}
router = APIRouter()
STATUS_COLORS = {"active": "positive", "prospective": "green-7", "archived": "grey-7", "dismissed": "grey-7"}


def client_heading(client: ClientDetail) -> None:
    with ui.row().classes("items-center gap-2 q-mt-sm"):
        ui.label(client.name).classes("text-h5").mark("client-name")
        ui.badge(client.status.capitalize(), color=STATUS_COLORS[client.status]).mark("client-status")
        if client.is_test:
            ui.badge("Test client", color="amber-9")


@staff_page(router, "/clients/{person_id}", title="Client", capability="people.read", section="People", heading=False)
async def client_page(ctx: StaffContext, person_id: int, tab: str = "") -> None:
    """`tab`: the tab to open ("?tab=Billing", e.g. from a declined paid request); Details by default."""
    try:
        client = await get_client(ctx.uow(read_only=True), actor=ctx.actor, person_id=person_id)
    except NotFound as exc:
        return not_found(exc.message, "Back to People", "/people")
    standing = await standing_of(ctx, person_id)
    tags = await list_tags(ctx.uow(read_only=True))
    forms = {f.id: f.name for f in await list_form_templates(ctx.uow(read_only=True), active_only=True)}
    shown = {"tab": tab or "Details"}  # the open tab survives live refreshes

    @ui.refreshable
    def page() -> None:  # draws from `client`; reload() reads first, so a live update never blanks the page
        with ui.row().classes("w-full items-center"):
            client_heading(client)
            ui.space()
            if client.status == "prospective":
                ui.button(
                    "Review & Add", icon="how_to_reg", on_click=lambda: ui.navigate.to(f"/clients/{person_id}/review")
                ).props("unelevated color=positive")
            if client.is_test:
                ui.button("View portal as this client", icon="open_in_new", on_click=view_portal).props(
                    "outline no-caps"
                )
            archived = client.status in ("archived", "dismissed")
            ui.button(
                "Restore" if archived else "Archive",
                icon="unarchive" if archived else "archive",
                on_click=lambda: attempt(
                    set_archived,
                    ctx.uow(),
                    actor=ctx.actor,
                    person_id=person_id,
                    archived=not archived,
                    success="Client restored." if archived else "Client archived.",
                ),
            ).props("flat no-caps").mark("archive")
            if standing:
                more_options(ctx, standing)
        if standing and standing.primary_id:  # a sub-record: its primary's changes (email, Make primary) show here
            on_change(topics.person(standing.primary_id), reload)
        profile = ProfileRef(client.profile_id, "individual", client.name)
        profile_tabs(
            [
                ("Details", "badge", lambda: details_tab(ctx, client, tags, standing)),
                ("Portal & forms", "assignment", lambda: portal_tab(ctx, client, forms, standing)),
                ("Bookings & Packages", "event_available", lambda: bookings_tab(ctx, client.id, client.profile_id)),
                *common_tabs(ctx, profile),
            ],
            shown,
        )

    async def view_portal() -> None:
        client = page_client()
        ticket = await attempt(view_portal_as, ctx.uow(), actor=ctx.actor, person_id=person_id)
        if ticket is not FAILED and not client.is_deleted:
            with client:
                ui.navigate.to(f"/portal/start?ticket={ticket}", new_tab=True)

    async def reload() -> None:
        nonlocal client, standing
        client = await get_client(ctx.uow(read_only=True), actor=ctx.actor, person_id=person_id)
        standing = await standing_of(ctx, person_id)
        page.refresh()

    page()
    on_change(topics.person(person_id), reload)  # the tabs keep themselves live on the profile's topics


async def standing_of(ctx: StaffContext, person_id: int) -> FamilyStanding | None:
    return (await family_standings(ctx.uow(read_only=True), actor=ctx.actor, person_ids=[person_id])).get(person_id)


def details_tab(ctx: StaffContext, client: ClientDetail, tags: list[str], standing: FamilyStanding | None) -> None:
    with ui.card().classes("w-full").style("max-width: 44rem"):
        if client.source in SOURCES:
            ui.label(SOURCES[client.source]).classes("text-caption text-grey-7")
        fields = client_fields(ctx, sorted(set(tags) | set(client.tags)))
        for key, value in (
            ("first_name", client.first_name),
            ("last_name", client.last_name),
            ("time_zone", client.time_zone),
            ("email", client.email),
            ("phone", phone_label(client.phone)),  # national at home: saving it unchanged keeps the number
            ("tags", client.tags),
        ):
            fields[key].value = value
        fields["date_of_birth"].set_date(client.date_of_birth)  # in the clinic's format, as it is typed
        if standing and standing.primary_id:  # a family record: the email is its primary's (domain refuses a change)
            fields["email"].props("readonly")
            fields["email"].props["hint"] = (  # a property: names are never parsed
                f"Shared with {standing.primary_name} (family record). Unlink record to give {client.first_name} "
                "their own."
            )
        ui.button(
            "Save",
            icon="save",
            on_click=lambda: attempt(
                update_client,
                ctx.uow(),
                actor=ctx.actor,
                person_id=client.id,
                data=client_input(fields),
                fields=fields,
                success="Details saved.",
            ),
        ).props("unelevated").mark("save-details")
    live_box(
        lambda: get_family(ctx.uow(read_only=True), actor=ctx.actor, person_id=client.id),
        lambda family: family_card(family, client.id),
        topics.PEOPLE,  # every family change (and a member's new name) is a change to the client list
        style="max-width: 44rem",
    )
    relationships_card(ctx, ThisClient(client.id, client.name, client.first_name, client.is_test))
    who_can_see_card(ctx, client.id, client.first_name)
    memberships_card(ctx, client.id)


def portal_tab(ctx: StaffContext, client: ClientDetail, forms: dict[int, str], standing: FamilyStanding | None) -> None:
    with ui.card().classes("w-full").style("max-width: 44rem"):
        ui.label("Client Portal").classes("text-h6")
        sub_record = bool(standing and standing.primary_id)
        if standing and standing.primary_id:  # the family's login is the primary's: invitations go to the primary
            ui.label(
                f"{client.first_name} is a family record of {standing.primary_name}: {client.first_name}'s Client "
                f"Portal is {standing.primary_name}'s login (Switch Profile). To give {client.first_name} a login of "
                "their own, use Unlink record."
            ).classes("text-body2").mark("portal-family")
            ui.link(f"Open {standing.primary_name}", f"/clients/{standing.primary_id}")
        access = client.portal
        ui.label(
            access.label
            + (f" on {current().date(access.sent_at)}" if access.sent_at and access.state == "sent" else "")
        ).classes("text-weight-medium").mark("portal-state")
        if not access.active and not sub_record:
            ui.label(
                "In the Client Portal a client books and manages their appointments, pays invoices, completes "
                "forms and tasks, and sees documents shared with them. Until the client activates the portal, "
                "reminders and forms still reach them by email."
            ).classes("text-body2 text-grey-8")
        with ui.row().classes("gap-2"):
            if client.status == "active" and not access.active and not sub_record:
                ui.button(
                    "Resend invitation" if access.state != "not_sent" else "Invite to the Client Portal",
                    on_click=lambda: attempt(
                        invite_client,
                        ctx.uow(),
                        actor=ctx.actor,
                        person_id=client.id,
                        public_url=state.config.public_url,
                        success="Invitation sent.",
                    ),
                ).props("unelevated no-caps").mark("invite")
            if access.state == "sent":
                ui.button(
                    "Withdraw invitation",
                    on_click=lambda: attempt(
                        revoke_invitation,
                        ctx.uow(),
                        actor=ctx.actor,
                        person_id=client.id,
                        success="Invitation withdrawn: the link no longer works.",
                    ),
                ).props("flat no-caps").mark("revoke")
    with ui.card().classes("w-full").style("max-width: 44rem"):
        ui.label("Forms").classes("text-h6")
        if forms and client.status == "active":
            with ui.row().classes("w-full items-center gap-2"):
                chosen = (
                    ui.select(forms, label="Send a form", multiple=True)
                    .props("outlined dense use-chips")
                    .classes("col-grow")
                    .mark("send-forms")
                )
                ui.button(
                    "Send",
                    on_click=lambda: attempt(
                        send_forms,
                        ctx.uow(),
                        actor=ctx.actor,
                        person_id=client.id,
                        template_ids=list(chosen.value or []),
                        public_url=state.config.public_url,
                        success="Form sent.",
                    ),
                ).props("unelevated")
        for request in client.requests:
            state_text = (
                f"completed {current().date(request.completed_at)}"
                if request.completed_at
                else f"waiting since {current().date(request.sent_at)}"
            )
            ui.label(f"{request.name}: {state_text}").classes("text-body2")
        responses_list(client.responses)
        if not client.requests and not client.responses:
            ui.label("No forms sent or completed yet.").classes("text-grey-8")

"""Finding the client for an appointment by name, or creating a plain client on the spot."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from nicegui import ui

from domain.clients.details import ClientInput
from domain.clients.persons import search_people
from domain.clients.profile import get_client
from domain.clients.register import LikelyDuplicate, add_client
from domain.households.search import find_shared_for_booking
from domain.phones import phone_label
from ui.actions import FAILED, attempt
from ui.outcome import page_client, tell
from ui.session import StaffContext
from ui.state import state

MATCHES = 6


@dataclass
class Picked:
    search: ui.input
    profile_id: int | None = None
    name: str = ""


async def client_picker(ctx: StaffContext, on_change: Callable[[], Awaitable[None] | None] | None = None) -> Picked:
    """Draws the search box; the returned Picked holds the chosen profile as the user picks (then on_change runs)."""
    search = (
        ui.input("Client", placeholder="Search by name, email or phone")
        .props("outlined dense clearable debounce=250")
        .classes("w-full")
        .mark("client-search")
    )
    picked = Picked(search)
    chosen = ui.row().classes("items-center gap-2")
    results = ui.list().props("dense bordered separator").classes("w-full rounded-borders")
    results.visible = False
    new_form = ui.column().classes("w-full gap-1 q-pa-sm bg-grey-2 rounded-borders")
    new_form.visible = False

    async def changed() -> None:
        if on_change is not None and (result := on_change()) is not None:
            await result

    async def choose(profile_id: int, name: str) -> None:
        picked.profile_id, picked.name = profile_id, name
        search.visible = results.visible = new_form.visible = False
        search.error = None
        chosen.clear()
        with chosen:
            ui.icon("person").classes("text-primary")
            ui.label(name).classes("text-weight-medium").mark("chosen-client")
            ui.button("Change", on_click=unchoose).props("flat dense no-caps")
        await changed()

    async def unchoose() -> None:
        picked.profile_id, picked.name = None, ""
        chosen.clear()
        search.visible = True
        await changed()

    async def find() -> None:
        text = (search.value or "").strip()
        results.clear()
        if len(text) < 2:
            results.visible = False
            return
        page = await search_people(ctx.uow(read_only=True), actor=ctx.actor, text=text, page_size=MATCHES)
        shared = await find_shared_for_booking(ctx.uow(read_only=True), actor=ctx.actor, text=text)
        with results:
            for s in shared:  # the appointment is for the shared profile, not one member
                with ui.item(on_click=lambda s=s: choose(s.profile_id, s.name)).mark("shared-match"):
                    with ui.item_section().props("avatar"):
                        ui.icon("groups").classes("text-teal")
                    with ui.item_section():
                        ui.item_label(s.name)
                        ui.item_label("Shared profile · " + (", ".join(s.members) or "no members")).props("caption")
            for p in page.people:
                with ui.item(on_click=lambda p=p: choose(p.profile_id, p.name)).mark("client-match"):
                    with ui.item_section():
                        ui.item_label(p.name)
                        ui.item_label(
                            " · ".join(x for x in (p.email, phone_label(p.phone)) if x) or "no contact details"
                        ).props("caption")
            with ui.item(on_click=lambda: open_new(text)).mark("new-client"):
                with ui.item_section().props("avatar"):
                    ui.icon("person_add")
                with ui.item_section():
                    ui.item_label("New client" if page.people or shared else f"No client matches “{text}”: New client")
        results.visible = True

    def open_new(text: str) -> None:
        words = text.split()
        first.value = words[0].title() if words else ""
        last.value = " ".join(words[1:]).title()
        results.visible = False
        new_form.visible = True

    with new_form:
        ui.label("New client").classes("text-subtitle2")
        with ui.row().classes("w-full no-wrap gap-2"):
            first = ui.input("First name").props("outlined dense").classes("col").mark("new-first-name")
            last = ui.input("Last name").props("outlined dense").classes("col").mark("new-last-name")
        email = ui.input("Email (optional)").props("outlined dense").classes("w-full")
        phone = ui.input("Phone (optional)").props("outlined dense type=tel").classes("w-full")

        async def create(allow_duplicate: bool = False) -> None:
            client = page_client()
            data = ClientInput(
                first_name=first.value or "",
                last_name=last.value or "",
                email=email.value or "",
                phone=phone.value or "",
            )
            try:
                person_id = await attempt(
                    add_client,
                    ctx.uow(),
                    actor=ctx.actor,
                    data=data,
                    invite=False,
                    form_ids=[],
                    public_url=state.config.public_url,
                    allow_duplicate=allow_duplicate,
                    fields={"first_name": first, "last_name": last, "email": email, "phone": phone},
                    passthrough=(LikelyDuplicate,),
                )
            except LikelyDuplicate as exc:
                tell(client, f"{exc.message} Pick them from the search instead, or create anyway.", "warning")
                anyway.visible = True
                return
            if person_id is FAILED:
                return
            made = await get_client(ctx.uow(read_only=True), actor=ctx.actor, person_id=person_id)
            tell(client, f"{made.name} added as a client.")
            await choose(made.profile_id, made.name)

        with ui.row().classes("gap-2"):
            ui.button("Create client", on_click=create).props("unelevated dense no-caps").mark("create-client")
            anyway = ui.button("Create anyway", on_click=lambda: create(True)).props("outline dense no-caps")
            anyway.visible = False
            ui.button("Cancel", on_click=lambda: setattr(new_form, "visible", False)).props("flat dense no-caps")

    search.on_value_change(find)
    return picked

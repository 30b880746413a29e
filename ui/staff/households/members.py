"""A shared profile's Details: members with their contact details and three live toggles, Add Member
(an existing client, or a new client profile made there), remove, name and Additional Comments."""

from nicegui import ui

from domain import topics
from domain.clients.details import ClientInput
from domain.clients.persons import search_people
from domain.clients.register import LikelyDuplicate, add_client
from domain.formats import current
from domain.households.members import FLAGS, add_member, remove_member, set_member_flag
from domain.households.shared_profiles import SharedDetail, get_shared, update_shared
from domain.phones import phone_label
from ui.actions import FAILED, attempt
from ui.components.confirm import confirm
from ui.components.date_input import DateInput
from ui.components.dialogs import page_dialog
from ui.components.icon_button import icon_button
from ui.live import live_box
from ui.outcome import page_client, tell
from ui.session import StaffContext
from ui.state import state

SHORT = {
    "is_primary": "Primary",
    "portal_booking": "Portal booking on behalf",
    "receives_reminders": "Receives appointment reminders",
}


def details_tab(ctx: StaffContext, profile_id: int) -> None:
    read = lambda: get_shared(ctx.uow(read_only=True), actor=ctx.actor, profile_id=profile_id)
    redraw = live_box(
        read,
        lambda shared: _members(ctx, shared, lambda: redraw()),
        topics.profile(profile_id),
        style="max-width: 60rem",
    )
    # Its own part, redrawn only when the name or comments change: a member toggled in another browser
    # must not wipe what someone is typing here.
    live_box(read, lambda shared: _details(ctx, shared), topics.details(profile_id), style="max-width: 60rem")


def _members(ctx: StaffContext, shared: SharedDetail, redraw) -> None:
    with ui.card().classes("w-full"):
        with ui.row().classes("w-full items-center"):
            ui.label("Members").classes("text-h6 col")
            ui.button("Add Member", icon="person_add", on_click=lambda: add_member_dialog(ctx, shared)).props(
                "unelevated no-caps"
            ).mark("add-member")
        if not shared.members:
            ui.label("No members yet. Add Member: the first one you add becomes the primary member.").classes(
                "text-grey-8"
            ).mark("no-members")
        for m in shared.members:
            with ui.card().classes("w-full q-pa-sm").props("flat bordered").mark("member"):
                with ui.row().classes("w-full items-center gap-2"):
                    with ui.column().classes("col-12 col-md-5 gap-0"):
                        with ui.row().classes("items-center gap-2"):
                            ui.link(m.name, f"/clients/{m.person_id}").classes("text-weight-medium text-body1")
                            if m.is_primary:
                                ui.badge("Primary", color="primary").mark("primary-badge")
                            if m.status != "active":
                                ui.badge(m.status.capitalize(), color="grey-7")
                        born = m.date_of_birth and f"born {current().date(m.date_of_birth)}"
                        contact = (m.email, phone_label(m.phone), born)
                        ui.label(" · ".join(x for x in contact if x) or "no contact details").classes(
                            "text-caption text-grey-8"
                        )
                    with ui.row().classes("col items-center gap-x-3 gap-y-0"):
                        for flag in FLAGS:
                            ui.switch(
                                SHORT[flag],
                                value=getattr(m, flag),
                                on_change=lambda e, m=m, flag=flag: toggle(m, flag, e.value),
                            ).props("dense").mark(f"{flag}-{m.person_id}")
                        icon_button(
                            "person_remove", f"Remove {m.name}", lambda m=m: remove(m), "flat round dense"
                        ).mark(f"remove-{m.person_id}")

    async def toggle(member, flag: str, value: bool) -> None:
        if getattr(member, flag) == value:
            return
        done = await attempt(set_member_flag, ctx.uow(), actor=ctx.actor, member_id=member.id, flag=flag, value=value)
        if done is FAILED:
            await redraw()  # the switch goes back to what is saved

    async def remove(member) -> None:
        client = page_client()  # this part may be redrawn while the question is open
        if await confirm(
            f"Remove {member.name} from {shared.name}? Their own client record stays.", yes="Remove", client=client
        ):
            await attempt(
                remove_member,
                ctx.uow(),
                actor=ctx.actor,
                member_id=member.id,
                success=f"{member.name} removed from {shared.name}.",
                client=client,
            )


def _details(ctx: StaffContext, shared: SharedDetail) -> None:
    with ui.card().classes("w-full"):
        ui.label("Details").classes("text-h6")
        name = ui.input("Profile name", value=shared.name).props("outlined dense").classes("w-full").mark("shared-name")
        comments = (
            ui.textarea("Additional Comments", value=shared.comments)
            .props("outlined autogrow")
            .classes("w-full")
            .mark("comments")
        )
        ui.button(
            "Save",
            icon="save",
            on_click=lambda: attempt(
                update_shared,
                ctx.uow(),
                actor=ctx.actor,
                profile_id=shared.profile_id,
                name=name.value or "",
                comments=comments.value or "",
                fields={"name": name, "comments": comments},
                success="Details saved.",
            ),
        ).props("unelevated").mark("save-shared")


def add_member_dialog(ctx: StaffContext, shared: SharedDetail) -> None:
    members = {m.person_id for m in shared.members}
    with page_dialog(width="min(34rem, 95vw)") as dialog:
        ui.label(f"Add Member to {shared.name}").classes("text-h6")
        mode = (
            ui.toggle({"existing": "Select an existing client", "new": "Create a new client"}, value="existing")
            .props("no-caps spread")
            .classes("w-full")
            .mark("member-mode")
        )
        with ui.column().classes("w-full") as existing:
            search = (
                ui.input(placeholder="Search by name, email or phone")
                .props("outlined dense clearable debounce=250 autofocus")
                .classes("w-full")
                .mark("member-search")
            )
            results = ui.list().props("dense separator").classes("w-full")
        with ui.column().classes("w-full gap-1") as new:
            with ui.row().classes("w-full no-wrap gap-2"):
                first = ui.input("First name *").props("outlined dense").classes("col").mark("member-first-name")
                last = ui.input("Last name *").props("outlined dense").classes("col").mark("member-last-name")
            email = ui.input("Email").props("outlined dense").classes("w-full").mark("member-email")
            phone = ui.input("Phone").props("outlined dense type=tel").classes("w-full")
            dob = DateInput("Date of birth", clearable=True).classes("w-full").mark("member-dob")
            with ui.row().classes("gap-2"):
                ui.button("Create and add", on_click=lambda: create(False)).props("unelevated no-caps").mark(
                    "create-member"
                )
                anyway = ui.button("Create anyway", on_click=lambda: create(True)).props("outline no-caps")
                anyway.visible = False
        new.bind_visibility_from(mode, "value", value="new")
        existing.bind_visibility_from(mode, "value", value="existing")
        with ui.row().classes("w-full justify-end"):
            ui.button("Close", on_click=dialog.close).props("flat")

    async def find() -> None:
        text = (search.value or "").strip()
        found = (
            await search_people(ctx.uow(read_only=True), actor=ctx.actor, text=text, page_size=8)
            if len(text) >= 2
            else None
        )
        results.clear()
        with results:
            for p in found.people if found else []:
                already = p.id in members
                with (
                    ui.item(on_click=lambda p=p: pick(p.id, p.name))
                    .props("clickable" if not already else "")
                    .mark("member-match"),
                    ui.item_section(),
                ):
                    ui.item_label(p.name + (" (already a member)" if already else ""))
                    ui.item_label(
                        " · ".join(x for x in (p.email, phone_label(p.phone)) if x) or "no contact details"
                    ).props("caption")
            if found is not None and not found.people:
                ui.item_label(f"No client matches “{text}”. Create a new client instead.").classes(
                    "q-pa-sm text-grey-8"
                )

    async def pick(person_id: int, name: str) -> None:
        if (
            await attempt(
                add_member,
                ctx.uow(),
                actor=ctx.actor,
                profile_id=shared.profile_id,
                person_id=person_id,
                success=f"{name} added.",
            )
            is not FAILED
        ):
            dialog.close()

    async def create(allow_duplicate: bool) -> None:
        client = page_client()
        data = ClientInput(
            first_name=first.value or "",
            last_name=last.value or "",
            email=email.value or "",
            phone=phone.value or "",
            date_of_birth=dob.iso,
        )
        try:
            made = await attempt(
                add_client,
                ctx.uow(),
                actor=ctx.actor,
                data=data,
                invite=False,
                form_ids=[],
                public_url=state.config.public_url,
                allow_duplicate=allow_duplicate,
                member_of=shared.profile_id,
                passthrough=(LikelyDuplicate,),
                fields={"first_name": first, "last_name": last, "email": email, "phone": phone, "date_of_birth": dob},
            )
        except LikelyDuplicate as exc:
            tell(client, f"{exc.message} Select them as an existing client instead, or create anyway.", "warning")
            anyway.visible = True
            return
        if made is not FAILED:
            tell(client, f"{data.first_name} {data.last_name} created and added.")
            dialog.close()

    search.on_value_change(find)
    dialog.open()

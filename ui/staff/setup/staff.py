"""Setup > Staff users: add, edit role and details, deactivate and reactivate."""

from nicegui import ui

from domain import topics
from domain.accounts.roles import ROLE_LABELS
from domain.accounts.staff import add_staff, list_staff, set_staff_active, update_staff
from domain.accounts.staff_views import StaffView
from domain.validation import time_zone_choices
from ui.actions import FAILED, attempt
from ui.components.dialogs import page_dialog
from ui.components.icon_button import icon_button
from ui.live import on_change
from ui.session import StaffContext
from ui.state import state


async def staff_tab(ctx: StaffContext) -> None:
    @ui.refreshable
    async def staff_list() -> None:
        people = await list_staff(ctx.uow(read_only=True))
        with ui.list().props("bordered separator").classes("w-full bg-white rounded-borders"):
            for person in people:
                _staff_row(ctx, person)

    with ui.row().classes("w-full items-center"):
        ui.label("Everyone who signs in to this clinic. Practitioners can be booked.").classes("text-grey-8")
        ui.space()
        ui.button("Add staff user", icon="person_add", on_click=lambda: _staff_dialog(ctx, None)).props("unelevated")
    await staff_list()
    on_change(topics.STAFF, staff_list.refresh)


def _staff_row(ctx: StaffContext, person: StaffView) -> None:
    with ui.item().classes("q-py-sm" + ("" if person.active else " text-grey-6")):
        with ui.item_section():
            ui.item_label(person.name + ("" if person.active else " (deactivated)")).classes("text-weight-medium")
            ui.item_label(
                f"{person.email} · {person.role_label}" + (" · takes appointments" if person.bookable else "")
            ).props("caption")
        with ui.item_section().props("side"), ui.row().classes("gap-1"):
            icon_button("edit", f"Edit {person.name}", lambda p=person: _staff_dialog(ctx, p), "flat round")
            if person.id != ctx.staff.id:
                label = "Deactivate" if person.active else "Reactivate"
                ui.button(label, on_click=lambda p=person: _toggle_active(ctx, p)).props("flat no-caps")


async def _toggle_active(ctx: StaffContext, person: StaffView) -> None:
    verb = "deactivated" if person.active else "reactivated"
    await attempt(
        set_staff_active,
        ctx.uow(),
        actor=ctx.actor,
        user_id=person.id,
        active=not person.active,
        success=f"{person.name} {verb}.",
    )


def _staff_dialog(ctx: StaffContext, person: StaffView | None) -> None:
    adding = person is None
    with page_dialog(width="min(30rem, 95vw)") as dialog:
        ui.label("Add staff user" if adding else f"Edit {person.name}").classes("text-h6")
        name = (
            ui.input("Name", value="" if adding else person.name).props("outlined").classes("w-full").mark("staff_name")
        )
        email = (
            ui.input("Email", value="" if adding else person.email)
            .props("outlined type=email")
            .classes("w-full")
            .mark("staff_email")
        )
        email.set_enabled(adding)
        role = (
            ui.select(ROLE_LABELS, label="Role", value="practitioner" if adding else person.role)
            .props("outlined")
            .classes("w-full")
            .mark("staff_role")
        )
        bookable = ui.checkbox("Takes appointments (can be booked)", value=True if adding else person.bookable)
        zone = (
            ui.select(
                time_zone_choices(),
                label="Time zone",
                with_input=True,
                value=ctx.clinic.time_zone if adding else person.time_zone,
            )
            .props("outlined")
            .classes("w-full")
        )
        password = (
            ui.input("First password", password=True, password_toggle_button=True)
            .props('outlined autocomplete=new-password hint="10 characters or more"')
            .classes("w-full")
            .mark("staff_password")
        )
        password.set_visibility(adding)
        if adding:
            ui.label("They get an email saying they were added; give them the password yourself.").classes(
                "text-caption text-grey-7"
            )
        fields = {"name": name, "email": email, "role": role, "time_zone": zone, "password": password}

        async def save() -> None:
            if adding:
                result = await attempt(
                    add_staff,
                    ctx.uow(),
                    actor=ctx.actor,
                    name=name.value,
                    email=email.value,
                    role=role.value,
                    password=password.value,
                    bookable=bookable.value,
                    time_zone=zone.value or "",
                    sign_in_url=f"{state.config.public_url}/login",
                    fields=fields,
                    success=f"{name.value} added.",
                )
            else:
                result = await attempt(
                    update_staff,
                    ctx.uow(),
                    actor=ctx.actor,
                    user_id=person.id,
                    name=name.value,
                    role=role.value,
                    bookable=bookable.value,
                    time_zone=zone.value or "",
                    fields=fields,
                    success="Changes saved.",
                )
            if result is not FAILED:
                dialog.close()

        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat")
            ui.button("Add" if adding else "Save", on_click=save).props("unelevated").mark("staff-save")
    dialog.open()

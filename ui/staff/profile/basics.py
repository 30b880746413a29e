"""Profile tabs: Classifications, Contacts, Referrals, Appointment Reminders, Tasks."""

from datetime import date

from nicegui import ui

from domain import topics
from domain.clients.classifications import list_classifications, profile_classification_ids, set_profile_classifications
from domain.clients.contacts import (
    CONTACT_KINDS,
    add_contact,
    add_referral,
    link_contact,
    list_contacts,
    list_referrals,
    profile_contacts,
    unlink_contact,
)
from domain.formats import current
from domain.phones import phone_label
from domain.scheduling.profile_reminders import MODES, profile_reminders, set_profile_reminders
from ui.actions import attempt
from ui.components.date_input import DateInput
from ui.components.icon_button import icon_button
from ui.live import live_box
from ui.session import StaffContext

CARD = "w-full"


def section(title: str, hint: str = "") -> ui.card:
    card = ui.card().classes(CARD)
    with card:
        ui.label(title).classes("text-h6")
        if hint:
            ui.label(hint).classes("text-body2 text-grey-8")
    return card


def classifications_tab(ctx: StaffContext, profile_id: int) -> None:
    async def load():
        return (
            await list_classifications(ctx.uow(read_only=True)),
            await profile_classification_ids(ctx.uow(read_only=True), profile_id=profile_id),
        )

    def draw(data) -> None:
        every, chosen = data
        with section("Classifications", "Used by reports and by People > Shared's Advanced Search."):
            options = {c.id: c.name + ("" if c.active else " (retired)") for c in every if c.active or c.id in chosen}
            if not options:
                ui.label("No classifications yet: an owner or admin adds them in Setup > Classifications.").classes(
                    "text-grey-8"
                )
                return
            select = (
                ui.select(options, value=chosen, multiple=True, label="Classifications")
                .props("outlined dense use-chips")
                .classes("w-full")
                .mark("classifications")
            )
            ui.button(
                "Save",
                icon="save",
                on_click=lambda: attempt(
                    set_profile_classifications,
                    ctx.uow(),
                    actor=ctx.actor,
                    profile_id=profile_id,
                    ids=list(select.value or []),
                    fields={"classifications": select},
                    success="Classifications saved.",
                ),
            ).props("unelevated").mark("save-classifications")

    live_box(load, draw, topics.profile(profile_id), topics.CLASSIFICATIONS)


def contacts_tab(ctx: StaffContext, profile_id: int) -> None:
    async def load():
        return (
            await profile_contacts(ctx.uow(read_only=True), profile_id=profile_id),
            await list_contacts(ctx.uow(read_only=True)),
        )

    def draw(data) -> None:
        linked, every = data
        with section("Contacts", "Contact profiles such as a GP or a referrer, from the clinic's contacts list."):
            if not linked:
                ui.label("No contacts yet.").classes("text-grey-8")
            for c in linked:
                with ui.row().classes("w-full items-center no-wrap gap-2").mark("profile-contact"):
                    ui.icon("contact_phone").classes("text-primary")
                    with ui.column().classes("col gap-0"):
                        ui.label(c.label).classes("text-weight-medium")
                        ui.label(
                            " · ".join(x for x in (c.email, phone_label(c.phone)) if x) or "no contact details"
                        ).classes("text-caption text-grey-7")
                    icon_button(
                        "link_off",
                        f"Remove {c.name}",
                        lambda c=c: attempt(
                            unlink_contact, ctx.uow(), actor=ctx.actor, link_id=c.link_id, success=f"{c.name} removed."
                        ),
                        "flat round dense",
                    )
            choices = {c.id: c.label for c in every if c.id not in {x.id for x in linked}}
            with ui.row().classes("w-full items-center gap-2"):
                pick = (
                    ui.select(choices, label="Add from the contacts list", with_input=True)
                    .props("outlined dense")
                    .classes("col-grow")
                    .mark("pick-contact")
                )
                ui.button(
                    "Add",
                    on_click=lambda: attempt(
                        link_contact,
                        ctx.uow(),
                        actor=ctx.actor,
                        profile_id=profile_id,
                        contact_id=pick.value,
                        fields={"contact": pick},
                        success="Contact added.",
                    ),
                ).props("unelevated")
            with ui.expansion("New contact", icon="person_add").classes("w-full").props("dense").mark("new-contact"):
                with ui.row().classes("w-full gap-2"):
                    name = ui.input("Name *").props("outlined dense").classes("col-12 col-sm").mark("contact-name")
                    kind = (
                        ui.select(list(CONTACT_KINDS), value="GP", label="Kind")
                        .props("outlined dense")
                        .classes("col-12 col-sm")
                    )
                organisation = ui.input("Organisation").props("outlined dense").classes("w-full")
                with ui.row().classes("w-full gap-2"):
                    email = ui.input("Email").props("outlined dense").classes("col-12 col-sm")
                    phone = ui.input("Phone").props("outlined dense type=tel").classes("col-12 col-sm")
                ui.button(
                    "Add New Contact",
                    on_click=lambda: attempt(
                        add_contact,
                        ctx.uow(),
                        actor=ctx.actor,
                        name=name.value,
                        kind=kind.value,
                        organisation=organisation.value,
                        email=email.value,
                        phone=phone.value,
                        link_to=profile_id,
                        success="Contact added.",
                        fields={
                            "contact_name": name,
                            "kind": kind,
                            "organisation": organisation,
                            "contact_email": email,
                            "contact_phone": phone,
                        },
                    ),
                ).props("unelevated no-caps").mark("add-new-contact")

    live_box(load, draw, topics.profile(profile_id))


def referrals_tab(ctx: StaffContext, profile_id: int) -> None:
    async def load():
        return (
            await list_referrals(ctx.uow(read_only=True), profile_id=profile_id),
            await list_contacts(ctx.uow(read_only=True)),
        )

    def draw(data) -> None:
        referrals, contacts = data
        with section("Referrals"):
            if not referrals:
                ui.label("No referrals recorded.").classes("text-grey-8")
            for r in referrals:
                with ui.column().classes("w-full gap-0").mark("referral"):
                    ui.label(f"{current().date(r.referred_on)} · {r.referrer}").classes("text-weight-medium")
                    if r.reason:
                        ui.label(r.reason).classes("text-body2 text-grey-8")
            ui.separator()
            with ui.row().classes("w-full gap-2"):
                on = DateInput("Referred on", value=date.today()).classes("col-12 col-sm").mark("referred-on")
                contact = (
                    ui.select(
                        {c.id: c.label for c in contacts}, label="Referrer (contact)", clearable=True, with_input=True
                    )
                    .props("outlined dense")
                    .classes("col-12 col-sm")
                )
            source = ui.input("…or referred by (name)").props("outlined dense").classes("w-full")
            reason = ui.textarea("Reason").props("outlined dense autogrow").classes("w-full")
            ui.button(
                "Add Referral",
                icon="add",
                on_click=lambda: attempt(
                    add_referral,
                    ctx.uow(),
                    actor=ctx.actor,
                    profile_id=profile_id,
                    referred_on=on.iso,
                    contact_id=contact.value,
                    source=source.value or "",
                    reason=reason.value or "",
                    fields={"referred_on": on, "source": source},
                    success="Referral added.",
                ),
            ).props("unelevated no-caps").mark("add-referral")

    live_box(load, draw, topics.profile(profile_id))


def reminders_tab(ctx: StaffContext, profile_id: int) -> None:
    def draw(settings) -> None:
        clinic = ", ".join(f"{h} h" for h in settings.clinic_hours) or "none"
        with section(
            "Appointment Reminders",
            f"These settings override the clinic's automatic reminders "
            f"(now: {clinic} before each appointment) for this profile only.",
        ):
            mode = ui.radio(MODES, value=settings.mode).mark("reminder-mode")
            hours = (
                ui.input(
                    "Hours before the appointment",
                    value=", ".join(str(h) for h in settings.hours),
                    placeholder="e.g. 48, 2",
                )
                .props("outlined dense")
                .classes("w-64")
                .mark("reminder-hours")
            )
            hours.bind_visibility_from(mode, "value", value="on")
            ui.button(
                "Save",
                icon="save",
                on_click=lambda: attempt(
                    set_profile_reminders,
                    ctx.uow(),
                    actor=ctx.actor,
                    profile_id=profile_id,
                    mode=mode.value,
                    hours=hours.value or "",
                    fields={"reminder_hours": hours, "mode": mode},
                    success="Reminder settings saved.",
                ),
            ).props("unelevated").mark("save-reminders")

    live_box(
        lambda: profile_reminders(ctx.uow(read_only=True), actor=ctx.actor, profile_id=profile_id),
        draw,
        topics.profile(profile_id),
    )

"""Setup > Clinic: name and time zone."""

from nicegui import ui

from domain.clinic.settings import update_clinic
from domain.validation import time_zone_choices
from ui.actions import FAILED, attempt
from ui.session import StaffContext


def clinic_tab(ctx: StaffContext) -> None:
    async def save() -> None:
        result = await attempt(
            update_clinic,
            ctx.uow(),
            actor=ctx.actor,
            name=name.value,
            time_zone=zone.value or "",
            auto_add_clients=auto_add.value,
            fields={"name": name, "time_zone": zone},
            success="Clinic details saved.",
        )
        if result is not FAILED:
            name.value = result.name

    with ui.card().classes("w-full q-pa-md").style("max-width: 36rem"):
        name = (
            ui.input("Clinic name", value=ctx.clinic.name)
            .props("outlined counter maxlength=120")
            .classes("w-full")
            .mark("clinic_name")
        )
        zone = (
            ui.select(time_zone_choices(), label="Clinic time zone", value=ctx.clinic.time_zone, with_input=True)
            .props("outlined")
            .classes("w-full")
            .mark("clinic_tz")
        )
        ui.label(
            "Appointments and the audit log are shown in this time zone; each practitioner and "
            "client can have their own."
        ).classes("text-caption text-grey-7")
        auto_add = ui.switch("Add new clients automatically", value=ctx.clinic.auto_add_clients).mark("auto-add")
        ui.label(
            "When on, people who complete a public form become active clients at once; when off they "
            "wait as prospective clients for Review & Add, and get no automated messages until then."
        ).classes("text-caption text-grey-7")
        ui.button("Save", icon="save", on_click=save).props("unelevated")

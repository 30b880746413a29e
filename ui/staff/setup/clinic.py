"""Setup > Clinic: name, phone number, time zone, language and region (how dates, times, amounts and phone numbers
are written), and currency."""

from datetime import date, datetime

from nicegui import ui

from domain.clinic.currency import currency_lock
from domain.clinic.settings import update_clinic
from domain.formats import Formats, currencies, locale_names
from domain.validation import time_zone_choices
from ui.actions import FAILED, attempt
from ui.session import StaffContext

SAMPLE = datetime(2026, 11, 24, 21, 30)


def sample(formats: Formats) -> str:
    """What the choice looks like: an amount, a date, a time and a typed date."""
    return (
        f"Written as {formats.money(123450)} · {formats.weekday_date(SAMPLE)} · {formats.time(SAMPLE)}; "
        f"dates are typed as {formats.date_input.format(date(2026, 11, 24))}"
    )


async def clinic_tab(ctx: StaffContext) -> None:
    locked = await currency_lock(ctx.uow(read_only=True))

    async def save() -> None:
        result = await attempt(
            update_clinic,
            ctx.uow(),
            actor=ctx.actor,
            name=name.value,
            time_zone=zone.value or "",
            auto_add_clients=auto_add.value,
            locale=locale.value or "",
            currency=currency.value or "",
            phone=phone.value or "",
            address=address.value or "",
            fields={
                "name": name,
                "time_zone": zone,
                "locale": locale,
                "currency": currency,
                "phone": phone,
                "address": address,
            },
            success="Clinic details saved. Pages opened from now on use the new formats; reload open pages.",
        )
        if result is not FAILED:
            name.value = result.name
            phone.value = result.phone
            address.value = result.address

    def preview() -> None:
        if locale.value and currency.value:
            example.text = sample(Formats(locale.value, currency.value))

    with ui.card().classes("w-full q-pa-md").style("max-width: 36rem"):
        name = (
            ui.input("Clinic name", value=ctx.clinic.name)
            .props("outlined counter maxlength=120")
            .classes("w-full")
            .mark("clinic_name")
        )
        phone = (
            ui.input("Phone", value=ctx.clinic.phone, placeholder="optional")
            .props("outlined type=tel autocomplete=tel")
            .classes("w-full")
            .mark("clinic_phone")
        )
        ui.label(
            "Clients read it where they cannot do something online, such as cancelling late: "
            "“call the clinic on …”. Leave it empty to give no number."
        ).classes("text-caption text-grey-7")
        address = (
            ui.input("Address", value=ctx.clinic.address, placeholder="optional")
            .props("outlined counter maxlength=300 autocomplete=street-address")
            .classes("w-full")
            .mark("clinic_address")
        )
        ui.label(
            "Where appointments are: clients' calendar subscriptions show it with each appointment's time."
        ).classes("text-caption text-grey-7")
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
        with ui.row().classes("w-full gap-3 items-start"):  # one above the other on a phone
            locale = (
                ui.select(locale_names(), label="Language and region", value=ctx.clinic.locale, with_input=True)
                .props("outlined")
                .classes("col-12 col-sm")
                .mark("clinic_locale")
            )
            currency = (
                ui.select(currencies(), label="Currency", value=ctx.clinic.currency, with_input=True)
                .props("outlined")
                .classes("col-12 col-sm")
                .mark("clinic_currency")
            )
        if locked:
            currency.disable()
            ui.label(locked).classes("text-caption text-grey-8").mark("currency-locked")
        example = ui.label(sample(ctx.clinic.formats)).classes("text-caption text-grey-8").mark("format-sample")
        ui.label(
            "How dates, times, amounts and phone numbers are written and typed, on pages, invoices and emails, "
            "and the language of date pickers. Local phone numbers are read as numbers of this region."
        ).classes("text-caption text-grey-7")
        locale.on_value_change(preview)
        currency.on_value_change(preview)
        auto_add = ui.switch("Add new clients automatically", value=ctx.clinic.auto_add_clients).mark("auto-add")
        ui.label(
            "When on, people who complete a public form become active clients at once; when off they "
            "wait as prospective clients for Review & Add, and get no automated messages until then."
        ).classes("text-caption text-grey-7")
        ui.button("Save", icon="save", on_click=save).props("unelevated").mark("save-clinic")

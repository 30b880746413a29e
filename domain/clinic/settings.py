"""Clinic name, time zone, locale, currency, phone number and address."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from domain import formats, topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.clinic.currency import change_currency
from domain.phones import clean_phone, phone_label, region_of
from domain.validation import Errors, clean_text, clean_time_zone
from storage.clinic import CLINIC_ID, ClinicRow, clinic_row
from storage.uow import UnitOfWork


def clinic_phone(clinic: ClinicRow) -> str:
    """The clinic's number as its clients read it ("(02) 9999 0000"); '' when none."""
    return phone_label(clinic.phone, region_of(clinic.locale))


@dataclass(frozen=True)
class ClinicView:
    name: str
    time_zone: str
    auto_add_clients: bool = False
    locale: str = formats.DEFAULT_LOCALE
    currency: str = formats.DEFAULT_CURRENCY
    phone_e164: str = ""  # as stored: E.164 ("+61299990000"), '' when the clinic gave none
    address: str = ""  # where appointments are (calendar subscriptions' location), '' when not given

    @property
    def phone(self) -> str:
        """The clinic's number as its clients read it: national form ("(02) 9999 0000"); '' when none."""
        return phone_label(self.phone_e164, region_of(self.locale))

    @property
    def call_the_clinic(self) -> str:
        """For a sentence telling clients what to do: "call the clinic on (02) 9999 0000", or "call the clinic"."""
        return f"call the clinic on {self.phone}" if self.phone else "call the clinic"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def formats(self) -> formats.Formats:
        return formats.Formats(self.locale, self.currency)


def _view(row: ClinicRow) -> ClinicView:
    view = ClinicView(row.name, row.time_zone, row.auto_add_clients, row.locale, row.currency, row.phone, row.address)
    formats.set_clinic(view.formats)  # the one clinic's formats, as stored now
    return view


async def get_clinic(uow: UnitOfWork) -> ClinicView:
    async with uow:
        return _view(await clinic_row(uow.session))


async def update_clinic(
    uow: UnitOfWork,
    *,
    actor: Actor,
    name: str,
    time_zone: str,
    auto_add_clients: bool | None = None,
    locale: str | None = None,
    currency: str | None = None,
    phone: str | None = None,
    address: str | None = None,
) -> ClinicView:
    """`None` leaves a setting as it is; `phone=""` removes the clinic's number. A local phone number is read as
    one of the locale's region (the new locale's, when it changes too)."""
    require(actor, "setup")
    errors = Errors()
    name = clean_text(errors, "name", "Clinic name", name, max_length=120)
    if address is not None:
        address = " ".join(clean_text(errors, "address", "Address", address, max_length=300, required=False).split())
    time_zone = clean_time_zone(errors, "time_zone", time_zone)
    if locale is not None and locale not in formats.LOCALES:
        errors["locale"] = "Choose a language and region from the list."
    if currency is not None and (problem := formats.currency_problem(currency)):
        errors["currency"] = problem
    async with uow:
        row = await clinic_row(uow.session, lock=True)
        auto_add_clients = row.auto_add_clients if auto_add_clients is None else auto_add_clients
        locale, currency = locale or row.locale, currency or row.currency
        new_phone = row.phone
        # The number as shown (national form of the old region) is kept as it is; another is read as a number of
        # the locale's region, the new locale's when it changes too.
        if phone is not None and phone.strip() != phone_label(row.phone, region_of(row.locale)):
            region = region_of(locale if locale in formats.LOCALES else row.locale)
            new_phone = clean_phone(errors, "phone", phone, region=region) or ""
        errors.raise_if_any()
        if currency != row.currency:
            await change_currency(uow, old=row.currency, new=currency)
        changed = [
            f"{label}: {old!r} → {new!r}"
            for label, old, new in (
                ("name", row.name, name),
                ("time zone", row.time_zone, time_zone),
                ("add new clients automatically", row.auto_add_clients, auto_add_clients),
                ("locale", row.locale, locale),
                ("currency", row.currency, currency),
                ("phone", row.phone, new_phone),
                ("address", row.address, row.address if address is None else address),
            )
            if old != new
        ]
        row.name, row.time_zone, row.auto_add_clients = name, time_zone, auto_add_clients
        row.locale, row.currency, row.phone = locale, currency, new_phone
        row.address = row.address if address is None else address
        uow.audit(actor, "clinic.updated", "clinic", CLINIC_ID, summary="; ".join(changed) or "no change")
        uow.changed(topics.CLINIC)
        await uow.commit()
        return _view(row)

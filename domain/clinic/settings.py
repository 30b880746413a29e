"""Clinic name, time zone, locale and currency."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from domain import formats, topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.clinic.currency import change_currency
from domain.validation import Errors, clean_text, clean_time_zone
from storage.clinic import CLINIC_ID, ClinicRow, clinic_row
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class ClinicView:
    name: str
    time_zone: str
    auto_add_clients: bool = False
    locale: str = formats.DEFAULT_LOCALE
    currency: str = formats.DEFAULT_CURRENCY

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def formats(self) -> formats.Formats:
        return formats.Formats(self.locale, self.currency)


def _view(row: ClinicRow) -> ClinicView:
    view = ClinicView(row.name, row.time_zone, row.auto_add_clients, row.locale, row.currency)
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
) -> ClinicView:
    require(actor, "setup")
    errors = Errors()
    name = clean_text(errors, "name", "Clinic name", name, max_length=120)
    time_zone = clean_time_zone(errors, "time_zone", time_zone)
    if locale is not None and locale not in formats.LOCALES:
        errors["locale"] = "Choose a language and region from the list."
    if currency is not None and (problem := formats.currency_problem(currency)):
        errors["currency"] = problem
    errors.raise_if_any()
    async with uow:
        row = await clinic_row(uow.session, lock=True)
        auto_add_clients = row.auto_add_clients if auto_add_clients is None else auto_add_clients
        locale, currency = locale or row.locale, currency or row.currency
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
            )
            if old != new
        ]
        row.name, row.time_zone, row.auto_add_clients = name, time_zone, auto_add_clients
        row.locale, row.currency = locale, currency
        uow.audit(actor, "clinic.updated", "clinic", CLINIC_ID, summary="; ".join(changed) or "no change")
        uow.changed(topics.CLINIC)
        await uow.commit()
        return _view(row)

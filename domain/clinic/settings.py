"""Clinic name and time zone."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.validation import Errors, clean_text, clean_time_zone
from storage.clinic import CLINIC_ID, clinic_row
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class ClinicView:
    name: str
    time_zone: str
    auto_add_clients: bool = False

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


async def get_clinic(uow: UnitOfWork) -> ClinicView:
    async with uow:
        row = await clinic_row(uow.session)
        return ClinicView(name=row.name, time_zone=row.time_zone, auto_add_clients=row.auto_add_clients)


async def update_clinic(
    uow: UnitOfWork, *, actor: Actor, name: str, time_zone: str, auto_add_clients: bool | None = None
) -> ClinicView:
    require(actor, "setup")
    errors = Errors()
    name = clean_text(errors, "name", "Clinic name", name, max_length=120)
    time_zone = clean_time_zone(errors, "time_zone", time_zone)
    errors.raise_if_any()
    async with uow:
        row = await clinic_row(uow.session, lock=True)
        if auto_add_clients is None:
            auto_add_clients = row.auto_add_clients
        changed = [
            f"{label}: {old!r} → {new!r}"
            for label, old, new in (
                ("name", row.name, name),
                ("time zone", row.time_zone, time_zone),
                ("add new clients automatically", row.auto_add_clients, auto_add_clients),
            )
            if old != new
        ]
        row.name, row.time_zone, row.auto_add_clients = name, time_zone, auto_add_clients
        uow.audit(actor, "clinic.updated", "clinic", CLINIC_ID, summary="; ".join(changed) or "no change")
        uow.changed(topics.CLINIC)
        await uow.commit()
    return ClinicView(name=name, time_zone=time_zone, auto_add_clients=auto_add_clients)

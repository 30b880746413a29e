"""The clinic's services: what can be booked, for how long, at what price."""

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.billing.money import label as money_label
from domain.errors import NotFound
from domain.validation import Errors, clean_money, clean_text
from storage.scheduling import ServiceRow
from storage.uow import UnitOfWork

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class ServiceView:
    id: int
    name: str
    duration_minutes: int
    price_cents: int
    colour: str
    active: bool

    @property
    def price_label(self) -> str:
        return money_label(self.price_cents)

    @property
    def label(self) -> str:
        return f"{self.name} · {self.duration_minutes} min · {self.price_label}"

    @classmethod
    def of(cls, row: ServiceRow) -> "ServiceView":
        return cls(row.id, row.name, row.duration_minutes, row.price_cents, row.colour, row.active)


async def list_services(uow: UnitOfWork, *, include_inactive: bool = True) -> list[ServiceView]:
    query = select(ServiceRow).order_by(ServiceRow.active.desc(), ServiceRow.name)
    if not include_inactive:
        query = query.where(ServiceRow.active.is_(True))
    async with uow:
        return [ServiceView.of(r) for r in (await uow.session.execute(query)).scalars()]


def _check(name: str, duration: int | str | None, price: str | int | None, colour: str) -> tuple[str, int, int, str]:
    errors = Errors()
    name = clean_text(errors, "name", "Name", name, max_length=120)
    try:
        minutes = int(duration if duration is not None else "")
        if not 5 <= minutes <= 720:
            errors["duration"] = "The duration must be between 5 and 720 minutes."
    except (TypeError, ValueError, OverflowError):
        minutes = 0
        errors["duration"] = "The duration must be a whole number of minutes."
    cents = clean_money(errors, "price", "Price", price)
    colour = (colour or "").strip() or "#8a3b12"
    if not COLOUR.match(colour):
        errors["colour"] = "Pick a colour such as #2f6f5e."
    errors.raise_if_any()
    return name, minutes, cents, colour.lower()


async def save_service(
    uow: UnitOfWork,
    *,
    actor: Actor,
    service_id: int | None,
    name: str,
    duration_minutes: int | str,
    price: str | int,
    colour: str = "",
    active: bool = True,
) -> ServiceView:
    """Adds a service (service_id None) or changes one. Names are unique, ignoring case."""
    require(actor, "setup")
    name, minutes, cents, colour = _check(name, duration_minutes, price, colour)
    async with uow:
        same = (
            (await uow.session.execute(select(ServiceRow.id).where(func.lower(ServiceRow.name) == name.lower())))
            .scalars()
            .all()
        )
        if any(i != service_id for i in same):
            Errors(name=f"There is already a service called {name}.").raise_if_any()
        if service_id is None:
            row = ServiceRow(name=name)
            uow.session.add(row)
        else:
            found = await uow.session.get(ServiceRow, service_id)
            if found is None:
                raise NotFound("That service no longer exists.")
            row = found
        row.name, row.duration_minutes, row.price_cents, row.colour, row.active = name, minutes, cents, colour, active
        await uow.session.flush()
        uow.audit(
            actor,
            "service.added" if service_id is None else "service.updated",
            "service",
            row.id,
            summary=f"{name}, {minutes} min, {money_label(cents)}{'' if active else ', inactive'}",
        )
        uow.changed(topics.SERVICES, topics.CALENDAR)
        await uow.commit()
        view = ServiceView.of(row)
    return view

"""Session pack templates (Setup > Session packs): what a pack counts, its size, price, expiry and services."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import delete, func, select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.billing.money import label
from domain.errors import NotAllowed, NotFound
from domain.formats import BadAmount, current
from domain.validation import Errors, clean_money, clean_note, clean_text
from storage.packs import METRICS, PackTemplateRow, pack_template_services
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class TemplateView:
    id: int
    name: str
    description: str
    metric: str
    size: int
    price_cents: int
    reduced_rate_cents: int
    expiry_days: int | None
    active: bool
    service_ids: tuple[int, ...]
    sold_online: bool = False  # offered on the Bookings Page (domain/billing/online/pack_sales.py)

    @property
    def label(self) -> str:
        from domain.billing.pack_rules import describe_size

        return f"{self.name} · {describe_size(self.metric, self.size)} · {label(self.price_cents)}"


MAX_EXPIRY_DAYS = 3653


def clean_expiry_days(errors: Errors, value: object) -> int | None:
    """Days after the start a pack expires: a whole number, or empty (or 0) for never."""
    if value in (None, "", 0) or str(value).strip() in ("", "0"):
        return None
    try:
        days = int(str(value).strip())
        if not 0 < days <= MAX_EXPIRY_DAYS:
            raise ValueError
        return days
    except (TypeError, ValueError):
        errors["expiry_days"] = (
            f"Expiry is a whole number of days up to {MAX_EXPIRY_DAYS:,} (ten years), or empty for none."
        )
        return None


SIZE_RULES = {  # metric: (unit in the database per unit typed, the smallest step typed, what to say)
    "sessions": (1, Decimal(1), "A pack counts whole sessions, e.g. 10."),
    "hours": (60, Decimal("0.25"), "Hours go in quarter hours, e.g. 5 or 7.5."),
    "money": (0, Decimal(0), ""),  # the currency's minor units, by the clinic's formats (pack_size)
}
MAX_SIZE = Decimal(100_000)


def pack_size(errors: Errors, metric: str, size: object) -> int:
    """Sessions (whole), hours (quarter hours, stored as minutes) or money (cents). '2.5' sessions, '0.285'
    hours, 'inf', 'nan' and anything else that is not a sensible size is refused at the field, never rounded."""
    fmt = current()
    unit, step, rule = SIZE_RULES[metric]
    if metric == "money":
        unit, step = 10**fmt.digits, Decimal(1).scaleb(-fmt.digits)
        cents = "in whole cents" if fmt.digits == 2 else f"with at most {fmt.digits} decimals"
        rule = f"An amount {cents}, e.g. {fmt.amount(fmt.to_minor(Decimal(500)))}."
    try:
        text = size if isinstance(size, Decimal | int) else str(size if size is not None else "")
        number = fmt.parse_amount(text) if metric == "money" else fmt.parse_number(text)
    except BadAmount:
        errors["size"] = f"The size must be a number. {rule}"
        return 0
    if number <= 0:
        errors["size"] = f"The size must be more than 0. {rule}"
        return 0
    if number > MAX_SIZE:
        errors["size"] = f"The size can be at most {MAX_SIZE:,}."
        return 0
    if number % step:
        errors["size"] = rule
        return 0
    return int(number * unit)


async def save_pack_template(
    uow: UnitOfWork,
    *,
    actor: Actor,
    template_id: int | None,
    name: str,
    description: str,
    metric: str,
    size: object,
    price: str | int | None,
    reduced_rate: str | int | None = "0",
    expiry_days: object = None,
    service_ids: list[int] | tuple[int, ...] = (),
    active: bool = True,
) -> TemplateView:
    """Setup > Session packs. Size is in sessions, hours or dollars, by metric."""
    require(actor, "setup")
    errors = Errors()
    name = clean_text(errors, "name", "Name", name, max_length=120)
    if metric not in METRICS:
        errors["metric"] = "Choose what the pack counts: sessions, hours or money."
    amount = pack_size(errors, metric, size) if metric in METRICS else 0
    price_cents = clean_money(errors, "price", "Price", price)
    reduced_cents = clean_money(errors, "reduced_rate", "Reduced rate", reduced_rate)
    days = clean_expiry_days(errors, expiry_days)
    errors.raise_if_any()
    async with uow:
        if (
            await uow.session.execute(
                select(PackTemplateRow.id).where(
                    func.lower(PackTemplateRow.name) == name.lower(), PackTemplateRow.id != (template_id or 0)
                )
            )
        ).first():
            Errors(name=f"There is already a pack template called {name}.").raise_if_any()
        row = PackTemplateRow() if template_id is None else await uow.session.get(PackTemplateRow, template_id)
        if row is None:
            raise NotFound("That template no longer exists.")
        row.name, row.description, row.metric, row.size = name, clean_note(description, max_length=2000), metric, amount
        row.price_cents, row.reduced_rate_cents, row.expiry_days, row.active = price_cents, reduced_cents, days, active
        row.sold_online = bool(row.sold_online) and active and price_cents > 0  # only what can be bought is sold
        uow.session.add(row)
        await uow.session.flush()
        await uow.session.execute(delete(pack_template_services).where(pack_template_services.c.template_id == row.id))
        for sid in set(service_ids or ()):
            await uow.session.execute(pack_template_services.insert().values(template_id=row.id, service_id=sid))
        uow.audit(actor, "pack_template.saved", "pack_template", row.id, summary=f"{name}, {metric} {amount}")
        uow.changed(topics.PACK_TEMPLATES)
        await uow.commit()
    return next(t for t in await list_pack_templates(uow.fresh()) if t.id == row.id)


async def set_pack_sold_online(uow: UnitOfWork, *, actor: Actor, template_id: int, sold_online: bool) -> None:
    """Setup > Session packs: "Sold on the Bookings Page". Only an offered template with a price can be sold."""
    require(actor, "setup")
    async with uow:
        row = await uow.session.get(PackTemplateRow, template_id, with_for_update=True)
        if row is None:
            raise NotFound("That template no longer exists.")
        if sold_online and not row.active:
            raise NotAllowed(f"{row.name} is off: turn on Offered (Edit) before selling it on the Bookings Page.")
        if sold_online and row.price_cents <= 0:
            raise NotAllowed(f"{row.name} has no price: set one (Edit) before selling it on the Bookings Page.")
        if row.sold_online != sold_online:
            row.sold_online = sold_online
            said = "sold on the Bookings Page" if sold_online else "no longer sold on the Bookings Page"
            uow.audit(actor, "pack_template.sold_online", "pack_template", row.id, summary=f"{row.name}: {said}")
            uow.changed(topics.PACK_TEMPLATES)
        await uow.commit()


async def list_pack_templates(uow: UnitOfWork, *, active_only: bool = False) -> list[TemplateView]:
    async with uow:
        rows = (await uow.session.execute(select(PackTemplateRow).order_by(PackTemplateRow.name))).scalars().all()
        links = (await uow.session.execute(select(pack_template_services))).all()
    services: dict[int, list[int]] = {}
    for template_id, service_id in links:
        services.setdefault(template_id, []).append(service_id)
    return [
        TemplateView(
            r.id,
            r.name,
            r.description,
            r.metric,
            r.size,
            r.price_cents,
            r.reduced_rate_cents,
            r.expiry_days,
            r.active,
            tuple(sorted(services.get(r.id, ()))),
            r.sold_online,
        )
        for r in rows
        if r.active or not active_only
    ]

"""Changing the clinic's currency: allowed only while no money has moved, and prices keep the numbers typed."""

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from domain.formats import MAX_MINOR, Formats
from domain.validation import Errors
from storage.billing import InvoiceRow, PaymentRow
from storage.clinic import clinic_row
from storage.packs import PackRow, PackTemplateRow
from storage.scheduling import AppointmentRow, ServiceRow
from storage.uow import UnitOfWork


async def currency_locked(uow: UnitOfWork, *, current: str) -> str | None:
    """Why the currency can no longer change (inside the caller's transaction), or None."""
    for row, what in ((InvoiceRow, "invoice"), (PaymentRow, "payment"), (PackRow, "session pack")):
        count = await uow.session.scalar(select(func.count()).select_from(row))
        if count:
            return (
                f"The currency cannot change: {count} {what}{'s already exist' if count != 1 else ' already exists'} "
                f"in {current}, "
                "and their amounts would be read in the new currency. A clinic keeps the currency it started "
                "billing in."
            )
    return None


async def currency_lock(uow: UnitOfWork) -> str | None:
    """Setup's question: why the clinic's currency can no longer change, or None."""
    async with uow:
        return await currency_locked(uow, current=(await clinic_row(uow.session)).currency)


async def change_currency(uow: UnitOfWork, *, old: str, new: str) -> None:
    """Refuses the change once an invoice, payment or session pack exists (their amounts were written in the old
    currency and must keep meaning what they meant). Otherwise the prices of services, pack templates and
    appointments are rescaled to the new currency's minor units, so 80.00 AUD becomes 80 JPY, not 8,000."""
    session = uow.session
    if reason := await currency_locked(uow, current=old):
        Errors(currency=reason).raise_if_any()
    shift = Formats(currency=new).digits - Formats(currency=old).digits
    if not shift:
        return
    factor = Decimal(10) ** shift
    priced = [
        (ServiceRow, ("price_cents",)),
        (PackTemplateRow, ("price_cents", "reduced_rate_cents")),
        (AppointmentRow, ("price_cents",)),
    ]
    for table, columns in priced:
        for record in (await session.scalars(select(table))).all():
            for column in columns:
                value = getattr(record, column)
                if value is None:
                    continue
                scaled = int((Decimal(value) * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))
                if scaled > MAX_MINOR:
                    most = Formats(currency=new).money(MAX_MINOR)
                    Errors(currency=f"A price would be more than {most}.").raise_if_any()
                setattr(record, column, scaled)
    # a money pack template's size is an amount too
    for template in (await session.scalars(select(PackTemplateRow).where(PackTemplateRow.metric == "money"))).all():
        template.size = max(1, int((Decimal(template.size) * factor).quantize(Decimal(1), ROUND_HALF_UP)))

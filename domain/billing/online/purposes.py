"""What a paid checkout buys, by its purpose: an invoice's balance (pay by link), a prepaid booking request
(domain/scheduling/online/prepaid.py), or a session pack sold on the Bookings Page (pack_sales.py). Each purpose
says, inside the payment's transaction, which invoice the money pays (made there for a booking or a pack) and
what the payer is told; and what an expired checkout frees."""

from dataclasses import dataclass

from domain.actor import Actor
from storage.billing import InvoiceRow
from storage.online_payments import CheckoutRow
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Settlement:
    invoice_id: int | None  # the invoice the payment pays (None: it becomes account credit)
    said: str  # what the payer is told
    refund_all: bool = False  # what was bought is gone (a time lost to a race): refund it at once, and say so
    email: tuple[str, str, str] | None = None  # (to, subject, body) sent with the payment's commit


async def settle(uow: UnitOfWork, checkout: CheckoutRow, who: Actor) -> Settlement:
    """Inside complete_checkout's transaction, before the payment is recorded."""
    if checkout.purpose == "booking":
        from domain.scheduling.online.prepaid import settle_booking

        return await settle_booking(uow, checkout, who)
    if checkout.purpose == "pack":
        from domain.billing.online.pack_sales import settle_pack_sale

        return await settle_pack_sale(uow, checkout, who)
    # The money was taken: it is recorded even when the invoice was voided meanwhile (as account credit, which
    # staff can refund); refusing here would lose it, as the provider is told the event was handled.
    invoice = (
        await uow.session.get(InvoiceRow, checkout.invoice_id, with_for_update=True) if checkout.invoice_id else None
    )
    return Settlement(invoice.id if invoice is not None and invoice.status == "issued" else None, "")


async def expired(uow: UnitOfWork, checkout: CheckoutRow, who: Actor) -> None:
    """Inside complete_checkout's transaction: a checkout that was never paid frees what it held."""
    if checkout.purpose == "booking":
        from domain.scheduling.online.prepaid import booking_checkout_expired

        await booking_checkout_expired(uow, checkout, who)

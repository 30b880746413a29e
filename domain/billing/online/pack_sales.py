"""Session packs sold on the Bookings Page (stub: built next)."""

from domain.actor import Actor
from domain.billing.online.purposes import Settlement
from storage.online_payments import CheckoutRow
from storage.uow import UnitOfWork


async def settle_pack_sale(uow: UnitOfWork, checkout: CheckoutRow, who: Actor) -> Settlement:
    raise NotImplementedError

"""Prepaid booking requests (stub: built next)."""

from domain.actor import Actor
from domain.billing.online.purposes import Settlement
from storage.online_payments import CheckoutRow
from storage.uow import UnitOfWork


async def settle_booking(uow: UnitOfWork, checkout: CheckoutRow, who: Actor) -> Settlement:
    raise NotImplementedError


async def booking_checkout_expired(uow: UnitOfWork, checkout: CheckoutRow, who: Actor) -> None:
    raise NotImplementedError

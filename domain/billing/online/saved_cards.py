"""Saved cards: a payer may ask, when paying online, that the payment provider keep their card for future payments
to the clinic. The provider keeps the card on a customer of its own; Hearth keeps only that customer's id on the
person (`persons.payment_customer_ref`: "cus_…" at Stripe, "sbx_cus_…" in the sandbox), never a card number, expiry
date or CVC. A later checkout for the same person passes the id back, so the provider offers the saved card.

Removing a saved card here forgets the customer's id: Hearth stops offering the card. The provider's customer and
its card stay in the clinic's Stripe account until removed there (detaching it at Stripe is not done from here)."""

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.billing.invoice_views import provided_to
from domain.clients.persons import person_or_not_found, profile_or_not_found
from domain.errors import NotAllowed
from storage.clients import PersonRow, ProfileRow
from storage.clinic import clinic_row
from storage.households import MemberRow
from storage.online_payments import CheckoutRow
from storage.uow import UnitOfWork

PREFIXES = (("sbx_cus_", "sandbox"), ("cus_", "stripe"))  # the longer first: "sbx_cus_" is the sandbox's
LABELS = {"stripe": "Stripe", "sandbox": "the sandbox"}


def provider_of(customer_ref: str | None) -> str | None:
    """Which provider keeps the card: "stripe", "sandbox", or None (no card saved, or a ref we do not know)."""
    for prefix, provider in PREFIXES:
        if customer_ref and customer_ref.startswith(prefix):
            return provider
    return None


@dataclass(frozen=True)
class SavedCard:
    person_id: int
    person_name: str
    provider: str  # "stripe" or "sandbox"
    saved_on: date | None  # the clinic's date of the payment that saved it (None: not known)

    @property
    def provider_label(self) -> str:
        return LABELS.get(self.provider, self.provider)


async def _saved_card(uow: UnitOfWork, person: PersonRow) -> SavedCard | None:
    provider = provider_of(person.payment_customer_ref)
    if provider is None:
        return None
    saved_at = (
        await uow.session.execute(
            select(CheckoutRow.completed_at)
            .where(
                CheckoutRow.person_id == person.id,
                CheckoutRow.save_card.is_(True),
                CheckoutRow.state == "paid",
                CheckoutRow.provider == provider,
            )
            .order_by(CheckoutRow.completed_at.desc())
            .limit(1)
        )
    ).scalar_one_or_none()
    zone = ZoneInfo((await clinic_row(uow.session)).time_zone)
    return SavedCard(
        person.id,
        f"{person.first_name} {person.last_name}",
        provider,
        saved_at.astimezone(zone).date() if saved_at else None,
    )


async def saved_card(uow: UnitOfWork, *, actor: Actor, person_id: int) -> SavedCard | None:
    """The client's saved card (where it is kept and since when), or None."""
    require(actor, "billing")
    async with uow:
        return await _saved_card(uow, await person_or_not_found(uow, person_id))


async def profile_saved_cards(uow: UnitOfWork, *, actor: Actor, profile_id: int) -> list[SavedCard]:
    """A profile's Billing tab: the saved card of its client, or of each member of a shared profile."""
    require(actor, "billing")
    async with uow:
        people = await provided_to(uow, await profile_or_not_found(uow, profile_id))
        return [card for person in people if (card := await _saved_card(uow, person)) is not None]


async def forget_saved_card(uow: UnitOfWork, *, actor: Actor, person_id: int) -> str:
    """Staff's Remove: Hearth forgets the provider's customer, so the card is no longer offered. Audited. Returns
    what to tell staff (at Stripe the card stays in the clinic's account until removed there)."""
    require(actor, "billing")
    async with uow:
        person = await person_or_not_found(uow, person_id, for_update=True)
        provider = provider_of(person.payment_customer_ref)
        if person.payment_customer_ref is None:
            raise NotAllowed("This client has no saved card (it was removed already).")
        person.payment_customer_ref = None
        where = LABELS.get(provider or "", "the payment provider")
        uow.audit(actor, "payment.card_forgotten", "person", person.id, summary=f"saved card at {where} removed")
        for profile_id in await _profiles_of(uow, person.id):
            uow.changed(topics.billing(profile_id))
        uow.changed(topics.person(person.id))
        await uow.commit()
    if provider == "stripe":
        return "Saved card removed from Hearth; the card stays in the clinic's Stripe account until removed there."
    return f"Saved card removed from Hearth (it was kept by {where})."


async def _profiles_of(uow: UnitOfWork, person_id: int) -> list[int]:
    """The Billing tabs that show this person's saved card: their own and their shared profiles'."""
    own = select(ProfileRow.id).where(ProfileRow.person_id == person_id)
    shared = select(MemberRow.profile_id).where(MemberRow.person_id == person_id)
    return list((await uow.session.execute(own.union(shared))).scalars())

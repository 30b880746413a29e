"""Billing to a relative's account (seed 002): a client who ticked "I would like to give permission for this family
member to bill their payments to my account" (the relationship's `bill_to_me`) lets that family member pay with the
client's saved card, the cards saved later included. In the Client Portal the family member sees, beside Pay,
"Pay with <name>'s saved card" for each such relative who has a card saved at the clinic's payment provider.

Only the provider's customer id is ever passed on (see saved_cards.py); the grant is checked again when the checkout
starts, so a grant ended meanwhile is refused like any record this login cannot reach (not found, audited)."""

from dataclasses import dataclass

from sqlalchemy import select

from domain.billing.online.saved_cards import provider_of
from domain.households.access import (
    FAMILY_RECORD,
    OWN_RECORD,
    Household,
    PortalView,
    reachable_id,
    refuse,
    session_household,
)
from storage.clients import PersonRow
from storage.relationships import RelationshipRow
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class CardChoice:
    """A relative whose saved card this login may pay with."""

    person_id: int
    name: str  # "Mary Smith"


async def _choices(uow: UnitOfWork, household: Household, provider: str | None) -> list[CardChoice]:
    """Inside the caller's transaction: the active grantors of live `bill_to_me` grants to the login's own or family
    records, with a saved card at `provider` (None: at any provider we know)."""
    mine = [r.person_id for r in household.records if r.why in (OWN_RECORD, FAMILY_RECORD)]
    if not mine:
        return []
    rows = await uow.session.execute(
        select(PersonRow)
        .join(RelationshipRow, RelationshipRow.grantor_id == PersonRow.id)
        .where(
            RelationshipRow.grantee_id.in_(mine),
            RelationshipRow.ended_at.is_(None),
            RelationshipRow.bill_to_me.is_(True),
            PersonRow.status == "active",
            PersonRow.payment_customer_ref.is_not(None),
        )
        .order_by(PersonRow.first_name, PersonRow.last_name, PersonRow.id)
    )
    choices: dict[int, CardChoice] = {}
    for person in rows.scalars():
        kept_by = provider_of(person.payment_customer_ref)
        if kept_by is not None and (provider is None or kept_by == provider):
            choices.setdefault(person.id, CardChoice(person.id, f"{person.first_name} {person.last_name}"))
    return list(choices.values())


async def portal_cards(uow: UnitOfWork, *, who: PortalView, provider: str | None = None) -> list[CardChoice]:
    """The other clients' saved cards this login may pay with (their grant lets it bill to their account), at the
    clinic's payment provider `provider` ("stripe", "sandbox"; None: any)."""
    async with uow:
        return await _choices(uow, await session_household(uow, who.token), provider)


async def card_to_bill(
    uow: UnitOfWork, who: PortalView, person_id: int, provider: str, *, ip: str | None = None
) -> CardChoice:
    """Inside the caller's transaction: `person_id`'s saved card when this login may bill to their account right now;
    otherwise not found (the caller's work rolled back, the refusal alone audited)."""
    await reachable_id(uow, who, person_id, "saved card of person", ip=ip)
    for choice in await _choices(uow, await session_household(uow, who.token), provider):
        if choice.person_id == person_id:
            return choice
    await refuse(uow, who, f"saved card of person {person_id}: no grant to bill to their account at {provider}", ip=ip)

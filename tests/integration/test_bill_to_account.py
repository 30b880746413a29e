"""Billing to a relative's account (seed 002, issue 20 item 5): Mary ticks "I would like to give permission for this
family member to bill their payments to my account" for Leo; Leo, signed in to the Client Portal, may pay his invoice
with Mary's saved card. Only while the grant lives, Mary is active and her card is kept by the clinic's provider;
anything else is answered as not found and audited. No card is ever saved onto Mary by Leo's payment."""

import pytest
from sqlalchemy import select

from domain.billing.invoices import ItemInput, add_invoice_item, create_invoice, issue_invoice
from domain.billing.online.bill_to import CardChoice, portal_cards
from domain.billing.online.checkout import checkout_invoice, complete_checkout
from domain.billing.online.portal_invoices import pay_from_portal
from domain.billing.online.provider import CheckoutRequest, ProviderEvent, StartedCheckout
from domain.billing.online.sandbox import SandboxProvider
from domain.errors import NotFound
from domain.households.relationships import end_relationship, relate
from storage.clients import PersonRow, ProfileRow
from storage.online_payments import CheckoutRow
from tests.integration.helpers import OWNER, URL, add, audit_entries, mary, ready_clinic
from tests.integration.portal_helpers import portal_client

MARYS_CARD = "sbx_cus_mary0001"


class Recording(SandboxProvider):
    """The sandbox, remembering what each checkout asked of it."""

    def __init__(self, public_url: str) -> None:
        super().__init__(public_url)
        self.requests: list[CheckoutRequest] = []

    async def start_checkout(self, request: CheckoutRequest) -> StartedCheckout:
        self.requests.append(request)
        return await super().start_checkout(request)


async def set_card(db, person_id: int, ref: str | None) -> None:
    async with db.uow() as uow:
        (await uow.get(PersonRow, person_id)).payment_customer_ref = ref
        await uow.commit()


async def card_of(db, person_id: int) -> str | None:
    async with db.uow() as uow:
        return (await uow.get(PersonRow, person_id)).payment_customer_ref


async def checkouts(db) -> list[CheckoutRow]:
    async with db.uow() as uow:
        return list((await uow.session.execute(select(CheckoutRow).order_by(CheckoutRow.id))).scalars())


async def leos_invoice(db, leo: int) -> int:
    async with db.uow() as uow:
        profile = (await uow.session.execute(select(ProfileRow.id).where(ProfileRow.person_id == leo))).scalar_one()
    invoice = await create_invoice(db.uow(), actor=OWNER, profile_id=profile)
    await add_invoice_item(
        db.uow(),
        actor=OWNER,
        invoice_id=invoice.id,
        item=ItemInput("Consultation", unit_price="90.00", tax_percent="0"),
    )
    await issue_invoice(db.uow(), actor=OWNER, invoice_id=invoice.id)
    return invoice.id


async def family(db, *, grants=("bill_to_me",), card: str | None = MARYS_CARD):
    """Mary (with a saved sandbox card) and her son Leo, signed in to the portal; Mary grants Leo `grants`."""
    c = await ready_clinic(db)
    leo = await add(db, mary(first_name="Leo", email="leo@example.com", phone="0413 222 333"))
    if grants:
        await relate(db.uow(), actor=OWNER, person_id=c.mary_person, other_id=leo, relation="child", gives=grants)
    await set_card(db, c.mary_person, card)
    return c, leo, await portal_client(db, leo), await leos_invoice(db, leo)


async def test_leo_pays_his_invoice_with_marys_saved_card(db):
    c, leo, who, invoice = await family(db)
    assert await portal_cards(db.uow(), who=who, provider="sandbox") == [CardChoice(c.mary_person, "Mary Smith")]
    assert await portal_cards(db.uow(), who=who) == [CardChoice(c.mary_person, "Mary Smith")]
    assert await portal_cards(db.uow(), who=who, provider="stripe") == []  # her card is kept by the sandbox
    provider = Recording(URL)
    url = await pay_from_portal(
        db.uow(), who=who, invoice_id=invoice, provider=provider, public_url=URL, card_of=c.mary_person
    )
    assert url.startswith(f"{URL}/pay/sandbox/")
    [request] = provider.requests
    assert (request.customer_ref, request.save_card, request.amount_cents) == (MARYS_CARD, False, 9000)
    [checkout] = await checkouts(db)
    assert (checkout.invoice_id, checkout.person_id, checkout.save_card) == (invoice, leo, False)
    [started] = await audit_entries(db, "payment.checkout_started")
    assert "with Mary Smith's saved card (billed to their account)" in started.summary
    assert "their saved card offered" not in started.summary
    # Plain Pay still offers Leo's own (none): Mary's card only when he chose it.
    await pay_from_portal(db.uow(), who=who, invoice_id=invoice, provider=provider, public_url=URL)
    assert provider.requests[1].customer_ref is None


async def test_billing_to_mary_never_saves_a_card_onto_anyone(db):
    c, leo, _who, invoice = await family(db)
    provider = Recording(URL)
    await checkout_invoice(  # even when asked to save: no card is saved for Mary's account or Leo's
        db.uow(), invoice_id=invoice, provider=provider, back=URL, actor=OWNER, save_card=True,
        customer_ref_of=c.mary_person,
    )  # fmt: skip
    assert provider.requests[0].save_card is False
    [checkout] = await checkouts(db)
    assert checkout.save_card is False
    event = ProviderEvent(
        "sbx_evt_1", "paid", checkout.provider_ref, 9000, checkout.currency, "sbx_pi_1", "sbx_cus_new"
    )
    await complete_checkout(db.uow(), provider=provider, event=event)
    assert (await card_of(db, c.mary_person), await card_of(db, leo)) == (MARYS_CARD, None)
    assert await audit_entries(db, "payment.card_saved") == []


async def refused(db, who, invoice: int, person_id: int, provider=None) -> None:
    before = len(await audit_entries(db, "portal.refused"))
    provider = provider or Recording(URL)
    with pytest.raises(NotFound):
        await pay_from_portal(db.uow(), who=who, invoice_id=invoice, provider=provider, public_url=URL,
                              card_of=person_id)  # fmt: skip
    entries = await audit_entries(db, "portal.refused")
    assert len(entries) == before + 1 and f"saved card of person {person_id}" in entries[-1].summary
    assert await checkouts(db) == []


async def test_without_the_grant_marys_card_is_not_offered_and_refused(db):
    c, _leo, who, invoice = await family(db, grants=("view_pay", "financial"))  # View and Pay alone: not her card
    assert await portal_cards(db.uow(), who=who, provider="sandbox") == []
    await refused(db, who, invoice, c.mary_person)


async def test_no_relationship_at_all_or_a_tampered_id_is_refused(db):
    c, leo, who, invoice = await family(db, grants=())
    assert await portal_cards(db.uow(), who=who, provider="sandbox") == []
    await refused(db, who, invoice, c.mary_person)
    await refused(db, who, invoice, leo)  # his own record: no grant to bill to himself
    await refused(db, who, invoice, 2**40)  # too large for any id: refused before any query


async def test_an_ended_relationship_stops_it_at_once(db):
    c, leo, who, invoice = await family(db)
    assert await portal_cards(db.uow(), who=who, provider="sandbox")
    await end_relationship(db.uow(), actor=OWNER, person_id=leo, other_id=c.mary_person)
    assert await portal_cards(db.uow(), who=who, provider="sandbox") == []
    await refused(db, who, invoice, c.mary_person)  # a page still showing the button: refused on the action


async def test_mary_without_a_card_or_with_one_at_another_provider_is_not_offered(db):
    c, _leo, who, invoice = await family(db, card=None)
    assert await portal_cards(db.uow(), who=who) == []
    await refused(db, who, invoice, c.mary_person)
    await set_card(db, c.mary_person, "cus_Stripe123")  # saved at Stripe; the clinic now takes the sandbox
    assert await portal_cards(db.uow(), who=who, provider="sandbox") == []
    await refused(db, who, invoice, c.mary_person)


async def test_an_archived_grantor_is_not_offered(db):
    c, _leo, who, invoice = await family(db)
    async with db.uow() as uow:
        (await uow.get(PersonRow, c.mary_person)).status = "archived"
        await uow.commit()
    assert await portal_cards(db.uow(), who=who, provider="sandbox") == []
    await refused(db, who, invoice, c.mary_person)


async def test_view_and_pay_alone_never_offers_the_relative_s_own_card(db):
    """Leo lets Mary View and Pay (not bill to his account): Mary pays Leo's invoice with her own saved card, if any;
    Leo's saved card is never offered to her, and nothing is saved onto Leo."""
    c = await ready_clinic(db)
    leo = await add(db, mary(first_name="Leo", email="leo@example.com", phone="0413 222 333"))
    await relate(db.uow(), actor=OWNER, person_id=leo, other_id=c.mary_person, relation="parent", gives=["view_pay"])
    await set_card(db, leo, "sbx_cus_leo00001")
    await set_card(db, c.mary_person, None)
    invoice = await leos_invoice(db, leo)
    marys = await portal_client(db, c.mary_person)
    provider = Recording(URL)
    await pay_from_portal(db.uow(), who=marys, invoice_id=invoice, provider=provider, public_url=URL)
    assert provider.requests[-1].customer_ref is None  # Mary has none; Leo's is his
    assert (await checkouts(db))[-1].card_person_id == c.mary_person
    await set_card(db, c.mary_person, MARYS_CARD)
    await pay_from_portal(db.uow(), who=marys, invoice_id=invoice, provider=provider, public_url=URL)
    assert provider.requests[-1].customer_ref == MARYS_CARD
    assert not provider.requests[-1].save_card

"""Saved cards (issue 17, item 7): a payer may ask the provider to keep their card when paying by link. Hearth keeps
only the provider's customer on the invoice's payee ("cus_…" at Stripe, "sbx_cus_…" in the sandbox), passes it back
on the next checkout so the saved card is offered, and staff can remove it (audited). No card number, expiry or CVC
is stored anywhere: not on any row, not in the audit log."""

import pytest
from sqlalchemy import select, text

from domain.billing.online.checkout import read_pay_link, start_invoice_checkout
from domain.billing.online.sandbox import PAID, pay_sandbox_checkout
from domain.billing.online.saved_cards import forget_saved_card, profile_saved_cards, provider_of, saved_card
from domain.billing.online.stripe_gateway import StripeProvider
from domain.errors import NotAllowed, ValidationFailed
from storage.audit import AuditEntryRow
from storage.clients import PersonRow
from storage.online_payments import CheckoutRow
from tests.integration.helpers import OWNER, URL, audit_entries, ready_clinic
from tests.integration.test_online_payments import SANDBOX, emailed_token, issued_invoice, ref_of, rows
from tests.integration.test_stripe_payments import deliver
from tests.support_stripe import KEY, WEBHOOK_SECRET, StripeStandIn, checkout_event


@pytest.fixture
def stand_in():
    server = StripeStandIn().start()
    yield server
    server.stop()


@pytest.fixture
def stripe_provider(stand_in) -> StripeProvider:
    return StripeProvider(KEY, WEBHOOK_SECRET, stand_in.url)


async def customer_ref(db, person_id: int) -> str | None:
    async with db.uow() as uow:
        return (await uow.get(PersonRow, person_id)).payment_customer_ref


async def pay_link(db, c) -> str:
    return await emailed_token(db, await issued_invoice(db, c))


async def pay_now(db, c, provider, *, save_card: bool = False) -> str:
    """A new invoice for Mary, emailed, and its Pay now pressed (the box "Save my card" ticked or not)."""
    token = await pay_link(db, c)
    return await start_invoice_checkout(
        db.uow(), token=token, provider=provider, public_url=URL, ip=None, save_card=save_card
    )


async def no_card_data_anywhere(db) -> None:
    """The test card's number is in no audit entry and no column of the tables a payment touches."""
    async with db.uow() as uow:
        summaries = " ".join(e.summary for e in (await uow.session.execute(select(AuditEntryRow))).scalars())
        for table in ("persons", "checkouts", "payments", "provider_events"):
            dumped = " ".join(str(r) for r in (await uow.session.execute(text(f"SELECT * FROM {table}"))).all())
            assert PAID not in dumped and "4242 4242" not in dumped, table
    assert PAID not in summaries and "4242 4242" not in summaries


def test_the_provider_of_a_saved_card_comes_from_its_prefix():
    assert provider_of("cus_Q1w2e3") == "stripe"
    assert provider_of("sbx_cus_abc") == "sandbox"
    assert provider_of("pm_123") is None and provider_of(None) is None and provider_of("") is None


async def test_pay_now_asks_stripe_to_keep_the_card_when_the_payer_ticks_save(db, stand_in, stripe_provider):
    c = await ready_clinic(db)
    await pay_now(db, c, stripe_provider, save_card=True)
    [sent] = stand_in.sent("/v1/checkout/sessions")
    assert sent.form["customer_creation"] == "always"
    assert sent.form["payment_intent_data[setup_future_usage]"] == "off_session"
    assert sent.form["customer_email"] == "mary@example.com" and "customer" not in sent.form
    [checkout] = await rows(db, CheckoutRow)
    assert (checkout.save_card, checkout.person_id) == (True, c.mary_person)
    [started] = await audit_entries(db, "payment.checkout_started")
    assert "asked to save their card" in started.summary


async def test_pay_now_without_save_asks_stripe_for_no_customer(db, stand_in, stripe_provider):
    c = await ready_clinic(db)
    await pay_now(db, c, stripe_provider)
    [sent] = stand_in.sent("/v1/checkout/sessions")
    assert not {"customer", "customer_creation", "payment_intent_data[setup_future_usage]"} & set(sent.form)
    [checkout] = await rows(db, CheckoutRow)
    assert (checkout.save_card, checkout.person_id) == (False, c.mary_person)  # the payee, saved card or not


async def test_a_completed_stripe_payment_saves_the_customer_on_the_payee(db, stand_in, stripe_provider):
    c = await ready_clinic(db)
    token = await pay_link(db, c)
    await start_invoice_checkout(
        db.uow(), token=token, provider=stripe_provider, public_url=URL, ip=None, save_card=True
    )
    [session] = stand_in.sessions.values()
    event = checkout_event(session)
    customer = event["data"]["object"]["customer"]
    assert customer.startswith("cus_test_")
    assert await deliver(db, stripe_provider, event) == "Payment of $120.00 received. Thank you!"
    assert await customer_ref(db, c.mary_person) == customer
    [saved] = await audit_entries(db, "payment.card_saved")
    assert (saved.record_type, saved.record_id, saved.summary) == ("person", c.mary_person, "at Stripe")

    card = await saved_card(db.uow(), actor=OWNER, person_id=c.mary_person)
    assert card is not None and (card.provider, card.provider_label, card.person_name) == (
        "stripe",
        "Stripe",
        "Mary Smith",
    )
    assert card.saved_on is not None
    assert await profile_saved_cards(db.uow(), actor=OWNER, profile_id=c.mary_profile) == [card]
    assert (await read_pay_link(db.uow(), token=token)).saved_card_provider == "stripe"


async def test_a_completed_stripe_payment_without_save_stores_no_customer(db, stand_in, stripe_provider):
    c = await ready_clinic(db)
    await pay_now(db, c, stripe_provider)
    [session] = stand_in.sessions.values()
    await deliver(db, stripe_provider, checkout_event(session, customer="cus_test_guest"))  # Stripe made one anyway
    assert await customer_ref(db, c.mary_person) is None
    assert await saved_card(db.uow(), actor=OWNER, person_id=c.mary_person) is None
    assert await audit_entries(db, "payment.card_saved") == []


async def test_paying_again_by_link_offers_the_saved_stripe_card(db, stand_in, stripe_provider):
    c = await ready_clinic(db)
    await pay_now(db, c, stripe_provider, save_card=True)
    [session] = stand_in.sessions.values()
    await deliver(db, stripe_provider, checkout_event(session, customer="cus_test_mary"))

    await pay_now(db, c, stripe_provider)
    sent = stand_in.sent("/v1/checkout/sessions")[-1].form
    assert sent["customer"] == "cus_test_mary"
    assert "customer_email" not in sent  # Stripe takes one or the other
    assert "customer_creation" not in sent and "payment_intent_data[setup_future_usage]" not in sent
    filters = {v for k, v in sent.items() if k.startswith("saved_payment_method_options[allow_redisplay_filters]")}
    assert filters == {"always", "limited"}  # a card saved by Checkout is "limited": shown only when asked for

    await start_invoice_checkout(  # saving again (another card): the same customer keeps it
        db.uow(), token=await pay_link(db, c), provider=stripe_provider, public_url=URL, ip=None, save_card=True
    )
    sent = stand_in.sent("/v1/checkout/sessions")[-1].form
    assert sent["customer"] == "cus_test_mary" and "customer_creation" not in sent
    assert sent["payment_intent_data[setup_future_usage]"] == "off_session"


async def test_a_sandbox_card_saved_at_payment_pays_the_next_invoice_without_a_number(db):
    c = await ready_clinic(db)
    url = await pay_now(db, c, SANDBOX, save_card=True)
    await pay_sandbox_checkout(db.uow(), provider=SANDBOX, ref=ref_of(url), card_number=PAID, ip=None)
    ref = await customer_ref(db, c.mary_person)
    assert ref is not None and ref.startswith("sbx_cus_")
    card = await saved_card(db.uow(), actor=OWNER, person_id=c.mary_person)
    assert card is not None and (card.provider, card.provider_label) == ("sandbox", "the sandbox")

    url = await pay_now(db, c, SANDBOX)
    said = await pay_sandbox_checkout(db.uow(), provider=SANDBOX, ref=ref_of(url), ip=None, use_saved_card=True)
    assert said == "Payment of $120.00 received. Thank you!"
    assert await customer_ref(db, c.mary_person) == ref  # unchanged
    await no_card_data_anywhere(db)


async def test_a_sandbox_payment_without_save_keeps_no_card(db):
    c = await ready_clinic(db)
    url = await pay_now(db, c, SANDBOX)
    with pytest.raises(ValidationFailed, match="no saved card"):
        await pay_sandbox_checkout(db.uow(), provider=SANDBOX, ref=ref_of(url), ip=None, use_saved_card=True)
    await pay_sandbox_checkout(db.uow(), provider=SANDBOX, ref=ref_of(url), card_number=PAID, ip=None)
    assert await customer_ref(db, c.mary_person) is None
    await no_card_data_anywhere(db)


async def test_a_card_saved_at_another_provider_is_not_offered(db, stand_in, stripe_provider):
    c = await ready_clinic(db)
    url = await pay_now(db, c, SANDBOX, save_card=True)
    await pay_sandbox_checkout(db.uow(), provider=SANDBOX, ref=ref_of(url), card_number=PAID, ip=None)
    await pay_now(db, c, stripe_provider)
    [sent] = stand_in.sent("/v1/checkout/sessions")
    assert "customer" not in sent.form and sent.form["customer_email"] == "mary@example.com"


async def test_staff_remove_a_saved_card_and_it_is_audited(db, stand_in, stripe_provider):
    c = await ready_clinic(db)
    await pay_now(db, c, stripe_provider, save_card=True)
    [session] = stand_in.sessions.values()
    await deliver(db, stripe_provider, checkout_event(session))

    said = await forget_saved_card(db.uow(), actor=OWNER, person_id=c.mary_person)
    assert said == (
        "Saved card removed from Hearth; the card stays in the clinic's Stripe account until removed there."
    )
    assert await customer_ref(db, c.mary_person) is None
    assert await saved_card(db.uow(), actor=OWNER, person_id=c.mary_person) is None
    [forgotten] = await audit_entries(db, "payment.card_forgotten")
    assert (forgotten.record_type, forgotten.record_id) == ("person", c.mary_person)
    with pytest.raises(NotAllowed, match="no saved card"):
        await forget_saved_card(db.uow(), actor=OWNER, person_id=c.mary_person)

    await pay_now(db, c, stripe_provider)
    assert "customer" not in stand_in.sent("/v1/checkout/sessions")[-1].form  # no longer offered

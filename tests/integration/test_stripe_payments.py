"""Pay by link through Stripe (issue 17), with no test reaching Stripe: the `stripe` library's calls go to a local
stand-in (tests/support_stripe.py), and Stripe's webhooks are built here and signed with the endpoint's secret.

The checkout asks Stripe for the balance our database holds; a signed "paid" event records one Payment however
often it comes; a refund goes back to Stripe on the payment intent, and only what is left can be refunded."""

import time

import pytest

from domain.billing.invoices import void_invoice
from domain.billing.online.checkout import complete_checkout, start_invoice_checkout
from domain.billing.online.provider import BadEvent, ProviderError
from domain.billing.online.refunds import paid_online_through, refund_online
from domain.billing.online.stripe_gateway import StripeProvider
from domain.billing.payments import account
from domain.errors import NotAllowed, ValidationFailed
from storage.billing import PaymentRow, RefundRow
from storage.online_payments import CheckoutRow
from tests.integration.helpers import OWNER, URL, audit_entries, ready_clinic
from tests.integration.test_online_payments import balance, emailed_token, issued_invoice, rows
from tests.support_stripe import KEY, WEBHOOK_SECRET, StripeStandIn, checkout_event, signed


@pytest.fixture
def stand_in():
    server = StripeStandIn().start()
    yield server
    server.stop()


@pytest.fixture
def stripe_provider(stand_in) -> StripeProvider:
    return StripeProvider(KEY, WEBHOOK_SECRET, stand_in.url)


async def stripe_checkout(db, stand_in, provider) -> tuple[int, dict, str]:
    """An issued invoice of $120.00 for Mary, its Pay now link followed: (invoice id, Stripe's session, token)."""
    c = await ready_clinic(db)
    invoice_id = await issued_invoice(db, c)
    token = await emailed_token(db, invoice_id)
    await start_invoice_checkout(db.uow(), token=token, provider=provider, public_url=URL, ip="203.0.113.9")
    [session] = stand_in.sessions.values()
    return invoice_id, session, token


async def deliver(db, provider: StripeProvider, event: dict) -> str:
    """Stripe's webhook, as the route handles it: the signature checked, then the event handled."""
    return await complete_checkout(db.uow(), provider=provider, event=provider.read_event(*signed(event)))


async def test_pay_now_starts_a_stripe_checkout_for_the_balance(db, stand_in, stripe_provider):
    c = await ready_clinic(db)
    invoice_id = await issued_invoice(db, c)
    token = await emailed_token(db, invoice_id)
    url = await start_invoice_checkout(db.uow(), token=token, provider=stripe_provider, public_url=URL, ip=None)

    [sent] = stand_in.sent("/v1/checkout/sessions")
    form = sent.form
    assert (form["mode"], form["line_items[0][quantity]"]) == ("payment", "1")
    assert form["line_items[0][price_data][currency]"] == "aud"
    assert form["line_items[0][price_data][unit_amount]"] == "12000"
    assert form["line_items[0][price_data][product_data][name]"].startswith("Invoice INV-")
    assert (form["success_url"], form["cancel_url"]) == (f"{URL}/pay/{token}/done", f"{URL}/pay/{token}")
    assert form["customer_email"] == "mary@example.com"
    expires = int(form["expires_at"])
    assert time.time() + 30 * 60 < expires < time.time() + 24 * 3600  # what Stripe accepts
    assert sent.headers["authorization"] == f"Bearer {KEY}" and sent.headers["idempotency-key"]

    [session] = stand_in.sessions.values()
    assert url == session["url"] and url.startswith("https://checkout.stripe.test/")
    [checkout] = await rows(db, CheckoutRow)
    assert (checkout.provider, checkout.provider_ref, checkout.state) == ("stripe", session["id"], "open")
    assert (checkout.amount_cents, checkout.currency, checkout.invoice_id) == (12000, "AUD", invoice_id)
    assert int(checkout.expires_at.timestamp()) == expires  # our hold lasts as long as Stripe's session
    assert len(await audit_entries(db, "payment.checkout_started")) == 1


async def test_a_signed_paid_event_records_one_payment_however_often_it_comes(db, stand_in, stripe_provider):
    invoice_id, session, _ = await stripe_checkout(db, stand_in, stripe_provider)
    event = checkout_event(session, event_id="evt_test_paid")
    assert await deliver(db, stripe_provider, event) == "Payment of $120.00 received. Thank you!"
    assert await balance(db, invoice_id) == 0
    [payment] = await rows(db, PaymentRow)
    intent = event["data"]["object"]["payment_intent"]
    assert (payment.method, payment.amount_cents, payment.provider_reference) == ("online", 12000, intent)
    assert await paid_online_through(db.uow(), payment_id=payment.id) == "stripe"
    [recorded] = await audit_entries(db, "payment.recorded")
    assert recorded.actor_label == "Stripe (payment provider)"

    assert await deliver(db, stripe_provider, event) == "This event was already handled."  # Stripe sent it again
    another = checkout_event(session, "checkout.session.async_payment_succeeded", payment_intent=intent)
    assert await deliver(db, stripe_provider, another) == "This checkout was already paid."
    assert len(await rows(db, PaymentRow)) == 1
    [checkout] = await rows(db, CheckoutRow)
    assert (checkout.state, checkout.payment_id, checkout.payment_intent) == ("paid", payment.id, intent)


async def test_a_bank_debit_on_its_way_is_recorded_when_it_arrives(db, stand_in, stripe_provider):
    invoice_id, session, _ = await stripe_checkout(db, stand_in, stripe_provider)
    waiting = checkout_event(session, payment_status="unpaid")  # completed, the money not there yet
    assert await deliver(db, stripe_provider, waiting) == "Nothing to do for this event."
    assert await rows(db, PaymentRow) == []
    arrived = checkout_event(session, "checkout.session.async_payment_succeeded")
    assert await deliver(db, stripe_provider, arrived) == "Payment of $120.00 received. Thank you!"
    assert await balance(db, invoice_id) == 0


async def test_a_webhook_with_a_wrong_or_old_signature_changes_nothing(db, stand_in, stripe_provider):
    _, session, _ = await stripe_checkout(db, stand_in, stripe_provider)
    event = checkout_event(session)
    with pytest.raises(BadEvent):
        stripe_provider.read_event(*signed(event, "whsec_someone_else"))
    body, header = signed(event)
    with pytest.raises(BadEvent):
        stripe_provider.read_event(body.replace(b"12000", b"1"), header)  # changed after Stripe signed it
    with pytest.raises(BadEvent, match="tolerance"):
        stripe_provider.read_event(*signed(event, timestamp=int(time.time()) - 301))
    assert stripe_provider.read_event(*signed(event, timestamp=int(time.time()) - 240)).kind == "paid"
    assert await rows(db, PaymentRow) == []


async def test_a_paid_amount_or_currency_that_differs_is_refused_and_audited(db, stand_in, stripe_provider):
    invoice_id, session, _ = await stripe_checkout(db, stand_in, stripe_provider)
    with pytest.raises(NotAllowed, match="differs"):
        await deliver(db, stripe_provider, checkout_event(session, amount_total=100))
    with pytest.raises(NotAllowed, match="differs"):
        await deliver(db, stripe_provider, checkout_event(session, currency="usd"))
    assert await rows(db, PaymentRow) == []
    assert await balance(db, invoice_id) == 12000
    refused = await audit_entries(db, "payment.refused")
    assert [e.record_id for e in refused] == [invoice_id, invoice_id]
    assert "100 AUD" in refused[0].summary and "12000 USD" in refused[1].summary
    [checkout] = await rows(db, CheckoutRow)
    assert checkout.state == "open"


async def test_an_expired_stripe_checkout_is_closed_without_a_payment(db, stand_in, stripe_provider):
    invoice_id, session, _ = await stripe_checkout(db, stand_in, stripe_provider)
    expired = checkout_event(session, "checkout.session.expired")
    assert await deliver(db, stripe_provider, expired) == "The checkout expired."
    [checkout] = await rows(db, CheckoutRow)
    assert checkout.state == "expired"
    assert await rows(db, PaymentRow) == []
    assert [e.record_id for e in await audit_entries(db, "payment.checkout_expired")] == [invoice_id]


async def test_a_payment_for_an_invoice_voided_meanwhile_is_kept_as_credit(db, stand_in, stripe_provider):
    invoice_id, session, _ = await stripe_checkout(db, stand_in, stripe_provider)
    await void_invoice(db.uow(), actor=OWNER, invoice_id=invoice_id, reason="Issued twice")
    assert await deliver(db, stripe_provider, checkout_event(session)) == "Payment of $120.00 received. Thank you!"
    [payment] = await rows(db, PaymentRow)
    after = await account(db.uow(), actor=OWNER, profile_id=payment.profile_id)
    assert after.credit_cents == 12000  # the money Stripe took is not lost: staff can refund it


async def test_a_refund_goes_back_to_stripe_on_the_payment_intent(db, stand_in, stripe_provider):
    invoice_id, session, _ = await stripe_checkout(db, stand_in, stripe_provider)
    event = checkout_event(session)
    await deliver(db, stripe_provider, event)
    [payment] = await rows(db, PaymentRow)
    providers = {"stripe": stripe_provider}

    await refund_online(
        db.uow(), actor=OWNER, payment_id=payment.id, amount="20", reason="Shorter session", providers=providers
    )
    [sent] = stand_in.sent("/v1/refunds")
    assert sent.form == {"payment_intent": event["data"]["object"]["payment_intent"], "amount": "2000"}
    [refund] = await rows(db, RefundRow)
    assert refund.amount_cents == 2000 and refund.provider_reference.startswith("re_test_")
    assert await balance(db, invoice_id) == 2000
    assert "re_test_" in (await audit_entries(db, "payment.refunded"))[0].summary

    with pytest.raises(ValidationFailed, match=r"At most \$100.00"):
        await refund_online(db.uow(), actor=OWNER, payment_id=payment.id, amount="101", reason="x", providers=providers)
    assert len(stand_in.sent("/v1/refunds")) == 1  # refused before anything went to Stripe


async def test_a_refund_stripe_refuses_records_nothing(db, stand_in, stripe_provider):
    invoice_id, session, _ = await stripe_checkout(db, stand_in, stripe_provider)
    await deliver(db, stripe_provider, checkout_event(session))
    [payment] = await rows(db, PaymentRow)
    providers = {"stripe": stripe_provider}

    stand_in.fail(400, "Charge ch_1 has already been refunded.", code="charge_already_refunded")
    with pytest.raises(ProviderError, match="already been refunded"):
        await refund_online(db.uow(), actor=OWNER, payment_id=payment.id, amount="20", reason="x", providers=providers)
    stand_in.fail(500)
    with pytest.raises(ProviderError, match="Try again in a minute"):
        await refund_online(db.uow(), actor=OWNER, payment_id=payment.id, amount="20", reason="x", providers=providers)
    assert await rows(db, RefundRow) == []
    assert await audit_entries(db, "payment.refunded") == []
    assert await balance(db, invoice_id) == 0


async def test_stripe_failing_to_start_a_checkout_leaves_no_checkout(db, stand_in, stripe_provider):
    c = await ready_clinic(db)
    token = await emailed_token(db, await issued_invoice(db, c))
    stand_in.fail(500)
    with pytest.raises(ProviderError, match="Try again in a minute"):
        await start_invoice_checkout(db.uow(), token=token, provider=stripe_provider, public_url=URL, ip=None)
    assert await rows(db, CheckoutRow) == []
    assert await audit_entries(db, "payment.checkout_started") == []
    wrong_key = StripeProvider("sk_test_wrong", WEBHOOK_SECRET, stand_in.url)
    with pytest.raises(ProviderError, match="HEARTH_STRIPE_SECRET_KEY"):
        await start_invoice_checkout(db.uow(), token=token, provider=wrong_key, public_url=URL, ip=None)

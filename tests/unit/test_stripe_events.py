"""Stripe's webhooks read without a database: the signature (as Stripe computes it, with the library's 300-second
tolerance), what each event means to us, and Stripe's errors turned into messages a person can act on."""

import socket
import time

import pytest
import stripe

from domain.billing.online.provider import BadEvent, ProviderError
from domain.billing.online.stripe_gateway import StripeProvider, event_of
from tests.support_stripe import KEY, WEBHOOK_SECRET, StripeStandIn, checkout_event, signed

SESSION = {"id": "cs_test_1", "object": "checkout.session", "amount_total": 12000, "currency": "aud"}
PROVIDER = StripeProvider(KEY, WEBHOOK_SECRET, "http://127.0.0.1:9")  # never called here


def test_our_signature_is_the_one_the_library_computes():
    body, header = signed({"id": "evt_1", "object": "event"}, timestamp=1_700_000_000)
    assert header == stripe.WebhookSignature.generate_signature_header(body.decode(), WEBHOOK_SECRET, 1_700_000_000)


def test_a_completed_and_paid_session_is_a_payment():
    event = PROVIDER.read_event(*signed(checkout_event(SESSION, event_id="evt_1", payment_intent="pi_1")))
    assert (event.event_id, event.kind, event.provider_ref) == ("evt_1", "paid", "cs_test_1")
    assert (event.amount_cents, event.currency, event.payment_intent) == (12000, "AUD", "pi_1")


@pytest.mark.parametrize(
    ("kind", "changes", "meaning"),
    [
        ("checkout.session.completed", {"payment_status": "unpaid"}, "ignored"),  # a bank debit on its way
        ("checkout.session.async_payment_succeeded", {}, "paid"),
        ("checkout.session.async_payment_failed", {"payment_status": "unpaid"}, "ignored"),
        ("checkout.session.expired", {}, "expired"),
    ],
)
def test_what_each_checkout_event_means(kind, changes, meaning):
    assert event_of(checkout_event(SESSION, kind, **changes)).kind == meaning


def test_an_event_about_something_else_is_ignored():
    charge = {"id": "evt_2", "type": "charge.refunded", "data": {"object": {"id": "ch_1", "object": "charge"}}}
    assert event_of(charge).kind == "ignored" and event_of(charge).provider_ref is None


def test_an_expanded_payment_intent_gives_its_id():
    expanded = checkout_event(SESSION, payment_intent={"id": "pi_9", "object": "payment_intent"})
    assert event_of(expanded).payment_intent == "pi_9"


def test_the_signature_must_be_recent_within_five_minutes():
    event = checkout_event(SESSION)
    assert PROVIDER.read_event(*signed(event, timestamp=int(time.time()) - 290)).kind == "paid"
    with pytest.raises(BadEvent, match="tolerance"):
        PROVIDER.read_event(*signed(event, timestamp=int(time.time()) - 301))


def test_a_webhook_without_a_good_signature_is_refused():
    body, header = signed(checkout_event(SESSION))
    with pytest.raises(BadEvent):
        PROVIDER.read_event(body, "")
    with pytest.raises(BadEvent):
        PROVIDER.read_event(body, "t=1,v0=abc")
    with pytest.raises(BadEvent):
        PROVIDER.read_event(*signed(checkout_event(SESSION), "whsec_other"))
    with pytest.raises(BadEvent, match="HEARTH_STRIPE_WEBHOOK_SECRET"):
        StripeProvider(KEY, None).read_event(body, header)
    junk = b"not json"
    with pytest.raises(BadEvent, match="not a Stripe event"):
        PROVIDER.read_event(junk, stripe.WebhookSignature.generate_signature_header(junk.decode(), WEBHOOK_SECRET))


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_stripe_not_answering_says_to_try_again():
    provider = StripeProvider(KEY, WEBHOOK_SECRET, f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(ProviderError, match=r"Stripe did not answer.*Try again in a minute"):
        await provider.refund(payment_intent="pi_1", amount_cents=100)


async def test_each_provider_keeps_its_own_key_and_address():
    stand_in = StripeStandIn().start()
    try:
        await StripeProvider(KEY, WEBHOOK_SECRET, stand_in.url).refund(payment_intent="pi_1", amount_cents=100)
    finally:
        stand_in.stop()
    assert len(stand_in.sent("/v1/refunds")) == 1
    assert stripe.api_key is None and stripe.api_base == "https://api.stripe.com"  # the library's globals untouched

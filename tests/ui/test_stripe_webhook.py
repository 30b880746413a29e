"""Stripe's webhook against the running app: POST /webhooks/stripe with a signed event (no staff session, no
cookies) records the payment once; a bad signature is refused. Stripe's API is the local stand-in."""

import re

import httpx
import pytest
from nicegui import app
from nicegui.testing import User

from domain.billing.documents import email_invoice
from domain.billing.invoices import list_invoices
from domain.billing.online.checkout import start_invoice_checkout
from domain.messaging.outbox import list_outbox
from tests.support_stripe import KEY, WEBHOOK_SECRET, StripeStandIn, checkout_event, signed
from tests.ui.helpers import DEMO_OWNER, profile_id

JOHN = "John Smith"  # the demo's client with a part-paid invoice ($1,100.00, $500.00 paid)
URL = "http://localhost:8080"


@pytest.fixture
def stand_in(monkeypatch):
    """Request before `user`: the app starts with Stripe set up, its API at the stand-in."""
    server = StripeStandIn().start()
    monkeypatch.setenv("HEARTH_STRIPE_SECRET_KEY", KEY)
    monkeypatch.setenv("HEARTH_STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
    monkeypatch.setenv("HEARTH_STRIPE_API_BASE", server.url)
    yield server
    server.stop()


def _state():
    from ui.state import state

    return state


async def johns_invoice():
    invoices = await list_invoices(_state().db.uow(read_only=True), actor=DEMO_OWNER, profile_id=await profile_id(JOHN))
    [invoice] = [v for v in invoices if v.status == "issued"]
    return invoice


async def johns_stripe_session(stand_in: StripeStandIn) -> dict:
    """John follows his invoice email's Pay now link: a Stripe Checkout Session (at the stand-in)."""
    db = _state().db
    await email_invoice(db.uow(), actor=DEMO_OWNER, invoice_id=(await johns_invoice()).id, pay_url=URL)
    body = (await list_outbox(db.uow(read_only=True), actor=DEMO_OWNER, time_zone="Australia/Sydney"))[0].body
    [token] = re.findall(r"/pay/(\S+)", body)
    provider = _state().payments["stripe"]
    await start_invoice_checkout(db.uow(), token=token, provider=provider, public_url=URL, ip=None)
    [session] = stand_in.sessions.values()
    return session


async def post_webhook(body: bytes, signature: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hearth.test") as client:
        return await client.post(
            "/webhooks/stripe",
            content=body,
            headers={"Stripe-Signature": signature, "Content-Type": "application/json"},
        )


async def test_stripe_says_paid_and_the_invoice_is_paid_once(stand_in, user: User):
    assert _state().payment_provider is _state().payments["stripe"]
    session = await johns_stripe_session(stand_in)
    body, signature = signed(checkout_event(session))

    answer = await post_webhook(body, signature)
    assert answer.status_code == 200
    assert answer.json() == {"ok": True, "said": "Payment of $600.00 received. Thank you!"}
    assert (await johns_invoice()).balance_cents == 0

    again = await post_webhook(body, signature)  # Stripe delivers an event more than once
    assert (again.status_code, again.json()["said"]) == (200, "This event was already handled.")
    assert (await johns_invoice()).balance_cents == 0


async def test_a_webhook_with_a_bad_signature_is_refused(stand_in, user: User):
    session = await johns_stripe_session(stand_in)
    body, _ = signed(checkout_event(session))
    _, someone_elses = signed(checkout_event(session), "whsec_not_ours")
    answer = await post_webhook(body, someone_elses)
    assert answer.status_code == 400 and "signature" in answer.text
    assert (await post_webhook(body, "")).status_code == 400
    assert (await johns_invoice()).balance_cents == 60000


async def test_a_paid_amount_that_differs_is_answered_but_not_recorded(stand_in, user: User):
    session = await johns_stripe_session(stand_in)
    answer = await post_webhook(*signed(checkout_event(session, amount_total=100)))
    assert answer.status_code == 200  # Stripe must not send it again forever; the refusal is audited
    assert answer.json()["ok"] is False and "differs" in answer.json()["said"]
    assert (await johns_invoice()).balance_cents == 60000


async def test_without_stripe_set_up_there_is_no_webhook(user: User):
    answer = await post_webhook(*signed({"id": "evt_1", "object": "event", "type": "ping", "data": {"object": {}}}))
    assert answer.status_code == 404

"""Stripe, through the official `stripe` library: Checkout Sessions for payments, Refunds on the payment intent,
and webhook events verified by their signature (the library's check, with its 300-second tolerance).

Each provider has its own `StripeClient` (its key and API address), so nothing global in the library is changed.
Calls use the library's async methods (httpx underneath): the event loop is never blocked while Stripe answers.

Saved cards: Checkout creates a Stripe customer and keeps the card on it (`customer_creation`, `setup_future_usage`);
we keep only the customer's id (`cus_…`) and pass it back as `customer`, so Checkout offers the saved card. Card
numbers, expiry dates and CVCs only ever reach Stripe's page.
"""

import logging
from typing import Any

import stripe
from stripe.params.checkout import SessionCreateParams

from domain.billing.online.provider import BadEvent, CheckoutRequest, ProviderError, ProviderEvent, StartedCheckout

log = logging.getLogger("hearth.payments")

TIMEOUT_SECONDS = 30  # the payer waits on the Pay now button meanwhile
RETRIES = 2  # the library adds an idempotency key, so a retried refund moves money once
PAID_EVENTS = ("checkout.session.completed", "checkout.session.async_payment_succeeded")
EXPIRED_EVENT = "checkout.session.expired"


class StripeProvider:
    name = "stripe"
    label = "Stripe"

    def __init__(self, secret_key: str, webhook_secret: str | None, api_base: str | None = None) -> None:
        self.secret_key, self.webhook_secret, self.api_base = secret_key, webhook_secret, api_base
        self.client = stripe.StripeClient(
            secret_key,
            base_addresses={"api": api_base} if api_base else None,
            max_network_retries=RETRIES,
            http_client=stripe.HTTPXClient(timeout=TIMEOUT_SECONDS),
        )

    async def start_checkout(self, request: CheckoutRequest) -> StartedCheckout:
        params: SessionCreateParams = {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": request.currency.lower(),
                        "unit_amount": request.amount_cents,
                        "product_data": {"name": request.description},
                    },
                }
            ],
            "success_url": request.success_url,
            "cancel_url": request.cancel_url,
            "expires_at": int(request.expires_at.timestamp()),  # Stripe allows 30 minutes to 24 hours from now
            # Charged in the clinic's currency only: Adaptive Pricing would report the payer's currency in events.
            "adaptive_pricing": {"enabled": False},
        }
        if request.customer_ref:  # a saved card: Checkout offers the customer's cards (Stripe takes no email with it)
            params["customer"] = request.customer_ref
            # Cards saved by an earlier Checkout (setup_future_usage) are "limited": offered only when asked for.
            params["saved_payment_method_options"] = {"allow_redisplay_filters": ["always", "limited"]}
        elif request.customer_email:
            params["customer_email"] = request.customer_email
        if request.save_card:  # Stripe keeps the card on its customer; we keep only the customer's id
            if not request.customer_ref:
                params["customer_creation"] = "always"
            params["payment_intent_data"] = {"setup_future_usage": "off_session"}
        try:
            session = await self.client.v1.checkout.sessions.create_async(params)
        except stripe.StripeError as exc:
            raise _provider_error(exc, "start the payment") from exc
        if not session.url:
            raise ProviderError("Stripe did not give a payment page. Try again in a minute, or call the clinic.")
        return StartedCheckout(session.id, session.url)

    async def refund(self, *, payment_intent: str, amount_cents: int) -> str:
        try:
            refund = await self.client.v1.refunds.create_async(
                {"payment_intent": payment_intent, "amount": amount_cents}
            )
        except stripe.StripeError as exc:
            raise _provider_error(exc, "refund") from exc
        return refund.id

    def read_event(self, payload: bytes, signature: str) -> ProviderEvent:
        if not self.webhook_secret:
            raise BadEvent("Stripe webhooks are not set up on this server (HEARTH_STRIPE_WEBHOOK_SECRET).")
        try:
            event = self.client.construct_event(payload, signature, self.webhook_secret)
        except stripe.SignatureVerificationError as exc:
            raise BadEvent(f"The Stripe signature does not verify: {exc.user_message or exc}") from exc
        except ValueError as exc:  # not JSON, not UTF-8, or not an event of the kind webhooks send
            raise BadEvent("This is not a Stripe event.") from exc
        return event_of(event.to_dict())


def event_of(event: dict[str, Any]) -> ProviderEvent:
    """What a verified Stripe event means to us: a checkout paid, a checkout expired, or nothing."""
    event_id, kind = str(event.get("id") or ""), event.get("type")
    if not event_id:
        raise BadEvent("This Stripe event has no id.")
    session = (event.get("data") or {}).get("object") or {}
    if session.get("object") != "checkout.session":
        return ProviderEvent(event_id, "ignored")
    ref = session.get("id")
    if kind == EXPIRED_EVENT:
        return ProviderEvent(event_id, "expired", ref)
    if kind not in PAID_EVENTS or session.get("payment_status") != "paid":  # e.g. a bank debit still on its way
        return ProviderEvent(event_id, "ignored", ref)
    intent = session.get("payment_intent")
    if isinstance(intent, dict):  # expanded
        intent = intent.get("id")
    currency, customer = session.get("currency"), session.get("customer")
    if isinstance(customer, dict):  # expanded
        customer = customer.get("id")
    return ProviderEvent(
        event_id,
        "paid",
        ref,
        session.get("amount_total"),
        currency.upper() if currency else None,
        intent or None,
        customer or None,  # kept only when the payer asked to save their card (complete_checkout)
    )


def _provider_error(exc: stripe.StripeError, doing: str) -> ProviderError:
    """A message a person can act on (the payer on Pay now, or staff refunding); the details go to the log."""
    log.warning("Stripe could not %s: %s (HTTP %s, request %s)", doing, exc, exc.http_status, exc.request_id)
    said = str(exc.user_message or "")
    if isinstance(exc, stripe.APIConnectionError):
        return ProviderError(f"Stripe did not answer, so we could not {doing}. Try again in a minute.")
    if isinstance(exc, stripe.RateLimitError):
        return ProviderError(f"Stripe is busy, so we could not {doing}. Try again in a minute.")
    if isinstance(exc, (stripe.AuthenticationError, stripe.PermissionError)):
        return ProviderError(
            f"Stripe refused this server's key, so we could not {doing}. The clinic must check its Stripe "
            "settings (HEARTH_STRIPE_SECRET_KEY); meanwhile, call the clinic."
        )
    if isinstance(exc, stripe.CardError):
        return ProviderError(_with("Stripe declined the card", said))
    if isinstance(exc, stripe.InvalidRequestError):
        return ProviderError(_with(f"Stripe refused to {doing}", said) + " Nothing was changed.")
    return ProviderError(f"Stripe had a problem and could not {doing}. Try again in a minute.")


def _with(what: str, said: str) -> str:
    return f"{what}: {said.rstrip('. ')}." if said.strip() else f"{what}."

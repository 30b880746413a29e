"""Stripe, through the official `stripe` library (stub: built next)."""

from domain.billing.online.provider import CheckoutRequest, ProviderEvent, StartedCheckout


class StripeProvider:
    name = "stripe"
    label = "Stripe"

    def __init__(self, secret_key: str, webhook_secret: str | None, api_base: str | None = None) -> None:
        self.secret_key, self.webhook_secret, self.api_base = secret_key, webhook_secret, api_base

    async def start_checkout(self, request: CheckoutRequest) -> StartedCheckout:
        raise NotImplementedError

    async def refund(self, *, payment_intent: str, amount_cents: int) -> str:
        raise NotImplementedError

    def read_event(self, payload: bytes, signature: str) -> ProviderEvent:
        raise NotImplementedError

"""What the app needs from a payment provider, in plain data. Two implementations: the sandbox (sandbox.py: test
cards, its own hosted-looking page, no real money) and Stripe (stripe_gateway.py, through the official library).
Amounts are whole minor units of the clinic's currency and always come from our database, never the browser."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.errors import DomainError

CHECKOUT_LIFETIME_MINUTES = 60  # Stripe Checkout sessions live 30 minutes to 24 hours


class ProviderError(DomainError):
    """The provider refused or could not be reached; the message says what to do."""


class BadEvent(DomainError):
    """A webhook whose signature does not verify (or which is not one we read)."""


@dataclass(frozen=True)
class CheckoutRequest:
    amount_cents: int
    currency: str  # ISO 4217, upper case
    description: str  # "Invoice INV-00012 from Demo Clinic"
    success_url: str
    cancel_url: str
    expires_at: datetime
    customer_email: str | None = None
    save_card: bool = False  # the payer asked to keep the card: the provider keeps it, on its customer
    customer_ref: str | None = None  # the payer's customer at this provider (a saved card), offered again


@dataclass(frozen=True)
class StartedCheckout:
    provider_ref: str  # the provider's session id
    url: str  # where the payer's browser goes


@dataclass(frozen=True)
class ProviderEvent:
    event_id: str
    kind: str  # "paid", "expired", or "ignored"
    provider_ref: str | None = None  # the checkout session
    amount_cents: int | None = None
    currency: str | None = None  # upper case
    payment_intent: str | None = None
    customer_ref: str | None = None  # the provider's customer when the payer saved their card


class PaymentProvider(Protocol):
    name: str  # "sandbox" or "stripe": stored on checkouts
    label: str  # shown to staff and payers: "Sandbox (test cards, no real money)", "Stripe"

    async def start_checkout(self, request: CheckoutRequest) -> StartedCheckout: ...

    async def refund(self, *, payment_intent: str, amount_cents: int) -> str:
        """Refunds part or all of a payment; returns the provider's refund id."""
        ...

    def read_event(self, payload: bytes, signature: str) -> ProviderEvent:
        """A webhook's event, its signature verified (BadEvent otherwise)."""
        ...

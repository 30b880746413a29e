"""Online payments: checkout sessions at a payment provider (the built-in sandbox, or Stripe), the provider events
already handled (a repeated webhook is handled once), and pay-by-link tokens for issued invoices.

Card numbers never reach this database: a checkout holds the provider's session id and the amount we asked for.
"""

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.types import UTCDateTime, utcnow

PROVIDERS = ("sandbox", "stripe")
CHECKOUT_STATES = ("open", "paid", "expired", "failed")


class CheckoutRow(Base):
    __tablename__ = "checkouts"
    __table_args__ = (
        CheckConstraint("provider IN ('sandbox', 'stripe')", name="provider"),
        CheckConstraint("state IN ('open', 'paid', 'expired', 'failed')", name="state"),
        CheckConstraint("purpose IN ('invoice', 'booking', 'pack')", name="purpose"),
        CheckConstraint("amount_cents > 0", name="amount"),
        UniqueConstraint("provider", "provider_ref", name="uq_checkouts_provider_ref"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider: Mapped[str] = mapped_column(String(10))
    provider_ref: Mapped[str] = mapped_column(String(255))  # the provider's checkout session id
    purpose: Mapped[str] = mapped_column(String(10), default="invoice")
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id", ondelete="RESTRICT"), nullable=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="RESTRICT"), index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)  # in the clinic's currency's minor units, from our database
    currency: Mapped[str] = mapped_column(String(3))
    state: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id", ondelete="RESTRICT"), nullable=True)
    payment_intent: Mapped[str | None] = mapped_column(String(255), nullable=True)  # what a refund names
    return_url: Mapped[str] = mapped_column(String(500), default="")  # where the payer goes back to
    # purpose "booking": the prepaid request it holds; "pack": the template bought and by whom
    booking_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("booking_requests.id", ondelete="RESTRICT"), nullable=True
    )
    template_id: Mapped[int | None] = mapped_column(ForeignKey("pack_templates.id", ondelete="RESTRICT"), nullable=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), nullable=True)
    # Whose saved card was offered when it is not the payer's own (seed 002: billed to a relative's account).
    card_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), nullable=True)
    save_card: Mapped[bool] = mapped_column(Boolean, default=False)  # the payer asked to keep the card


class ProviderEventRow(Base):
    """A provider event handled once: the unique key makes a repeated delivery a no-op."""

    __tablename__ = "provider_events"
    __table_args__ = (UniqueConstraint("provider", "event_id", name="uq_provider_events_event"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider: Mapped[str] = mapped_column(String(10))
    event_id: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PayLinkRow(Base):
    """Pay by link: the token in an issued invoice's email ("Pay now", no login). One per invoice; emailing the
    invoice again makes a new token (the old link stops working)."""

    __tablename__ = "pay_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="RESTRICT"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

"""The sandbox provider: for the demo and the tests. Its "hosted" page is ours (/pay/sandbox/<session>), test card
numbers succeed or are declined, and nothing leaves this server; everything it touches says "sandbox"."""

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from domain.actor import anonymous
from domain.billing.invoice_views import number_label
from domain.billing.money import label
from domain.billing.online.provider import BadEvent, CheckoutRequest, ProviderEvent, StartedCheckout
from domain.errors import InvalidLink, ValidationFailed
from storage.billing import InvoiceRow
from storage.clinic import clinic_row
from storage.online_payments import CheckoutRow
from storage.types import utcnow
from storage.uow import UnitOfWork

PAID = "4242424242424242"
DECLINED = "4000000000000002"
TEST_CARDS = {PAID: "succeeds", DECLINED: "is declined"}


class SandboxProvider:
    name = "sandbox"
    label = "Sandbox (test cards, no real money)"

    def __init__(self, public_url: str) -> None:
        self.public_url = public_url.rstrip("/")

    async def start_checkout(self, request: CheckoutRequest) -> StartedCheckout:
        ref = f"sbx_cs_{secrets.token_urlsafe(24)}"
        return StartedCheckout(ref, f"{self.public_url}/pay/sandbox/{ref}")

    async def refund(self, *, payment_intent: str, amount_cents: int) -> str:
        return f"sbx_re_{secrets.token_urlsafe(12)}"

    def read_event(self, payload: bytes, signature: str) -> ProviderEvent:
        raise BadEvent("The sandbox sends no webhooks: its page completes the payment itself.")


def card_outcome(number: str) -> str | None:
    """'paid', 'declined', or None (not a sandbox test card)."""
    digits = "".join(c for c in number if c.isdigit())
    return {PAID: "paid", DECLINED: "declined"}.get(digits)


@dataclass(frozen=True)
class SandboxCheckout:
    amount_label: str
    description: str
    return_url: str  # the invoice's pay page
    state: str  # open, paid, expired, failed


async def read_sandbox_checkout(uow: UnitOfWork, *, ref: str) -> SandboxCheckout:
    async with uow:
        checkout = await _checkout(uow, ref)
        invoice = await uow.session.get(InvoiceRow, checkout.invoice_id) if checkout.invoice_id else None
        what = f"Invoice {number_label(invoice.number)}" if invoice else "Payment"
        clinic = await clinic_row(uow.session)
        state = "expired" if checkout.state == "open" and utcnow() >= checkout.expires_at else checkout.state
        return SandboxCheckout(label(checkout.amount_cents), f"{what} from {clinic.name}", checkout.return_url, state)


async def _checkout(uow: UnitOfWork, ref: str) -> CheckoutRow:
    checkout = (
        await uow.session.execute(
            select(CheckoutRow).where(CheckoutRow.provider == "sandbox", CheckoutRow.provider_ref == ref)
        )
    ).scalar_one_or_none()
    if checkout is None:
        raise InvalidLink("This sandbox payment page does not exist. Go back to the invoice's payment link.")
    return checkout


async def pay_sandbox_checkout(
    uow: UnitOfWork, *, provider: "SandboxProvider", ref: str, card_number: str, ip: str | None
) -> str:
    """The sandbox page's Pay button: a test card pays (recorded as the provider's event would be) or is declined
    (a field message; the page stays open for another try)."""
    outcome = card_outcome(card_number or "")
    if outcome is None:
        raise ValidationFailed(
            {"card": "Use a sandbox test card: 4242 4242 4242 4242 (succeeds) or 4000 0000 0000 0002 (declined)."}
        )
    async with uow:
        checkout = await _checkout(uow, ref)
        if checkout.state == "open" and utcnow() >= checkout.expires_at:
            raise InvalidLink("This payment page expired. Go back to the invoice's payment link to start again.")
        amount, currency = checkout.amount_cents, checkout.currency
        if outcome == "declined":
            uow.audit(anonymous(ip), "payment.declined", "invoice", checkout.invoice_id, summary=f"sandbox {ref}")
            await uow.commit()
            raise ValidationFailed({"card": "Your card was declined (a sandbox test card). Try 4242 4242 4242 4242."})
    from domain.billing.online.checkout import complete_checkout

    event = ProviderEvent(f"sbx_evt_{ref}", "paid", ref, amount, currency, f"sbx_pi_{ref.removeprefix('sbx_cs_')}")
    return await complete_checkout(uow.fresh(), provider=provider, event=event)

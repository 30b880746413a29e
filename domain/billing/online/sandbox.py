"""The sandbox provider: for the demo and the tests. Its "hosted" page is ours (/pay/sandbox/<session>), test card
numbers succeed or are declined, and nothing leaves this server; everything it touches says "sandbox". A card
"saved" here is only a made-up customer id ("sbx_cus_…"): the number typed is never kept."""

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from domain.actor import anonymous
from domain.billing.invoice_views import number_label
from domain.billing.money import label
from domain.billing.online.provider import BadEvent, CheckoutRequest, ProviderEvent, StartedCheckout
from domain.billing.online.saved_cards import provider_of
from domain.errors import InvalidLink, ValidationFailed
from storage.billing import InvoiceRow
from storage.clients import PersonRow
from storage.clinic import clinic_row
from storage.online_payments import CheckoutRow
from storage.packs import PackTemplateRow
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
    save_card: bool = False  # the payer asked to keep their card (the sandbox "keeps" it: no card is stored)
    has_saved_card: bool = False  # the payer saved a sandbox card before: "Pay with your saved card"
    card_owner: str = ""  # "Mary Smith's" when the card is a relative's (billed to their account)


async def read_sandbox_checkout(uow: UnitOfWork, *, ref: str) -> SandboxCheckout:
    async with uow:
        checkout = await _checkout(uow, ref)
        invoice = await uow.session.get(InvoiceRow, checkout.invoice_id) if checkout.invoice_id else None
        if checkout.purpose == "pack" and checkout.template_id:
            template = await uow.session.get(PackTemplateRow, checkout.template_id)
            what = f"Session pack: {template.name}" if template else "Session pack"
        elif checkout.purpose == "booking":
            what = "Booking request"
        else:
            what = f"Invoice {number_label(invoice.number)}" if invoice else "Payment"
        clinic = await clinic_row(uow.session)
        state = "expired" if checkout.state == "open" and utcnow() >= checkout.expires_at else checkout.state
        return SandboxCheckout(
            label(checkout.amount_cents),
            f"{what} from {clinic.name}",
            checkout.return_url,
            state,
            checkout.save_card,
            await _saved_customer(uow, checkout) is not None,
            await _card_owner(uow, checkout),
        )


async def _card_owner(uow: UnitOfWork, checkout: CheckoutRow) -> str:
    owner = await uow.session.get(PersonRow, checkout.card_person_id) if checkout.card_person_id else None
    return f"{owner.first_name} {owner.last_name}'s" if owner else ""


async def _saved_customer(uow: UnitOfWork, checkout: CheckoutRow) -> str | None:
    """The payer's saved sandbox card ("sbx_cus_…"), if they saved one before, or the relative's whose account the
    portal bills (`card_person_id`, checked when the checkout began). Only an invoice's Pay now link (sent to the
    payee) or the portal offers it: a Bookings Page visitor has proved nothing about who they are."""
    if checkout.purpose != "invoice" or not (checkout.card_person_id or checkout.person_id):
        return None
    person = await uow.session.get(PersonRow, checkout.card_person_id or checkout.person_id)
    ref = person.payment_customer_ref if person else None
    return ref if provider_of(ref) == "sandbox" else None


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
    uow: UnitOfWork,
    *,
    provider: "SandboxProvider",
    ref: str,
    card_number: str = "",
    ip: str | None,
    use_saved_card: bool = False,
) -> str:
    """The sandbox page's Pay button: a test card pays (recorded as the provider's event would be) or is declined
    (a field message; the page stays open for another try). `use_saved_card`: the payer's saved sandbox card pays,
    no number typed. When the payer asked to save their card, the event carries a sandbox customer ("sbx_cus_…"),
    as Stripe's carries its customer: only that is kept, never the number typed."""
    outcome = "paid" if use_saved_card else card_outcome(card_number or "")
    if outcome is None:
        raise ValidationFailed(
            {"card": "Use a sandbox test card: 4242 4242 4242 4242 (succeeds) or 4000 0000 0000 0002 (declined)."}
        )
    async with uow:
        checkout = await _checkout(uow, ref)
        if checkout.state == "open" and utcnow() >= checkout.expires_at:
            raise InvalidLink("This payment page expired. Go back to the invoice's payment link to start again.")
        amount, currency = checkout.amount_cents, checkout.currency
        saved = await _saved_customer(uow, checkout)
        if use_saved_card and saved is None:
            raise ValidationFailed({"card": "There is no saved card for this payment any more: type a test card."})
        customer = (saved or f"sbx_cus_{secrets.token_urlsafe(12)}") if checkout.save_card else None
        if outcome == "declined":
            uow.audit(anonymous(ip), "payment.declined", "invoice", checkout.invoice_id, summary=f"sandbox {ref}")
            await uow.commit()
            raise ValidationFailed({"card": "Your card was declined (a sandbox test card). Try 4242 4242 4242 4242."})
    from domain.billing.online.checkout import complete_checkout

    intent = f"sbx_pi_{ref.removeprefix('sbx_cs_')}"
    event = ProviderEvent(f"sbx_evt_{ref}", "paid", ref, amount, currency, intent, customer)
    return await complete_checkout(uow.fresh(), provider=provider, event=event)

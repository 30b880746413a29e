"""Pay by link: an issued invoice's email carries a "Pay now" link (no login); the payer is sent to the provider's
checkout for the balance our database holds; the provider's word that it was paid (the sandbox page, or a Stripe
webhook, each handled once) records the Payment on the invoice."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from domain import topics
from domain.actor import Actor, anonymous
from domain.billing.invoice_views import invoice_view
from domain.billing.money import label
from domain.billing.online.provider import CHECKOUT_LIFETIME_MINUTES, CheckoutRequest, PaymentProvider, ProviderEvent
from domain.billing.online.purposes import expired, settle
from domain.billing.online.refunds import refund_lost_purchase
from domain.billing.online.saved_cards import provider_of
from domain.billing.payments import new_payment
from domain.errors import InvalidLink, NotAllowed
from domain.households.relationship_copies import copy_payment_email
from domain.messaging.outbox import queue_email
from domain.tokens import digest, new_token
from storage.billing import InvoiceRow
from storage.clients import PersonRow
from storage.clinic import clinic_row
from storage.online_payments import CheckoutRow, PayLinkRow, ProviderEventRow
from storage.types import utcnow
from storage.uow import UnitOfWork

BAD_LINK = "This payment link is not valid. Use the link in the clinic's latest email, or call the clinic."


@dataclass(frozen=True)
class PayLinkView:
    invoice_label: str  # "INV-00012"
    clinic_name: str
    payee: str
    total_label: str
    balance_cents: int
    balance_label: str
    currency: str
    saved_card_provider: str | None = None  # the payee's saved card: "stripe" or "sandbox" (None: no card saved)

    @property
    def paid(self) -> bool:
        return self.balance_cents <= 0


async def new_pay_link(uow: UnitOfWork, invoice: InvoiceRow) -> str:
    """Inside the caller's transaction (emailing the invoice): the invoice's Pay now token (an older one stops)."""
    token = new_token()
    row = (
        await uow.session.execute(select(PayLinkRow).where(PayLinkRow.invoice_id == invoice.id))
    ).scalar_one_or_none()
    if row is None:
        uow.session.add(PayLinkRow(invoice_id=invoice.id, token_hash=digest(token)))
    else:
        row.token_hash, row.created_at = digest(token), utcnow()
    await uow.session.flush()
    return token


async def _linked_invoice(uow: UnitOfWork, token: str, *, lock: bool = False) -> InvoiceRow:
    link = (
        await uow.session.execute(select(PayLinkRow).where(PayLinkRow.token_hash == digest(token or "")))
    ).scalar_one_or_none()
    if link is None:
        raise InvalidLink(BAD_LINK)
    invoice = await uow.get(InvoiceRow, link.invoice_id, lock=lock)
    if invoice.status != "issued":
        raise InvalidLink("This invoice cannot be paid online any more (it was voided). Please call the clinic.")
    return invoice


async def read_pay_link(uow: UnitOfWork, *, token: str) -> PayLinkView:
    async with uow:
        invoice = await _linked_invoice(uow, token)
        view = await invoice_view(uow, invoice)
        clinic = await clinic_row(uow.session)
        return PayLinkView(
            view.number_label,
            clinic.name,
            view.invoice_to,
            view.total_label,
            view.balance_cents,
            label(view.balance_cents),
            clinic.currency,
            provider_of(await _customer_ref(uow, view.payee_id)),
        )


async def _customer_ref(uow: UnitOfWork, person_id: int | None) -> str | None:
    person = await uow.session.get(PersonRow, person_id) if person_id else None
    return person.payment_customer_ref if person else None


async def start_invoice_checkout(
    uow: UnitOfWork,
    *,
    token: str,
    provider: PaymentProvider,
    public_url: str,
    ip: str | None,
    now: datetime | None = None,
    save_card: bool = False,
) -> str:
    """Pay now: a checkout at the provider for the invoice's balance (from our database). Returns where the payer's
    browser goes next. `save_card`: the payer asked the provider to keep their card for the invoice's payee; a card
    the payee saved before at this provider is offered again."""
    async with uow:
        invoice = await _linked_invoice(uow, token)
    back = f"{public_url.rstrip('/')}/pay/{token}"
    return await checkout_invoice(
        uow.fresh(),
        invoice_id=invoice.id,
        provider=provider,
        back=back,
        actor=anonymous(ip),
        now=now,
        save_card=save_card,
    )


async def checkout_invoice(
    uow: UnitOfWork,
    *,
    invoice_id: int,
    provider: PaymentProvider,
    back: str,
    actor: Actor,
    now: datetime | None = None,
    save_card: bool = False,
    customer_ref_of: int | None = None,
    payer_id: int | None = None,
) -> str:
    """A checkout at the provider for an issued invoice's balance (from our database), the payer sent back to
    `back` (+ "/done" once paid). Used by Pay now (a pay link) and the Client Portal's Pay (an access check).
    `customer_ref_of`: the person whose saved card is offered instead of the payee's (a relative's account, checked
    by the caller); no card is then saved for anyone. `payer_id`: someone paying another client's invoice (a relative
    with View and Pay): their own saved card, if any, is offered, never the payee's."""
    now = now or utcnow()
    async with uow:
        invoice = await uow.get(InvoiceRow, invoice_id)
        if invoice.status != "issued":
            raise NotAllowed("This invoice cannot be paid online any more (it was voided). Please call the clinic.")
        view = await invoice_view(uow, invoice)
        clinic = await clinic_row(uow.session)
        billed = await uow.get(PersonRow, customer_ref_of) if customer_ref_of else None
        billed_to = f"{billed.first_name} {billed.last_name}" if billed else None
        payer = await uow.get(PersonRow, payer_id) if payer_id and not billed else None
        card_owner = billed or payer
        customer_ref = card_owner.payment_customer_ref if card_owner else await _customer_ref(uow, view.payee_id)
    if provider_of(customer_ref) != provider.name:  # a card saved at another provider (the clinic switched)
        customer_ref = None
    if billed_to and customer_ref is None:
        raise NotAllowed(f"{billed_to}'s saved card cannot be used here any more. Please choose Pay.")
    save_card = bool(save_card and view.payee_id and not card_owner)  # a card is saved for a person: the payee
    if view.balance_cents <= 0:
        raise NotAllowed(f"Invoice {view.number_label} is already paid. Thank you!")
    expires_at = now + timedelta(minutes=CHECKOUT_LIFETIME_MINUTES)
    started = await provider.start_checkout(  # outside any transaction: the provider may take a while
        CheckoutRequest(
            amount_cents=view.balance_cents,
            currency=clinic.currency,
            description=f"Invoice {view.number_label} from {clinic.name}",
            success_url=f"{back}/done",
            cancel_url=back,
            expires_at=expires_at,
            customer_email=view.invoice_to_email or None,
            save_card=save_card,
            customer_ref=customer_ref,
        )
    )
    async with uow.fresh() as fresh:
        row = CheckoutRow(
            provider=provider.name,
            provider_ref=started.provider_ref,
            purpose="invoice",
            invoice_id=invoice.id,
            profile_id=invoice.profile_id,
            amount_cents=view.balance_cents,
            currency=clinic.currency,
            state="open",
            created_at=now,
            expires_at=expires_at,
            return_url=back,
            person_id=view.payee_id,
            card_person_id=card_owner.id if card_owner else None,
            save_card=save_card,
        )
        fresh.session.add(row)
        await fresh.session.flush()
        fresh.audit(
            actor,
            "payment.checkout_started",
            "invoice",
            invoice.id,
            summary=f"{label(view.balance_cents)} through {provider.label} ({started.provider_ref})"
            + ("; the payer asked to save their card" if save_card else "")
            + (f"; with {billed_to}'s saved card (billed to their account)" if billed_to else "")
            + ("; their saved card offered" if customer_ref and not billed_to else ""),
        )
        await fresh.commit()
    return started.url


async def complete_checkout(uow: UnitOfWork, *, provider: PaymentProvider, event: ProviderEvent) -> str:
    """The provider says a checkout was paid (or expired). Handled once per event id and once per checkout; the
    amount and currency must be what we asked for. Returns what happened, for the log or the payer."""
    who = Actor(user_id=None, label=f"{provider.label} (payment provider)")
    async with uow:
        uow.session.add(ProviderEventRow(provider=provider.name, event_id=event.event_id, kind=event.kind))
        try:
            await uow.session.flush()
        except IntegrityError:
            return "This event was already handled."
        checkout = None
        if event.provider_ref:
            checkout = (
                await uow.session.execute(
                    select(CheckoutRow)
                    .where(CheckoutRow.provider == provider.name, CheckoutRow.provider_ref == event.provider_ref)
                    .with_for_update()
                )
            ).scalar_one_or_none()
        if checkout is None or event.kind == "ignored":
            await uow.commit()  # remembered, so a repeat is cheap
            return "Nothing to do for this event."
        if event.kind == "expired":
            if checkout.state == "open":
                checkout.state, checkout.completed_at = "expired", utcnow()
                await expired(uow, checkout, who)
                uow.audit(
                    who,
                    "payment.checkout_expired",
                    "invoice",
                    checkout.invoice_id,
                    summary=f"{label(checkout.amount_cents)} through {provider.label} ({checkout.provider_ref}): "
                    "not paid",
                )
            await uow.commit()
            return "The checkout expired."
        if checkout.state == "paid":
            await uow.commit()
            return "This checkout was already paid."
        if (event.amount_cents, (event.currency or "").upper()) != (checkout.amount_cents, checkout.currency):
            uow.audit(
                who,
                "payment.refused",
                "invoice",
                checkout.invoice_id,
                summary=f"{provider.name} reported {event.amount_cents} {event.currency} for a checkout of "
                f"{checkout.amount_cents} {checkout.currency} ({checkout.provider_ref}): not recorded",
            )
            await uow.commit()
            raise NotAllowed("The amount paid differs from the amount asked; the clinic has been told.")
        settled = await settle(uow, checkout, who)
        payment, _ = await new_payment(
            uow,
            who,
            checkout.profile_id,
            checkout.amount_cents,
            "online",
            datetime.now(ZoneInfo((await clinic_row(uow.session)).time_zone)).date(),
            f"{provider.label}: {checkout.provider_ref}"[:120],
            settled.invoice_id,
            event.payment_intent or checkout.provider_ref,
            f"checkout:{checkout.id}",
        )
        if settled.email and not settled.refund_all:  # a refund's email waits for the refund (refund_lost_purchase)
            to, subject, body = settled.email
            queue_email(uow, to=to, subject=subject, body=body, record_type="payment", record_id=payment.id)
            await copy_payment_email(uow, checkout.person_id, payment.id, to, subject, body)  # seed 002
        checkout.state, checkout.completed_at = "paid", utcnow()
        checkout.payment_id, checkout.payment_intent = payment.id, event.payment_intent or checkout.provider_ref
        if event.customer_ref and checkout.save_card and checkout.person_id:
            person = await uow.get(PersonRow, checkout.person_id, lock=True)
            person.payment_customer_ref = event.customer_ref  # a saved card: the provider's customer, no card
            uow.audit(who, "payment.card_saved", "person", person.id, summary=f"at {provider.label}")
        uow.changed(topics.billing(checkout.profile_id))
        await uow.commit()
    if settled.refund_all:
        await refund_lost_purchase(uow.fresh(), provider=provider, checkout_id=checkout.id, email=settled.email)
    return settled.said or f"Payment of {label(checkout.amount_cents)} received. Thank you!"

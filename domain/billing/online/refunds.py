"""Refunds through the provider that took the money (sandbox or Stripe), partial or full, recorded against the
invoice like any refund (domain/billing/payments.py refund_payment) with the provider's refund id."""

import asyncio

from sqlalchemy import select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.billing.money import label
from domain.billing.online.provider import PaymentProvider, ProviderError
from domain.billing.payments import Account, account, record_refund_in, refund_payment
from domain.errors import DomainError, NotAllowed, NotFound, ValidationFailed
from domain.households.relationship_copies import copy_payment_email
from domain.messaging.outbox import queue_email
from domain.validation import Errors, clean_line, clean_money
from storage.billing import PaymentRow
from storage.online_payments import CheckoutRow
from storage.tasks import TaskRow
from storage.uow import UnitOfWork


async def paid_online_through(uow: UnitOfWork, *, payment_id: int) -> str | None:
    """The provider's name ("sandbox", "stripe") when this payment came through an online checkout."""
    async with uow:
        return (
            await uow.session.execute(select(CheckoutRow.provider).where(CheckoutRow.payment_id == payment_id))
        ).scalar_one_or_none()


_refunding: dict[int, asyncio.Lock] = {}  # payment id → lock: one refund of a payment at a time in this process


async def refund_online(
    uow: UnitOfWork, *, actor: Actor, payment_id: int, amount: str, reason: str, providers: dict[str, PaymentProvider]
) -> Account:
    """Sends the refund to the provider first (money moves there), then records it. Refused, before anything
    moves, when the amount is more than is left to refund or the provider is not configured on this server."""
    require(actor, "billing")
    errors = Errors()
    cents = clean_money(errors, "amount", "Amount", amount)
    if not errors and cents <= 0:
        errors["amount"] = "Enter the amount to refund."
    if not clean_line(reason, max_length=300):
        errors["reason"] = "Give a reason for the refund."
    errors.raise_if_any()
    async with uow:
        payment = await uow.session.get(PaymentRow, payment_id)
        if payment is None:
            raise NotFound("That payment no longer exists.")
        checkout = (
            await uow.session.execute(select(CheckoutRow).where(CheckoutRow.payment_id == payment_id))
        ).scalar_one_or_none()
        profile_id = payment.profile_id
    if checkout is None or not checkout.payment_intent:
        raise NotAllowed("This payment was not taken online: refund it by hand, then record the refund here.")
    provider = providers.get(checkout.provider)
    if provider is None:
        raise NotAllowed(
            f"This payment was taken through {checkout.provider}, which is not set up on this server now: "
            "refund it in the provider's dashboard, then record the refund by hand."
        )
    lock = _refunding.setdefault(payment_id, asyncio.Lock())
    async with lock:  # a double click, or two staff at once: the second sees what the first refunded
        return await _refund(
            uow, actor, payment_id, profile_id, cents, amount, reason, provider, checkout.payment_intent
        )


async def _refund(
    uow: UnitOfWork,
    actor: Actor,
    payment_id: int,
    profile_id: int,
    cents: int,
    amount: str,
    reason: str,
    provider: PaymentProvider,
    payment_intent: str,
) -> Account:
    before = await account(uow.fresh(), actor=actor, profile_id=profile_id)
    [view] = [p for p in before.payments if p.id == payment_id]
    if cents > view.refundable_cents:
        raise ValidationFailed({"amount": f"At most {label(view.refundable_cents)} of this payment can be refunded."})
    reference = await provider.refund(payment_intent=payment_intent, amount_cents=cents)  # or ProviderError
    try:
        return await refund_payment(
            uow.fresh(), actor=actor, payment_id=payment_id, amount=amount, reason=reason, provider_reference=reference
        )
    except Exception as exc:  # the money went back: say so, with the provider's id, whatever failed here
        async with uow.fresh() as fresh:
            fresh.audit(
                actor,
                "payment.refund_unrecorded",
                "payment",
                payment_id,
                summary=f"{label(cents)} refunded by {provider.label} ({reference}) but not recorded: {exc}"[:500],
            )
            await fresh.commit()
        raise DomainError(
            f"{provider.label} refunded {label(cents)} (reference {reference}), but it could not be recorded here: "
            "record the refund by hand with that reference."
        ) from exc


async def refund_lost_purchase(
    uow: UnitOfWork, *, provider: PaymentProvider, checkout_id: int, email: tuple[str, str, str] | None = None
) -> bool:
    """A payment for something that was gone by the time the money came (a time lost to a race): all of it goes
    back through the provider at once and is recorded, and then (only then) the payer is emailed `email`. When the
    provider fails, the payment stays as account credit, staff get a task "Refund owed", and the payer is told the
    clinic will refund it. Returns whether the refund went through."""
    async with uow:
        checkout = await uow.get(CheckoutRow, checkout_id)
    if not checkout.payment_id or not checkout.payment_intent:
        return False
    who = Actor(user_id=None, label=f"{provider.label} (payment provider)")
    reason = "Refunded automatically: what was paid for was no longer available"
    try:
        reference = await provider.refund(payment_intent=checkout.payment_intent, amount_cents=checkout.amount_cents)
    except Exception as exc:
        problem = exc.message if isinstance(exc, ProviderError) else type(exc).__name__
        async with uow.fresh() as fresh:
            fresh.audit(who, "payment.refund_failed", "payment", checkout.payment_id, summary=f"{reason}: {problem}")
            fresh.session.add(
                TaskRow(
                    title=f"Refund owed: {label(checkout.amount_cents)} (online payment)",
                    details=f"{reason}. {provider.label} did not refund it automatically ({problem}): refund the "
                    "payment from the client's Billing tab.",
                    profile_id=checkout.profile_id,
                    source="refund_owed",
                    source_id=checkout.payment_id,
                )
            )
            fresh.changed(topics.TASKS, topics.billing(checkout.profile_id))
            if email:
                to, subject, _ = email
                subject = subject.replace("is refunded", "will be refunded")
                body = (
                    f"Hello,\n\nWhat you paid for was no longer available when your payment of "
                    f"{label(checkout.amount_cents)} arrived. The clinic has been told and will refund it to you.\n"
                )
                queue_email(fresh, to=to, subject=subject, body=body)
                await copy_payment_email(fresh, checkout.person_id, checkout.payment_id, to, subject, body)
            await fresh.commit()
        return False
    async with uow.fresh() as fresh:
        await record_refund_in(fresh, who, checkout.payment_id, checkout.amount_cents, reason, None, reference)
        if email:
            to, subject, body = email
            queue_email(fresh, to=to, subject=subject, body=body, record_type="payment", record_id=checkout.payment_id)
            await copy_payment_email(fresh, checkout.person_id, checkout.payment_id, to, subject, body)
        await fresh.commit()
    return True

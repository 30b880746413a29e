"""Payments, account credit and refunds.

A payment may pay one invoice; what it does not need stays as the client's account credit, which
later invoices can use (apply_credit). A refund takes from the payment's unused credit first,
then back from the invoices it paid (newest first), whose balances reopen.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.billing.invoice_views import METHOD_LABELS, InvoiceView, invoice_view
from domain.billing.invoices import invoice_row
from domain.billing.money import label
from domain.errors import NotAllowed, NotFound, ValidationFailed
from domain.validation import Errors, clean_date, clean_line, clean_money
from storage.billing import PAYMENT_METHODS, AllocationRow, InvoiceRow, PaymentRow, RefundRow
from storage.clients import ProfileRow
from storage.clinic import clinic_row
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class PaymentView:
    id: int
    received_on: date
    method: str
    amount_cents: int
    refunded_cents: int
    allocated_cents: int
    reference: str

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]

    @property
    def refundable_cents(self) -> int:
        return self.amount_cents - self.refunded_cents


@dataclass(frozen=True)
class Account:
    payments: list[PaymentView]
    credit_cents: int
    recorded: PaymentView | None = None  # record_payment: the payment it recorded (or had recorded before)
    already_recorded: bool = False  # the same payment dialog had submitted this payment before

    @property
    def credit_label(self) -> str:
        return label(self.credit_cents)


async def _sums(uow: UnitOfWork, payment_ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    allocated = dict(
        (
            await uow.session.execute(
                select(AllocationRow.payment_id, func.sum(AllocationRow.amount_cents))
                .where(AllocationRow.payment_id.in_(payment_ids))
                .group_by(AllocationRow.payment_id)
            )
        ).all()
    )
    refunded = dict(
        (
            await uow.session.execute(
                select(RefundRow.payment_id, func.sum(RefundRow.amount_cents))
                .where(RefundRow.payment_id.in_(payment_ids))
                .group_by(RefundRow.payment_id)
            )
        ).all()
    )
    return {k: int(v) for k, v in allocated.items()}, {k: int(v) for k, v in refunded.items()}


async def _payments(uow: UnitOfWork, profile_id: int) -> list[PaymentView]:
    rows = (
        (
            await uow.session.execute(
                select(PaymentRow)
                .where(PaymentRow.profile_id == profile_id)
                .order_by(PaymentRow.received_on, PaymentRow.id)
            )
        )
        .scalars()
        .all()
    )
    allocated, refunded = await _sums(uow, [r.id for r in rows])
    return [
        PaymentView(
            r.id, r.received_on, r.method, r.amount_cents, refunded.get(r.id, 0), allocated.get(r.id, 0), r.reference
        )
        for r in rows
    ]


def _unused(p: PaymentView) -> int:
    return p.amount_cents - p.refunded_cents - p.allocated_cents


async def account(uow: UnitOfWork, *, actor: Actor, profile_id: int) -> Account:
    require(actor, "billing")
    async with uow:
        payments = await _payments(uow, profile_id)
    return Account(payments, sum(max(_unused(p), 0) for p in payments))


async def _allocate_credit(uow: UnitOfWork, invoice: InvoiceRow, balance: int) -> int:
    """Inside the caller's transaction: pays up to `balance` from the profile's unused payments."""
    used = 0
    for p in await _payments(uow, invoice.profile_id):
        take = min(_unused(p), balance - used)
        if take > 0:
            uow.session.add(AllocationRow(payment_id=p.id, invoice_id=invoice.id, amount_cents=take))
            used += take
    await uow.session.flush()
    return used


async def _account_after(uow: UnitOfWork, actor: Actor, profile_id: int, payment_id: int, *, already: bool) -> Account:
    found = await account(uow, actor=actor, profile_id=profile_id)
    recorded = next(p for p in found.payments if p.id == payment_id)
    return replace(found, recorded=recorded, already_recorded=already)


async def _by_key(uow: UnitOfWork, request_key: str | None) -> PaymentRow | None:
    if not request_key:
        return None
    return (
        await uow.session.execute(select(PaymentRow).where(PaymentRow.request_key == request_key))
    ).scalar_one_or_none()


async def record_payment(
    uow: UnitOfWork,
    *,
    actor: Actor,
    profile_id: int,
    amount: str,
    method: str,
    received_on: date | str | None,
    reference: str = "",
    invoice_id: int | None = None,
    provider_reference: str | None = None,
    request_key: str | None = None,
) -> Account:
    """Records money received. With an invoice it pays that invoice first; the rest is credit.

    `request_key` comes from the payment dialog when it opens: submitting the same key again (a double click, a
    retry after a lost answer) records nothing and returns the first payment with already_recorded=True. The
    database's unique key settles two submissions racing each other."""
    require(actor, "billing")
    request_key = (request_key or "").strip()[:64] or None
    errors = Errors()
    cents = clean_money(errors, "amount", "Amount", amount)
    if not errors and cents <= 0:
        errors["amount"] = "Enter the amount received."
    if method not in PAYMENT_METHODS:
        errors["method"] = "Choose how it was paid."
    received_on = clean_date(
        errors,
        "received_on",
        received_on,
        required=True,
        missing="Give the date it was received.",
        future="It cannot be received in the future.",
    )
    errors.raise_if_any()
    async with uow:
        if await uow.session.get(ProfileRow, profile_id) is None:
            raise NotFound("That client no longer exists.")
        first = await _by_key(uow, request_key)
        already = first is not None
        assert received_on is not None  # required: refused above when missing
        if first is None:
            first, already = await new_payment(
                uow,
                actor,
                profile_id,
                cents,
                method,
                received_on,
                reference,
                invoice_id,
                provider_reference,
                request_key,
            )
        if first.profile_id != profile_id:
            raise NotAllowed(
                "That payment form was already used for another client's payment. Close it and open the invoice again."
            )
        if not already:
            await uow.commit()
    return await _account_after(uow.fresh(), actor, profile_id, first.id, already=already)


async def new_payment(
    uow: UnitOfWork,
    actor: Actor,
    profile_id: int,
    cents: int,
    method: str,
    received_on: date,
    reference: str,
    invoice_id: int | None,
    provider_reference: str | None,
    request_key: str | None,
) -> tuple[PaymentRow, bool]:
    """Inside the caller's transaction (record_payment, a completed online checkout): the payment, paying the
    invoice first, and False. When another
    submission with the same key committed meanwhile: that payment, and True (this transaction rolled back)."""
    invoice = None
    if invoice_id is not None:
        invoice = await invoice_row(uow, invoice_id)
        if invoice.profile_id != profile_id:
            raise NotFound("That invoice is not this client's.")
        if invoice.status != "issued":
            raise NotAllowed(
                f"A {invoice.status} invoice cannot be paid."
                + (" Issue it first." if invoice.status == "draft" else "")
            )
    payment = PaymentRow(
        profile_id=profile_id,
        method=method,
        amount_cents=cents,
        received_on=received_on,
        reference=clean_line(reference, max_length=120),
        provider_reference=provider_reference,
        request_key=request_key,
    )
    uow.session.add(payment)
    try:
        await uow.session.flush()
    except IntegrityError:
        await uow.rollback()
        first = await _by_key(uow, request_key)
        if first is None:
            raise
        return first, True
    summary = f"{label(cents)} by {METHOD_LABELS[method]}"
    if invoice is not None:
        view = await invoice_view(uow, invoice)
        take = min(cents, max(view.balance_cents, 0))
        if take:
            uow.session.add(AllocationRow(payment_id=payment.id, invoice_id=invoice.id, amount_cents=take))
        summary += f" for {view.number_label}" + (f"; {label(cents - take)} to credit" if cents > take else "")
    uow.audit(actor, "payment.recorded", "payment", payment.id, summary=summary)
    uow.changed(topics.billing(profile_id))
    return payment, False


async def apply_credit(uow: UnitOfWork, *, actor: Actor, invoice_id: int) -> InvoiceView:
    require(actor, "billing")
    async with uow:
        invoice = await invoice_row(uow, invoice_id)
        if invoice.status != "issued":
            raise NotAllowed("Only an issued invoice can use account credit.")
        balance = (await invoice_view(uow, invoice)).balance_cents
        used = await _allocate_credit(uow, invoice, balance)
        if not used:
            raise NotAllowed("There is no account credit to use." if balance > 0 else "This invoice is paid.")
        view = await invoice_view(uow, invoice)
        uow.audit(actor, "payment.credit_used", "invoice", invoice.id, summary=f"{label(used)} of credit used")
        uow.changed(topics.billing(view.profile_id))
        await uow.commit()
    return view


async def refund_payment(
    uow: UnitOfWork,
    *,
    actor: Actor,
    payment_id: int,
    amount: str,
    reason: str,
    refunded_on: date | None = None,
    provider_reference: str | None = None,
) -> Account:
    """Records a refund (the money went back by hand, or through the provider: `provider_reference`)."""
    require(actor, "billing")
    errors = Errors()
    cents = clean_money(errors, "amount", "Amount", amount)
    reason = clean_line(reason, max_length=300)
    if not errors and cents <= 0:
        errors["amount"] = "Enter the amount to refund."
    if not reason:
        errors["reason"] = "Give a reason for the refund."
    errors.raise_if_any()
    async with uow:
        profile_id = await record_refund_in(uow, actor, payment_id, cents, reason, refunded_on, provider_reference)
        await uow.commit()
    return await account(uow.fresh(), actor=actor, profile_id=profile_id)


async def record_refund_in(
    uow: UnitOfWork,
    actor: Actor,
    payment_id: int,
    cents: int,
    reason: str,
    refunded_on: date | None = None,
    provider_reference: str | None = None,
) -> int:
    """Inside the caller's transaction: the refund, taken back from the invoices the payment paid (newest first)
    when its unused part is not enough. Returns the payment's profile id."""
    payment = await uow.session.get(PaymentRow, payment_id, with_for_update=True)
    if payment is None:
        raise NotFound("That payment no longer exists.")
    [view] = [p for p in await _payments(uow, payment.profile_id) if p.id == payment_id]
    if cents > view.refundable_cents:
        raise ValidationFailed({"amount": f"At most {label(view.refundable_cents)} of this payment can be refunded."})
    from_invoices = cents - max(_unused(view), 0)
    if from_invoices > 0:
        allocations = (
            (
                await uow.session.execute(
                    select(AllocationRow)
                    .where(AllocationRow.payment_id == payment_id, AllocationRow.amount_cents > 0)
                    .order_by(AllocationRow.id.desc())
                )
            )
            .scalars()
            .all()
        )
        for a in allocations:
            take = min(a.amount_cents, from_invoices)
            a.amount_cents -= take
            from_invoices -= take
            if not from_invoices:
                break
    uow.session.add(
        RefundRow(
            payment_id=payment_id,
            amount_cents=cents,
            reason=reason,
            refunded_on=refunded_on or datetime.now(ZoneInfo((await clinic_row(uow.session)).time_zone)).date(),
            provider_reference=provider_reference,
        )
    )
    via = f" (through the provider: {provider_reference})" if provider_reference else ""
    uow.audit(actor, "payment.refunded", "payment", payment_id, summary=f"{label(cents)}: {reason}{via}")
    uow.changed(topics.billing(payment.profile_id))
    return payment.profile_id

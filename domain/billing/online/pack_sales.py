"""Session packs sold on the Bookings Page (seed 003: clients "request and pay for sessions, packages, and programs
from your Bookings Page"). A visitor picks a package offered online (pack_offer.py), gives Contact Information and
pays at the provider; the pack opens only when the provider says it was paid (settle_pack_sale, inside
complete_checkout's transaction), on a new invoice issued there and paid by that payment.

The buyer becomes a new Prospective Client (an active one with "Add new clients automatically"), as a booking
request's visitor does: never silently an existing client; who may be the same person is written in the audit log
for staff. The amount is the template's price plus the clinic's tax, from our database, never from the browser."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from domain import topics
from domain.actor import Actor, anonymous
from domain.billing.invoice_views import invoice_view
from domain.billing.invoices import default_tax_percent, issue_in
from domain.billing.money import label
from domain.billing.online.pack_offer import (
    BAD_LINK,
    BUYER_SOURCE,
    STARTED,
    PackBuyer,
    PackForSale,
    PackPurchase,
    charge,
    find_checkouts,
    for_sale,
    list_packs_for_sale,
    rate_limit,
    read_pack_purchase,
    refused,
    size_label,
)
from domain.billing.online.provider import CHECKOUT_LIFETIME_MINUTES, CheckoutRequest, PaymentProvider, StartedCheckout
from domain.billing.online.purposes import Settlement
from domain.billing.packs import bill_pack, open_pack_in
from domain.clients.details import CleanClient, ClientInput, clean_client
from domain.clients.persons import add_person
from domain.errors import InvalidLink, NotAllowed, ValidationFailed
from domain.formats import current
from domain.households.relationship_copies import email_with_copies
from domain.phones import region_of
from domain.scheduling.online.requests import TooManyRequests, possible_matches
from domain.scheduling.online.settings import settings_row
from domain.tokens import new_token
from storage.clients import PersonRow
from storage.clinic import clinic_row
from storage.online_payments import CheckoutRow
from storage.packs import PackTemplateRow
from storage.types import utcnow
from storage.uow import UnitOfWork

__all__ = ["PackBuyer", "PackForSale", "PackPurchase", "list_packs_for_sale", "read_pack_purchase"]
__all__ += ["retry_pack_purchase", "settle_pack_sale", "start_pack_purchase"]
NOT_SOLD = "That package cannot be bought online. Choose one of the packages shown."


@dataclass(frozen=True)
class _Checked:
    template: PackTemplateRow
    amount_cents: int
    contact: CleanClient
    currency: str
    clinic_name: str
    auto_add: bool


async def start_pack_purchase(
    uow: UnitOfWork,
    *,
    template_id: int,
    contact: PackBuyer,
    provider: PaymentProvider,
    public_url: str,
    ip: str | None,
    now: datetime | None = None,
    save_card: bool = False,
) -> str:
    """Checks Contact Information (field messages), the package (a tampered id: a field message) and the limits,
    starts a checkout at the provider, then records the buyer and the checkout. Returns where the browser goes."""
    now = now or utcnow()
    public_url = public_url.rstrip("/")
    if contact.website.strip():  # the honeypot: a robot goes back to the list, and nothing is made
        await refused(uow, ip, template_id, "honeypot field filled in", contact.email)
        return f"{public_url}/book/packages"
    async with _audit_refusals(uow, ip, template_id, contact.email), uow:  # all refusals, before the provider
        first = await _check(uow, template_id, contact, ip, now)
    back = f"{public_url}/book/packages/{new_token()}"
    started = await _at_provider(provider, first, back, now, save_card)
    async with _audit_refusals(uow, ip, template_id, contact.email), uow.fresh() as fresh:
        checked = await _check(fresh, template_id, contact, ip, now)  # again, queued: the limits hold
        clean = checked.contact
        matches = await possible_matches(fresh, clean.first_name, clean.last_name, clean.email)
        person, profile = await add_person(
            fresh,
            first_name=clean.first_name,
            last_name=clean.last_name,
            email=clean.email,
            phone=clean.phone,
            date_of_birth=clean.date_of_birth,
            time_zone=clean.time_zone,
            status="active" if checked.auto_add else "prospective",  # the same whether or not someone matches
        )
        person.source, person.created_at = BUYER_SOURCE, now
        fresh.session.add(_checkout(provider, started, checked, person.id, profile.id, back, now, save_card))
        await fresh.session.flush()
        fresh.audit(
            anonymous(ip),
            STARTED,
            "person",
            person.id,
            summary=f"{checked.template.name} for {person.first_name} {person.last_name}: {label(checked.amount_cents)}"
            f" through {provider.label} ({started.provider_ref})" + await _matches_said(fresh, matches),
        )
        fresh.changed(topics.PEOPLE, topics.person(person.id))
        await fresh.commit()
    return started.url


async def retry_pack_purchase(
    uow: UnitOfWork, *, token: str, provider: PaymentProvider, ip: str | None, now: datetime | None = None
) -> str:
    """Pay again after a payment cancelled, declined or left to expire: a new checkout for the same buyer and
    package (no second client record), returning to the same page."""
    now = now or utcnow()
    async with uow:
        checkouts = await find_checkouts(uow, token)
        if not checkouts:
            raise InvalidLink(BAD_LINK)
        if any(c.state == "paid" for c in checkouts):
            raise NotAllowed("This package is already paid for. Thank you!")
        last = checkouts[0]
        person = await uow.get(PersonRow, last.person_id)
        buyer = PackBuyer(person.first_name, person.last_name, person.email or "", person.phone or "")
    template_id = last.template_id or 0
    async with _audit_refusals(uow, ip, template_id, buyer.email), uow.fresh() as check:
        first = await _check(check, template_id, buyer, ip, now, new_buyer=False)
    started = await _at_provider(provider, first, last.return_url, now, last.save_card)
    async with _audit_refusals(uow, ip, template_id, buyer.email), uow.fresh() as fresh:
        checked = await _check(fresh, template_id, buyer, ip, now, new_buyer=False)
        row = _checkout(provider, started, checked, person.id, last.profile_id, last.return_url, now, last.save_card)
        fresh.session.add(row)
        await fresh.session.flush()
        fresh.audit(
            anonymous(ip),
            STARTED,
            "person",
            person.id,
            summary=f"{checked.template.name} for {person.first_name} {person.last_name}, again: "
            f"{label(checked.amount_cents)} through {provider.label} ({started.provider_ref})",
        )
        await fresh.commit()
    return started.url


async def _check(
    uow: UnitOfWork, template_id: int, contact: PackBuyer, ip: str | None, now: datetime, *, new_buyer: bool = True
) -> _Checked:
    """Inside the caller's transaction, on the Bookings Page's settings row (locked: purchases queue there as
    booking requests do): the contact's field messages, the package sold online at a price, the limits."""
    clinic = await clinic_row(uow.session)
    await settings_row(uow, lock=True)
    today = now.astimezone(ZoneInfo(clinic.time_zone)).date()
    data = ClientInput(
        contact.first_name, contact.last_name, contact.date_of_birth, contact.email, contact.phone, clinic.time_zone
    )
    clean, errors = clean_client(data, today=today, region=region_of(clinic.locale), email_required=True)
    if not new_buyer:  # a buyer on file trying again: their record is what it is
        errors.clear()
    errors.raise_if_any()
    template = await uow.session.get(PackTemplateRow, template_id) if template_id else None
    if template is None or not for_sale(template):
        raise NotForSale({"template": NOT_SOLD})
    amount, _tax = charge(template.price_cents, await default_tax_percent(uow))
    if amount <= 0:  # for_sale wants a price; a tax rate cannot make it 0, but never ask a provider for nothing
        raise NotForSale({"template": NOT_SOLD})
    await rate_limit(uow, ip, (clean.email or "") if new_buyer else "", now)
    return _Checked(template, amount, clean, clinic.currency, clinic.name, clinic.auto_add_clients)


class NotForSale(ValidationFailed):
    """A package id the page never offered (tampering, or switched off meanwhile): a field message, audited."""


@asynccontextmanager
async def _audit_refusals(uow: UnitOfWork, ip: str | None, template_id: int, email: str) -> AsyncIterator[None]:
    """Outside the transaction it wraps (entered first, left last): a refusal that is not a typing mistake is
    audited in a transaction of its own once the refused one has closed."""
    try:
        yield
    except (NotForSale, TooManyRequests) as exc:
        await refused(uow, ip, template_id, exc.message, email)
        raise


async def _at_provider(
    provider: PaymentProvider, checked: _Checked, back: str, now: datetime, save_card: bool
) -> StartedCheckout:
    return await provider.start_checkout(  # outside any transaction: the provider may take a while
        CheckoutRequest(
            amount_cents=checked.amount_cents,
            currency=checked.currency,
            description=f"Session pack: {checked.template.name}, from {checked.clinic_name}",
            success_url=f"{back}/done",
            cancel_url=back,
            expires_at=now + timedelta(minutes=CHECKOUT_LIFETIME_MINUTES),
            customer_email=checked.contact.email,
            save_card=save_card,
        )
    )


def _checkout(
    provider: PaymentProvider,
    started: StartedCheckout,
    checked: _Checked,
    person_id: int,
    profile_id: int,
    back: str,
    now: datetime,
    save_card: bool,
) -> CheckoutRow:
    return CheckoutRow(
        provider=provider.name,
        provider_ref=started.provider_ref,
        purpose="pack",
        template_id=checked.template.id,
        person_id=person_id,
        profile_id=profile_id,
        amount_cents=checked.amount_cents,
        currency=checked.currency,
        state="open",
        created_at=now,
        expires_at=now + timedelta(minutes=CHECKOUT_LIFETIME_MINUTES),
        return_url=back,
        save_card=save_card,
    )


async def _matches_said(uow: UnitOfWork, matches: list[int]) -> str:
    if not matches:
        return ""
    people = (await uow.session.execute(select(PersonRow).where(PersonRow.id.in_(matches)))).scalars()
    named = ", ".join(f"{p.first_name} {p.last_name} (#{p.id}, {p.status})" for p in people)
    return f"; possible match: {named} (not linked: Review & Add decides)"


async def settle_pack_sale(uow: UnitOfWork, checkout: CheckoutRow, who: Actor) -> Settlement:
    """Inside complete_checkout's transaction: opens the pack for the buyer, bills it on a new invoice and issues it
    (the payment then pays it). A package switched off meanwhile cannot open: the money goes back at once."""
    template = await uow.session.get(PackTemplateRow, checkout.template_id) if checkout.template_id else None
    person = await uow.get(PersonRow, checkout.person_id) if checkout.person_id else None
    if template is None or not template.active or person is None:
        uow.audit(who, "pack.purchase_refused", "pack_template", checkout.template_id, summary="no longer offered")
        return Settlement(
            None, "Payment received, but this package is no longer offered: it is refunded in full.", True
        )
    clinic = await clinic_row(uow.session)
    today = datetime.now(ZoneInfo(clinic.time_zone)).date()
    pack = await open_pack_in(uow, profile_id=checkout.profile_id, template_id=template.id, starts_on=today)
    invoice = await bill_pack(uow, pack, invoice_id=None)
    await issue_in(uow, invoice, today=today)
    checkout.invoice_id = invoice.id
    view = await invoice_view(uow, invoice)
    uow.audit(who, "invoice.issued", "invoice", invoice.id, summary=f"{view.number_label}, {view.total_label}")
    if view.totals.total_cents != checkout.amount_cents:  # the price or the tax changed while they paid
        said = f"{view.number_label} is {view.total_label}, {label(checkout.amount_cents)} was paid"
        uow.audit(who, "pack.price_changed", "invoice", invoice.id, summary=said)
    size = size_label(pack.metric, pack.size)
    others = [
        m for m in await possible_matches(uow, person.first_name, person.last_name, person.email) if m != person.id
    ]
    uow.audit(
        who,
        "pack.bought_online",
        "pack",
        pack.id,
        summary=f"{pack.name} ({size}) for {person.first_name} {person.last_name} (#{person.id}, {person.status}), "
        f"{view.number_label}" + await _matches_said(uow, others),
    )
    until = f", until {current().date(pack.expires_on)}" if pack.expires_on else ""
    await email_with_copies(  # automated: a prospect gets none (seed 003); the page has said what happens next
        uow,
        person,
        "financial",  # a receipt: copied to relatives allowed "receipts, statements, and financial emails"
        automated=True,
        subject=f"{clinic.name}: your {pack.name}",
        body=f"Hello {person.first_name},\n\nThank you for your payment of {label(checkout.amount_cents)}. "
        f"Your {pack.name} is ready: {size}{until}.\nInvoice {view.number_label} is paid.\n\n"
        f"Contact {clinic.name} to book your sessions.\n",
        record_type="pack",
        record_id=pack.id,
    )
    uow.changed(topics.PEOPLE, topics.person(person.id), topics.profile(checkout.profile_id))
    return Settlement(invoice.id, f"Payment received. Your {pack.name} is ready: {size}{until} ({view.number_label}).")

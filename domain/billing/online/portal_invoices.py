"""Invoices in the Client Portal: the issued invoices of the current profile (its own, and those of a shared
profile it is the payee of: shared billing), each with its PDF and, while a balance is owing, Pay (the online
payment's checkout, back to the portal). Drafts are the clinic's business and never shown.

Everything goes through the one access policy: another client's invoice id is answered as not found, audited."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, or_, select

from domain.adapters.pdf import invoice_pdf
from domain.billing.invoice_views import InvoiceView, invoice_view
from domain.billing.money import label
from domain.billing.online.bill_to import card_to_bill
from domain.billing.online.checkout import checkout_invoice
from domain.billing.online.provider import PaymentProvider
from domain.households.access import (
    RELATIVE,
    PortalView,
    portal_actor,
    reachable_id,
    refuse,
    require_access,
    session_household,
)
from storage.billing import InvoiceRow
from storage.clients import ProfileRow
from storage.clinic import clinic_row
from storage.types import utcnow
from storage.uow import UnitOfWork

PORTAL_PAY_PATH = "/portal/invoices/{}/pay"  # the provider sends the client back here (+ "/done" once paid)


@dataclass(frozen=True)
class PortalInvoice:
    id: int
    number_label: str
    issued_on: date | None
    due_on: date | None
    total_label: str
    balance_cents: int
    balance_label: str
    status_label: str  # Issued, Part paid, Paid, Void
    provided_to: str  # whose sessions it is for ("Alex & Sam Taylor")
    overdue: bool

    @property
    def owing(self) -> bool:
        return self.balance_cents > 0 and self.status_label != "Void"


def _portal(view: InvoiceView, today: date) -> PortalInvoice:
    return PortalInvoice(
        id=view.id,
        number_label=view.number_label,
        issued_on=view.issued_on,
        due_on=view.due_on,
        total_label=view.total_label,
        balance_cents=view.balance_cents,
        balance_label=label(view.balance_cents),
        status_label=view.status_label,
        provided_to=", ".join(view.provided_to),
        overdue=view.balance_cents > 0 and view.due_on is not None and view.due_on < today,
    )


def _reachable(person_id: int) -> Select[InvoiceRow]:
    """Issued or voided invoices of this person's own profile, or billed to them (a shared profile's payee)."""
    own = select(ProfileRow.id).where(ProfileRow.person_id == person_id).scalar_subquery()
    return select(InvoiceRow).where(
        InvoiceRow.status.in_(("issued", "void")),
        or_(InvoiceRow.profile_id == own, InvoiceRow.payee_person_id == person_id),
    )


async def portal_invoices(
    uow: UnitOfWork, *, who: PortalView, owing_only: bool = False, today: date | None = None
) -> list[PortalInvoice]:
    """Newest first; `owing_only`: those with a balance (Home). On the login's own records, also the invoices of
    relatives who granted View and Pay (seed 002: "pay for invoices on behalf of another client"), each saying whom
    it is for."""
    today = today or utcnow().date()
    async with uow:
        household = await require_access(uow, who, "pay")
        people = [household.current_person_id]
        if "relate" in household.current.actions:
            people += [r.person_id for r in household.records if r.why.startswith(RELATIVE) and "pay" in r.actions]
        found: dict[int, InvoiceRow] = {}
        for person_id in people:
            for row in (await uow.session.execute(_reachable(person_id))).scalars():
                found[row.id] = row
        rows = sorted(found.values(), key=lambda r: r.id, reverse=True)
        invoices = [_portal(await invoice_view(uow, row), today) for row in rows]
    return [i for i in invoices if i.owing] if owing_only else invoices


async def _portal_invoice(uow: UnitOfWork, who: PortalView, invoice_id: int, ip: str | None) -> InvoiceRow:
    """Inside the caller's transaction: an invoice this login may see and pay, or not found (audited)."""
    await reachable_id(uow, who, invoice_id, "invoice", ip=ip)
    household = await session_household(uow, who.token)
    for person_id in household.person_ids("pay"):
        found = (
            await uow.session.execute(_reachable(person_id).where(InvoiceRow.id == invoice_id))
        ).scalar_one_or_none()
        if found is not None:
            await require_access(uow, who, "pay", person_id, ip=ip)
            return found
    await refuse(uow, who, f"invoice {invoice_id}: not one of this login's", ip=ip)


async def portal_invoice(
    uow: UnitOfWork, *, who: PortalView, invoice_id: int, ip: str | None = None, today: date | None = None
) -> PortalInvoice:
    async with uow:
        row = await _portal_invoice(uow, who, invoice_id, ip)
        return _portal(await invoice_view(uow, row), today or utcnow().date())


async def portal_invoice_pdf(
    uow: UnitOfWork, *, who: PortalView, invoice_id: int, ip: str | None = None
) -> tuple[str, bytes]:
    """(file name, PDF) of an invoice this login may see."""
    async with uow:
        row = await _portal_invoice(uow, who, invoice_id, ip)
        view = await invoice_view(uow, row)
        clinic = await clinic_row(uow.session)
    return f"{view.number_label}.pdf", invoice_pdf(view, clinic_name=clinic.name, tax_name=clinic.tax_name)


async def pay_from_portal(
    uow: UnitOfWork,
    *,
    who: PortalView,
    invoice_id: int,
    provider: PaymentProvider,
    public_url: str,
    ip: str | None = None,
    now: datetime | None = None,
    card_of: int | None = None,
) -> str:
    """Pay: a checkout for the invoice's balance; returns where the browser goes (the provider's page).
    `card_of`: pay with that relative's saved card (billed to their account: bill_to.py), checked again here."""
    async with uow:
        row = await _portal_invoice(uow, who, invoice_id, ip)
        payer = None
        if card_of is not None:
            card_of = (await card_to_bill(uow, who, card_of, provider.name, ip=ip)).person_id
        else:  # a relative's invoice (View and Pay): the payer's own saved card, never the relative's (seed 002)
            household = await session_household(uow, who.token)
            family = [r.person_id for r in household.records if not r.why.startswith(RELATIVE)]
            profile = await uow.session.get(ProfileRow, row.profile_id)
            owner = row.payee_person_id or (profile.person_id if profile else None)
            payer = family[0] if family and owner not in family else None
    back = public_url.rstrip("/") + PORTAL_PAY_PATH.format(row.id)
    return await checkout_invoice(
        uow.fresh(),
        invoice_id=row.id,
        provider=provider,
        back=back,
        actor=portal_actor(who, ip),
        now=now,
        customer_ref_of=card_of,
        payer_id=payer,
    )

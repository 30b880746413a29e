"""Plain views of invoices for pages and PDFs, built from rows in one place."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from domain.billing.money import Line, LineTotals, Totals, from_cents, invoice_totals, label, line_totals
from domain.formats import current
from storage.billing import AllocationRow, InvoiceItemRow, InvoiceRow, PaymentRow
from storage.clients import PersonRow, ProfileRow
from storage.clinic import clinic_row
from storage.households import MemberRow
from storage.uow import UnitOfWork

METHOD_LABELS = {"cash": "Cash", "card": "Card", "bank_transfer": "Bank transfer", "other": "Other", "online": "Online"}


def number_label(number: int | None) -> str:
    return f"INV-{number:05d}" if number else "Draft"


def as_line(item: InvoiceItemRow) -> Line:
    return Line(
        Decimal(item.quantity_milli) / 1000,
        from_cents(item.unit_price_cents),
        Decimal(item.discount_bp) / 100,
        Decimal(item.tax_bp) / 100,
    )


@dataclass(frozen=True)
class ItemView:
    id: int
    kind: str
    description: str
    session_label: str
    quantity: Decimal
    unit_price_cents: int
    discount_percent: Decimal
    tax_percent: Decimal
    totals: LineTotals


@dataclass(frozen=True)
class PaymentLine:
    payment_id: int
    received_on: date
    method: str
    amount_cents: int  # the part that paid this invoice


@dataclass(frozen=True)
class InvoiceView:
    id: int
    profile_id: int
    number: int | None
    status: str  # draft, issued, void
    issued_on: date | None
    due_on: date | None
    void_reason: str
    invoice_to: str  # the payee
    invoice_to_email: str
    provided_to: list[str]  # everyone the profile is for (one client, or a shared profile's members)
    items: list[ItemView]
    totals: Totals
    payments: list[PaymentLine] = field(default_factory=list)
    payee_id: int | None = None
    created_on: date | None = None

    @property
    def draft_label(self) -> str:
        """Tells drafts apart in a list: 'Draft of 24 Nov 2026 to John Smith, $110.00 (2 items)'."""
        items = f"{len(self.items)} item{'s' if len(self.items) != 1 else ''}"
        made = f" of {current().date(self.created_on)}" if self.created_on else ""
        return f"Draft{made} to {self.invoice_to}, {self.total_label} ({items})"

    @property
    def number_label(self) -> str:
        return number_label(self.number)

    @property
    def paid_cents(self) -> int:
        return sum(p.amount_cents for p in self.payments)

    @property
    def balance_cents(self) -> int:
        return 0 if self.status == "void" else self.totals.total_cents - self.paid_cents

    @property
    def status_label(self) -> str:
        if self.status != "issued":
            return self.status.capitalize()
        if self.balance_cents <= 0:
            return "Paid"
        return "Part paid" if self.paid_cents else "Issued"

    @property
    def total_label(self) -> str:
        return label(self.totals.total_cents)


async def provided_to(uow: UnitOfWork, profile: ProfileRow) -> list[PersonRow]:
    """The people a profile's services are for: the client, or every member of a shared profile."""
    if profile.person_id:
        person = await uow.session.get(PersonRow, profile.person_id)
        return [person] if person else []
    return list(
        (
            await uow.session.execute(
                select(PersonRow)
                .join(MemberRow, MemberRow.person_id == PersonRow.id)
                .where(MemberRow.profile_id == profile.id)
                .order_by(MemberRow.is_primary.desc(), MemberRow.id)
            )
        ).scalars()
    )


async def default_payee(uow: UnitOfWork, profile: ProfileRow) -> PersonRow | None:
    """Billing Setup's default payee; for a shared profile the primary member unless set otherwise."""
    if profile.default_payee_person_id:
        return await uow.session.get(PersonRow, profile.default_payee_person_id)
    people = await provided_to(uow, profile)  # the primary first
    return people[0] if people else None


async def invoice_view(uow: UnitOfWork, invoice: InvoiceRow) -> InvoiceView:
    zone = ZoneInfo((await clinic_row(uow.session)).time_zone)  # the clinic's date a draft was started
    profile = await uow.get(ProfileRow, invoice.profile_id)
    people = await provided_to(uow, profile)
    payee = (
        await uow.session.get(PersonRow, invoice.payee_person_id)
        if invoice.payee_person_id
        else (await default_payee(uow, profile))
    )
    items = (
        (
            await uow.session.execute(
                select(InvoiceItemRow).where(InvoiceItemRow.invoice_id == invoice.id).order_by(InvoiceItemRow.id)
            )
        )
        .scalars()
        .all()
    )
    payments = (
        await uow.session.execute(
            select(
                AllocationRow.payment_id,
                PaymentRow.received_on,
                PaymentRow.method,
                func.sum(AllocationRow.amount_cents),
            )
            .join(PaymentRow, PaymentRow.id == AllocationRow.payment_id)
            .where(AllocationRow.invoice_id == invoice.id)
            .group_by(AllocationRow.payment_id, PaymentRow.received_on, PaymentRow.method)
            .order_by(PaymentRow.received_on)
        )
    ).all()
    lines = [as_line(i) for i in items]
    return InvoiceView(
        id=invoice.id,
        profile_id=invoice.profile_id,
        number=invoice.number,
        status=invoice.status,
        issued_on=invoice.issued_on,
        due_on=invoice.due_on,
        void_reason=invoice.void_reason or "",
        invoice_to=f"{payee.first_name} {payee.last_name}" if payee else profile.name,
        invoice_to_email=(payee.email or "") if payee else "",
        provided_to=[f"{p.first_name} {p.last_name}" for p in people] or [profile.name],
        items=[
            ItemView(
                i.id,
                i.kind,
                i.description,
                i.session_label,
                line.quantity,
                i.unit_price_cents,
                line.discount_percent,
                line.tax_percent,
                line_totals(line),
            )
            for i, line in zip(items, lines, strict=True)
        ],
        totals=invoice_totals(lines),
        payments=[PaymentLine(pid, on, method, int(amount)) for pid, on, method, amount in payments if amount],
        payee_id=payee.id if payee else None,
        created_on=invoice.created_at.astimezone(zone).date() if invoice.created_at else None,
    )

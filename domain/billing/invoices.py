"""Invoices: drafts with items, issued with a gapless number, voided with a reason (never deleted)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select, update

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.billing.invoice_views import InvoiceView, default_payee, invoice_view, number_label
from domain.billing.money import MAX_QUANTITY, QUANTITY_STEP, Line, check_line, from_cents, label, to_cents
from domain.billing.pack_rules import use_label
from domain.errors import NotAllowed, NotFound, ValidationFailed
from domain.formats import BadAmount, current
from domain.validation import clean_line
from storage.billing import AllocationRow, InvoiceItemRow, InvoiceRow
from storage.clients import ProfileRow
from storage.clinic import CLINIC_ID, ClinicRow, clinic_row
from storage.packs import PackRow, PackUseRow
from storage.scheduling import AppointmentRow, ServiceRow
from storage.uow import UnitOfWork

DUE_DAYS = 14


@dataclass(frozen=True)
class ItemInput:
    description: str
    quantity: str | Decimal = "1"
    unit_price: str | Decimal = "0"
    discount_percent: str | Decimal = "0"
    tax_percent: str | Decimal | None = None  # None: the clinic's default rate
    kind: str = "product"
    service_id: int | None = None


def _decimal(errors: dict[str, str], field: str, value: object, message: str) -> Decimal:
    """A number as the clinic's locale writes it ('1,5' in de-DE), an amount's currency sign and a % allowed."""
    fmt = current()
    text = value if isinstance(value, Decimal) else str(value).replace("%", "").strip()
    try:
        return fmt.parse_amount(text) if field == "unit_price" else fmt.parse_number(text)
    except BadAmount:
        errors[field] = message
        return Decimal(0)


def parse_item(item: ItemInput, default_tax_percent: Decimal) -> Line:
    """One invoice line, each number at its field: the quantity up to MAX_QUANTITY in thousandths, the price by the
    one money rule (formats.amount_problem), discount and tax 0 to 100 %."""
    errors: dict[str, str] = {}
    quantity = _decimal(errors, "quantity", item.quantity, "The quantity must be a number, e.g. 1.")
    example = current().amount(to_cents(Decimal(110)))
    price = _decimal(errors, "unit_price", item.unit_price, f"The price must be an amount, e.g. {example}.")
    if quantity > MAX_QUANTITY or (quantity > 0 and quantity != quantity.quantize(QUANTITY_STEP)):
        errors["quantity"] = f"The quantity must be at most {MAX_QUANTITY:,}, with at most three decimals."
        quantity = Decimal(1)
    if problem := current().amount_problem(price):
        errors["unit_price"] = f"The price must be {problem}."
        price = Decimal(0)
    line = Line(
        quantity,
        price,
        _decimal(errors, "discount", item.discount_percent or "0", "The discount must be a percentage."),
        default_tax_percent
        if item.tax_percent in (None, "")
        else _decimal(errors, "tax", item.tax_percent, "The tax rate must be a percentage."),
    )
    errors = check_line(line) | errors
    if not clean_line(item.description, max_length=300):
        errors["description"] = "Describe the item."
    if errors:
        raise ValidationFailed(errors)
    return line


async def invoice_row(uow: UnitOfWork, invoice_id: int, *, draft: bool = False) -> InvoiceRow:
    row = await uow.session.get(InvoiceRow, invoice_id, with_for_update=True)
    if row is None:
        raise NotFound("That invoice no longer exists.")
    if draft and row.status != "draft":
        raise NotAllowed(
            f"{number_label(row.number)} is {row.status}: its items cannot change. Void it and "
            "make a new invoice instead."
        )
    return row


async def default_tax_percent(uow: UnitOfWork) -> Decimal:
    return Decimal((await clinic_row(uow.session)).tax_bp) / 100


def add_line(
    uow: UnitOfWork,
    invoice_id: int,
    line: Line,
    *,
    kind: str,
    description: str,
    service_id: int | None = None,
    pack_id: int | None = None,
    appointment_id: int | None = None,
    session_label: str = "",
) -> InvoiceItemRow:
    row = InvoiceItemRow(
        invoice_id=invoice_id,
        kind=kind,
        description=clean_line(description, max_length=300),
        quantity_milli=int(line.quantity * 1000),
        unit_price_cents=int(line.unit_price * 100),
        discount_bp=int(line.discount_percent * 100),
        tax_bp=int(line.tax_percent * 100),
        service_id=service_id,
        pack_id=pack_id,
        appointment_id=appointment_id,
        session_label=session_label,
    )
    uow.session.add(row)
    return row


async def session_label(uow: UnitOfWork, pack: PackRow, use: PackUseRow) -> str:
    """ "Session 3 of 10" (or what was left) as of this use, whatever came after it."""
    used_after = (
        (
            await uow.session.execute(
                select(PackUseRow.amount).where(
                    PackUseRow.pack_id == pack.id, PackUseRow.held(), PackUseRow.sequence <= use.sequence
                )
            )
        )
        .scalars()
        .all()
    )
    return use_label(pack.metric, sequence=use.sequence, used_after=sum(used_after), size=pack.size)


async def appointment_line(uow: UnitOfWork, invoice_id: int, appointment: AppointmentRow) -> InvoiceItemRow:
    """The line for one appointment: its service at its price, or the session of the pack it used."""
    service = await uow.session.get(ServiceRow, appointment.service_id) if appointment.service_id else None
    tax = await default_tax_percent(uow)
    description = service.name if service else "Appointment"
    use = (
        await uow.session.execute(
            select(PackUseRow).where(PackUseRow.appointment_id == appointment.id, PackUseRow.held())
        )
    ).scalar_one_or_none()
    if use is not None:
        pack = await uow.get(PackRow, use.pack_id)
        session = await session_label(uow, pack, use)
        return add_line(
            uow,
            invoice_id,
            Line(Decimal(1), from_cents(pack.reduced_rate_cents), Decimal(0), tax),
            kind="session",
            description=f"{description} ({pack.name})",
            pack_id=pack.id,
            appointment_id=appointment.id,
            session_label=session,
        )
    price = from_cents(appointment.price_cents or 0)
    return add_line(
        uow,
        invoice_id,
        Line(Decimal(1), price, Decimal(0), tax),
        kind="service",
        description=description,
        service_id=appointment.service_id,
        appointment_id=appointment.id,
    )


async def new_draft(uow: UnitOfWork, profile: ProfileRow) -> InvoiceRow:
    """Inside the caller's transaction: a draft billed to the profile's default payee (kept on the invoice, so
    a later Billing Setup change leaves existing invoices as they are)."""
    payee = await default_payee(uow, profile)
    row = InvoiceRow(profile_id=profile.id, status="draft", notes="", payee_person_id=payee.id if payee else None)
    uow.session.add(row)
    await uow.session.flush()
    return row


async def create_invoice(
    uow: UnitOfWork, *, actor: Actor, profile_id: int, appointment_id: int | None = None
) -> InvoiceView:
    """+ New Invoice (a draft for the profile), or the invoice of an appointment, with its line."""
    require(actor, "billing")
    async with uow:
        profile = await uow.session.get(ProfileRow, profile_id)
        if profile is None:
            raise NotFound("That client no longer exists.")
        row = await new_draft(uow, profile)
        if appointment_id is not None:
            appointment = await uow.session.get(AppointmentRow, appointment_id)
            if appointment is None or appointment.profile_id != profile_id:
                raise NotFound("That appointment is not this client's.")
            if appointment.status == "requested":
                raise NotAllowed("A booking request is not an appointment yet: confirm it before invoicing it.")
            if (
                await uow.session.execute(
                    select(InvoiceItemRow.id)
                    .join(InvoiceRow)
                    .where(InvoiceItemRow.appointment_id == appointment_id, InvoiceRow.status != "void")
                )
            ).first():
                raise NotAllowed("That appointment is already on an invoice.")
            await appointment_line(uow, row.id, appointment)
            await uow.session.flush()
        uow.audit(actor, "invoice.created", "invoice", row.id, summary=f"draft for {profile.name}")
        view = await invoice_view(uow, row)
        uow.changed(topics.billing(profile_id))
        await uow.commit()
    return view


async def add_invoice_item(uow: UnitOfWork, *, actor: Actor, invoice_id: int, item: ItemInput) -> InvoiceView:
    """Add Invoice Item: a service, a product (any described item). Packs: domain.billing.packs."""
    require(actor, "billing")
    async with uow:
        invoice = await invoice_row(uow, invoice_id, draft=True)
        line = parse_item(item, await default_tax_percent(uow))
        kind = "service" if item.service_id else "product"
        added = add_line(uow, invoice.id, line, kind=kind, description=item.description, service_id=item.service_id)
        await uow.session.flush()
        uow.audit(
            actor,
            "invoice.item_added",
            "invoice",
            invoice.id,
            summary=f"{added.description}: {line.quantity} × {label(int(line.unit_price * 100))}",
        )
        view = await invoice_view(uow, invoice)
        uow.changed(topics.billing(view.profile_id))
        await uow.commit()
    return view


async def remove_invoice_item(uow: UnitOfWork, *, actor: Actor, invoice_id: int, item_id: int) -> InvoiceView:
    require(actor, "billing")
    async with uow:
        invoice = await invoice_row(uow, invoice_id, draft=True)
        item = await uow.session.get(InvoiceItemRow, item_id)
        if item is None or item.invoice_id != invoice.id:
            raise NotFound("That item is no longer on the invoice.")
        await uow.session.delete(item)
        await uow.session.flush()
        uow.audit(actor, "invoice.item_removed", "invoice", invoice.id, summary=item.description)
        view = await invoice_view(uow, invoice)
        uow.changed(topics.billing(view.profile_id))
        await uow.commit()
    return view


async def issue_invoice(uow: UnitOfWork, *, actor: Actor, invoice_id: int, today: date | None = None) -> InvoiceView:
    """Gives the invoice the next number from the clinic's counter, locked in this transaction: no gaps,
    no duplicates, even when two staff issue at once."""
    require(actor, "billing")
    today = today or date.today()
    async with uow:
        invoice = await invoice_row(uow, invoice_id, draft=True)
        if not (
            await uow.session.execute(select(InvoiceItemRow.id).where(InvoiceItemRow.invoice_id == invoice.id))
        ).first():
            raise ValidationFailed({"items": "Add at least one item before issuing the invoice."})
        await issue_in(uow, invoice, today=today)
        view = await invoice_view(uow, invoice)
        uow.audit(actor, "invoice.issued", "invoice", invoice.id, summary=f"{view.number_label}, {view.total_label}")
        uow.changed(topics.billing(view.profile_id))
        await uow.commit()
    return view


async def issue_in(uow: UnitOfWork, invoice: InvoiceRow, *, today: date) -> None:
    """Inside the caller's transaction (issue_invoice, a pack bought online): the draft (with its items) takes the
    next number from the clinic's counter, locked, and its issue and due dates. The caller audits."""
    clinic = await clinic_row(uow.session, lock=True)
    number = clinic.next_invoice_number
    await uow.session.execute(update(ClinicRow).where(ClinicRow.id == CLINIC_ID).values(next_invoice_number=number + 1))
    invoice.number, invoice.status, invoice.issued_on = number, "issued", today
    invoice.due_on = today + timedelta(days=DUE_DAYS)
    await uow.session.flush()


async def void_invoice(uow: UnitOfWork, *, actor: Actor, invoice_id: int, reason: str) -> InvoiceView:
    """Voids (never deletes) an invoice. What was paid on it becomes the client's credit."""
    require(actor, "billing")
    reason = clean_line(reason, max_length=300)
    if not reason:
        raise ValidationFailed({"reason": "Give a reason for voiding the invoice."})
    async with uow:
        invoice = await invoice_row(uow, invoice_id)
        if invoice.status == "void":
            raise NotAllowed("That invoice is already void.")
        if invoice.status == "draft":  # a void invoice keeps a number, so the sequence stays gapless
            raise NotAllowed(
                "A draft has no number yet: remove its items or leave it; only issued invoices are voided."
            )
        view = await void_in(uow, actor, invoice, reason)
        await uow.commit()
    return view


async def void_in(uow: UnitOfWork, actor: Actor, invoice: InvoiceRow, reason: str) -> InvoiceView:
    """Inside the caller's transaction: the issued invoice becomes void; what was paid on it becomes credit."""
    await uow.session.execute(
        update(AllocationRow).where(AllocationRow.invoice_id == invoice.id).values(amount_cents=0)
    )
    invoice.status, invoice.void_reason = "void", reason
    await uow.session.flush()
    view = await invoice_view(uow, invoice)
    uow.audit(actor, "invoice.voided", "invoice", invoice.id, summary=f"{view.number_label}: {reason}")
    uow.changed(topics.billing(view.profile_id))
    return view


async def get_invoice(uow: UnitOfWork, *, actor: Actor, invoice_id: int) -> InvoiceView:
    require(actor, "billing")
    async with uow:
        row = await uow.session.get(InvoiceRow, invoice_id)
        if row is None:
            raise NotFound("That invoice no longer exists.")
        return await invoice_view(uow, row)


async def draft_invoices(uow: UnitOfWork, *, actor: Actor, profile_id: int) -> list[InvoiceView]:
    """The profile's drafts, newest first: where a new pack's price may be billed (or a new draft)."""
    return [v for v in await list_invoices(uow, actor=actor, profile_id=profile_id) if v.status == "draft"]


async def list_invoices(uow: UnitOfWork, *, actor: Actor, profile_id: int) -> list[InvoiceView]:
    require(actor, "billing")
    async with uow:
        rows = (
            (
                await uow.session.execute(
                    select(InvoiceRow).where(InvoiceRow.profile_id == profile_id).order_by(InvoiceRow.id.desc())
                )
            )
            .scalars()
            .all()
        )
        return [await invoice_view(uow, r) for r in rows]

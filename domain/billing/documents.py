"""Invoice PDFs to print or email, and client statements for a date range."""

from datetime import date

from sqlalchemy import select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.adapters.pdf import invoice_pdf, statement_pdf
from domain.billing.invoice_views import METHOD_LABELS, invoice_view, number_label
from domain.billing.invoices import invoice_row
from domain.billing.money import label
from domain.billing.online.checkout import new_pay_link
from domain.clients.persons import profile_or_not_found
from domain.errors import NotAllowed, ValidationFailed
from domain.households.relationship_copies import queue_copies
from domain.messaging.outbox import queue_email
from storage.billing import InvoiceRow, PaymentRow, RefundRow
from storage.clinic import clinic_row
from storage.uow import UnitOfWork


async def invoice_document(uow: UnitOfWork, *, actor: Actor, invoice_id: int) -> tuple[str, bytes]:
    """Print: (file name, PDF)."""
    require(actor, "billing")
    async with uow:
        invoice = await uow.session.get(InvoiceRow, invoice_id)
        if invoice is None:
            raise ValidationFailed({"invoice": "That invoice no longer exists."})
        view = await invoice_view(uow, invoice)
        clinic = await clinic_row(uow.session)
    return f"{view.number_label}.pdf", invoice_pdf(view, clinic_name=clinic.name, tax_name=clinic.tax_name)


async def email_invoice(uow: UnitOfWork, *, actor: Actor, invoice_id: int, pay_url: str | None = None) -> str:
    """Email: the PDF goes to the payee through the outbox. Returns the address. `pay_url` (the server's public
    address, when a payment provider is set up): a balance due gets a "Pay now" link (no login)."""
    require(actor, "billing")
    async with uow:
        invoice = await invoice_row(uow, invoice_id)
        if invoice.status != "issued":
            raise NotAllowed("Issue the invoice before emailing it.")
        view = await invoice_view(uow, invoice)
        if not view.invoice_to_email:
            raise NotAllowed(f"{view.invoice_to} has no email address. Add one on their Details, or print it.")
        clinic = await clinic_row(uow.session)
        pdf = invoice_pdf(view, clinic_name=clinic.name, tax_name=clinic.tax_name)
        pay = ""
        if pay_url and view.balance_cents > 0:
            pay = f"Pay now (no login needed): {pay_url.rstrip('/')}/pay/{await new_pay_link(uow, invoice)}\n\n"
        subject = f"Invoice {view.number_label} from {clinic.name}"
        body = (
            f"Hello {view.invoice_to.split()[0]},\n\nPlease find attached invoice {view.number_label} "
            f"for {view.total_label}. Balance due: {label(view.balance_cents)}.\n\n{pay}{clinic.name}\n"
        )
        attachment = (f"{view.number_label}.pdf", pdf)
        queue_email(
            uow,
            to=view.invoice_to_email,
            subject=subject,
            body=body,
            record_type="invoice",
            record_id=invoice.id,
            attachment=attachment,
        )
        if invoice.payee_person_id:  # and a copy for relatives the payee allowed (seed 002)
            await queue_copies(
                uow,
                invoice.payee_person_id,
                "financial",
                subject=subject,
                body=body,
                record_type="invoice",
                record_id=invoice.id,
                attachment=attachment,
                sent_to=[view.invoice_to_email],
            )
        uow.audit(actor, "invoice.emailed", "invoice", invoice.id, summary=f"to {view.invoice_to_email}")
        uow.changed(topics.OUTBOX)
        await uow.commit()
    return view.invoice_to_email


async def statement_document(
    uow: UnitOfWork, *, actor: Actor, profile_id: int, first: date, last: date
) -> tuple[str, bytes]:
    require(actor, "billing")
    if first > last:
        raise ValidationFailed({"first": "The start of the period must be before its end."})
    async with uow:
        profile = await profile_or_not_found(uow, profile_id)
        clinic = await clinic_row(uow.session)
        entries: list[tuple[date, str, int]] = []
        for invoice in (
            await uow.session.execute(
                select(InvoiceRow).where(InvoiceRow.profile_id == profile_id, InvoiceRow.status == "issued")
            )
        ).scalars():
            entries.append(
                (
                    invoice.issued_on or invoice.created_at.date(),
                    f"Invoice {number_label(invoice.number)}",
                    (await invoice_view(uow, invoice)).totals.total_cents,
                )
            )
        for p in (await uow.session.execute(select(PaymentRow).where(PaymentRow.profile_id == profile_id))).scalars():
            entries.append((p.received_on, f"Payment ({METHOD_LABELS[p.method]})", -p.amount_cents))
        for r, on in (
            await uow.session.execute(
                select(RefundRow, RefundRow.refunded_on).join(PaymentRow).where(PaymentRow.profile_id == profile_id)
            )
        ).all():
            entries.append((on, f"Refund: {r.reason}", r.amount_cents))
    opening = sum(c for d, _, c in entries if d < first)
    shown = [e for e in entries if first <= e[0] <= last]
    pdf = statement_pdf(
        clinic_name=clinic.name, client_name=profile.name, first=first, last=last, lines=shown, opening_cents=opening
    )
    return f"Statement {profile.name} {first}–{last}.pdf", pdf

"""The invoice PDF, read back with a PDF text extractor: Invoice To, Provided to, the session, the totals."""

import io
from datetime import date

from pypdf import PdfReader

from domain.billing.documents import email_invoice, invoice_document, statement_document
from domain.billing.invoices import create_invoice, issue_invoice
from domain.billing.packs import add_new_pack, use_pack
from domain.billing.payments import record_payment
from domain.clients.register import update_client
from tests.integration.helpers import OWNER, book_days, mary, outbox, ready_clinic, ten_session_pack


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


async def test_the_invoice_pdf_says_who_it_is_to_for_what_session_and_the_totals(db):
    c = await ready_clinic(db)
    await update_client(
        db.uow(), actor=OWNER, person_id=c.mary_person, data=mary(first_name="Zoë", last_name="Ødegård")
    )
    template = await ten_session_pack(db, c, reduced_rate="20")
    pack = await add_new_pack(
        db.uow(), actor=OWNER, profile_id=c.mary_profile, template_id=template.id, starts_on=date(2031, 3, 1)
    )
    appointments = await book_days(db, c, 3)
    for a in appointments:
        await use_pack(db.uow(), actor=OWNER, appointment_id=a.id, pack_id=pack.id)
    invoice = await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile, appointment_id=appointments[2].id)
    invoice = await issue_invoice(db.uow(), actor=OWNER, invoice_id=invoice.id)
    await record_payment(
        db.uow(),
        actor=OWNER,
        profile_id=c.mary_profile,
        amount="10",
        method="card",
        received_on=date.today(),
        invoice_id=invoice.id,
    )
    name, pdf = await invoice_document(db.uow(), actor=OWNER, invoice_id=invoice.id)
    text = text_of(pdf)
    assert name == "INV-00001.pdf"
    for expected in (
        "Invoice INV-00001",
        "Invoice To",
        "Zoë Ødegård",
        "Provided to",
        "Session 3 of 10",
        "Subtotal",
        "$20.00",
        "GST",
        "$2.00",
        "Total",
        "$22.00",
        "Balance due",
        "$12.00",
    ):
        assert expected in text, expected
    assert await email_invoice(db.uow(), actor=OWNER, invoice_id=invoice.id) == "mary@example.com"
    mail = [m for m in await outbox(db) if m.subject.startswith("Invoice INV-00001")][0]
    assert mail.attachment_name == "INV-00001.pdf" and "Session 3 of 10" in text_of(mail.attachment)


async def test_a_statement_for_a_period(db):
    c = await ready_clinic(db)
    await record_payment(
        db.uow(), actor=OWNER, profile_id=c.mary_profile, amount="50", method="cash", received_on=date.today()
    )
    name, pdf = await statement_document(
        db.uow(), actor=OWNER, profile_id=c.mary_profile, first=date(2020, 1, 1), last=date.today()
    )
    text = text_of(pdf)
    assert "Statement" in name and "Payment (Cash)" in text and "-$50.00" in text and "Closing balance" in text

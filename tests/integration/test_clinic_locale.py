"""Clinics in Sydney, London, Berlin and Oslo: each reads amounts, dates and times in its own format on the invoice
PDF and in its emails, types amounts its own way, and keeps the currency it started billing in."""

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from domain.billing.documents import email_invoice, invoice_document
from domain.billing.invoices import create_invoice, issue_invoice
from domain.billing.payments import record_payment
from domain.clinic.settings import get_clinic, update_clinic
from domain.errors import ValidationFailed
from domain.scheduling.bookable_services import list_services
from domain.scheduling.reminders import send_due_reminders
from tests.integration.helpers import OWNER, at, book_days, outbox, ready_clinic
from tests.support import spaces

CLINICS = [
    # locale, currency, payment typed, total, paid on 4 Mar 2025 (a past day), the reminder's time
    ("en-AU", "AUD", "50.00", "$165.00", "4 Mar 2025", "Mon, 3 Mar, 10:00 – 11:00 am"),
    ("en-GB", "GBP", "50.00", "£165.00", "4 Mar 2025", "Mon 3 Mar, 10:00–11:00"),
    ("de-DE", "EUR", "50,00", "165,00 €", "04.03.2025", "Mo., 3. März, 10:00–11:00 Uhr"),
    ("nb-NO", "NOK", "50,00", "165,00 kr", "4. mars 2025", "man. 3. mars, 10:00–11:00"),
]


def text_of(pdf: bytes) -> str:
    return spaces("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


@pytest.mark.parametrize("locale, currency, typed, total, paid_on, when", CLINICS)
async def test_each_clinic_reads_its_own_formats_on_the_invoice_and_in_emails(
    db, locale, currency, typed, total, paid_on, when
):
    c = await ready_clinic(db)
    await update_clinic(
        db.uow(), actor=OWNER, name="Test Clinic", time_zone="Australia/Sydney", locale=locale, currency=currency
    )
    [appointment] = await book_days(db, c, 1)  # Mon 3 Mar 2031, 10:00, 150.00 + 10 % tax
    invoice = await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile, appointment_id=appointment.id)
    invoice = await issue_invoice(db.uow(), actor=OWNER, invoice_id=invoice.id)
    await record_payment(
        db.uow(),
        actor=OWNER,
        profile_id=c.mary_profile,
        amount=typed,
        method="card",
        received_on=date(2025, 3, 4),
        invoice_id=invoice.id,
    )
    _, pdf = await invoice_document(db.uow(), actor=OWNER, invoice_id=invoice.id)
    text = text_of(pdf)
    assert total in text and f"Paid {paid_on}" in text
    assert spaces(total.replace("165", "115")) in text  # the balance due: 165 − 50

    await email_invoice(db.uow(), actor=OWNER, invoice_id=invoice.id)
    [mail] = [m for m in await outbox(db) if m.subject.startswith("Invoice")]
    assert f"for {total}" in spaces(mail.body)

    await send_due_reminders(db, now=at("2031-03-03", "10:00") - timedelta(hours=23))
    [reminder] = [m for m in await outbox(db) if m.subject.startswith("Reminder")]
    assert when in spaces(reminder.body), reminder.body


async def test_the_currency_stays_once_an_invoice_exists_and_prices_keep_their_numbers_before(db):
    c = await ready_clinic(db)  # a service at 150.00 AUD
    await update_clinic(db.uow(), actor=OWNER, name="Test Clinic", time_zone="Asia/Tokyo", currency="JPY")
    [service] = await list_services(db.uow())
    assert service.price_cents == 150 and spaces(service.price_label) == "JPY150"  # yen have no cents
    await update_clinic(db.uow(), actor=OWNER, name="Test Clinic", time_zone="Asia/Tokyo", currency="EUR")
    [service] = await list_services(db.uow())
    assert service.price_cents == 15000

    [appointment] = await book_days(db, c, 1)
    await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile, appointment_id=appointment.id)
    with pytest.raises(ValidationFailed) as refused:
        await update_clinic(db.uow(), actor=OWNER, name="Test Clinic", time_zone="Asia/Tokyo", currency="GBP")
    assert "cannot change: 1 invoice already exists in EUR" in refused.value.errors["currency"]
    assert (await get_clinic(db.uow())).currency == "EUR"
    # the language and region can still change: only how amounts are written changes
    await update_clinic(db.uow(), actor=OWNER, name="Test Clinic", time_zone="Asia/Tokyo", locale="de-DE")
    assert (await get_clinic(db.uow())).locale == "de-DE"


async def test_an_unknown_locale_or_currency_is_refused_at_its_field(db):
    await ready_clinic(db)
    with pytest.raises(ValidationFailed) as refused:
        await update_clinic(db.uow(), actor=OWNER, name="Test Clinic", time_zone="UTC", locale="xx-YY", currency="DOGE")
    assert set(refused.value.errors) == {"locale", "currency"}
    assert (await get_clinic(db.uow())).locale == "en-AU"

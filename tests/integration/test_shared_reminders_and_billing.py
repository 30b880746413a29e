"""Who gets reminders for a shared profile's appointment, and who its invoices are billed to."""

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from domain.billing.documents import invoice_document
from domain.billing.invoices import create_invoice
from domain.billing.payees import payees, set_default_payee, set_invoice_payee
from domain.errors import ValidationFailed
from domain.households.members import set_member_flag
from domain.scheduling.booking import book_appointment
from domain.scheduling.calendar import profile_appointments
from domain.scheduling.profile_reminders import set_profile_reminders
from domain.scheduling.reminders import send_due_reminders
from tests.integration.helpers import OWNER, at, booking, member_ids, outbox, taylors

START = at("2031-03-03", "10:00")


def reminder_addresses(messages) -> list[str]:
    return sorted(m.to_address for m in messages if m.subject.startswith("Reminder"))


async def test_reminders_go_to_members_with_the_toggle_on(db):
    h = await taylors(db)
    ids = await member_ids(db, h)
    await book_appointment(db.uow(), actor=OWNER, booking=booking(h.clinic, START, profile_id=h.profile))
    await set_member_flag(db.uow(), actor=OWNER, member_id=ids[h.sam], flag="receives_reminders", value=False)
    assert await send_due_reminders(db, now=START - timedelta(hours=23)) == 1
    assert reminder_addresses(await outbox(db)) == ["alex.taylor@example.com"]


async def test_both_members_get_the_reminder_and_each_is_addressed_by_name(db):
    h = await taylors(db)
    await book_appointment(db.uow(), actor=OWNER, booking=booking(h.clinic, START, profile_id=h.profile))
    await send_due_reminders(db, now=START - timedelta(hours=23))
    mails = [m for m in await outbox(db) if m.subject.startswith("Reminder")]
    assert reminder_addresses(mails) == ["alex.taylor@example.com", "sam.taylor@example.com"]
    assert {m.body.splitlines()[0] for m in mails} == {"Hello Alex,", "Hello Sam,"}


async def test_the_profile_override_changes_lead_times_or_switches_reminders_off(db):
    h = await taylors(db)
    await set_profile_reminders(db.uow(), actor=OWNER, profile_id=h.profile, mode="on", hours="48")
    await book_appointment(db.uow(), actor=OWNER, booking=booking(h.clinic, START, profile_id=h.profile))
    assert await send_due_reminders(db, now=START - timedelta(hours=47)) == 1  # 48 h, not the clinic's 24 h
    assert len(reminder_addresses(await outbox(db))) == 2
    with pytest.raises(ValidationFailed):
        await set_profile_reminders(db.uow(), actor=OWNER, profile_id=h.profile, mode="on", hours="")
    later = START + timedelta(days=7)
    await book_appointment(db.uow(), actor=OWNER, booking=booking(h.clinic, later, profile_id=h.profile))
    await set_profile_reminders(db.uow(), actor=OWNER, profile_id=h.profile, mode="off")
    assert await send_due_reminders(db, now=later - timedelta(hours=1)) == 0
    assert len(reminder_addresses(await outbox(db))) == 2


async def _appointment_invoice(db, h):
    await book_appointment(db.uow(), actor=OWNER, booking=booking(h.clinic, START, profile_id=h.profile))
    [appointment] = await profile_appointments(db.uow(), actor=OWNER, profile_id=h.profile)
    return await create_invoice(db.uow(), actor=OWNER, profile_id=h.profile, appointment_id=appointment.id)


async def test_invoices_go_to_the_primary_unless_billing_setup_says_otherwise(db):
    h = await taylors(db)
    invoice = await _appointment_invoice(db, h)
    assert invoice.invoice_to == "Alex Taylor" and invoice.provided_to == ["Alex Taylor", "Sam Taylor"]
    assert (await payees(db.uow(), actor=OWNER, profile_id=h.profile)).default_id == h.alex
    await set_default_payee(db.uow(), actor=OWNER, profile_id=h.profile, person_id=h.sam)
    second = await create_invoice(db.uow(), actor=OWNER, profile_id=h.profile)
    assert second.invoice_to == "Sam Taylor" and second.invoice_to_email == "sam.taylor@example.com"
    changed = await set_invoice_payee(db.uow(), actor=OWNER, invoice_id=second.id, person_id=h.alex)
    assert changed.invoice_to == "Alex Taylor"
    with pytest.raises(ValidationFailed, match="member of this profile"):
        await set_default_payee(db.uow(), actor=OWNER, profile_id=h.profile, person_id=h.clinic.mary_person)


async def test_the_pdf_shows_invoice_to_the_payee_and_provided_to_every_member(db):
    h = await taylors(db)
    invoice = await _appointment_invoice(db, h)
    await set_invoice_payee(db.uow(), actor=OWNER, invoice_id=invoice.id, person_id=h.sam)
    _name, pdf = await invoice_document(db.uow(), actor=OWNER, invoice_id=invoice.id)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    to_part, provided_part = text.split("Provided to")
    assert "Invoice To" in to_part and "Sam Taylor" in to_part.split("Invoice To")[1]
    assert "Alex Taylor" in provided_part and "Sam Taylor" in provided_part

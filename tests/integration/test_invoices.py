"""Invoices, payments, credit and refunds, on SQLite and PostgreSQL."""

import asyncio
from datetime import date

import pytest

from domain.billing.invoices import (
    ItemInput,
    add_invoice_item,
    create_invoice,
    issue_invoice,
    list_invoices,
    void_invoice,
)
from domain.billing.payments import account, apply_credit, record_payment, refund_payment
from domain.errors import NotAllowed, ValidationFailed
from storage.engine import Database
from tests.integration.helpers import OWNER, audit_entries, book_days, ready_clinic


async def draft_with(db, c, *items: ItemInput):
    invoice = await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    for item in items:
        invoice = await add_invoice_item(db.uow(), actor=OWNER, invoice_id=invoice.id, item=item)
    return invoice


async def test_an_invoice_from_an_appointment_with_gst_and_a_discounted_product(db):
    c = await ready_clinic(db)
    [a] = await book_days(db, c, 1)
    invoice = await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile, appointment_id=a.id)
    invoice = await add_invoice_item(
        db.uow(),
        actor=OWNER,
        invoice_id=invoice.id,
        item=ItemInput("Resistance band", quantity="2", unit_price="12.50", discount_percent="10"),
    )
    assert [(i.description, i.totals.total_cents) for i in invoice.items] == [
        ("Initial consultation", 16500),
        ("Resistance band", 2475),
    ]
    assert (invoice.totals.subtotal_cents, invoice.totals.tax_cents, invoice.totals.total_cents) == (17250, 1725, 18975)
    assert (invoice.invoice_to, invoice.provided_to, invoice.status_label) == ("Mary Smith", ["Mary Smith"], "Draft")
    with pytest.raises(NotAllowed, match="already on an invoice"):
        await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile, appointment_id=a.id)


@pytest.mark.parametrize(
    "item, field",
    [
        (ItemInput("Band", quantity="-1", unit_price="5"), "quantity"),
        (ItemInput("Band", unit_price="-5"), "unit_price"),
        (ItemInput("Band", unit_price="5", discount_percent="120"), "discount"),
        (ItemInput("", unit_price="5"), "description"),
    ],
)
async def test_bad_items_are_refused_by_field(db, item, field):
    c = await ready_clinic(db)
    invoice = await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    with pytest.raises(ValidationFailed) as refused:
        await add_invoice_item(db.uow(), actor=OWNER, invoice_id=invoice.id, item=item)
    assert field in refused.value.errors


async def test_invoice_numbers_have_no_gaps_when_issued_at_the_same_moment(db, db_url):
    c = await ready_clinic(db)
    drafts = [await draft_with(db, c, ItemInput("Report", unit_price="50")) for _ in range(12)]
    other = Database(db_url)
    try:
        issued = await asyncio.gather(
            *(issue_invoice((db if n % 2 else other).uow(), actor=OWNER, invoice_id=d.id) for n, d in enumerate(drafts))
        )
    finally:
        await other.dispose()
    assert sorted(i.number for i in issued) == list(range(1, 13))
    assert "INV-00001" in {i.number_label for i in issued}


async def test_part_payment_overpayment_to_credit_and_credit_used_later(db):
    c = await ready_clinic(db)
    first = await issue_invoice(
        db.uow(),
        actor=OWNER,
        invoice_id=(await draft_with(db, c, ItemInput("Session", unit_price="100", tax_percent="0"))).id,
    )
    await record_payment(
        db.uow(),
        actor=OWNER,
        profile_id=c.mary_profile,
        amount="40",
        method="cash",
        received_on=date.today(),
        invoice_id=first.id,
    )
    [view] = list(await list_invoices(db.uow(), actor=OWNER, profile_id=c.mary_profile))
    assert (view.status_label, view.balance_cents) == ("Part paid", 6000)
    acct = await record_payment(
        db.uow(),
        actor=OWNER,
        profile_id=c.mary_profile,
        amount="100",
        method="card",
        received_on=date.today(),
        invoice_id=first.id,
        reference="EFTPOS 1234",
    )
    assert acct.credit_cents == 4000
    second = await issue_invoice(
        db.uow(),
        actor=OWNER,
        invoice_id=(await draft_with(db, c, ItemInput("Session", unit_price="30", tax_percent="0"))).id,
    )
    second = await apply_credit(db.uow(), actor=OWNER, invoice_id=second.id)
    assert (second.status_label, second.balance_cents) == ("Paid", 0)
    assert (await account(db.uow(), actor=OWNER, profile_id=c.mary_profile)).credit_cents == 1000


async def test_refunds_reopen_the_balance_and_cannot_exceed_the_payment(db):
    c = await ready_clinic(db)
    invoice = await issue_invoice(
        db.uow(),
        actor=OWNER,
        invoice_id=(await draft_with(db, c, ItemInput("Session", unit_price="100", tax_percent="0"))).id,
    )
    acct = await record_payment(
        db.uow(),
        actor=OWNER,
        profile_id=c.mary_profile,
        amount="100",
        method="bank_transfer",
        received_on=date.today(),
        invoice_id=invoice.id,
    )
    payment = acct.payments[0]
    with pytest.raises(ValidationFailed, match=r"At most \$100.00"):
        await refund_payment(db.uow(), actor=OWNER, payment_id=payment.id, amount="150", reason="Oops")
    await refund_payment(
        db.uow(), actor=OWNER, payment_id=payment.id, amount="30", reason="Late cancellation fee waived"
    )
    [view] = await list_invoices(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    assert (view.status_label, view.balance_cents) == ("Part paid", 3000)
    assert "Late cancellation fee waived" in (await audit_entries(db, "payment.refunded"))[0].summary


async def test_void_keeps_the_invoice_and_its_number_and_refuses_payment(db):
    c = await ready_clinic(db)
    invoice = await issue_invoice(
        db.uow(), actor=OWNER, invoice_id=(await draft_with(db, c, ItemInput("Session", unit_price="80"))).id
    )
    with pytest.raises(ValidationFailed, match="reason"):
        await void_invoice(db.uow(), actor=OWNER, invoice_id=invoice.id, reason=" ")
    voided = await void_invoice(db.uow(), actor=OWNER, invoice_id=invoice.id, reason="Billed the wrong client")
    assert (voided.status_label, voided.number, voided.balance_cents) == ("Void", 1, 0)
    with pytest.raises(NotAllowed, match="void invoice cannot be paid"):
        await record_payment(
            db.uow(),
            actor=OWNER,
            profile_id=c.mary_profile,
            amount="10",
            method="cash",
            received_on=date.today(),
            invoice_id=invoice.id,
        )
    with pytest.raises(NotAllowed, match="cannot change"):
        await add_invoice_item(db.uow(), actor=OWNER, invoice_id=invoice.id, item=ItemInput("X", unit_price="1"))

"""Record payment never records one payment twice: the payment dialog's key makes a second submission (a
double click, a retry after a lost answer, two at the same moment) return the first payment. A new dialog,
with a new key, records a second real payment of the same amount."""

import asyncio
from datetime import date

import pytest

from domain.billing.invoices import ItemInput, add_invoice_item, create_invoice, issue_invoice
from domain.billing.payments import account, record_payment
from domain.errors import NotAllowed
from tests.integration.helpers import OWNER, audit_entries, ready_clinic


async def issued(db, c, price="100"):
    draft = await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    await add_invoice_item(
        db.uow(), actor=OWNER, invoice_id=draft.id, item=ItemInput("Session", unit_price=price, tax_percent="0")
    )
    return await issue_invoice(db.uow(), actor=OWNER, invoice_id=draft.id)


def pay(db, c, invoice, key, amount="50"):
    return record_payment(
        db.uow(),
        actor=OWNER,
        profile_id=c.mary_profile,
        amount=amount,
        method="card",
        received_on=date.today(),
        invoice_id=invoice.id,
        request_key=key,
    )


async def test_submitting_the_same_dialog_twice_records_one_payment(db):
    c = await ready_clinic(db)
    invoice = await issued(db, c)
    first = await pay(db, c, invoice, "dialog-1")
    again = await pay(db, c, invoice, "dialog-1")
    assert (first.already_recorded, again.already_recorded) == (False, True)
    assert again.recorded == first.recorded and again.recorded.amount_cents == 5000
    assert len((await account(db.uow(), actor=OWNER, profile_id=c.mary_profile)).payments) == 1
    assert len(await audit_entries(db, "payment.recorded")) == 1


async def test_two_submissions_of_one_dialog_at_the_same_moment_record_one_payment(db):
    c = await ready_clinic(db)
    invoice = await issued(db, c)
    results = await asyncio.gather(*(pay(db, c, invoice, "double-click") for _ in range(4)))
    assert sorted(r.already_recorded for r in results) == [False, True, True, True]
    assert len((await account(db.uow(), actor=OWNER, profile_id=c.mary_profile)).payments) == 1


async def test_a_new_dialog_records_a_second_real_payment_of_the_same_amount(db):
    c = await ready_clinic(db)
    invoice = await issued(db, c)
    await pay(db, c, invoice, "dialog-1")
    second = await pay(db, c, invoice, "dialog-2")
    assert not second.already_recorded
    assert [p.amount_cents for p in second.payments] == [5000, 5000]


async def test_a_key_used_for_one_client_is_refused_for_another(db):
    c = await ready_clinic(db)
    invoice = await issued(db, c)
    await pay(db, c, invoice, "dialog-1")
    from domain.clients.profile import get_client
    from tests.integration.helpers import add, mary

    other = await get_client(
        db.uow(), actor=OWNER, person_id=await add(db, mary(first_name="Zoë", email="zoe@example.com"))
    )
    with pytest.raises(NotAllowed, match="already used"):
        await record_payment(
            db.uow(),
            actor=OWNER,
            profile_id=other.profile_id,
            amount="50",
            method="card",
            received_on=date.today(),
            request_key="dialog-1",
        )

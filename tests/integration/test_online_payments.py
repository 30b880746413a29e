"""Pay by link through the sandbox provider (issue 17, first slice): the invoice email's Pay now link, a checkout for
the balance our database holds, test cards that pay or are declined, a payment recorded once, refunds back through
the provider that took the money."""

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from domain.billing.documents import email_invoice, invoice_document
from domain.billing.invoice_views import invoice_view
from domain.billing.invoices import ItemInput, add_invoice_item, create_invoice, issue_invoice, void_invoice
from domain.billing.online.checkout import complete_checkout, read_pay_link, start_invoice_checkout
from domain.billing.online.provider import ProviderError, ProviderEvent
from domain.billing.online.refunds import paid_online_through, refund_lost_purchase, refund_online
from domain.billing.online.sandbox import DECLINED, PAID, SandboxProvider, pay_sandbox_checkout
from domain.billing.payments import account, record_payment
from domain.errors import InvalidLink, NotAllowed, ValidationFailed
from storage.billing import InvoiceRow, PaymentRow, RefundRow
from storage.online_payments import CheckoutRow
from storage.tasks import TaskRow
from tests.integration.helpers import OWNER, URL, audit_entries, link_token, outbox, ready_clinic
from tests.support import spaces

SANDBOX = SandboxProvider(URL)


async def issued_invoice(db, c, price: str = "120.00") -> int:
    invoice = await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    await add_invoice_item(
        db.uow(), actor=OWNER, invoice_id=invoice.id, item=ItemInput("Consultation", unit_price=price, tax_percent="0")
    )
    await issue_invoice(db.uow(), actor=OWNER, invoice_id=invoice.id)
    return invoice.id


async def emailed_token(db, invoice_id: int) -> str:
    await email_invoice(db.uow(), actor=OWNER, invoice_id=invoice_id, pay_url=URL)
    return link_token((await outbox(db))[-1].body, "/pay/")


async def balance(db, invoice_id: int) -> int:
    async with db.uow() as uow:
        return (await invoice_view(uow, await uow.get(InvoiceRow, invoice_id))).balance_cents


async def rows(db, model):
    async with db.uow() as uow:
        return list((await uow.session.execute(select(model).order_by(model.id))).scalars())


def ref_of(url: str) -> str:
    return url.rsplit("/", 1)[-1]


async def test_a_client_pays_an_invoice_by_link_with_a_sandbox_card(db):
    c = await ready_clinic(db)
    invoice_id = await issued_invoice(db, c)
    token = await emailed_token(db, invoice_id)
    assert "Pay now (no login needed): http://clinic.example/pay/" in (await outbox(db))[-1].body
    view = await read_pay_link(db.uow(), token=token)
    assert (view.balance_label, view.paid, view.currency) == ("$120.00", False, "AUD")

    url = await start_invoice_checkout(db.uow(), token=token, provider=SANDBOX, public_url=URL, ip="203.0.113.9")
    assert url.startswith(f"{URL}/pay/sandbox/sbx_cs_")
    with pytest.raises(ValidationFailed) as refused:
        await pay_sandbox_checkout(db.uow(), provider=SANDBOX, ref=ref_of(url), card_number=DECLINED, ip=None)
    assert "declined" in refused.value.errors["card"]
    with pytest.raises(ValidationFailed, match="test card"):
        await pay_sandbox_checkout(
            db.uow(), provider=SANDBOX, ref=ref_of(url), card_number="4111 1111 1111 1111", ip=None
        )
    assert await rows(db, PaymentRow) == []

    said = await pay_sandbox_checkout(
        db.uow(), provider=SANDBOX, ref=ref_of(url), card_number="4242 4242 4242 4242", ip=None
    )
    assert said == "Payment of $120.00 received. Thank you!"
    assert await balance(db, invoice_id) == 0
    [payment] = await rows(db, PaymentRow)
    assert (payment.method, payment.amount_cents) == ("online", 12000)
    assert await paid_online_through(db.uow(), payment_id=payment.id) == "sandbox"
    assert (await read_pay_link(db.uow(), token=token)).paid
    _, pdf = await invoice_document(db.uow(), actor=OWNER, invoice_id=invoice_id)
    text = spaces("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert "(Online) -$120.00" in text and "Balance due $0.00" in text  # the invoice PDF shows it paid
    with pytest.raises(NotAllowed, match="already paid"):
        await start_invoice_checkout(db.uow(), token=token, provider=SANDBOX, public_url=URL, ip=None)
    assert [e.action for e in await audit_entries(db) if e.action.startswith("payment.")] == [
        "payment.checkout_started",
        "payment.declined",
        "payment.recorded",
    ]


async def test_the_same_provider_event_twice_records_one_payment(db):
    c = await ready_clinic(db)
    invoice_id = await issued_invoice(db, c)
    token = await emailed_token(db, invoice_id)
    ref = ref_of(await start_invoice_checkout(db.uow(), token=token, provider=SANDBOX, public_url=URL, ip=None))
    event = ProviderEvent("evt_1", "paid", ref, 12000, "AUD", "pi_1")
    await complete_checkout(db.uow(), provider=SANDBOX, event=event)
    assert await complete_checkout(db.uow(), provider=SANDBOX, event=event) == "This event was already handled."
    again = ProviderEvent("evt_2", "paid", ref, 12000, "AUD", "pi_1")
    assert await complete_checkout(db.uow(), provider=SANDBOX, event=again) == "This checkout was already paid."
    assert len(await rows(db, PaymentRow)) == 1


async def test_an_amount_that_differs_from_the_checkout_is_not_recorded(db):
    c = await ready_clinic(db)
    token = await emailed_token(db, await issued_invoice(db, c))
    ref = ref_of(await start_invoice_checkout(db.uow(), token=token, provider=SANDBOX, public_url=URL, ip=None))
    with pytest.raises(NotAllowed, match="differs"):
        await complete_checkout(db.uow(), provider=SANDBOX, event=ProviderEvent("evt_9", "paid", ref, 100, "AUD", "pi"))
    assert await rows(db, PaymentRow) == []
    assert len(await audit_entries(db, "payment.refused")) == 1


async def test_the_balance_asked_is_what_is_left_after_other_payments(db):
    c = await ready_clinic(db)
    invoice_id = await issued_invoice(db, c)
    await record_payment(
        db.uow(), actor=OWNER, profile_id=c.mary_profile, amount="20", method="cash", received_on="2026-11-20",
        invoice_id=invoice_id,
    )  # fmt: skip
    token = await emailed_token(db, invoice_id)
    assert (await read_pay_link(db.uow(), token=token)).balance_label == "$100.00"
    await start_invoice_checkout(db.uow(), token=token, provider=SANDBOX, public_url=URL, ip=None)
    [checkout] = await rows(db, CheckoutRow)
    assert (checkout.amount_cents, checkout.currency, checkout.state) == (10000, "AUD", "open")


async def test_a_voided_invoice_or_an_old_link_cannot_be_paid(db):
    c = await ready_clinic(db)
    invoice_id = await issued_invoice(db, c)
    old = await emailed_token(db, invoice_id)
    new = await emailed_token(db, invoice_id)  # emailed again: a new link, the old one stops
    with pytest.raises(InvalidLink):
        await read_pay_link(db.uow(), token=old)
    await void_invoice(db.uow(), actor=OWNER, invoice_id=invoice_id, reason="Issued twice")
    with pytest.raises(InvalidLink, match="voided"):
        await read_pay_link(db.uow(), token=new)


async def test_an_invoice_email_without_a_provider_has_no_pay_link(db):
    c = await ready_clinic(db)
    await email_invoice(db.uow(), actor=OWNER, invoice_id=await issued_invoice(db, c))
    assert "Pay now" not in (await outbox(db))[-1].body


async def test_a_refund_goes_back_through_the_provider_that_took_the_money(db):
    c = await ready_clinic(db)
    invoice_id = await issued_invoice(db, c)
    token = await emailed_token(db, invoice_id)
    ref = ref_of(await start_invoice_checkout(db.uow(), token=token, provider=SANDBOX, public_url=URL, ip=None))
    await pay_sandbox_checkout(db.uow(), provider=SANDBOX, ref=ref, card_number=PAID, ip=None)
    [payment] = await rows(db, PaymentRow)
    with pytest.raises(ValidationFailed, match="At most"):
        await refund_online(
            db.uow(), actor=OWNER, payment_id=payment.id, amount="500", reason="x", providers={"sandbox": SANDBOX}
        )
    with pytest.raises(NotAllowed, match="not set up on this server"):
        await refund_online(db.uow(), actor=OWNER, payment_id=payment.id, amount="20", reason="x", providers={})
    await refund_online(
        db.uow(),
        actor=OWNER,
        payment_id=payment.id,
        amount="20",
        reason="Shorter session",
        providers={"sandbox": SANDBOX},
    )
    [refund] = await rows(db, RefundRow)
    assert refund.amount_cents == 2000 and refund.provider_reference.startswith("sbx_re_")
    assert await balance(db, invoice_id) == 2000
    after = await account(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    assert after.payments[0].refundable_cents == 10000


async def test_a_cash_payment_is_not_refunded_online(db):
    c = await ready_clinic(db)
    invoice_id = await issued_invoice(db, c)
    await record_payment(
        db.uow(), actor=OWNER, profile_id=c.mary_profile, amount="120", method="cash", received_on="2026-11-20",
        invoice_id=invoice_id,
    )  # fmt: skip
    [payment] = await rows(db, PaymentRow)
    with pytest.raises(NotAllowed, match="not taken online"):
        await refund_online(
            db.uow(), actor=OWNER, payment_id=payment.id, amount="20", reason="x", providers={"sandbox": SANDBOX}
        )


class RefusingSandbox(SandboxProvider):
    async def refund(self, *, payment_intent: str, amount_cents: int) -> str:
        raise ProviderError("The sandbox is closed for refunds today.")


async def test_an_automatic_refund_the_provider_refuses_becomes_a_task_for_staff(db):
    c = await ready_clinic(db)
    token = await emailed_token(db, await issued_invoice(db, c))
    ref = ref_of(await start_invoice_checkout(db.uow(), token=token, provider=SANDBOX, public_url=URL, ip=None))
    await pay_sandbox_checkout(db.uow(), provider=SANDBOX, ref=ref, card_number=PAID, ip=None)
    [checkout] = await rows(db, CheckoutRow)
    email = ("mary@example.com", "Clinic: your payment is refunded", "Your payment is refunded in full.")
    went = await refund_lost_purchase(db.uow(), provider=RefusingSandbox(URL), checkout_id=checkout.id, email=email)
    assert went is False and await rows(db, RefundRow) == []
    [task] = await rows(db, TaskRow)
    assert task.title == "Refund owed: $120.00 (online payment)" and "closed for refunds" in task.details
    told = (await outbox(db))[-1]
    assert told.subject == "Clinic: your payment will be refunded" and "will refund it" in told.body
    assert await refund_lost_purchase(db.uow(), provider=SANDBOX, checkout_id=checkout.id, email=email) is True
    assert (await outbox(db))[-1].body == "Your payment is refunded in full."  # sent once the refund went through

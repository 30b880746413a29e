"""Refunds through the provider that took the money, with the simulated user: a payment made through the sandbox's
Pay now checkout is refunded in part from the client's Billing tab, back through the sandbox."""

import re

from nicegui.testing import User
from sqlalchemy import select

from domain.billing.documents import email_invoice
from domain.billing.invoices import list_invoices
from domain.billing.online.checkout import start_invoice_checkout
from domain.billing.online.sandbox import PAID, pay_sandbox_checkout
from domain.messaging.outbox import list_outbox
from storage.billing import RefundRow
from tests.ui.helpers import DEMO_OWNER, PATIENCE, person_id, profile_id, sign_in

JOHN = "John Smith"  # the demo's client with a part-paid invoice: $600.00 due
URL = "http://localhost:8080"


def _state():
    from ui.state import state

    return state


async def johns_invoice():
    [invoice] = [
        v
        for v in await list_invoices(
            _state().db.uow(read_only=True), actor=DEMO_OWNER, profile_id=await profile_id(JOHN)
        )
        if v.status == "issued"
    ]
    return invoice


async def paid_through_the_sandbox() -> None:
    """John pays his invoice's balance from the Pay now link, with the test card that succeeds."""
    db, sandbox = _state().db, _state().payments["sandbox"]
    await email_invoice(db.uow(), actor=DEMO_OWNER, invoice_id=(await johns_invoice()).id, pay_url=URL)
    body = (await list_outbox(db.uow(read_only=True), actor=DEMO_OWNER, time_zone="Australia/Sydney"))[0].body
    [token] = re.findall(r"/pay/(\S+)", body)
    url = await start_invoice_checkout(db.uow(), token=token, provider=sandbox, public_url=URL, ip=None)
    await pay_sandbox_checkout(db.uow(), provider=sandbox, ref=url.rsplit("/", 1)[-1], card_number=PAID, ip=None)


async def test_staff_refund_part_of_an_online_payment_through_the_sandbox(user: User):
    await paid_through_the_sandbox()
    assert (await johns_invoice()).balance_cents == 0
    await sign_in(user, path=f"/clients/{await person_id(JOHN)}")
    user.find("Billing").click()
    await user.should_see(marker="refund-online", retries=PATIENCE)
    user.find(marker="refund-online").click()
    await user.should_see(
        marker="refund-online",
        content="This payment was taken online through Sandbox (test cards, no real money); the refund goes back "
        "through it",
        retries=PATIENCE,
    )
    user.find(marker="refund-amount").clear().type("100.00")
    user.find(marker="refund-reason").type("One session not used")
    user.find(marker="save-refund").click()
    await user.should_see("Refund sent through Sandbox (test cards, no real money) and recorded.", retries=PATIENCE)

    async with _state().db.uow(read_only=True) as uow:
        [refund] = (await uow.session.execute(select(RefundRow))).scalars().all()
    assert refund.amount_cents == 10000
    assert refund.provider_reference.startswith("sbx_re_")
    assert (await johns_invoice()).balance_cents == 10000  # the invoice is due again by what went back
    await user.should_see("refunded $100.00", retries=PATIENCE)


async def test_staff_refund_a_card_payment_by_hand(user: User):
    await sign_in(user, path=f"/clients/{await person_id(JOHN)}")
    user.find("Billing").click()
    await user.should_see(marker="refund-card", retries=PATIENCE)  # the demo's $500.00 deposit, by card
    user.find(marker="refund-card").click()
    await user.should_see(marker="save-refund", retries=PATIENCE)
    assert not [e for e in user.current_layout.descendants() if "refund-online" in e._markers]
    user.find(marker="refund-amount").clear().type("50.00")
    user.find(marker="refund-reason").type("Overpaid")
    user.find(marker="save-refund").click()
    await user.should_see("Refund recorded.", retries=PATIENCE)

"""Pay by link with the simulated user: the invoice email's Pay now link, the sandbox's checkout page (a declined
card, then a card that pays), the done page, and the links that cannot be used."""

import re

import pytest
from nicegui.testing import User

from domain.billing.documents import email_invoice
from domain.billing.invoices import list_invoices
from domain.billing.online.checkout import start_invoice_checkout
from domain.billing.online.sandbox import PAID, pay_sandbox_checkout
from domain.billing.payments import account
from domain.errors import NotAllowed
from domain.messaging.outbox import list_outbox
from tests.ui.helpers import DEMO_OWNER, PATIENCE, eventually, person_id, profile_id, shown, sign_in

JOHN = "John Smith"  # the demo's client with a part-paid invoice ($1,100.00, $500.00 paid)
URL = "http://localhost:8080"


def _db():
    from ui.state import state

    return state.db


def _sandbox():
    from ui.state import state

    return state.payments["sandbox"]


async def johns_invoice():
    [invoice] = [
        v
        for v in await list_invoices(_db().uow(read_only=True), actor=DEMO_OWNER, profile_id=await profile_id(JOHN))
        if v.status == "issued"
    ]
    return invoice


async def latest_email_body() -> str:
    return (await list_outbox(_db().uow(read_only=True), actor=DEMO_OWNER, time_zone="Australia/Sydney"))[0].body


async def emailed_pay_link() -> str:
    """John's invoice emailed with a Pay now link: the token in the email."""
    invoice = await johns_invoice()
    await email_invoice(_db().uow(), actor=DEMO_OWNER, invoice_id=invoice.id, pay_url=URL)
    [token] = re.findall(r"/pay/(\S+)", await latest_email_body())
    return token


async def test_a_client_pays_an_emailed_invoice_with_a_sandbox_card(user: User):
    token = await emailed_pay_link()
    number = (await johns_invoice()).number_label
    await user.open(f"/pay/{token}")
    await user.should_see(marker="invoice-number", content=number)
    await user.should_see(marker="balance", content="$600.00")
    await user.should_see(marker="sandbox-note", content="Sandbox: no real money moves")
    user.find(marker="pay").click()

    await user.should_see(marker="sandbox-banner", content="SANDBOX — test cards only, no real money", retries=PATIENCE)
    await user.should_see(marker="amount", content="$600.00")
    sandbox_path = user.back_history[-1]
    [card] = user.find(marker="card").elements
    user.find(marker="card").type("4111 1111 1111 1111")  # a real-looking card: not taken here
    user.find(marker="pay").click()
    await eventually(lambda: "Use a sandbox test card" in (card.error or ""))
    user.find(marker="card").clear().type("4000 0000 0000 0002")
    user.find(marker="pay").click()
    await eventually(lambda: "declined" in (card.error or ""))
    user.find(marker="card").clear()
    user.find(marker="use-" + PAID).click()  # the test card that succeeds
    user.find(marker="pay").click()

    await user.should_see(marker="received", content="Payment received. Thank you!", retries=PATIENCE)
    await user.should_see(marker="invoice-number", content=number)
    assert (await johns_invoice()).balance_cents == 0
    money = await account(_db().uow(read_only=True), actor=DEMO_OWNER, profile_id=await profile_id(JOHN))
    assert [(p.method, p.amount_cents) for p in money.payments if p.method == "online"] == [("online", 60000)]

    await user.open(f"/pay/{token}")  # the link again: paid, nothing to press
    await user.should_see(marker="paid", content=f"Invoice {number} is paid. Thank you!")
    assert shown(user, "pay") == 0
    with pytest.raises(NotAllowed, match="already paid"):
        await start_invoice_checkout(_db().uow(), token=token, provider=_sandbox(), public_url=URL, ip=None)
    await user.open(sandbox_path)  # the sandbox page again: a dead end back to the invoice
    await user.should_see(marker="page-heading", content="This payment is complete")
    assert shown(user, "pay") == 0
    await user.should_see(marker="back-link")


async def test_the_done_page_waits_for_the_provider_then_says_received(user: User):
    token = await emailed_pay_link()
    await user.open(f"/pay/{token}/done")
    await user.should_see("We are waiting for the payment provider to confirm your payment; this page updates")
    url = await start_invoice_checkout(_db().uow(), token=token, provider=_sandbox(), public_url=URL, ip=None)
    await pay_sandbox_checkout(_db().uow(), provider=_sandbox(), ref=url.rsplit("/", 1)[-1], card_number=PAID, ip=None)
    await user.should_see(marker="received", retries=PATIENCE)  # the page asked again by itself


async def test_without_a_payment_provider_the_link_says_to_call(user: User, monkeypatch):
    from ui.state import state

    token = await emailed_pay_link()
    monkeypatch.setattr(state, "payment_provider", None)
    await user.open(f"/pay/{token}")
    await user.should_see("Online payment is not available; please call the clinic.")
    assert shown(user, "pay") == 0


async def test_bad_payment_links_are_dead_ends(user: User):
    await user.open("/pay/not-a-real-token")
    await user.should_see(marker="link-problem", content="This payment link is not valid.")
    assert shown(user, "pay") == 0
    await user.open("/pay/not-a-real-token/done")
    await user.should_see(marker="link-problem", content="This payment link is not valid.")
    await user.open("/pay/sandbox/sbx_cs_nothing")
    await user.should_see(marker="sandbox-banner")
    await user.should_see(marker="link-problem", content="This sandbox payment page does not exist.")
    assert shown(user, "pay") == 0


async def test_staff_email_an_invoice_with_a_pay_now_link(user: User):
    await sign_in(user, path=f"/clients/{await person_id(JOHN)}")
    user.find("Billing").click()
    await user.should_see(marker="invoice-row", retries=PATIENCE)
    user.find(marker="invoice-row").click()
    await user.should_see(marker="email-invoice", retries=PATIENCE)
    user.find(marker="email-invoice").click()
    await user.should_see("Invoice emailed with a Pay now link (see the Outbox).", retries=PATIENCE)
    assert f"Pay now (no login needed): {URL}/pay/" in await latest_email_body()

"""Saved cards with the simulated user: John ticks "Save my card" on Pay now and pays with the sandbox's test card;
staff see "Saved card: yes, at the sandbox" on his Billing tab and remove it; a saved card pays the next invoice
from the sandbox's page without a number typed."""

import re

from nicegui.testing import User

from domain.billing.documents import email_invoice
from domain.billing.invoices import ItemInput, add_invoice_item, create_invoice, issue_invoice, list_invoices
from domain.billing.online.checkout import start_invoice_checkout
from domain.billing.online.sandbox import PAID, pay_sandbox_checkout
from domain.billing.online.saved_cards import saved_card
from domain.formats import current
from domain.messaging.outbox import list_outbox
from tests.ui.helpers import DEMO_OWNER, PATIENCE, eventually, person_id, profile_id, shown, sign_in

JOHN = "John Smith"  # the demo's client with a part-paid invoice: $600.00 due
URL = "http://localhost:8080"


def _state():
    from ui.state import state

    return state


async def pay_link_for(invoice_id: int) -> str:
    db = _state().db
    await email_invoice(db.uow(), actor=DEMO_OWNER, invoice_id=invoice_id, pay_url=URL)
    body = (await list_outbox(db.uow(read_only=True), actor=DEMO_OWNER, time_zone="Australia/Sydney"))[0].body
    [token] = re.findall(r"/pay/(\S+)", body)
    return token


async def johns_issued_invoice() -> int:
    db = _state().db
    invoices = await list_invoices(db.uow(read_only=True), actor=DEMO_OWNER, profile_id=await profile_id(JOHN))
    [invoice] = [v for v in invoices if v.status == "issued" and v.balance_cents > 0]
    return invoice.id


async def new_invoice_for_john(price: str = "80.00") -> int:
    db = _state().db
    invoice = await create_invoice(db.uow(), actor=DEMO_OWNER, profile_id=await profile_id(JOHN))
    item = ItemInput("Follow-up", unit_price=price, tax_percent="0")
    await add_invoice_item(db.uow(), actor=DEMO_OWNER, invoice_id=invoice.id, item=item)
    await issue_invoice(db.uow(), actor=DEMO_OWNER, invoice_id=invoice.id)
    return invoice.id


async def johns_card():
    return await saved_card(_state().db.uow(read_only=True), actor=DEMO_OWNER, person_id=await person_id(JOHN))


async def test_a_client_saves_their_card_at_payment_and_staff_remove_it(user: User):
    token = await pay_link_for(await johns_issued_invoice())
    await user.open(f"/pay/{token}")
    await user.should_see(marker="save-card", content="Save my card for future payments to")
    [box] = user.find(marker="save-card").elements
    assert box.value is False  # unticked unless the payer ticks it
    user.find(marker="save-card").click()
    assert box.value is True
    user.find(marker="pay").click()

    await user.should_see(marker="sandbox-banner", retries=PATIENCE)
    user.find(marker="use-" + PAID).click()
    user.find(marker="pay").click()
    await user.should_see(marker="card-saved", content="Card saved (sandbox)", retries=PATIENCE)
    await user.should_see(marker="received", content="Payment received. Thank you!", retries=PATIENCE)
    card = await johns_card()
    assert card is not None and card.provider == "sandbox"

    await sign_in(user, path=f"/clients/{await person_id(JOHN)}")
    user.find("Billing").click()
    saved_on = current().date(card.saved_on)
    await user.should_see(
        marker="saved-card-line", content=f"Saved card: yes, at the sandbox (saved {saved_on})", retries=PATIENCE
    )
    user.find(marker="remove-saved-card").click()
    await user.should_see("Remove the saved card?")
    assert await johns_card() is not None  # nothing removed before Remove is confirmed
    user.find(marker="confirm-remove-saved-card").click()
    await user.should_see("Saved card removed from Hearth", retries=PATIENCE)
    assert await johns_card() is None
    await eventually(lambda: shown(user, "saved-card-line") == 0)  # the tab redrew without it


async def test_without_ticking_save_no_card_is_kept(user: User):
    token = await pay_link_for(await johns_issued_invoice())
    await user.open(f"/pay/{token}")
    user.find(marker="pay").click()
    await user.should_see(marker="sandbox-banner", retries=PATIENCE)
    user.find(marker="use-" + PAID).click()
    user.find(marker="pay").click()
    await user.should_see(marker="received", retries=PATIENCE)
    assert await johns_card() is None
    assert shown(user, "card-saved") == 0


async def test_a_saved_sandbox_card_pays_the_next_invoice_without_a_number(user: User):
    db, sandbox = _state().db, _state().payments["sandbox"]
    token = await pay_link_for(await johns_issued_invoice())
    url = await start_invoice_checkout(db.uow(), token=token, provider=sandbox, public_url=URL, ip=None, save_card=True)
    await pay_sandbox_checkout(db.uow(), provider=sandbox, ref=url.rsplit("/", 1)[-1], card_number=PAID, ip=None)

    token = await pay_link_for(await new_invoice_for_john())
    await user.open(f"/pay/{token}")
    await user.should_see(marker="saved-card-offered", content="A card is saved for John Smith")
    user.find(marker="pay").click()
    await user.should_see(marker="pay-saved-card", content="Pay with your saved card ($80.00)", retries=PATIENCE)
    user.find(marker="pay-saved-card").click()
    await user.should_see(marker="received", content="Payment received. Thank you!", retries=PATIENCE)
    assert await johns_card() is not None

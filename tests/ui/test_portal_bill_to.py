"""Billing to a relative's account in the Client Portal (issue 20 item 5), with the simulated user: the demo's Chloe
Brown sees "Pay with Mary Smith's saved card" beside Pay once Mary lets Chloe bill their payments to her account and
has a saved sandbox card, and it opens the sandbox's page; without the grant, only Pay."""

from nicegui.testing import User

from domain.households.relationships import relate
from storage.clients import PersonRow
from tests.ui.helpers import DEMO_OWNER, PATIENCE, _db, person_id, portal_sign_in, shown

CHLOE = "Chloe Brown"


async def mary_with_a_saved_card() -> int:
    mary = await person_id("Mary Smith")
    async with _db().uow() as uow:
        (await uow.get(PersonRow, mary)).payment_customer_ref = "sbx_cus_demo_mary"
        await uow.commit()
    return mary


async def test_pay_with_marys_saved_card_shows_with_her_grant(user: User):
    mary, chloe = await mary_with_a_saved_card(), await person_id(CHLOE)
    await relate(_db().uow(), actor=DEMO_OWNER, person_id=mary, other_id=chloe, relation="other", gives=["bill_to_me"])
    await portal_sign_in(user)
    await user.open("/portal/invoices")
    await user.should_see(marker="pay-invoice", retries=PATIENCE)
    await user.should_see(marker=f"pay-with-card-{mary}", content="Pay with Mary Smith's saved card")
    user.find(marker="pay-with-card").click()
    await user.should_see(marker="sandbox-banner", retries=PATIENCE)
    await user.should_see(marker="amount", content="$88.00")


async def test_without_the_grant_only_pay_shows(user: User):
    await mary_with_a_saved_card()
    await portal_sign_in(user)
    await user.open("/portal/invoices")
    await user.should_see(marker="pay-invoice", retries=PATIENCE)
    assert not shown(user, "pay-with-card")

"""Buying a session pack on the Bookings Page with the simulated user (issue 17, item 3): the "Buy a package" link,
the packages, Contact Information, the sandbox's checkout with its test card, "Your pack is ready"; cancelling and
paying again; Setup > Session packs' "Sold on the Bookings Page" switch."""

import asyncio

from nicegui.testing import User

from domain.billing.online.pack_sales import list_packs_for_sale
from domain.billing.pack_templates import list_pack_templates, set_pack_sold_online
from domain.billing.packs import list_packs
from domain.clients.persons import search_people
from tests.ui.helpers import DEMO_OWNER, PATIENCE, _db, eventually, shown, sign_in

PACK = "10-session pack"  # a demo template: $1,000.00, and the demo clinic's 10 % tax
VERA = {"first_name": "Vera", "last_name": "Visitor", "email": "vera.packs@example.com", "phone": "0412 000 111"}


async def template_id(name: str = PACK) -> int:
    return next(t.id for t in await list_pack_templates(_db().uow(read_only=True)) if t.name == name)


async def sell_online(name: str = PACK) -> int:
    found = await template_id(name)
    await set_pack_sold_online(_db().uow(), actor=DEMO_OWNER, template_id=found, sold_online=True)
    return found


async def choose_and_fill(user: User, pack_id: int) -> None:
    await user.open("/book/packages")
    await user.should_see(marker="step-heading", content="Choose a package")
    await user.should_see("includes $100.00 tax")
    user.find(marker=f"package-{pack_id}").click()
    await user.should_see(marker="step-heading", content="Contact Information")
    await user.should_see(marker="chosen-package", content=PACK)
    for marker, value in VERA.items():
        user.find(marker=marker).clear().type(value)


async def test_a_visitor_buys_a_package_with_the_sandbox_card_and_sees_it_ready(user: User):
    pack_id = await sell_online()
    await user.open("/book")
    await user.should_see(marker="buy-a-package", retries=PATIENCE)  # shown once a package is sold online
    await choose_and_fill(user, pack_id)
    await user.should_see(marker="sandbox-note")
    user.find(marker="pay").click()

    await user.should_see(marker="sandbox-banner", retries=PATIENCE)
    await user.should_see(marker="amount", content="$1,100.00")
    user.find(marker="card").type("4242 4242 4242 4242")
    user.find(marker="pay").click()

    await user.should_see(marker="ready", content="Your pack is ready", retries=PATIENCE)
    await user.should_see(marker="invoice-number", content="INV-")
    await user.should_see(marker="pack-size", content="10 sessions")
    await user.should_see(marker="what-next", content="The clinic will be in touch to book your sessions")
    page = await search_people(_db().uow(read_only=True), actor=DEMO_OWNER, text="Vera Visitor")
    [buyer] = page.people
    assert buyer.status == "prospective"
    profile = next(p for p in await list_packs_for_profile(buyer.id))
    assert (profile.name, profile.progress.startswith("0 of 10 sessions used")) == (PACK, True)


async def list_packs_for_profile(person_id: int):
    from domain.clients.profile import get_client

    client = await get_client(_db().uow(read_only=True), actor=DEMO_OWNER, person_id=person_id)
    return await list_packs(_db().uow(read_only=True), actor=DEMO_OWNER, profile_id=client.profile_id)


async def test_contact_information_is_checked_at_its_fields(user: User):
    pack_id = await sell_online()
    await choose_and_fill(user, pack_id)
    user.find(marker="email").clear().type("not an email")
    user.find(marker="pay").click()
    [email] = user.find(marker="email").elements
    await eventually(lambda: "not valid" in (email.error or ""))
    await user.should_see(marker="problem-message", content="Please correct the fields marked in red.")
    assert user.find(marker="first_name").elements.pop().value == "Vera"  # what was typed stays


async def test_a_visitor_who_cancels_at_the_provider_can_pay_again(user: User):
    pack_id = await sell_online()
    await choose_and_fill(user, pack_id)
    user.find(marker="pay").click()
    await user.should_see(marker="sandbox-banner", retries=PATIENCE)
    user.find(marker="cancel").click()
    await user.should_see(marker="not-paid", content="Your payment is not complete", retries=PATIENCE)
    user.find(marker="pay-again").click()
    await user.should_see(marker="sandbox-banner", retries=PATIENCE)
    user.find(marker="card").type("4242 4242 4242 4242")
    user.find(marker="pay").click()
    await user.should_see(marker="ready", retries=PATIENCE)
    page = await search_people(_db().uow(read_only=True), actor=DEMO_OWNER, text="Vera Visitor")
    assert len(page.people) == 1  # one client record for both tries


async def test_without_a_package_sold_online_there_is_nothing_to_buy(user: User):
    demo = await template_id("5 hours of therapy")  # the demo sells this one: not any more
    await set_pack_sold_online(_db().uow(), actor=DEMO_OWNER, template_id=demo, sold_online=False)
    await user.open("/book/packages")
    await user.should_see(marker="not-available", content="No packages can be bought online at the moment.")
    await user.open("/book")
    await user.should_see(marker="service", retries=PATIENCE)
    await asyncio.sleep(0.3)  # the page has asked whether a package is sold online
    assert shown(user, "buy-a-package") == 1  # drawn, hidden
    await user.should_not_see(marker="buy-a-package")
    await user.open("/book/packages/not-a-real-token/done")
    await user.should_see(marker="link-problem", content="This purchase link is not valid.")


async def test_staff_sell_a_template_on_the_bookings_page_from_setup(user: User):
    pack_id = await template_id()
    await sign_in(user, path="/setup")
    user.find("Session packs").click()
    await user.should_see(marker=f"sold-online-{pack_id}", retries=PATIENCE)
    user.find(marker=f"sold-online-{pack_id}").click()
    await user.should_see("Sold on the Bookings Page.", retries=PATIENCE)
    assert PACK in [p.name for p in await list_packs_for_sale(_db().uow(read_only=True))]
    user.find(marker=f"sold-online-{pack_id}").click()
    await user.should_see("No longer sold on the Bookings Page.", retries=PATIENCE)
    assert PACK not in [p.name for p in await list_packs_for_sale(_db().uow(read_only=True))]

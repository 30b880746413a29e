"""Prepaid services on the Bookings Page with the simulated user (issue 17): the visitor pays at the sandbox's page
before the request is made and reads that it is requested and paid; staff switch "Pay when booking online" on in
Setup and choose what a cancelled prepaid booking becomes; a declined paid request points to the refund.

The demo has no prepaid service: each test switches one on through the domain first."""

from datetime import UTC, datetime

from nicegui.testing import User

from domain.billing.money import label as money
from domain.billing.online.sandbox import PAID, pay_sandbox_checkout
from domain.scheduling.online.prepaid import start_prepaid_request
from domain.scheduling.online.requests import Visit
from domain.scheduling.online.settings import (
    OnlineService,
    list_online_services,
    read_online_settings,
    set_service_prepay,
)
from domain.scheduling.online.slots import day_times
from tests.ui.helpers import DEMO_OWNER, PATIENCE, _db, next_week, sign_in
from tests.ui.test_bookings_page import VERA, choose, fill, open_bookings, pick_day_and_time, requests_by

URL = "http://localhost:8080"


async def _online(name: str) -> OnlineService:
    [service] = [s for s in await list_online_services(_db().uow(read_only=True)) if s.name == name]
    return service


async def prepaid(name: str = "Initial consultation") -> OnlineService:
    service = await _online(name)
    return await set_service_prepay(_db().uow(), actor=DEMO_OWNER, service_id=service.id, prepay=True)


async def test_a_visitor_pays_for_a_prepaid_service_and_reads_that_it_is_requested_and_paid(user: User):
    service = await prepaid()
    amount = money(service.pay_cents)
    await open_bookings(user)
    await user.should_see(f"{amount} · Paid when you book")
    await choose(user)
    await pick_day_and_time(user)
    await user.should_see(marker="request-booking", content=f"Pay {amount} and request")
    await user.should_see(marker="cancellation-terms", content="your payment becomes account credit")
    fill(user, VERA)
    user.find(marker="request-booking").click()

    await user.should_see(marker="sandbox-banner", retries=PATIENCE)  # the provider's page
    await user.should_see(marker="amount", content=amount)
    assert await requests_by("vera@example.com") == []  # held for its payment, not on Requests yet
    user.find(marker="use-" + PAID).click()
    user.find(marker="pay").click()

    await user.should_see(marker="confirmation", retries=PATIENCE)
    await user.should_see("Booking requested")
    await user.should_see(marker="confirmed-service", content="Initial consultation")
    await user.should_see(marker="confirmed-paid", content=f"Paid: {amount}, invoice INV-")
    await user.should_see(marker="cancellation-terms", content="account credit for a later booking")
    [request] = await requests_by("vera@example.com")
    assert request.paid and request.paid.amount_cents == service.pay_cents


async def test_leaving_the_payment_page_says_the_time_is_held_and_a_bad_link_is_a_dead_end(user: User):
    await prepaid()
    await open_bookings(user)
    await choose(user)
    await pick_day_and_time(user)
    fill(user, VERA)
    user.find(marker="request-booking").click()
    await user.should_see(marker="sandbox-banner", retries=PATIENCE)
    user.find(marker="cancel").click()  # "Cancel and go back"
    await user.should_see(marker="waiting", content="Payment not completed yet", retries=PATIENCE)
    await user.should_see(marker="paid-message", content="Your time is held until")
    await user.open("/book/paid/1.not-the-token")
    await user.should_see(marker="link-problem", content="This page is not valid.")


async def test_setup_switches_pay_when_booking_online_and_the_cancellation_policy(user: User):
    await sign_in(user, path="/setup")
    service = await _online("Initial consultation")
    await user.should_see(marker=f"prepay-state-{service.id}", content="Not paid when booking")
    user.find(marker=f"prepay-{service.id}").elements.pop().value = True
    said = f"Visitors pay {money((await prepaid()).pay_cents)} when booking"
    await user.should_see(f"Initial consultation: {said}.", retries=PATIENCE)
    assert (await _online("Initial consultation")).prepaid
    user.find(marker=f"prepay-{service.id}").elements.pop().value = False
    await user.should_see("Initial consultation: Not paid when booking.", retries=PATIENCE)
    assert not (await _online("Initial consultation")).prepay

    assert user.find(marker="cancel-policy").elements.pop().value == "credit"
    user.find(marker="cancel-policy").elements.pop().value = "refund"
    user.find(marker="save-online-settings").click()
    await user.should_see("Online booking settings saved.", retries=PATIENCE)
    assert (await read_online_settings(_db().uow(read_only=True))).cancel_policy == "refund"


async def test_declining_a_paid_request_points_to_the_clients_billing_tab(user: User):
    from ui.state import state

    service = await prepaid()
    free = await day_times(
        _db().uow(), service_id=service.id, practitioner_id=None, day=next_week(2), now=datetime.now(UTC)
    )
    visit = Visit(service.id, None, free[-1].start, **VERA)
    sandbox = state.payments["sandbox"]
    url = await start_prepaid_request(_db().uow(), visit=visit, provider=sandbox, public_url=URL, ip=None)
    await pay_sandbox_checkout(_db().uow(), provider=sandbox, ref=url.rsplit("/", 1)[-1], card_number=PAID, ip=None)
    [request] = await requests_by("vera@example.com")

    await sign_in(user, path="/requests")
    await user.should_see(f"Paid {money(service.pay_cents)} online when requested", retries=PATIENCE)
    user.find(marker="request-decline").click()
    await user.should_see("declining does not refund it")
    user.find(marker="decline-reason").type("Fully booked")
    user.find(marker="decline-send").click()
    await user.should_see(
        marker="refund-next",
        content=f"The payment of {money(service.pay_cents)} was not refunded automatically: refund it from "
        "Vera Visitor's Billing tab.",
        retries=PATIENCE,
    )
    [link] = user.find(marker="refund-billing-link").elements
    assert link.props["href"] == f"/clients/{request.person_id}?tab=Billing"
    await user.open(link.props["href"])
    await user.should_see(marker="invoice-row", retries=PATIENCE)  # the Billing tab is open

"""The Client Portal's appointments and invoices with the simulated user (issue 18), as the demo's Chloe Brown: Home
lists her next appointment (booked by the demo at least three days ahead) and her invoice to pay; she books a
new appointment signed in (no contact step), reschedules and cancels inside the window, downloads her invoice's
PDF and opens Pay. Times depend on today: the tests pick what the pages offer, never a fixed date."""

from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from domain.audit.log import AuditFilter, list_audit_entries
from domain.billing.invoices import list_invoices
from domain.scheduling.calendar import profile_appointments
from domain.scheduling.online.handling import list_requests
from tests.ui.helpers import DEMO_OWNER, PATIENCE, _db, eventually, portal_sign_in, profile_id, shown
from tests.ui.test_bookings_page import choose, pick_day_and_time

CHLOE = "Chloe Brown"


def marked(user: User, marker: str) -> list:
    return [e for e in user.current_layout.descendants() if marker in e._markers]


def first(user: User, marker: str) -> UserInteraction:
    """The first element with `marker` (the soonest appointment's button), alone."""
    return UserInteraction(user, {marked(user, marker)[0]}, None)


async def test_home_lists_the_next_appointment_and_the_invoice_to_pay(user: User):
    await portal_sign_in(user)
    await user.should_see(marker="home-appointments", retries=PATIENCE)
    await user.should_see(marker="appointment-when")
    await user.should_see("Booked")
    await user.should_see(marker="reschedule")
    await user.should_see(marker="cancel-appointment")
    await user.should_see(marker="pay-invoice")
    await user.should_see("Balance $88.00")


async def test_a_signed_in_client_books_without_the_contact_step(user: User):
    await portal_sign_in(user)
    await user.open("/portal/book")
    await user.should_see(marker="booking-for", content="Booking for Chloe Brown")
    await choose(user)
    await pick_day_and_time(user)
    await user.should_see("Check and send")
    await user.should_see("The clinic already has your contact details.")
    user.find(marker="request-booking").click()
    await user.should_see("Booking requested", retries=PATIENCE)
    requests = await list_requests(_db().uow(read_only=True), actor=DEMO_OWNER, state="pending")
    assert any(r.person_name == "Chloe Brown" and r.source == "portal" for r in requests)
    await user.open("/portal")
    await user.should_see(marker="home-appointments", retries=PATIENCE)
    await user.should_see("Requested: waiting for Demo Clinic to confirm")
    await user.should_see("Withdraw request")


async def test_cancelling_asks_first_and_then_says_it_is_done(user: User):
    await portal_sign_in(user)
    await user.should_see(marker="cancel-appointment", retries=PATIENCE)
    count = len(marked(user, "appointment-when"))
    first(user, "cancel-appointment").click()
    await user.should_see(marker="confirm-question")
    await user.should_see("If you cannot come, please cancel at least 24 hours before the start.")
    user.find(marker="confirm-no").click()  # "Keep it": nothing changes
    await eventually(lambda: not shown(user, "confirm-question"))
    first(user, "cancel-appointment").click()
    await user.should_see(marker="confirm-yes")
    user.find(marker="confirm-yes").click()
    await user.should_see("Your appointment was cancelled.", retries=PATIENCE)
    await user.should_see(marker="home-appointments", retries=PATIENCE)
    await eventually(lambda: len(marked(user, "appointment-when")) == count - 1)


async def test_rescheduling_picks_a_new_time_and_moves_it(user: User):
    await portal_sign_in(user)
    await user.should_see(marker="reschedule", retries=PATIENCE)
    # The first appointment that can be moved (late in the day, the soonest may be inside the window).
    item = next(e for e in marked(user, "reschedule")).parent_slot.parent.parent_slot.parent  # its row, its item
    before = next(e for e in item.descendants() if "appointment-when" in e._markers).text
    first(user, "reschedule").click()
    await user.should_see(marker="current-time", content=f"Now: {before}", retries=PATIENCE)
    await user.should_see(marker="chosen-day", retries=PATIENCE)
    await eventually(lambda: not shown(user, "searching"))
    [first_time, *_] = sorted({m for e in marked(user, "time") for m in e._markers if m.startswith("time-")})
    user.find(marker=first_time).click()
    await user.should_see(marker="new-time")
    user.find(marker="move-appointment").click()
    await user.should_see("Your appointment was moved to", retries=PATIENCE)
    await user.should_see(marker="appointment-when", retries=PATIENCE)
    assert before not in [e.text for e in marked(user, "appointment-when")]


async def test_the_invoice_pdf_is_hers_alone_and_pay_opens_the_sandbox(user: User):
    chloes = await list_invoices(_db().uow(read_only=True), actor=DEMO_OWNER, profile_id=await profile_id(CHLOE))
    johns = await list_invoices(_db().uow(read_only=True), actor=DEMO_OWNER, profile_id=await profile_id("John Smith"))
    await portal_sign_in(user)
    await user.open("/portal/invoices")
    await user.should_see(marker=f"invoice-{chloes[0].number_label}", retries=PATIENCE)
    await user.should_see("Balance $88.00")
    mine = await user.http_client.get(f"/portal/invoices/{chloes[0].id}/pdf")
    assert mine.status_code == 200 and mine.content.startswith(b"%PDF")
    theirs = await user.http_client.get(f"/portal/invoices/{johns[0].id}/pdf")
    assert theirs.status_code == 404  # John's invoice: as if it did not exist
    user.find(marker="pay-invoice").click()
    await user.should_see(marker="sandbox-banner", retries=PATIENCE)
    await user.should_see(marker="amount", content="$88.00")


async def test_another_clients_pages_are_not_found_and_audited(user: User):
    john = await profile_id("John Smith")
    [johns_invoice, *_] = await list_invoices(_db().uow(read_only=True), actor=DEMO_OWNER, profile_id=john)
    [johns_visit, *_] = await profile_appointments(_db().uow(read_only=True), actor=DEMO_OWNER, profile_id=john)
    await portal_sign_in(user)
    for path in (
        f"/portal/appointments/{johns_visit.id}/reschedule",
        f"/portal/invoices/{johns_invoice.id}/pay/done",
        f"/portal/invoices/{johns_invoice.id}/pdf",
        "/portal/forms/999999",
    ):
        assert (await user.http_client.get(path)).status_code == 404, path
    entries = await list_audit_entries(
        _db().uow(read_only=True), actor=DEMO_OWNER, filters=AuditFilter(), time_zone="Australia/Sydney"
    )
    refused = [e for e in entries if e.action == "portal.refused"]
    assert len(refused) == 4 and all(e.actor == "Client portal: Chloe Brown" for e in refused)

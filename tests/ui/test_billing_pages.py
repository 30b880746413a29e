"""Billing with the simulated user: invoices, payments, packs on the profile, Setup, the appointment panel."""

from nicegui.testing import User

from tests.ui.helpers import PATIENCE, appointments, open_week, person_id, sign_in

JOHN = "John Smith"  # the demo's client with a 10-session pack and a part-paid invoice


async def open_billing(user: User, name: str = JOHN) -> None:
    await sign_in(user, path=f"/clients/{await person_id(name)}")
    user.find("Billing").click()
    await user.should_see(marker="new-invoice", retries=PATIENCE)


async def test_new_invoice_item_issue_then_pay_in_full(user: User):
    await open_billing(user)
    await user.should_see(marker="pack-progress", content="0 of 10 sessions used")
    await user.should_see("Part paid")  # the demo's invoice
    user.find(marker="new-invoice").click()
    await user.should_see(marker="invoice-title", content="Draft invoice", retries=PATIENCE)
    user.find(marker="item-description").type("Progress report")
    user.find(marker="item-price").clear().type("50")
    user.find(marker="add-item").click()
    await user.should_see("Total: $55.00", retries=PATIENCE)
    user.find(marker="issue-invoice").click()
    await user.should_see("Invoice issued.", retries=PATIENCE)
    await user.should_see(marker="invoice-status", content="Issued", retries=PATIENCE)
    user.find(marker="record-payment").click()
    await user.should_see(marker="save-payment", retries=PATIENCE)
    user.find(marker="save-payment").click()
    await user.should_see("Payment recorded: $55.00 by card.", retries=PATIENCE)
    await user.should_see(marker="invoice-status", content="Paid", retries=PATIENCE)


async def test_a_negative_price_is_refused_on_the_field(user: User):
    await open_billing(user)
    user.find(marker="new-invoice").click()
    await user.should_see(marker="invoice-title", retries=PATIENCE)
    user.find(marker="item-description").type("Band")
    user.find(marker="item-price").clear().type("-5")
    user.find(marker="add-item").click()
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)
    assert user.find(marker="item-price").elements.pop().error == "The price cannot be negative."


async def test_add_new_pack_from_the_profile(user: User):
    await open_billing(user, "Mary Smith")  # no packs yet
    await user.should_see("No session packs yet.")
    user.find(marker="add-new-pack").click()
    [template] = user.find(marker="pack-template").elements
    template.value = next(k for k, v in template.options.items() if str(v).startswith("5 hours of therapy"))
    user.find(marker="save-pack").click()
    await user.should_see("Pack added; its price is on a new draft invoice.", retries=PATIENCE)
    await user.should_see(marker="pack-progress", content="0 hours of 5 hours used", retries=PATIENCE)


async def test_the_task_rule_is_a_setup_toggle(user: User):
    await sign_in(user, path="/setup")
    await user.should_see(marker="task-rule", retries=PATIENCE)  # the tabs are built in turn
    user.find(marker="task-rule").click()
    user.find(marker="save-configuration").click()
    await user.should_see("Saved.", retries=PATIENCE)
    await user.open("/setup")
    await user.should_see(marker="task-rule", retries=PATIENCE)
    assert user.find(marker="task-rule").elements.pop().value is True


async def test_select_a_pack_template_in_the_appointment_panel(user: User):
    calendar = await open_week(user)
    event = next(e for e in appointments(calendar) if "hearth-client" in e["classNames"])
    user.find(marker="calendar").trigger("open", {"id": event["id"]})
    await user.should_see(marker="choose-pack", retries=PATIENCE)
    [chooser] = user.find(marker="choose-pack").elements
    chooser.value = next(k for k, v in chooser.options.items() if "5 hours of therapy" in str(v))
    user.find(marker="apply-pack").click()
    await user.should_see("Pack applied:", retries=PATIENCE)
    await user.should_see(marker="appointment-pack-progress", retries=PATIENCE)

"""Setup > Services, Setup > Calendar and working-hours breaks."""

from nicegui.testing import User

from tests.ui.helpers import PATIENCE, sign_in


async def test_add_a_service_with_a_bad_then_a_good_price(user: User):
    await sign_in(user, path="/setup")
    user.find(marker="add-service").click()
    user.find(marker="service-name-input").type("Home visit")
    user.find(marker="service-price").clear().type("-5")
    user.find(marker="save-service").click()
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)
    assert user.find(marker="service-price").elements.pop().error == "Price cannot be negative."
    user.find(marker="service-price").clear().type("185.50")
    user.find(marker="save-service").click()
    await user.should_see("Service saved.", retries=PATIENCE)
    await user.should_see("60 minutes · $185.50")


async def test_a_closed_day_and_reminder_hours(user: User):
    await sign_in(user, path="/setup")
    await user.should_see(marker="closed-date", retries=PATIENCE)  # the tabs are built in turn
    user.find(marker="closed-date").type("27/01/2031")
    user.find(marker="closed-reason").type("Australia Day (observed)")
    user.find(marker="add-closed-day").click()
    await user.should_see("Closed day added.", retries=PATIENCE)
    await user.should_see(marker="closed-day", content="Australia Day (observed)")
    user.find(marker="reminder-hours").clear().type("2, 48h")
    user.find(marker="save-reminders").click()
    await user.should_see("Reminder settings saved.", retries=PATIENCE)
    assert user.find(marker="reminder-hours").elements.pop().value == "48, 2"
    user.find(marker="reminder-hours").clear().type("soon")
    user.find(marker="save-reminders").click()
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)


async def test_a_break_splits_the_working_day(user: User):
    await sign_in(user, path="/setup")
    await user.should_see(marker="break-from-0", retries=PATIENCE)  # the tabs are built in turn
    user.find(marker="break-from-0").clear().type("12:00 PM")
    user.find(marker="break-to-0").clear().type("12:45 PM")
    user.find("Save hours").click()
    await user.should_see("Working hours of Dr. Priya Patel saved.", retries=PATIENCE)
    await user.open("/setup")
    await user.should_see(marker="break-to-0", retries=PATIENCE)
    assert user.find(marker="break-to-0").elements.pop().value == "12:45 PM"  # en-AU: a 12-hour clinic
    user.find(marker="break-from-1").clear().type("18:00")  # 24-hour times are understood too
    user.find(marker="break-to-1").clear().type("18:30")
    user.find("Save hours").click()
    await user.should_see("The break must fall inside the working hours.", retries=PATIENCE)

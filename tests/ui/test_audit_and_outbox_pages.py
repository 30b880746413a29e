"""The Audit log lists changes; the Outbox lists emails; both follow the roles."""
from nicegui import ui
from nicegui.testing import User

from tests.ui.conftest import PATIENCE, rows_of, sign_in


async def test_a_settings_change_appears_in_the_audit_log(user: User):
    await sign_in(user, path="/setup")
    user.find(marker="clinic_name").clear().type("Harbourside Therapy")
    user.find("Save").click()
    await user.should_see("Clinic details saved.")
    await user.open("/audit")
    latest = rows_of(user)[0]
    assert latest["action"] == "clinic.updated" and latest["what"] == "Clinic details changed"
    assert latest["actor"].startswith("Olivia Owner")
    assert latest["summary"] == "name: 'Demo Clinic' → 'Harbourside Therapy'" and latest["record"] == "clinic #1"


async def test_audit_log_offers_no_way_to_change_entries(user: User):
    await sign_in(user, path="/audit")
    await user.should_see("Times in Australia/Sydney.")
    labels = {b.text for b in user.find(ui.button).elements}
    assert not labels & {"Delete", "Edit", "Remove"}


async def test_practitioner_cannot_read_the_audit_log(user: User):
    await sign_in(user, email="priya@demo.hearth.test", path="/audit")
    await user.should_see("Audit log is not available to you")


async def test_test_email_waits_in_the_outbox_without_smtp(user: User):
    await sign_in(user, path="/outbox")
    await user.should_see("Demo Clinic invites you to the Client Portal")  # the demo's invitation to Aroha
    await user.should_see("Email sending is off (no SMTP_URL)")
    user.find("Send a test email to me").click()
    await user.should_see("Test email from Demo Clinic", retries=PATIENCE)
    await user.should_see("Waiting to send")
    user.find("Test email from Demo Clinic").click()
    await user.should_see("This is a test email from Hearth.")

"""The Audit log lists changes; the Outbox lists emails; both follow the roles."""

from nicegui.testing import User

from tests.ui.helpers import PATIENCE, eventually, rename_clinic, rows_of, sign_in, staff_id


async def test_a_settings_change_appears_in_the_audit_log(user: User):
    await rename_clinic(user)
    await user.open("/audit")
    latest = rows_of(user)[0]
    assert latest["action"] == "clinic.updated" and latest["what"] == "Clinic details changed"
    assert latest["actor"].startswith("Olivia Owner")
    assert latest["summary"] == "name: 'Demo Clinic' → 'Harbourside Therapy'" and latest["record"] == "clinic #1"


async def test_the_audit_log_filters_by_record_type_and_user(user: User):
    await rename_clinic(user)
    await user.open("/audit")
    assert len({r["record"].split(" #")[0] for r in rows_of(user)}) > 1  # the demo's entries of many kinds
    user.find(marker="audit-record-type").elements.pop().value = "clinic"
    await eventually(lambda: {r["record"] for r in rows_of(user)} == {"clinic #1"})
    assert rows_of(user)[0]["summary"] == "name: 'Demo Clinic' → 'Harbourside Therapy'"
    user.find(marker="audit-user").elements.pop().value = await staff_id("Dr. Priya Patel")
    await user.should_see("No entries match these filters.", retries=PATIENCE)


async def test_an_owner_verifies_the_audit_log(user: User):
    await rename_clinic(user)
    await user.open("/audit")
    user.find("Verify audit log").click()
    await user.should_see("The audit log is intact:", retries=PATIENCE)
    user.find(marker="backup-head").type("yesterday")
    user.find("Verify audit log").click()
    await user.should_see("Paste the whole line a backup printed", retries=PATIENCE)
    await user.should_not_see("The audit log is intact:")  # no verdict left from before beside the refusal


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

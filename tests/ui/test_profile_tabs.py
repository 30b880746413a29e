"""The tabs every profile has, with the simulated user: billing payees, classifications, contacts,
referrals, tasks; Setup > Classifications and the Classifications report."""

from nicegui.testing import User

from tests.ui.helpers import PATIENCE, eventually, person_id, profile_id, sign_in


async def open_couple(user: User, tab: str) -> None:
    await sign_in(user, path=f"/shared/{await profile_id('Liam Nguyen & Grace Lee')}")
    user.find(marker=f"tab-{tab}").click()


async def test_invoices_go_to_the_default_payee_and_one_invoice_can_name_another(user: User):
    await open_couple(user, "billing")
    await user.should_see(marker="default-payee", retries=PATIENCE)
    [payee] = user.find(marker="default-payee").elements
    payee.value = next(k for k, v in payee.options.items() if v == "Grace Lee")
    await user.should_see("Default payee saved.", retries=PATIENCE)
    user.find(marker="new-invoice").click()
    await user.should_see(marker="invoice-payee", retries=PATIENCE)
    [invoice_payee] = user.find(marker="invoice-payee").elements
    assert invoice_payee.options[invoice_payee.value] == "Grace Lee"
    await user.should_see(marker="provided-to", content="Liam Nguyen, Grace Lee")
    invoice_payee.value = next(k for k, v in invoice_payee.options.items() if v == "Liam Nguyen")
    await user.should_see("Payee changed.", retries=PATIENCE)


async def test_classifications_contacts_referrals_and_tasks_of_a_client(user: User):
    await sign_in(user, path=f"/clients/{await person_id('Liam Nguyen')}")
    user.find(marker="tab-classifications").click()
    await user.should_see(marker="classifications", retries=PATIENCE)
    [chosen] = user.find(marker="classifications").elements
    chosen.value = [k for k, v in chosen.options.items() if v in ("Individual", "NDIS")]
    user.find(marker="save-classifications").click()
    await user.should_see("Classifications saved.", retries=PATIENCE)

    user.find(marker="tab-contacts").click()
    await user.should_see(marker="add-new-contact", retries=PATIENCE)
    user.find(marker="add-new-contact").click()
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)
    assert user.find(marker="contact-name").elements.pop().error == "Name is required."
    user.find(marker="contact-name").type("Dr. Lee")
    user.find(marker="add-new-contact").click()
    await user.should_see(marker="profile-contact", retries=PATIENCE)

    user.find(marker="tab-referrals").click()
    await user.should_see(marker="add-referral", retries=PATIENCE)
    user.find(marker="add-referral").click()
    await user.should_see("Choose the referrer from your contacts", retries=PATIENCE)

    user.find(marker="tab-tasks").click()
    await user.should_see(marker="add-profile-task", retries=PATIENCE)
    user.find(marker="profile-task-title").type("Send the GP letter")
    user.find(marker="add-profile-task").click()
    await user.should_see(marker="profile-task", retries=PATIENCE)
    await user.should_see("assigned to Olivia Owner")


async def test_setup_classifications_and_the_report(user: User):
    await sign_in(user, path="/setup")
    user.find("Classifications").click()
    await user.should_see(marker="add-classification", retries=PATIENCE)
    user.find(marker="classification-name").type("couples")
    user.find(marker="add-classification").click()
    await user.should_see("“Couples” already exists.", retries=PATIENCE)
    user.find(marker="classification-name").clear().type("Groups")
    user.find(marker="add-classification").click()
    await user.should_see("Classification added.", retries=PATIENCE)
    await user.open("/reports")
    await user.should_see(marker="report-table", retries=PATIENCE)
    [table] = user.find(marker="report-table").elements
    await eventually(lambda: "Groups" in [r["classification"] for r in table.rows])
    assert [r["classification"] for r in table.rows][-1] == "Unclassified"
    assert sum(r["appointments"] for r in table.rows) > 0  # the demo's appointments this month

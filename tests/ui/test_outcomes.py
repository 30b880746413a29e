"""Every action tells the truth, tried the way it goes wrong: a dialog is open, the same record changes in
another browser so the page redraws, then the person acts. The outcome (saved, or the reason it was refused)
reaches them; never "try again" after a commit, never a second payment; live parts never listen twice; a tab
whose session ended goes to sign-in."""

from datetime import date

from nicegui.testing import User

from domain import topics
from domain.billing.invoices import create_invoice, list_invoices
from domain.billing.payments import account
from domain.clients.details import ClientInput
from domain.clients.profile import get_client
from domain.clients.register import update_client
from domain.households.manage import record_consent
from domain.records.profile_records import add_note
from tests.support import staff_actor
from tests.ui.helpers import PATIENCE, eventually, person_id, profile_id, shown, sign_in, staff_id
from ui.state import uow

TRY_AGAIN = "Something went wrong"
OWNER = staff_actor(user_id=1)  # the demo's owner, as another browser would act
COUPLE = "Liam Nguyen & Grace Lee"


async def test_a_refused_delete_says_why_even_after_another_browser_redrew_the_page(user: User):
    couple = await profile_id(COUPLE)
    await sign_in(user, path=f"/shared/{couple}")
    user.find(marker="tab-admin").click()
    await user.should_see(marker="delete-shared", retries=PATIENCE)
    user.find(marker="delete-shared").click()
    await user.should_see(marker="confirm-yes", retries=PATIENCE)
    await record_consent(
        uow(), actor=OWNER, profile_id=couple, given_by="Liam Nguyen", given_on=date(2026, 1, 5), how="Email"
    )  # another browser: the Manage part behind the question is redrawn
    await user.should_see(marker="consent-state", content="Given by Liam Nguyen", retries=PATIENCE)
    user.find(marker="confirm-yes").click()
    await user.should_see("Archive the profile instead", retries=PATIENCE)
    await user.should_not_see(TRY_AGAIN)


async def test_archive_restore_then_delete_still_says_why(user: User):
    couple = await profile_id(COUPLE)
    await add_note(uow(), actor=OWNER, profile_id=couple, body="First session: goals agreed.")
    await sign_in(user, path=f"/shared/{couple}")
    user.find(marker="tab-admin").click()
    for expected in ("Profile archived.", "Profile restored."):
        await user.should_see(marker="archive-shared", retries=PATIENCE)
        user.find(marker="archive-shared").click()
        await user.should_see(expected, retries=PATIENCE)
    await eventually(lambda: user.find(marker="archive-shared").elements.pop().text == "Archive")
    user.find(marker="delete-shared").click()
    await user.should_see(marker="confirm-yes", retries=PATIENCE)
    user.find(marker="confirm-yes").click()
    await user.should_see("cannot be deleted: it has 1 session note on record", retries=PATIENCE)


async def test_a_payment_saved_while_the_invoice_was_redrawn_says_recorded_and_a_double_click_pays_once(user: User):
    john = await get_client(uow(read_only=True), actor=OWNER, person_id=await person_id("John Smith"))
    await sign_in(user, path=f"/clients/{john.id}")
    user.find(marker="tab-billing").click()
    await user.should_see("Part paid", retries=PATIENCE)
    user.find(marker="invoice-row").click()
    await user.should_see(marker="record-payment", retries=PATIENCE)
    user.find(marker="record-payment").click()
    await user.should_see(marker="save-payment", retries=PATIENCE)
    before = len((await account(uow(read_only=True), actor=OWNER, profile_id=john.profile_id)).payments)
    await create_invoice(uow(), actor=OWNER, profile_id=john.profile_id)  # another browser: the invoice is redrawn
    await eventually(lambda: len(user.find(marker="invoice-row").elements) >= 2)
    save = user.find(marker="save-payment")
    save.click()
    save.click()  # the second click of a double click
    await user.should_see("Payment recorded:", retries=PATIENCE)
    await user.should_see("Already recorded:", retries=PATIENCE)
    await user.should_not_see(TRY_AGAIN)
    after = (await account(uow(read_only=True), actor=OWNER, profile_id=john.profile_id)).payments
    assert len(after) == before + 1


async def test_new_invoice_always_opens_the_new_draft(user: User):
    mary = await person_id("Mary Smith")
    await sign_in(user, path=f"/clients/{mary}")
    user.find(marker="tab-billing").click()
    for _n in range(1, 4):
        await user.should_see(marker="new-invoice", retries=PATIENCE)
        user.find(marker="new-invoice").click()  # the Invoices part it sits in is redrawn when the draft is saved
        await user.should_see(marker="invoice-title", content="Draft invoice", retries=PATIENCE)
        user.find(marker="close-invoice").click()
        await eventually(lambda: not shown(user, "invoice-title"))
    profile = (await get_client(uow(read_only=True), actor=OWNER, person_id=mary)).profile_id
    drafts = [
        v for v in await list_invoices(uow(read_only=True), actor=OWNER, profile_id=profile) if v.status == "draft"
    ]
    assert len(drafts) == 3
    await user.should_not_see(TRY_AGAIN)


async def test_a_part_redrawn_five_times_still_listens_once(user: User):
    john = await get_client(uow(read_only=True), actor=OWNER, person_id=await person_id("John Smith"))
    await sign_in(user, path=f"/clients/{john.id}")
    user.find(marker="tab-billing").click()
    await user.should_see(marker="pack-progress", retries=PATIENCE)
    billing = topics.billing(john.profile_id)
    listening = topics.listener_count(billing)
    assert listening >= 1
    for n in range(5):  # each change of the client redraws the whole page, its tabs included
        await update_client(
            uow(),
            actor=OWNER,
            person_id=john.id,
            data=ClientInput(
                first_name=f"John{n}", last_name="Smith", email="john@example.com", time_zone="Australia/Sydney"
            ),
        )
        await user.should_see(marker="client-name", content=f"John{n} Smith", retries=PATIENCE)
    assert topics.listener_count(billing) == listening


async def test_a_tab_whose_user_was_deactivated_goes_to_sign_in(user: User):
    await sign_in(user, email="rita@demo.hearth.test", path="/people")
    from domain.accounts.staff import list_staff, set_staff_active

    rita = next(s for s in await list_staff(uow(read_only=True)) if s.email == "rita@demo.hearth.test")
    await set_staff_active(uow(), actor=OWNER, user_id=rita.id, active=False)  # by an owner, elsewhere
    user.find(marker="open-test-client").click()
    await user.should_see(marker="test-email", retries=PATIENCE)
    user.find(marker="test-email").type("rita.test@example.org")
    user.find(marker="create-test-client").click()
    await user.should_see("You have been signed out", retries=PATIENCE)
    await user.should_see(marker="password", retries=PATIENCE)  # the sign-in page


async def test_a_lesser_role_takes_effect_in_a_tab_already_open(user: User):
    await sign_in(user, email="priya@demo.hearth.test", path="/people")
    from domain.accounts.staff import update_staff

    priya = await staff_id("Dr. Priya Patel")
    await update_staff(
        uow(),
        actor=OWNER,
        user_id=priya,
        name="Dr. Priya Patel",
        role="reception",
        bookable=True,
        time_zone="Australia/Sydney",
    )
    user.find(marker="open-test-client").click()
    await user.should_see(marker="test-email", retries=PATIENCE)
    user.find(marker="test-email").type("priya.test@example.org")
    user.find(marker="create-test-client").click()
    await user.should_see("Your role changed to Reception", retries=PATIENCE)

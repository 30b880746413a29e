"""A German clinic's pages: dates typed and shown as 24.11.1990, amounts typed as 12,50; Setup > Clinic offers the
language and region and the currency, and says why the currency can no longer change."""

from nicegui.testing import User

from domain.clients.profile import get_client
from domain.clinic.settings import get_clinic, update_clinic
from tests.support import staff_actor
from tests.ui.helpers import PATIENCE, person_id, sign_in
from ui.state import uow

OWNER = staff_actor(user_id=1)


async def german_clinic() -> None:
    clinic = await get_clinic(uow(read_only=True))
    await update_clinic(uow(), actor=OWNER, name=clinic.name, time_zone=clinic.time_zone, locale="de-DE")


async def test_a_german_user_types_a_dotted_date_of_birth_and_reads_it_back(user: User):
    await german_clinic()
    await sign_in(user, path="/clients/new")
    await user.should_see("Invite to the Client Portal")
    [birth] = user.find(marker="date_of_birth").elements
    assert birth.props["placeholder"] == "DD.MM.YYYY" and birth.props["mask"] == "##.##.####"
    for marker, value in (("first_name", "Lena"), ("last_name", "Schröder"), ("date_of_birth", "24.11.1990")):
        user.find(marker=marker).type(value)
    user.find("Create client profile only").click()
    user.find(marker="add").click()
    await user.should_see(marker="client-name", retries=PATIENCE)
    user.find("Details").click()
    await user.should_see(marker="date_of_birth", retries=PATIENCE)
    assert user.find(marker="date_of_birth").elements.pop().value == "24.11.1990"


async def test_an_impossible_german_date_is_refused_at_the_field(user: User):
    await german_clinic()
    await sign_in(user, path="/clients/new")
    await user.should_see("Invite to the Client Portal")
    for marker, value in (("first_name", "Lena"), ("last_name", "Schröder"), ("date_of_birth", "29.02.1990")):
        user.find(marker=marker).type(value)
    user.find(marker="add").click()
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)
    assert (
        user.find(marker="date_of_birth").elements.pop().error
        == "There is no 29 February in 1990: it is not a leap year."
    )


async def test_a_german_user_records_a_payment_typed_with_a_comma(user: User):
    await german_clinic()
    john = await get_client(uow(read_only=True), actor=OWNER, person_id=await person_id("John Smith"))
    await sign_in(user, path=f"/clients/{john.id}")
    user.find(marker="tab-billing").click()
    await user.should_see("Part paid", retries=PATIENCE)
    user.find(marker="invoice-row").click()
    await user.should_see(marker="record-payment", retries=PATIENCE)
    user.find(marker="record-payment").click()
    await user.should_see(marker="payment-amount", retries=PATIENCE)
    [amount] = user.find(marker="payment-amount").elements
    assert amount.props["suffix"] == "AU$"  # de-DE writes the sign after the number
    amount.value = "12,50"
    user.find(marker="save-payment").click()
    await user.should_see("Payment recorded: 12,50", retries=PATIENCE)


async def test_setup_offers_locale_and_currency_and_says_why_the_currency_is_fixed(user: User):
    await sign_in(user, path="/setup")
    await user.should_see(marker="clinic_locale", retries=PATIENCE)
    [locale] = user.find(marker="clinic_locale").elements
    assert locale.value == "en-AU" and "de-DE" in locale.options and "nb-NO" in locale.options
    [currency] = user.find(marker="clinic_currency").elements
    assert currency.value == "AUD" and not currency.enabled  # the demo clinic has invoices
    await user.should_see(marker="currency-locked", content="The currency cannot change")
    locale.value = "nb-NO"
    await user.should_see(marker="format-sample", content="24. nov. 2026")
    user.find("Save").click()
    await user.should_see("Clinic details saved.", retries=PATIENCE)
    assert (await get_clinic(uow(read_only=True))).locale == "nb-NO"

"""Phone numbers on the pages: national form at home (and saved back unchanged), and Setup's list of numbers
that could not be checked."""

from nicegui.testing import User
from sqlalchemy import update

from domain.clients.profile import get_client
from storage.clients import PersonRow
from tests.ui.helpers import DEMO_OWNER, PATIENCE, _db, eventually, person_id, rows_of, sign_in


async def test_a_clients_phone_shows_in_national_form_and_saving_unchanged_keeps_it(user: User):
    await sign_in(user, path="/people")
    user.find(marker="search").type("0412 345")  # the national digits find her
    await user.should_see("1–1 of 1", retries=PATIENCE)
    assert [(r["name"], r["phone"]) for r in rows_of(user)] == [("Mary Smith", "0412 345 678")]  # +61412345678
    mary_id = await person_id("Mary Smith")
    await user.open(f"/clients/{mary_id}")
    await user.should_see(marker="save-details", retries=PATIENCE)
    [phone] = user.find(marker="phone").elements
    assert phone.value == "0412 345 678" and phone.props["type"] == "tel"
    user.find(marker="save-details").click()
    await eventually(lambda: bool(user.notify.messages))  # "Details saved." (or another field's complaint)
    assert not phone.error  # the national form reads back as the stored number
    assert (await get_client(_db().uow(read_only=True), actor=DEMO_OWNER, person_id=mary_id)).phone == "+61412345678"


async def test_phone_numbers_to_check_are_listed_in_setup_with_a_link_to_the_client(user: User):
    await sign_in(user, path="/setup")
    await user.should_see(marker="phone-check-empty", retries=PATIENCE)
    john = await person_id("John Smith")
    async with _db().uow() as uow:  # as migration 0009 leaves a number it could not read
        await uow.session.execute(update(PersonRow).where(PersonRow.id == john).values(phone="(((("))
        await uow.commit()
    await user.open("/setup")
    await user.should_see(marker="phone-to-check", retries=PATIENCE)
    await user.should_see("Client · “((((”")
    [link] = [e for e in user.find(marker="phone-to-check").elements.pop().descendants() if "href" in e.props]
    assert (link.text, link.props["href"]) == ("John Smith", f"/clients/{john}")
    await user.open(f"/clients/{john}")
    await user.should_see(marker="save-details", retries=PATIENCE)
    [phone] = user.find(marker="phone").elements
    assert phone.value == "(((("  # shown as stored
    user.find(marker="save-details").click()
    await eventually(lambda: bool(phone.error))
    assert phone.error == "That is not a phone number we can call: give it as 0412 345 678 or +61 412 345 678."

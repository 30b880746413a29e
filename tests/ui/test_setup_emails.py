"""Setup > Emails: the owner words the Client Portal invitation, previews it as Mary Smith will read it and saves
it; mistakes show at their field. Setup > Clinic: the clinic's phone number."""

from nicegui.testing import User

from domain.clients.invitation_template import DEFAULT_SUBJECT, read_invitation_template, save_invitation_template
from domain.clinic.settings import get_clinic
from tests.ui.helpers import DEMO_OWNER, PATIENCE, _db, sign_in


def value(user: User, marker: str):
    return user.find(marker=marker).elements.pop().value


async def saved_template():
    return await read_invitation_template(_db().uow(read_only=True), actor=DEMO_OWNER)


async def test_owner_words_previews_and_saves_the_invitation(user: User):
    await sign_in(user, path="/setup")
    await user.should_see("Client Portal invitation")
    await user.should_see("The built-in wording: edit it to make it yours.")
    assert value(user, "invitation-subject") == DEFAULT_SUBJECT
    user.find(marker="invitation-subject").clear().type("Welcome to {clinic_name}")
    user.find(marker="invitation-body").clear().type("Hello {first_name}, your link: ")
    user.find(marker="placeholder-link").click()  # added at the end of the text
    assert value(user, "invitation-body") == "Hello {first_name}, your link: {link}"
    user.find(marker="preview-invitation").click()
    await user.should_see(marker="preview-subject", content="Welcome to Demo Clinic", retries=PATIENCE)
    await user.should_see("Hello Mary, your link: http")
    [body] = user.find(marker="preview-body").elements
    assert "/invite/" in body.text and "{" not in body.text
    user.find(marker="save-invitation").click()
    await user.should_see("Invitation email saved", retries=PATIENCE)
    await user.should_see("Your clinic's own wording.")
    saved = await saved_template()
    assert (saved.subject, saved.body) == ("Welcome to {clinic_name}", "Hello {first_name}, your link: {link}")
    await user.open("/setup")
    await user.should_see(marker="add-classification", retries=PATIENCE)
    assert value(user, "invitation-subject") == "Welcome to {clinic_name}"


async def test_an_unknown_placeholder_shows_at_its_field_and_the_text_is_kept(user: User):
    await sign_in(user, path="/setup")
    user.find(marker="invitation-subject").clear().type("News from {clinc_name}")
    user.find(marker="invitation-body").clear().type("Hello {first_name}")
    user.find(marker="save-invitation").click()
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)
    [subject] = user.find(marker="invitation-subject").elements
    [body] = user.find(marker="invitation-body").elements
    assert subject.error.startswith("{clinc_name} is not a placeholder (did you mean {clinic_name}?)")
    assert body.error == "The text must contain {link}: it is the only way to accept the invitation."
    assert (subject.value, body.value) == ("News from {clinc_name}", "Hello {first_name}")
    user.find(marker="preview-invitation").click()  # the preview refuses the same way
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)
    await user.should_not_see(marker="preview-subject")
    assert not (await saved_template()).custom


async def test_restoring_the_default_text(user: User):
    await save_invitation_template(_db().uow(), actor=DEMO_OWNER, subject="Hi {first_name}", body="Open {link}")
    await sign_in(user, path="/setup")
    assert value(user, "invitation-subject") == "Hi {first_name}"
    user.find(marker="restore-invitation").click()
    await user.should_see("Your own wording is replaced.", retries=PATIENCE)
    user.find(marker="confirm-yes").click()
    await user.should_see("The default invitation text is back.", retries=PATIENCE)
    assert value(user, "invitation-subject") == DEFAULT_SUBJECT
    assert not (await saved_template()).custom


async def test_unsaved_edits_survive_a_save_in_another_browser(user: User):
    await sign_in(user, path="/setup")
    user.find(marker="invitation-subject").clear().type("Mine, {first_name}")
    await save_invitation_template(_db().uow(), actor=DEMO_OWNER, subject="Theirs", body="Open {link}")
    await user.should_see("Someone saved this email in another browser", retries=PATIENCE)
    assert value(user, "invitation-subject") == "Mine, {first_name}"
    user.find(marker="show-saved-invitation").click()
    assert (value(user, "invitation-subject"), value(user, "invitation-body")) == ("Theirs", "Open {link}")


async def test_setup_clinic_saves_and_shows_the_phone_number(user: User):
    await sign_in(user, path="/setup")
    user.find(marker="clinic_phone").clear().type("02-9999-0000")
    user.find(marker="save-clinic").click()
    await user.should_see("Clinic details saved.", retries=PATIENCE)
    assert value(user, "clinic_phone") == "(02) 9999 0000"
    assert (await get_clinic(_db().uow(read_only=True))).phone_e164 == "+61299990000"
    user.find(marker="clinic_phone").clear().type("call me maybe")
    user.find(marker="save-clinic").click()
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)
    [phone] = user.find(marker="clinic_phone").elements
    assert phone.error.startswith("That is not a phone number we can call: give it as ")
    assert phone.value == "call me maybe"
    assert (await get_clinic(_db().uow(read_only=True))).phone == "(02) 9999 0000"

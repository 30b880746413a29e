"""Setup: clinic details and staff users, with role restrictions."""

from nicegui.testing import User

from tests.ui.helpers import PATIENCE, sign_in


async def test_renaming_the_clinic_changes_the_header(user: User):
    await sign_in(user, path="/setup")
    name = user.find(marker="clinic_name")
    name.clear().type("Harbourside Therapy")
    user.find("Save").click()
    await user.should_see("Clinic details saved.")
    await user.should_see(marker="clinic-name", content="Harbourside Therapy", retries=PATIENCE)


async def test_empty_clinic_name_is_refused_and_kept(user: User):
    await sign_in(user, path="/setup")
    user.find(marker="clinic_name").clear()
    user.find("Save").click()
    await user.should_see("Clinic name is required.")
    await user.open("/setup")
    assert user.find(marker="clinic_name").elements.pop().value == "Demo Clinic"


async def test_reception_cannot_open_setup(user: User):
    await sign_in(user, email="rita@demo.hearth.test", path="/setup")
    await user.should_see("Setup is not available to you")
    await user.should_not_see("Staff users")
    await user.should_not_see("Audit log")  # not in Rita's drawer either


def add_staff_user(user: User, name: str, email: str) -> None:
    user.find("Add staff user").click()
    user.find(marker="staff_name").type(name)
    user.find(marker="staff_email").type(email)
    user.find(marker="staff_password").type("a long password")
    user.find(marker="staff-save").click()


async def test_add_staff_user_and_duplicate_email(user: User):
    await sign_in(user, path="/setup")
    add_staff_user(user, "Noor Haddad", "noor@example.com")
    await user.should_see("Noor Haddad added.", retries=PATIENCE)
    await user.should_see("noor@example.com · Practitioner · takes appointments")
    add_staff_user(user, "Noor Again", "NOOR@example.com")
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)
    [email] = user.find(marker="staff_email").elements
    assert email.error == "A staff user with this email already exists."
    await user.should_not_see("Noor Again added.")

"""On an empty database the first visit creates the owner account."""

from nicegui.testing import User

from tests.ui.helpers import PATIENCE


def fill_in(user: User, *, confirm: str = "a long password") -> None:
    user.find(marker="clinic_name").type("Harbourside Therapy")
    user.find(marker="name").type("Hana Owner")
    user.find(marker="email").type("hana@example.com")
    user.find(marker="password").type("a long password")
    user.find(marker="confirm").type(confirm)
    user.find("Create owner account").click()


async def test_first_visit_creates_the_owner_and_signs_in(empty_clinic, user: User):
    await user.open("/people")
    await user.should_see("Welcome to Hearth")
    fill_in(user)
    await user.should_see("Staff users", retries=PATIENCE)
    await user.should_see("Harbourside Therapy")
    await user.open("/welcome")  # only once: afterwards it sends people to sign in
    await user.should_see("People")


async def test_mismatched_passwords_are_caught(empty_clinic, user: User):
    await user.open("/welcome")
    fill_in(user, confirm="another password")
    await user.should_see("The two passwords differ.")
    await user.open("/welcome")
    await user.should_see("Welcome to Hearth")  # nothing was created


async def test_bad_owner_details_are_shown_next_to_the_fields(empty_clinic, user: User):
    await user.open("/welcome")
    user.find(marker="email").type("not-an-email")
    user.find(marker="password").type("short")
    user.find(marker="confirm").type("short")
    user.find("Create owner account").click()
    await user.should_see("Clinic name is required.")
    await user.should_see("Password must be at least 10 characters.")
    [email] = user.find(marker="email").elements
    assert email.error.startswith("That email address is not valid")

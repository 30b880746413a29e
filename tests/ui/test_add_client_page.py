"""Add Client: a valid client, each invalid field, the duplicate warning."""

import pytest
from nicegui.testing import User

from tests.ui.helpers import PATIENCE, sign_in


def fill(user: User, **values: str) -> None:
    for marker, value in values.items():
        user.find(marker=marker).type(value)


async def open_form(user: User) -> None:
    await sign_in(user, path="/clients/new")
    await user.should_see("Invite to the Client Portal")


async def test_add_a_client_profile_only_with_a_form(user: User):
    await open_form(user)
    fill(user, first_name="Noor", last_name="Haddad", email="noor@example.com", date_of_birth="01/04/1990")
    user.find("Create client profile only").click()
    [forms] = user.find(marker="forms").elements
    forms.value = [k for k, v in forms.options.items() if v == "New client intake"]  # the demo's form
    user.find(marker="add").click()
    await user.should_see(marker="client-name", retries=PATIENCE)
    await user.should_see("Noor Haddad")
    await user.should_see("Client added.")
    user.find("Portal & forms").click()
    await user.should_see("Not invited")
    await user.should_see("New client intake: waiting since")


async def test_add_and_invite_says_so_on_the_profile(user: User):
    await open_form(user)
    fill(user, first_name="Noor", last_name="Haddad", email="noor@example.com")
    user.find(marker="add").click()
    await user.should_see("Client added and invited.", retries=PATIENCE)
    await user.should_see(marker="client-name", retries=PATIENCE)
    user.find("Portal & forms").click()
    await user.should_see("Invitation sent on")
    await user.should_see("Until the client activates the portal")


@pytest.mark.parametrize(
    "values, message",
    [
        ({"last_name": "Haddad"}, "First name is required."),
        ({"first_name": "Noor"}, "Last name is required."),
        ({"first_name": "Noor", "last_name": "Haddad", "email": "noor@"}, "That email address is not valid"),
        ({"first_name": "Noor", "last_name": "Haddad", "date_of_birth": "01/01/2999"}, "cannot be in the future"),
        ({"first_name": "Noor", "last_name": "Haddad", "date_of_birth": "01/01/1850"}, "cannot be before 1900"),
        ({"first_name": "Noor", "last_name": "Haddad", "phone": "ring ring"}, "not a phone number we can call"),
    ],
)
async def test_each_invalid_field_is_marked_and_nothing_is_added(user: User, values, message):
    await open_form(user)
    fill(user, **values)
    user.find("Create client profile only").click()
    user.find(marker="add").click()
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)
    errors = [
        e.error
        for marker in ("first_name", "last_name", "email", "date_of_birth", "phone")
        for e in user.find(marker=marker).elements
        if e.error
    ]
    assert any(message in error for error in errors), errors
    await user.should_see("Invite to the Client Portal")  # still on the form, nothing added


async def test_likely_duplicate_is_flagged_with_a_link_and_can_be_added_anyway(user: User):
    await open_form(user)
    fill(user, first_name="Mary", last_name="Smith", email="mary.smith@example.com")
    user.find("Create client profile only").click()
    user.find(marker="add").click()
    await user.should_see(marker="duplicate-warning", retries=PATIENCE)
    await user.should_see("Mary Smith (same email)")
    await user.should_see("Steven Smith (same email)")
    user.find(marker="add-anyway").click()
    await user.should_see("Client added.", retries=PATIENCE)

"""Signing in and out through the login page."""

from nicegui.testing import User

from tests.ui.helpers import PATIENCE, rows_of, sign_in


async def test_unauthenticated_visit_lands_on_the_login_page(user: User):
    await user.open("/setup")
    await user.should_see("Sign in to Demo Clinic")
    await user.should_not_see("Staff users")


async def test_owner_signs_in_and_sees_the_demo_clients(user: User):
    await sign_in(user)
    await user.should_see("People")
    await user.should_see("Demo Clinic")
    assert "Mary Smith" in [r["name"] for r in rows_of(user)]


async def test_wrong_password_shows_a_message_and_stays_on_the_login_page(user: User):
    await sign_in(user, password="not the password", expect_success=False)
    await user.should_see("Email or password is incorrect.", retries=PATIENCE)
    await user.should_see("Sign in to Demo Clinic")
    assert user.find(marker="password").elements.pop().value == ""


async def test_sign_in_returns_to_the_page_asked_for(user: User):
    await sign_in(user, path="/audit")
    await user.should_see("Audit log")
    assert rows_of(user)[0]["action"] == "staff.signed_in"


async def test_sign_out_ends_the_session(user: User):
    await sign_in(user)
    user.find(marker="sign-out").click()
    await user.should_see("Sign in to Demo Clinic", retries=PATIENCE)
    await user.open("/people")
    await user.should_see("Sign in to Demo Clinic")


async def test_login_refuses_to_redirect_to_another_site(user: User):
    await sign_in(user, path="//evil.example/steal")
    await user.should_see("People")

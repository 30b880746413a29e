"""Pages clients reach: the public form, a bad invitation link, and the portal sign-in."""

from nicegui.testing import User

from tests.ui.helpers import PATIENCE, portal_sign_in, rows_of, sign_in


async def test_visitor_fills_the_public_form_and_becomes_a_prospect(user: User):
    await user.open("/f/demo-intake")
    await user.should_see("New client intake")
    for marker, value in (("first_name", "Ana"), ("last_name", "Silva"), ("email", "ana@example.com")):
        user.find(marker=marker).type(value)
    user.find(marker="q-reason").type("Shoulder pain")
    user.find(marker="q-consent").click()
    user.find("Send").click()
    await user.should_see("Thank you!", retries=PATIENCE)
    await sign_in(user)
    user.find(marker="filter").elements.pop().value = "prospective"
    await user.should_see("1–5 of 5")  # with the demo's two form visitors and two booking requesters
    assert "Ana Silva" in [r["name"] for r in rows_of(user)]


async def test_public_form_shows_what_is_missing(user: User):
    await user.open("/f/demo-intake")
    user.find("Send").click()
    await user.should_see("Please correct the fields marked in red.")
    await user.should_see("This question is required.")
    await user.should_see("Please confirm.")
    assert user.find(marker="first_name").elements.pop().error == "First name is required."


async def test_unknown_links_say_what_to_do(user: User):
    await user.open("/invite/not-a-real-token")
    await user.should_see("This invitation link is not valid.")
    await user.open("/forms/not-a-real-token")
    await user.should_see("This form link is not valid.")
    await user.open("/f/no-such-form")
    await user.should_see("This form is not available.")


async def test_portal_needs_a_sign_in_of_its_own(user: User):
    await sign_in(user)  # a staff session is not a portal session
    await user.open("/portal")
    await user.should_see("Demo Clinic Client Portal")
    user.find(marker="email").type("aroha.ngata@example.com")
    user.find(marker="password").type("not yet set")
    user.find(marker="sign-in").click()
    await user.should_see("Email or password is incorrect.", retries=PATIENCE)


async def test_create_test_client_opens_its_profile(user: User):
    await sign_in(user)
    user.find("Create test client").click()
    user.find(marker="test-email").type("tester@example.com")
    user.find(marker="create-test-client").click()
    await user.should_see("Test client created and invited.", retries=PATIENCE)
    await user.should_see("View portal as this client")


async def test_client_signs_in_and_sees_home_with_the_sections(user: User):
    await portal_sign_in(user)
    await user.should_see("Hello Chloe")
    for section in ("home", "book", "invoices", "documents", "tasks"):
        await user.should_see(marker=f"section-{section}")

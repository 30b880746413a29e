"""Create an account in the Client Portal with the simulated user: the owner allows it in Setup > Online Booking; a
newcomer registers from the sign-in page (a name and an email), opens the emailed link, chooses the password there and
lands on Home; a registration with a client's email waits on the Requests page until staff Link (or Decline) it."""

from dataclasses import replace

from nicegui.testing import User

from domain.accounts.registration import start_registration, verify_registration
from domain.messaging.outbox import list_outbox
from domain.scheduling.online.settings import read_online_settings, save_online_settings
from tests.ui.helpers import DEMO_OWNER, PATIENCE, _db, eventually, portal_sign_in, shown, sign_in

CHOSEN = "my own long password"
AROHA = "aroha.ngata@example.com"  # a demo client with an email and no portal login


async def emails_to(address: str) -> list:
    return [
        m
        for m in await list_outbox(_db().uow(read_only=True), actor=DEMO_OWNER, time_zone="Australia/Sydney")
        if m.to == address
    ]


async def verify_link(address: str) -> str:
    """The path of the verify link in the latest email to `address`."""
    body = [m.body for m in await emails_to(address) if "/portal/verify/" in m.body][0]  # the outbox: newest first
    return "/portal/verify/" + body.split("/portal/verify/")[1].split()[0]


async def allow(on: bool = True) -> None:
    """Sign-ups on or off; family members at sign-up off (the demo has them on; tests of them switch them on)."""
    settings = await read_online_settings(_db().uow(read_only=True))
    await save_online_settings(
        _db().uow(), actor=DEMO_OWNER, settings=replace(settings, allow_registration=on, allow_related_profiles=False)
    )


def fill(user: User, first: str, last: str, email: str) -> None:
    for marker, value in (("first_name", first), ("last_name", last), ("email", email)):
        user.find(marker=marker).type(value)
    user.find(marker="create-account-submit").click()


async def choose_password(user: User, address: str, password: str = CHOSEN, repeat: str | None = None) -> None:
    """Opens the emailed link and sends the password."""
    await user.open(await verify_link(address))
    await user.should_see(marker="verify-submit", retries=PATIENCE)
    user.find(marker="password").type(password)
    user.find(marker="confirm").type(password if repeat is None else repeat)
    user.find(marker="verify-submit").click()


async def test_the_owner_allows_sign_ups_and_a_newcomer_lands_on_home(user: User):
    await allow(on=False)  # off, whatever the demo's default
    await user.open("/portal/login")
    await user.should_see("Sign in")
    assert shown(user, "create-account") == 0
    await user.open("/portal/register")
    await user.should_see(marker="registration-closed")

    await sign_in(user, path="/setup")
    await user.should_see("Clients can create a Client Portal account")
    await user.should_see("They verify their email; someone already on file is linked after you confirm")
    switch = user.find(marker="allow-registration").elements.pop()
    assert switch.value is False
    switch.value = True
    user.find(marker="save-online-settings").click()
    await user.should_see("Online booking settings saved.", retries=PATIENCE)
    assert (await read_online_settings(_db().uow(read_only=True))).allow_registration is True

    await user.open("/portal/login")
    await user.should_see(marker="create-account")
    user.find(marker="create-account").click()
    await user.should_see(marker="create-account-submit", retries=PATIENCE)
    fill(user, "Zoe", "Quinn", "zoe.quinn@example.com")
    await user.should_see(
        "Check your email: we sent a link to zoe.quinn@example.com to finish creating your account.", retries=PATIENCE
    )
    assert shown(user, "password") == 0  # the password is chosen on the emailed link, by the inbox's owner
    await choose_password(user, "zoe.quinn@example.com")
    await user.should_see(marker="portal-greeting", retries=PATIENCE)
    await user.should_see("Hello Zoe")


async def test_the_forms_say_what_is_wrong_next_to_each_field(user: User):
    await allow()
    await user.open("/portal/register")
    fill(user, "Zoe", "", "not an email")
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)
    assert user.find(marker="last_name").elements.pop().error == "Last name is required."
    assert user.find(marker="email").elements.pop().error.startswith("That email address is not valid")
    assert await emails_to("zoe.quinn@example.com") == []

    user.find(marker="last_name").type("Quinn")
    user.find(marker="email").clear().type("zoe.quinn@example.com")
    user.find(marker="create-account-submit").click()
    await user.should_see(marker="registration-sent", retries=PATIENCE)
    await choose_password(user, "zoe.quinn@example.com", repeat="something else")
    await user.should_see("The two passwords differ.")
    user.find(marker="password").clear().type("short")
    user.find(marker="confirm").clear().type("short")
    user.find(marker="verify-submit").click()
    password = user.find(marker="password").elements.pop()
    await eventually(lambda: password.error == "Password must be at least 10 characters.")
    user.find(marker="password").clear().type(CHOSEN)
    user.find(marker="confirm").clear().type(CHOSEN)
    user.find(marker="verify-submit").click()
    await user.should_see(marker="portal-greeting", retries=PATIENCE)


async def test_a_bad_link_says_why_and_offers_sign_in(user: User):
    await user.open("/portal/verify/not-a-real-token")
    await user.should_see("This link is not valid.", retries=PATIENCE)
    await user.should_see(marker="back-to-sign-in")


async def test_a_link_already_used_shows_the_dead_end(user: User):
    await allow()
    await start_registration(
        _db().uow(), first_name="Zoe", last_name="Quinn", email="zoe.quinn@example.com", ip=None, public_url=""
    )
    link = await verify_link("zoe.quinn@example.com")
    await verify_registration(_db().uow(), token=link.rsplit("/", 1)[1], password=CHOSEN, ip=None)
    await user.open(link)
    await user.should_see("This link was already used: your account is ready.", retries=PATIENCE)
    await user.should_see(marker="back-to-sign-in")
    assert shown(user, "password") == 0


async def test_a_clients_email_waits_for_staff_who_link_it_on_the_requests_page(user: User):
    await allow()
    await user.open("/portal/register")
    fill(user, "Aroha", "Ngata", AROHA)
    await user.should_see(f"Check your email: we sent a link to {AROHA}", retries=PATIENCE)
    await choose_password(user, AROHA)
    await user.should_see("Thank you, your email is verified. Demo Clinic will confirm your account", retries=PATIENCE)
    await user.open(await verify_link(AROHA))  # opened again: still waiting, no form
    await user.should_see(marker="registration-verified", retries=PATIENCE)
    assert shown(user, "password") == 0

    await sign_in(user, path="/requests")
    await user.should_see(marker="registration-summary", retries=PATIENCE)
    await user.should_see(
        f"Aroha Ngata ({AROHA}) asked for a Client Portal account; on file: Aroha Ngata (client, same email and name)"
    )
    await user.should_see(marker="requests-count", content="3", retries=PATIENCE)  # the demo's two requests, and this
    user.find(marker="registration-link").click()
    await user.should_see("Linked: Aroha Ngata can sign in to the Client Portal.", retries=PATIENCE)
    await eventually(lambda: shown(user, "registration-card") == 0)
    await user.should_see(marker="requests-count", content="2", retries=PATIENCE)
    assert any("Your Client Portal account is ready" in m.body for m in await emails_to(AROHA))

    await portal_sign_in(user, email=AROHA, password=CHOSEN)
    await user.should_see("Hello Aroha")


async def test_staff_decline_a_registration_and_the_person_is_emailed(user: User):
    await allow()
    await start_registration(_db().uow(), first_name="Aroha", last_name="Ngata", email=AROHA, ip=None, public_url="")
    await choose_password(user, AROHA)
    await user.should_see("will confirm your account", retries=PATIENCE)
    await sign_in(user, path="/requests")
    await user.should_see(marker="registration-card", retries=PATIENCE)
    user.find(marker="registration-decline").click()
    await user.should_see("Decline this Client Portal account?")
    user.find(marker="registration-decline-send").click()
    await user.should_see("Declined. Aroha was emailed to contact the clinic.", retries=PATIENCE)
    await eventually(lambda: shown(user, "registration-card") == 0)
    assert any("Please contact the clinic" in m.body for m in await emails_to(AROHA))

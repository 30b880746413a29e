"""My Account > Family Members in the Client Portal with the simulated user (seed 002): the demo's Chloe Brown adds a
family member, changes what she shares with them (the pencil), removes them (after confirming); with the clinic's
setting off she is told whom to contact; a newcomer who creates an account is asked whether they will book for family
members and adds two."""

import re

from nicegui import ui
from nicegui.testing import User

from domain.clients.invitations import invite_client
from domain.clinic.settings import get_clinic
from domain.households.relationship_rules import BILL_TO_ME_LABEL
from domain.scheduling.online.settings import settings_row
from tests.ui.helpers import DEMO_OWNER, PATIENCE, _db, eventually, person_id, portal_sign_in, shown
from tests.ui.test_portal_registration import AROHA, choose_password, emails_to, fill
from tests.ui.test_portal_registration import allow as allow_sign_ups

PAGE = "/portal/account/family"


async def allow_family(on: bool = True) -> None:
    async with _db().uow() as uow:
        (await settings_row(uow)).allow_related_profiles = on
        await uow.commit()


def enter(user: User, relation: str, first: str, last: str, email: str, suffix: str = "") -> None:
    user.find(marker=f"relation{suffix}").elements.pop().value = relation
    for marker, value in ((f"first_name{suffix}", first), (f"last_name{suffix}", last), (f"email{suffix}", email)):
        user.find(marker=marker).clear().type(value)


async def chloe_adds_leo(user: User) -> None:
    await allow_family()
    await portal_sign_in(user)
    await user.open(PAGE)
    await user.should_see(marker="page-heading", content="Family Members")
    await user.should_see("No family members yet.", retries=PATIENCE)
    enter(user, "child", "Leo", "Brown", "leo.brown@example.com")
    user.find(marker="bill_to_me").click()
    user.find(marker="add-member-submit").click()
    await user.should_see("Added: Leo Brown, your child.", retries=PATIENCE)
    await user.should_see(marker="member-name", content="Leo Brown", retries=PATIENCE)


async def test_chloe_adds_a_family_member_she_lets_bill_to_her_account(user: User):
    await allow_family()
    await portal_sign_in(user)
    user.find(marker="menu-family").click()  # the profile menu's My Account item
    await user.should_see(marker="page-heading", content="Family Members", retries=PATIENCE)
    await user.should_see(BILL_TO_ME_LABEL)
    user.find(marker="add-member-submit").click()  # nothing filled in: each field says what is missing
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)
    assert user.find(marker="relation").elements.pop().error == "Choose how they are related to you."
    assert user.find(marker="first_name").elements.pop().error == "First name is required."
    assert user.find(marker="email").elements.pop().error == "Email is required."

    enter(user, "child", "Leo", "Brown", "leo.brown@example.com")
    user.find(marker="bill_to_me").click()
    user.find(marker="add-member-submit").click()
    await user.should_see("Added: Leo Brown, your child.", retries=PATIENCE)
    await user.should_see(marker="member-relation", content="Child", retries=PATIENCE)
    await user.should_see(marker="member-gives", content="You let them: Bill their payments to your account")
    await user.should_see("What they share with you is theirs to change.")
    assert user.find(marker="first_name").elements.pop().value == ""  # the form is ready for the next one


async def test_chloe_changes_what_she_shares_with_the_pencil(user: User):
    await chloe_adds_leo(user)
    user.find(marker="edit-member").click()
    await user.should_see("What you share with Leo Brown", retries=PATIENCE)
    assert user.find(marker="give-bill_to_me").elements.pop().value is True
    user.find(marker="give-view_pay").click()
    user.find(marker="give-bill_to_me").click()
    user.find(marker="edit-save").click()
    await user.should_see("Saved: what you share with Leo Brown.", retries=PATIENCE)
    await user.should_see(marker="member-gives", content="You let them: View and Pay", retries=PATIENCE)
    await eventually(lambda: shown(user, "give-view_pay") == 0)  # the dialog closed


async def test_chloe_removes_a_family_member_after_confirming(user: User):
    await chloe_adds_leo(user)
    user.find(marker="remove-member").click()
    await user.should_see(
        "Remove Leo Brown? The relationship and all permissions between your profiles end, both ways.", retries=PATIENCE
    )
    user.find(marker="confirm-no").click()
    await eventually(lambda: shown(user, "confirm-question") == 0)
    assert shown(user, "family-member") == 1  # Cancel: nothing ended

    user.find(marker="remove-member").click()
    await user.should_see(marker="confirm-question", retries=PATIENCE)
    user.find(marker="confirm-yes").click()
    await user.should_see("Removed: you and Leo Brown no longer share anything.", retries=PATIENCE)
    await user.should_see("No family members yet.", retries=PATIENCE)


async def test_with_the_setting_off_chloe_is_told_whom_to_contact(user: User):
    await allow_family(on=False)
    await portal_sign_in(user)
    await user.open(PAGE)
    clinic = await get_clinic(_db().uow(read_only=True))
    await user.should_see(f"To add a family member, contact {clinic.name} ({clinic.phone}).", retries=PATIENCE)
    assert shown(user, "add-member-submit") == 0
    await user.should_see("No family members yet.", retries=PATIENCE)


async def test_a_newcomer_adds_two_family_members_when_creating_an_account(user: User):
    await allow_sign_ups()
    await allow_family()
    await user.open("/portal/register")
    fill(user, "Zoe", "Quinn", "zoe.quinn@example.com")
    await user.should_see(marker="registration-sent", retries=PATIENCE)
    await choose_password(user, "zoe.quinn@example.com")
    await user.should_see("Will you use this account to book appointments for family members?", retries=PATIENCE)
    user.find(marker="family-yes").click()
    await user.should_see(marker="family-row", retries=PATIENCE)
    await user.should_see(BILL_TO_ME_LABEL)
    enter(user, "child", "Ava", "Quinn", "ava.quinn@example.com", "-1")
    user.find(marker="add-another").click()
    await user.should_see(marker="first_name-2", retries=PATIENCE)
    enter(user, "spouse", "Sam", "Quinn", "not an email", "-2")
    user.find(marker="family-continue").click()
    await user.should_see(marker="row-saved", content="Added: Ava Quinn, your child.", retries=PATIENCE)
    email = user.find(marker="email-2").elements.pop()
    await eventually(lambda: (email.error or "").startswith("That email address is not valid"))
    assert user.find(marker="first_name-2").elements.pop().value == "Sam"  # nothing typed is lost

    user.find(marker="email-2").clear().type("sam.quinn@example.com")
    user.find(marker="family-continue").click()
    await user.should_see(marker="portal-greeting", retries=PATIENCE)
    await user.should_see("Added: Sam Quinn, your spouse.", retries=PATIENCE)
    await user.open(PAGE)
    await user.should_see(marker="member-name", content="Ava Quinn", retries=PATIENCE)
    await user.should_see(marker="member-name", content="Sam Quinn")


async def test_a_newcomer_who_answers_no_goes_home(user: User):
    await allow_sign_ups()
    await allow_family()
    await user.open("/portal/register")
    fill(user, "Zoe", "Quinn", "zoe.quinn@example.com")
    await user.should_see(marker="registration-sent", retries=PATIENCE)
    await choose_password(user, "zoe.quinn@example.com")
    await user.should_see(marker="family-no", retries=PATIENCE)
    user.find(marker="family-no").click()
    await user.should_see(marker="portal-greeting", retries=PATIENCE)


async def test_without_the_setting_a_newcomer_lands_on_home(user: User):
    await allow_sign_ups()
    await allow_family(on=False)
    await user.open("/portal/register")
    fill(user, "Zoe", "Quinn", "zoe.quinn@example.com")
    await user.should_see(marker="registration-sent", retries=PATIENCE)
    await choose_password(user, "zoe.quinn@example.com")
    await user.should_see(marker="portal-greeting", retries=PATIENCE)
    assert shown(user, "family-question") == 0


async def test_an_invited_client_is_asked_too_once_their_password_is_set(user: User):
    await allow_family()
    aroha = await person_id("Aroha Ngata")
    await invite_client(_db().uow(), actor=DEMO_OWNER, person_id=aroha, public_url="http://hearth.test")
    body = next(m.body for m in await emails_to(AROHA) if "/invite/" in m.body)  # the newest first
    await user.open("/invite/" + re.search(r"/invite/(\S+)", body).group(1))
    user.find(marker="password").type("my own long password")
    user.find(marker="confirm").type("my own long password")
    user.find(ui.button).click()
    await user.should_see("Will you use this account to book appointments for family members?", retries=PATIENCE)
    await user.should_see(marker="page-heading", content="Welcome, Aroha")

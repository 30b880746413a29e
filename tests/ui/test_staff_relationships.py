"""Relationships on the client profile with the simulated user (seed 002): Add relationship with permissions in each
direction, the blue pencil to edit, Remove after confirming, refusals at the field; and Setup > Online Booking's
"Allow Patients to add related profiles" and calendar subscription switches."""

import asyncio
from dataclasses import replace

from nicegui.testing import User

from domain.clients.details import ClientInput
from domain.clients.register import add_client
from domain.households.relationships import relate, relationships_of
from domain.scheduling.online.settings import read_online_settings, save_online_settings
from tests.ui.helpers import DEMO_OWNER, PATIENCE, _db, eventually, sign_in


async def quills() -> tuple[int, int]:
    """Nora Quill and her son Ben Quill, not related yet."""
    ids = []
    for first in ("Nora", "Ben"):
        ids.append(
            await add_client(
                _db().uow(),
                actor=DEMO_OWNER,
                data=ClientInput(first, "Quill", email=f"{first.lower()}.quill@example.com", time_zone="UTC"),
                invite=False,
                form_ids=[],
                public_url="http://clinic.example",
            )
        )
    return ids[0], ids[1]


def value(user: User, marker: str):
    return user.find(marker=marker).elements.pop().value


def set_value(user: User, marker: str, new) -> None:
    user.find(marker=marker).elements.pop().value = new


async def test_add_a_relationship_with_one_way_grants_shows_in_both_profiles(user: User):
    await sign_in(user)
    nora, ben = await quills()
    await user.open(f"/clients/{nora}")
    await user.should_see(
        "No relationships yet. Relate a parent, partner or carer so they can book or pay for Nora in the Client "
        "Portal.",
        retries=PATIENCE,
    )
    user.find(marker="add-relationship").click()
    await user.should_see(marker="relationship-search", retries=PATIENCE)
    user.find(marker="relationship-search").type("ben quill")
    await user.should_see(marker="relationship-match", retries=PATIENCE)
    user.find(marker="relationship-match").click()
    await user.should_see("Related client: Ben Quill", retries=PATIENCE)
    await user.should_see("Nora Quill lets Ben Quill:")
    await user.should_see("Ben Quill lets Nora Quill:")
    await user.should_see("May bill their payments to Nora Quill's account (saved cards)")
    assert user.find(marker="relationship-relation-choice").elements.pop().props["label"] == "Ben Quill is Nora's …"
    set_value(user, "relationship-relation-choice", "child")
    set_value(user, "gives-view_pay", True)
    set_value(user, "gives-manage", True)
    user.find(marker="relationship-save").click()
    await user.should_see("Related: Ben Quill is Nora's child.", retries=PATIENCE)
    await user.should_see(
        marker="relationship-gives",
        content="Nora Quill lets Ben Quill: View and Pay, Manage Bookings and Intake Forms",
        retries=PATIENCE,
    )
    await user.should_see(marker="relationship-receives", content="Ben Quill lets Nora Quill: nothing")
    await user.should_see(marker="relationship-relation", content="Child")
    [link] = user.find(marker="relationship-name").elements
    assert link.text == "Ben Quill" and link.props["href"] == f"/clients/{ben}"
    await user.open(f"/clients/{ben}")
    await user.should_see(marker="relationship-relation", content="Parent", retries=PATIENCE)
    await user.should_see(marker="relationship-gives", content="Ben Quill lets Nora Quill: nothing")
    await user.should_see(
        marker="relationship-receives",
        content="Nora Quill lets Ben Quill: View and Pay, Manage Bookings and Intake Forms",
    )


async def test_edit_a_relationship_with_the_blue_pencil(user: User):
    await sign_in(user)
    nora, ben = await quills()
    await relate(_db().uow(), actor=DEMO_OWNER, person_id=nora, other_id=ben, relation="child", gives=["view_pay"])
    await user.open(f"/clients/{nora}")
    await user.should_see(marker=f"edit-relationship-{ben}", retries=PATIENCE)
    [pencil] = user.find(marker=f"edit-relationship-{ben}").elements
    assert pencil.props["aria-label"] == "Edit relationship with Ben Quill"
    user.find(marker=f"edit-relationship-{ben}").click()
    await user.should_see("Related client: Ben Quill", retries=PATIENCE)
    await user.should_not_see(marker="relationship-search")  # the related client is fixed
    assert value(user, "relationship-relation-choice") == "child"
    assert value(user, "gives-view_pay") is True and value(user, "receives-view_pay") is False
    set_value(user, "gives-view_pay", False)
    set_value(user, "gives-reminders", True)
    set_value(user, "receives-calendar", True)
    set_value(user, "receives-bill_to_me", True)
    user.find(marker="relationship-save").click()
    await user.should_see("Saved: Ben Quill is Nora's child.", retries=PATIENCE)
    await user.should_see(
        marker="relationship-gives",
        content="Nora Quill lets Ben Quill: Receive a copy of email notifications and reminders",
        retries=PATIENCE,
    )
    await user.should_see(
        marker="relationship-receives",
        content="Ben Quill lets Nora Quill: See appointments in calendar subscriptions, bill their payments to Ben "
        "Quill's account",
    )
    [view] = await relationships_of(_db().uow(read_only=True), actor=DEMO_OWNER, person_id=nora)
    assert view.gives == {"reminders"} and view.receives == {"calendar", "bill_to_me"}


async def test_remove_a_relationship_after_confirming(user: User):
    await sign_in(user)
    nora, ben = await quills()
    await relate(_db().uow(), actor=DEMO_OWNER, person_id=nora, other_id=ben, relation="child", gives=["manage"])
    await user.open(f"/clients/{ben}")
    await user.should_see(marker=f"remove-relationship-{nora}", retries=PATIENCE)
    user.find(marker=f"remove-relationship-{nora}").click()
    await user.should_see("Remove the relationship? All permissions both ways end.", retries=PATIENCE)
    user.find(marker="confirm-no").click()
    await user.should_not_see("Remove the relationship?", retries=PATIENCE)
    assert await relationships_of(_db().uow(read_only=True), actor=DEMO_OWNER, person_id=ben)
    user.find(marker=f"remove-relationship-{nora}").click()
    await user.should_see("Remove the relationship? All permissions both ways end.", retries=PATIENCE)
    user.find(marker="confirm-yes").click()
    await user.should_see("Removed: Nora Quill and Ben no longer share anything.", retries=PATIENCE)
    await user.should_see(marker="no-relationships", retries=PATIENCE)
    assert await relationships_of(_db().uow(read_only=True), actor=DEMO_OWNER, person_id=nora) == []


async def test_relating_a_client_to_themselves_or_twice_shows_why_at_the_field(user: User):
    await sign_in(user)
    nora, ben = await quills()
    await relate(_db().uow(), actor=DEMO_OWNER, person_id=nora, other_id=ben, relation="child")
    await user.open(f"/clients/{nora}")
    await user.should_see(marker="relationship", retries=PATIENCE)
    user.find(marker="add-relationship").click()
    await user.should_see(marker="relationship-search", retries=PATIENCE)
    user.find(marker="relationship-save").click()  # nobody chosen yet
    [search] = user.find(marker="relationship-search").elements
    await eventually(lambda: search.error == "Search for the related client and choose them.")
    user.find(marker="relationship-search").type("quill")
    await user.should_see("Nora Quill (this client)", retries=PATIENCE)
    await user.should_see("Ben Quill (already related)")
    user.find(marker=f"relationship-match-{nora}").click()
    set_value(user, "relationship-relation-choice", "spouse")
    user.find(marker="relationship-save").click()
    await eventually(lambda: search.error == "A client cannot be related to themselves: choose someone else.")
    user.find(marker=f"relationship-match-{ben}").click()
    user.find(marker="relationship-save").click()
    await eventually(lambda: search.error == "Ben Quill is already related: edit it with the pencil.")
    [view] = await relationships_of(_db().uow(read_only=True), actor=DEMO_OWNER, person_id=nora)
    assert view.relation == "child"  # nothing changed


async def test_setup_switches_for_related_profiles_and_calendar_subscriptions_are_saved(user: User):
    settings = await read_online_settings(_db().uow(read_only=True))  # the demo allows related profiles: off first
    await save_online_settings(_db().uow(), actor=DEMO_OWNER, settings=replace(settings, allow_related_profiles=False))
    await sign_in(user, path="/setup")
    await user.should_see("Booking, Cancelling & Relationships")
    await user.should_see("Clients can add family members when they create an account and in My Account > Family")
    assert value(user, "allow-related-profiles") is False and value(user, "calendar-details") is False
    set_value(user, "allow-related-profiles", True)
    set_value(user, "calendar-details", True)
    user.find(marker="save-online-settings").click()
    await user.should_see("Online booking settings saved.", retries=PATIENCE)
    saved = await read_online_settings(_db().uow(read_only=True))
    assert (saved.allow_related_profiles, saved.calendar_details) == (True, True)
    await user.open("/setup")
    await user.should_see(marker="add-classification", retries=PATIENCE)
    assert value(user, "allow-related-profiles") is True and value(user, "calendar-details") is True
    set_value(user, "calendar-details", False)
    user.find(marker="save-online-settings").click()
    for _ in range(PATIENCE):  # the first save's notification is still listed: wait for the database instead
        saved = await read_online_settings(_db().uow(read_only=True))
        if not saved.calendar_details:
            break
        await asyncio.sleep(0.1)
    assert (saved.allow_related_profiles, saved.calendar_details) == (True, False)

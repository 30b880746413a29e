"""Setup > Online Booking, and the Invite to Book card of a client's profile."""

from nicegui import APIRouter, app
from nicegui.testing import User

from domain.scheduling.online.settings import list_online_services, read_online_settings
from tests.ui.helpers import PATIENCE, _db, eventually, person_id, sign_in, staff_id


async def _online(name: str):
    [service] = [s for s in await list_online_services(_db().uow(read_only=True)) if s.name == name]
    return service


async def test_the_tab_shows_the_saved_defaults_and_the_bookings_page_link(user: User):
    await sign_in(user, path="/setup")
    await user.should_see("Online Booking")
    await user.should_not_see("Someone saved these settings in another browser")
    assert user.find(marker="confirm-mode").elements.pop().value == "manual"
    assert user.find(marker="min-notice").elements.pop().value == 120
    await user.should_see("2 hours before the start")
    assert user.find(marker="max-advance").elements.pop().value == "60"
    assert user.find(marker="cancel-window").elements.pop().value == "24"
    assert user.find(marker="hold-hours").elements.pop().value == ""  # held until its start time
    assert user.find(marker="confirmation-text").elements.pop().value.startswith("Thank you.")
    [link] = user.find(marker="bookings-page-link").elements
    assert link.text.endswith("/book") and link.props["href"] == link.text
    await user.should_see("Any practitioner")
    await user.should_see("in alphabetical order of their names")
    user.find(marker="copy-link").click()
    await user.should_see("Link copied.")


async def test_a_bad_value_shows_at_its_field_and_nothing_is_saved(user: User):
    await sign_in(user, path="/setup")
    user.find(marker="max-advance").clear().type("0")
    user.find(marker="hold-hours").type("soon")
    user.find(marker="confirmation-text").clear().type("Changed")
    user.find(marker="save-online-settings").click()
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)
    assert user.find(marker="max-advance").elements.pop().error == "How far ahead must be between 1 and 730."
    assert user.find(marker="hold-hours").elements.pop().error == "The hold must be a whole number."
    saved = await read_online_settings(_db().uow(read_only=True))
    assert saved.max_advance_days == 60 and saved.confirmation_text.startswith("Thank you.")


async def test_saved_settings_are_there_when_the_page_is_opened_again(user: User):
    await sign_in(user, path="/setup")
    user.find(marker="confirm-mode").elements.pop().value = "instant"
    user.find(marker="min-notice").elements.pop().value = 1440
    user.find(marker="max-advance").clear().type("90")
    user.find(marker="cancel-window").clear().type("48")
    user.find(marker="hold-hours").type("12")
    user.find(marker="confirmation-text").clear().type("See you soon.")
    user.find(marker="save-online-settings").click()
    await user.should_see("Online booking settings saved.", retries=PATIENCE)
    await user.open("/setup")
    await user.should_see(marker="add-classification", retries=PATIENCE)
    assert user.find(marker="confirm-mode").elements.pop().value == "instant"
    assert user.find(marker="min-notice").elements.pop().value == 1440
    assert user.find(marker="max-advance").elements.pop().value == "90"
    assert user.find(marker="cancel-window").elements.pop().value == "48"
    assert user.find(marker="hold-hours").elements.pop().value == "12"
    assert user.find(marker="confirmation-text").elements.pop().value == "See you soon."
    saved = await read_online_settings(_db().uow(read_only=True))
    assert (saved.confirm_mode, saved.min_notice_minutes, saved.hold_hours) == ("instant", 1440, 12)


async def test_offering_a_service_online_with_a_practitioner(user: User):
    await sign_in(user, path="/setup")
    family = await _online("Family session")
    assert not family.offered
    await user.should_see(marker=f"offer-state-{family.id}", content="Not offered online")
    priya = await staff_id("Dr. Priya Patel")
    user.find(marker=f"offer-{family.id}").elements.pop().value = [priya]
    await user.should_see("Family session: Offered online by Dr. Priya Patel.", retries=PATIENCE)
    assert (await _online("Family session")).practitioner_ids == (priya,)
    telehealth = await _online("Telehealth check-in")
    user.find(marker=f"offer-{telehealth.id}").elements.pop().value = []
    await user.should_see("Telehealth check-in: Not offered online.", retries=PATIENCE)
    assert not (await _online("Telehealth check-in")).offered


async def test_another_browsers_save_shows_without_reload(user: User, create_user):
    other = create_user()
    await sign_in(user, path="/setup")
    await sign_in(other, path="/setup")
    other.find(marker="max-advance").clear().type("30")
    other.find(marker="save-online-settings").click()
    await other.should_see("Online booking settings saved.", retries=PATIENCE)
    family = await _online("Family session")
    other.find(marker=f"offer-{family.id}").elements.pop().value = [await staff_id("Sam O'Connor")]
    await other.should_see("Family session: Offered online by Sam O'Connor.", retries=PATIENCE)
    await eventually(lambda: user.find(marker="max-advance").elements.pop().value == "30")
    await user.should_see(marker=f"offer-state-{family.id}", content="Offered online by Sam O'Connor", retries=PATIENCE)
    user.find(marker="cancel-window").clear().type("12")  # unsaved here when the other browser saves again
    other.find(marker="cancel-window").clear().type("6")
    other.find(marker="save-online-settings").click()
    await user.should_see("Someone saved these settings in another browser", retries=PATIENCE)
    assert user.find(marker="cancel-window").elements.pop().value == "12"
    user.find("Show saved settings").click()
    await eventually(lambda: user.find(marker="cancel-window").elements.pop().value == "6")


def _profile_page_with_the_invite_card() -> None:
    """The Bookings & Packages tab places the card; this draws it on a staff page of its own."""
    from ui.session import StaffContext, staff_page
    from ui.staff.profile.invite_to_book import invite_to_book_section

    router = APIRouter()

    @staff_page(router, "/test/invite/{person_id}", title="Invite to Book", capability="people.read")
    async def page(ctx: StaffContext, person_id: int) -> None:
        invite_to_book_section(ctx, person_id)

    app.include_router(router)


async def test_invite_a_client_to_book_then_withdraw_it(user: User):
    _profile_page_with_the_invite_card()
    await sign_in(user, path="/people")
    chloe = await person_id("Chloe Brown")
    await user.open(f"/test/invite/{chloe}")
    await user.should_see(marker="booking-invite-state", content="No open invitation to book.", retries=PATIENCE)
    user.find(marker="invite-to-book-send").click()
    await user.should_see("Invitation to book sent to chloe.brown@example.com.", retries=PATIENCE)
    await user.should_see(marker="booking-invite-state", content="the link works until", retries=PATIENCE)
    await user.should_see("Send a new invitation to book")
    user.find(marker="invite-to-book-withdraw").click()
    await user.should_see("Invitation to book withdrawn: its link no longer works.", retries=PATIENCE)
    await user.should_see(marker="booking-invite-state", content="No open invitation to book.", retries=PATIENCE)

"""Switch Profile and shared profiles in the Client Portal with the simulated user (issue 19): the demo's Mary Smith
(Steven and Susan are her sub-records) switches to Susan, completes Susan's pending form and books for Susan; Liam
Nguyen (Portal booking on behalf) books a joint session for "Liam Nguyen & Grace Lee"; Grace (without it) is not
offered the choice."""

import sqlite3

import pytest
from nicegui.testing import User
from sqlalchemy import select

from domain.demo_families import DEMO_FAMILY_LOGIN
from storage.online_booking import BookingRequestRow
from storage.scheduling import AppointmentRow
from tests.ui.helpers import PATIENCE, _db, person_id, portal_sign_in, profile_id, shown
from tests.ui.test_bookings_page import choose, pick_day_and_time

COUPLE = "Liam Nguyen & Grace Lee"


@pytest.fixture(autouse=True)
def couple_logins(app_env, tmp_path):
    """Liam and Grace sign in to the portal too (with the demo's portal password), before the app opens."""
    with sqlite3.connect(tmp_path / "data" / "hearth.db") as connection:
        for email, first in (("liam.nguyen@example.com", "Liam"), ("grace.lee@example.com", "Grace")):
            connection.execute(
                "INSERT INTO portal_logins (email, password_hash, primary_person_id, created_at) "
                "SELECT ?, password_hash, (SELECT id FROM persons WHERE first_name = ?), created_at "
                "FROM portal_logins WHERE email = ?",
                (email, first, DEMO_FAMILY_LOGIN[0]),
            )


async def mary_signs_in(user: User) -> None:
    await portal_sign_in(user, *DEMO_FAMILY_LOGIN)
    await user.should_see(marker="profile-name", content="Mary Smith")


async def switch_to(user: User, name: str) -> None:
    user.find(marker="switch-profile").click()  # the profile menu's item
    await user.should_see(marker="page-heading", content="Switch Profile", retries=PATIENCE)
    await user.should_see(marker="current-marker")
    user.find(marker=f"profile-{await person_id(name)}").click()
    await user.should_see(marker="portal-greeting", content=f"{name}'s profile", retries=PATIENCE)


async def test_mary_switches_to_susan_and_sees_whose_profile_it_is_on_every_page(user: User):
    await mary_signs_in(user)
    await user.should_see("Hello Mary")
    await user.should_not_see(marker="viewing")
    await switch_to(user, "Susan Smith")
    await user.should_see("You are now viewing Susan Smith's profile.")
    await user.should_see(marker="profile-name", content="Susan Smith")
    await user.should_see(marker="viewing-profile", content="Viewing Susan Smith's profile")
    for page in ("/portal/documents", "/portal/tasks", "/portal/invoices"):
        await user.open(page)
        await user.should_see(marker="viewing-profile", content="Viewing Susan Smith's profile")
    await user.open("/portal/switch")
    await user.should_see("Mary Smith")
    await user.should_see("Steven Smith")
    await user.should_see(marker="current-marker")


async def test_mary_completes_susans_pending_form_and_books_for_susan(user: User):
    await mary_signs_in(user)
    await switch_to(user, "Susan Smith")
    await user.should_see(marker="open-form", retries=PATIENCE)
    user.find(marker="open-form").click()
    await user.should_see("Send", retries=PATIENCE)
    user.find(marker="q-reason").type("Speech practice")
    user.find(marker="q-consent").click()
    user.find("Send").click()
    await user.should_see("Thank you! Your answers were sent.", retries=PATIENCE)
    await user.should_see("Nothing to fill in right now.", retries=PATIENCE)

    await user.open("/portal/book")
    await user.should_see(marker="booking-for", content="Booking for Susan Smith")
    assert not shown(user, "who-for")  # Susan is in no shared profile
    await choose(user)
    await pick_day_and_time(user)
    user.find(marker="request-booking").click()
    await user.should_see("Booking requested", retries=PATIENCE)
    susan = await person_id("Susan Smith")
    async with _db().uow(read_only=True) as uow:
        requests = (await uow.session.execute(select(BookingRequestRow))).scalars().all()
    assert any(r.for_person_id == susan and r.source == "portal" for r in requests)

    # Booking for several, one after another (issue 20): the confirmation offers the login's other records.
    await user.should_see(marker="book-for-others")
    user.find(marker=f"book-for-{await person_id('Steven Smith')}").click()
    await user.should_see("You are now viewing Steven Smith's profile.", retries=PATIENCE)
    await user.should_see(marker="booking-for", content="Booking for Steven Smith", retries=PATIENCE)


async def test_the_family_s_documents_say_whose_they_are(user: User):
    await mary_signs_in(user)
    await user.open("/portal/documents")
    await user.should_see("Speech practice.pdf", retries=PATIENCE)
    await user.should_see("For Steven Smith", retries=PATIENCE)


async def test_a_member_with_portal_booking_books_a_joint_session(user: User):
    await portal_sign_in(user, "liam.nguyen@example.com", DEMO_FAMILY_LOGIN[1])
    await user.should_not_see(marker="switch-profile")  # one record under this login: nothing to switch
    await user.open("/portal/book")
    await user.should_see("Who is this for?")
    couple = await profile_id(COUPLE)
    user.find(marker="who-for-choice").elements.pop().value = couple
    await user.should_see(marker="booking-for", content=f"Booking for {COUPLE} (a joint appointment)")
    await choose(user)
    await pick_day_and_time(user)
    user.find(marker="request-booking").click()
    await user.should_see("Booking requested", retries=PATIENCE)
    async with _db().uow(read_only=True) as uow:
        joint = (
            (await uow.session.execute(select(AppointmentRow).where(AppointmentRow.profile_id == couple)))
            .scalars()
            .all()
        )
    assert [a.status for a in joint if a.status == "requested"] == ["requested"]
    await user.open("/portal")
    await user.should_see(f"For {COUPLE}", retries=PATIENCE)
    await user.should_see("Withdraw request")


async def test_a_member_without_portal_booking_is_not_offered_the_shared_profile(user: User):
    await portal_sign_in(user, "grace.lee@example.com", DEMO_FAMILY_LOGIN[1])
    await user.open("/portal/book")
    await user.should_see(marker="booking-for", content="Booking for Grace Lee")
    await user.should_not_see("Who is this for?")
    await user.should_not_see(COUPLE)

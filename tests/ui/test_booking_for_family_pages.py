"""Booking for a family member with the simulated user (issue 19, items 2 and 4): the Bookings Page's "I'm booking for
a family member" and its fields; a request card with "Possible family: …" and Link to …'s family; Invite to Book for
a family record greets "Booking for Lily"."""

import re
from datetime import UTC, datetime

from nicegui.testing import User

from domain.clients.details import ClientInput
from domain.households.family import add_family_record
from domain.messaging.outbox import list_outbox
from domain.scheduling.online.handling import list_requests
from domain.scheduling.online.invites import send_booking_invite
from domain.scheduling.online.requests import Visit, request_booking
from domain.scheduling.online.settings import list_online_services
from domain.scheduling.online.slots import day_times
from tests.ui.helpers import DEMO_OWNER, PATIENCE, _db, next_week, person_id, shown, sign_in
from tests.ui.test_bookings_page import VERA, choose, fill, open_bookings, pick_day_and_time
from tests.ui.test_requests_pages import in_card

FAMILY = "Isla Thompson"  # a demo client with a record of her own: a primary record


async def requests_for(name: str):
    return [r for r in await list_requests(_db().uow(), actor=DEMO_OWNER) if r.person_name == name]


async def test_the_checkbox_shows_the_family_members_fields_and_the_request_is_theirs(user: User):
    await open_bookings(user)
    await choose(user)
    await pick_day_and_time(user)
    await user.should_see("I'm booking for a family member")
    await user.should_not_see(marker="family_first_name")  # shown only once ticked
    user.find(marker="for_family").click()
    await user.should_see("Family member's first name *")
    fill(user, VERA | {"family_first_name": "Tom", "family_last_name": "Visitor"})
    user.find(marker="request-booking").click()
    await user.should_see(marker="confirmation", retries=PATIENCE)
    await user.should_see("We will email vera@example.com")
    [request] = await requests_for("Tom Visitor")
    assert (request.booker_name, request.email, request.for_family) == ("Vera Visitor", "vera@example.com", True)


async def test_missing_family_member_names_are_marked_at_their_fields_and_nothing_typed_is_lost(user: User):
    await open_bookings(user)
    await choose(user)
    await pick_day_and_time(user)
    user.find(marker="for_family").click()
    fill(user, VERA | {"family_first_name": "Tom", "notes": "For my son"})
    user.find(marker="request-booking").click()
    await user.should_see("Please correct the fields marked in red.", retries=PATIENCE)
    assert user.find(marker="family_last_name").elements.pop().error == "The family member's last name is required."
    assert not user.find(marker="family_first_name").elements.pop().error
    assert user.find(marker="family_first_name").elements.pop().value == "Tom"
    assert user.find(marker="email").elements.pop().value == "vera@example.com"
    assert user.find(marker="notes").elements.pop().value == "For my son"
    fill(user, {"family_last_name": "Visitor"})
    user.find(marker="request-booking").click()
    await user.should_see(marker="confirmation", retries=PATIENCE)
    assert len(await requests_for("Tom Visitor")) == 1


async def test_a_request_card_shows_the_possible_family_and_staff_link_it(user: User):
    [service] = [s for s in await list_online_services(_db().uow()) if s.name == "Initial consultation"]
    free = await day_times(
        _db().uow(), service_id=service.id, practitioner_id=None, day=next_week(3), now=datetime.now(UTC)
    )
    first, last = FAMILY.split()
    visit = Visit(
        service.id,
        None,
        free[0].start,
        "Rita",
        "Rival",
        "rita@example.com",
        for_family=True,
        family_first_name=first,
        family_last_name=last,
    )
    await request_booking(_db().uow(), visit=visit, ip=None)
    isla = await person_id(FAMILY)
    await sign_in(user, path="/requests")
    await user.should_see(marker="request-family", retries=PATIENCE)
    await user.should_see(f"Possible family: {FAMILY} (primary record, client, same family member name")
    await user.should_see("booked by")
    assert shown(user, "request-family-link") == 1 and shown(user, "request-keep-apart") == 1
    in_card(user, FAMILY, "request-confirm").click()
    await user.should_see("First choose the possible family", retries=PATIENCE)
    in_card(user, FAMILY, "request-family-link").click()
    await user.should_see(f"Request linked to {FAMILY}'s family", retries=PATIENCE)
    [request] = [r for r in await list_requests(_db().uow(), actor=DEMO_OWNER) if r.email == "rita@example.com"]
    assert request.person_id == isla and not request.needs_family


async def test_invite_to_book_for_a_family_record_greets_it_and_books_for_it(user: User):
    grace = await person_id("Grace Lee")
    lily = await add_family_record(
        _db().uow(), actor=DEMO_OWNER, primary_id=grace, data=ClientInput("Lily", "Lee", time_zone="Australia/Sydney")
    )
    await send_booking_invite(_db().uow(), actor=DEMO_OWNER, person_id=lily, public_url="http://hearth.test")
    mails = await list_outbox(_db().uow(read_only=True), actor=DEMO_OWNER, time_zone="Australia/Sydney")
    [mail] = [m for m in mails if "invites you to book for Lily Lee" in m.subject]
    token = re.search(r"/book/invite/(\S+)", mail.body).group(1)
    await open_bookings(user, f"/book/invite/{token}")
    await user.should_see("Booking for Lily")
    await choose(user)
    await pick_day_and_time(user)
    user.find(marker="request-booking").click()
    await user.should_see(marker="confirmation", retries=PATIENCE)
    [request] = await requests_for("Lily Lee")
    assert (request.person_id, request.booker_person_id, request.source) == (lily, grace, "invite")

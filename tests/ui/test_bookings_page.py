"""The public Bookings Page (issue 16): a visitor picks a service, a practitioner or "Any practitioner", a day and a
free time, fills in Contact Information and reads what happens next; Invite to Book skips the contact step.

Times depend on today's date: the tests pick the first day and time the page offers, never a fixed date."""

import re
from datetime import UTC, date, datetime, time

from nicegui.testing import User

from domain.messaging.outbox import list_outbox
from domain.scheduling.online.handling import list_requests
from domain.scheduling.online.invites import send_booking_invite
from domain.scheduling.online.requests import Visit, request_booking
from domain.scheduling.online.settings import list_online_services, set_online_offer
from domain.scheduling.online.slots import day_times
from tests.ui.helpers import DEMO_OWNER, PATIENCE, SYDNEY, _db, eventually, next_week, person_id, shown, staff_id

VERA = {"first_name": "Vera", "last_name": "Visitor", "email": "vera@example.com", "phone": "0412 000 111"}


async def open_bookings(user: User, path: str = "/book", zone: str = "Australia/Sydney") -> None:
    """Opens the page in a browser whose time zone is `zone`."""
    user.javascript_rules[re.compile(r".*resolvedOptions\(\)\.timeZone")] = lambda _: zone
    await user.open(path)


def markers(user: User, marker: str, family: str) -> list[str]:
    """The `family-…` markers of the elements marked `marker`, in order ('day-2031-03-04', 'time-10:00')."""
    elements = [e for e in user.current_layout.descendants() if marker in e._markers]
    return sorted({m for e in elements for m in e._markers if m.startswith(family)})


async def choose(user: User, service: str = "initial-consultation", practitioner: str = "any-practitioner") -> None:
    await user.should_see(marker=f"service-{service}")
    user.find(marker=f"service-{service}").click()
    await user.should_see(marker=practitioner)
    user.find(marker=practitioner).click()
    await user.should_see(marker="chosen-day", retries=PATIENCE)  # the first day with free times, chosen
    await eventually(lambda: not shown(user, "searching"))


async def pick_day_and_time(user: User, *, at_least: int = 1) -> tuple[str, str]:
    """Clicks the first offered day with `at_least` free times, then its first time; returns both markers."""
    for day in markers(user, "free-day", "day-"):
        user.find(marker=day).click()
        await user.should_see(marker=f"chosen-day {day}", retries=PATIENCE)
        await eventually(lambda: not shown(user, "searching"))
        times = markers(user, "time", "time-")
        if len(times) >= at_least:
            user.find(marker=times[0]).click()
            await user.should_see(marker="chosen-start", retries=PATIENCE)  # the contact step's summary
            return day, times[0]
    raise AssertionError("no day with enough free times this week")


def chosen_start(day: str, clock: str) -> datetime:
    return datetime.combine(date.fromisoformat(day.removeprefix("day-")), time.fromisoformat(clock[5:]), SYDNEY)


def fill(user: User, values: dict[str, str]) -> None:
    for marker, value in values.items():
        user.find(marker=marker).clear().type(value)


async def requests_by(email: str):
    return [r for r in await list_requests(_db().uow(), actor=DEMO_OWNER) if r.email == email]


async def test_visitor_requests_a_time_with_any_practitioner_and_reads_what_happens_next(user: User):
    await open_bookings(user)
    await user.should_see("Book an appointment")
    await user.should_see("Choose a service")
    await user.should_see("Telehealth check-in")
    await choose(user)
    await user.should_see("Times are in Sydney time.")
    day, clock = await pick_day_and_time(user)
    await user.should_see("Contact Information")
    await user.should_see(marker="chosen-practitioner", content="Any practitioner")
    fill(user, VERA | {"notes": "First visit"})
    user.find(marker="request-booking").click()
    await user.should_see(marker="confirmation", retries=PATIENCE)
    await user.should_see("Booking requested")
    await user.should_see("We have received your request and will confirm it by email.")
    await user.should_see("We will email vera@example.com")
    [request] = await requests_by("vera@example.com")
    assert request.starts_at == chosen_start(day, clock)
    assert (request.person_name, request.person_status) == ("Vera Visitor", "prospective")
    assert request.any_practitioner
    assert request.notes == "First visit" and request.service_name == "Initial consultation"


async def test_bad_contact_details_are_marked_at_their_fields_and_kept(user: User):
    await open_bookings(user)
    await choose(user)
    await pick_day_and_time(user)
    fill(user, {"email": "not-an-email", "phone": "0412 000 111", "notes": "Please call first"})
    user.find(marker="request-booking").click()
    await user.should_see("Please correct the fields marked in red.", retries=PATIENCE)
    assert user.find(marker="first_name").elements.pop().error
    assert user.find(marker="last_name").elements.pop().error
    assert user.find(marker="email").elements.pop().error
    assert user.find(marker="email").elements.pop().value == "not-an-email"
    assert user.find(marker="notes").elements.pop().value == "Please call first"
    # Changing the service on the way keeps what was typed.
    user.find(marker="change-service").click()
    await choose(user, service="follow-up-session")
    await pick_day_and_time(user)
    assert user.find(marker="email").elements.pop().value == "not-an-email"
    await user.should_see(marker="chosen-service", content="Follow-up session")
    fill(user, VERA)
    user.find(marker="request-booking").click()
    await user.should_see(marker="confirmation", retries=PATIENCE)
    [request] = await requests_by("vera@example.com")
    assert request.service_name == "Follow-up session" and request.notes == "Please call first"


async def test_a_filled_honeypot_shows_the_confirmation_but_books_nothing(user: User):
    await open_bookings(user)
    await choose(user)
    await pick_day_and_time(user)
    fill(user, VERA | {"website": "http://spam.example"})
    user.find(marker="request-booking").click()
    await user.should_see(marker="confirmation", retries=PATIENCE)
    await user.should_see("We have received your request")
    await user.should_see(marker="confirmed-service", content="Initial consultation")
    assert await requests_by("vera@example.com") == []


async def test_a_time_taken_meanwhile_offers_the_nearest_free_times(user: User):
    await open_bookings(user)
    await choose(user, practitioner="practitioner-sam-o-connor")
    # A day with eight free times or more: taking the first (a 60-minute service) leaves later ones that do not
    # overlap it, whatever the time of day the test runs at (late in the day, today has only two, overlapping).
    day, clock = await pick_day_and_time(user, at_least=8)
    await user.should_see(marker="chosen-practitioner", content="Sam O'Connor")
    # Another visitor takes that time first.
    [service] = [s for s in await list_online_services(_db().uow()) if s.name == "Initial consultation"]
    sam = await staff_id("Sam O'Connor")
    rival = Visit(service.id, sam, chosen_start(day, clock), "Rita", "Rival", "rita@example.com")
    await request_booking(_db().uow(), visit=rival, ip=None)
    fill(user, VERA)
    user.find(marker="request-booking").click()
    await user.should_see("was just taken", retries=PATIENCE)
    assert shown(user, "nearest-time") >= 1
    assert user.find(marker="email").elements.pop().value == "vera@example.com"  # nothing typed is lost
    user.find(marker=markers(user, "nearest-time", "nearest-")[0]).click()
    await user.should_see("Time changed to", retries=PATIENCE)
    user.find(marker="request-booking").click()
    await user.should_see(marker="confirmation", retries=PATIENCE)
    [request] = await requests_by("vera@example.com")
    assert request.starts_at != chosen_start(day, clock) and request.practitioner_name == "Sam O'Connor"


async def test_invite_to_book_skips_contact_and_links_the_request_to_the_client(user: User):
    mary = await person_id("Mary Smith")
    await send_booking_invite(_db().uow(), actor=DEMO_OWNER, person_id=mary, public_url="http://hearth.test")
    mails = await list_outbox(_db().uow(read_only=True), actor=DEMO_OWNER, time_zone="Australia/Sydney")
    [token] = [m.group(1) for mail in mails if (m := re.search(r"/book/invite/(\S+)", mail.body))]
    await open_bookings(user, f"/book/invite/{token}")
    await user.should_see("Booking for Mary")
    await choose(user)
    await pick_day_and_time(user)
    await user.should_see("Check and send")
    assert shown(user, "first_name") == 0 and shown(user, "email") == 0
    user.find(marker="request-booking").click()
    await user.should_see(marker="confirmation", retries=PATIENCE)
    await user.should_see("We will email mary")
    [request] = [r for r in await list_requests(_db().uow(), actor=DEMO_OWNER) if r.person_id == mary]
    assert request.source == "invite"
    await open_bookings(user, f"/book/invite/{token}")  # the link works once
    await user.should_see("This booking link was already used")


async def test_a_bad_invite_link_is_a_dead_end_that_still_offers_the_bookings_page(user: User):
    await open_bookings(user, "/book/invite/not-a-real-token")
    await user.should_see("This booking link cannot be used")
    await user.should_see("This booking link is not valid.")
    await user.should_see(marker="bookings-page-link")


async def test_a_visitor_elsewhere_sees_their_own_time_beside_the_clinics(user: User):
    await open_bookings(user, zone="Europe/London")
    await choose(user)
    await user.should_see("Your own time (London) is shown under each time", retries=PATIENCE)
    await user.should_see("your time", retries=PATIENCE)


async def test_without_services_online_the_page_says_to_call(user: User):
    for service in await list_online_services(_db().uow()):
        await set_online_offer(_db().uow(), actor=DEMO_OWNER, service_id=service.id, practitioner_ids=[])
    await open_bookings(user)
    await user.should_see("Online booking is not available at the moment. Please call the clinic.")
    await user.should_see("Demo Clinic")


async def test_the_week_strip_moves_a_week_at_a_time_and_days_without_times_are_disabled(user: User):
    await open_bookings(user)
    await choose(user)
    week = markers(user, "day", "day-")
    assert len(week) == 7
    closed = [d for d in week if d not in markers(user, "free-day", "day-")]
    assert closed and not any(user.find(marker=d).elements.pop().enabled for d in closed)  # a weekend at least
    user.find(marker="later").click()
    await eventually(lambda: markers(user, "day", "day-")[0] > week[-1] and not shown(user, "searching"))
    assert user.find(marker="earlier").elements.pop().enabled


async def test_too_many_requests_from_one_email_are_refused_with_the_form_kept(user: User):
    [service] = [s for s in await list_online_services(_db().uow()) if s.name == "Initial consultation"]
    for _ in range(3):  # the limit per email and day, at the last free times of a day next week
        free = await day_times(
            _db().uow(), service_id=service.id, practitioner_id=None, day=next_week(2), now=datetime.now(UTC)
        )
        await request_booking(_db().uow(), visit=Visit(service.id, None, free[-1].start, **VERA), ip=None)
    await open_bookings(user)
    await choose(user)
    await pick_day_and_time(user)
    fill(user, VERA)
    user.find(marker="request-booking").click()
    await user.should_see("This email address has reached today's limit of booking requests", retries=PATIENCE)
    assert user.find(marker="first_name").elements.pop().value == "Vera"
    assert len(await requests_by("vera@example.com")) == 3

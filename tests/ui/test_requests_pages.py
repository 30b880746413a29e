"""Staff handle booking requests with the simulated user: the Requests list and its count in the menu, Confirm,
Decline with a reason, a possible match, a client's Bookings & Packages tab, and the calendar's panel.

The demo has two requests waiting next week with Sam O'Connor: Noah Williams (new) and Liam Nguyen (his email is
the existing client Liam Nguyen's: a possible match)."""

from datetime import datetime, timedelta

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from tests.ui.helpers import DEMO_OWNER, PATIENCE, _db, appointments, eventually, open_week, person_id, sign_in

NOAH, LIAM = "Noah Williams", "Liam Nguyen"


def cards(user: User) -> list[ui.element]:
    return list(user.find(marker="request-card").elements) if shown_marker(user, "request-card") else []


def shown_marker(user: User, marker: str) -> bool:
    return any(marker in e._markers for e in user.current_layout.descendants())


def names(user: User) -> list[str]:
    """Whom the requests shown are for, card by card."""
    return [e.text for c in cards(user) for e in c.descendants() if "request-person" in e._markers]


def card_of(user: User, name: str) -> ui.element:
    """The request card for `name` (by the link to their record)."""
    [card] = [c for c in cards(user) if any(getattr(e, "text", None) == name for e in c.descendants())]
    return card


def in_card(user: User, name: str, marker: str) -> UserInteraction:
    [element] = [e for e in card_of(user, name).descendants() if marker in e._markers]
    return UserInteraction(user, {element}, None)


async def emails_to(address: str) -> list:
    from domain.messaging.outbox import list_outbox

    return [
        m
        for m in await list_outbox(_db().uow(read_only=True), actor=DEMO_OWNER, time_zone="Australia/Sydney")
        if m.to == address
    ]


async def open_requests(user: User) -> None:
    await sign_in(user, path="/requests")
    await user.should_see(marker="request-card", retries=PATIENCE)


async def test_the_list_shows_both_requests_with_the_count_in_the_menu(user: User):
    await open_requests(user)
    assert sorted(names(user)) == [LIAM, NOAH]
    await user.should_see(marker="requests-count", content="2", retries=PATIENCE)
    await user.should_see("2 requests waiting, soonest first")
    noah = card_of(user, NOAH)
    assert any("prospect-badge" in e._markers for e in noah.descendants())  # a new visitor is a prospect
    assert any(getattr(e, "text", "") == "Referred by my GP." for e in noah.descendants())
    await user.should_see("noah.williams@example.com")
    await user.should_see("(any practitioner was asked for)")


async def test_confirm_books_it_emails_the_client_and_the_count_drops(user: User):
    await open_requests(user)
    await user.should_see(marker="requests-count", content="2", retries=PATIENCE)
    in_card(user, NOAH, "request-confirm").click()
    await user.should_see("Noah was emailed.", retries=PATIENCE)
    await eventually(lambda: names(user) == [LIAM])  # only Liam waits
    await user.should_see(marker="requests-count", content="1", retries=PATIENCE)
    [email] = await emails_to("noah.williams@example.com")
    assert "your booking is confirmed" in email.subject and "Initial consultation with Sam O'Connor" in email.body
    user.find(marker="request-filter").elements.pop().value = "confirmed"
    await eventually(lambda: names(user) == [NOAH])
    await user.should_see(marker="request-state", content="Confirmed")


async def test_decline_needs_a_reason_which_is_emailed(user: User):
    await open_requests(user)
    in_card(user, NOAH, "request-decline").click()
    await user.should_see(marker="decline-reason", retries=PATIENCE)
    await user.should_see("The reason is emailed to Noah (noah.williams@example.com)")
    user.find(marker="decline-send").click()
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)
    assert user.find(marker="decline-reason").elements.pop().error.startswith("Give a reason")
    assert await emails_to("noah.williams@example.com") == []  # nothing declined without a reason
    user.find(marker="decline-reason").type("Fully booked that day")
    user.find(marker="decline-send").click()
    await user.should_see("Declined. Noah was emailed the reason.", retries=PATIENCE)
    await eventually(lambda: names(user) == [LIAM])
    [email] = await emails_to("noah.williams@example.com")
    assert "Reason: Fully booked that day" in email.body
    user.find(marker="request-filter").elements.pop().value = "declined"
    await user.should_see("declined: Fully booked that day", retries=PATIENCE)


async def test_a_possible_match_is_linked_before_it_can_be_confirmed(user: User):
    existing = await person_id(LIAM)  # the client, not the prospect the request made
    await open_requests(user)
    await user.should_see(f"Possible match: {LIAM} (client, same email and name, liam.nguyen@example.com)")
    in_card(user, LIAM, "request-confirm").click()
    await user.should_see("First choose whether this is an existing client", retries=PATIENCE)
    assert await emails_to("liam.nguyen@example.com") == []
    in_card(user, LIAM, "request-link").click()
    await user.should_see(f"Request linked to {LIAM}.", retries=PATIENCE)
    await eventually(lambda: not any("request-match" in e._markers for e in card_of(user, LIAM).descendants()))
    [link] = [e for e in card_of(user, LIAM).descendants() if "request-person" in e._markers]
    assert link.props["href"] == f"/clients/{existing}"  # the existing client now, no prospect badge
    assert not any("prospect-badge" in e._markers for e in card_of(user, LIAM).descendants())
    in_card(user, LIAM, "request-confirm").click()
    await user.should_see("Liam was emailed.", retries=PATIENCE)


async def test_keep_as_new_keeps_the_prospect_and_allows_confirming(user: User):
    await open_requests(user)
    in_card(user, LIAM, "request-keep-new").click()
    await user.should_see(f"Request kept {LIAM} as a new record.", retries=PATIENCE)
    await eventually(lambda: not any("request-match" in e._markers for e in card_of(user, LIAM).descendants()))
    assert any("prospect-badge" in e._markers for e in card_of(user, LIAM).descendants())
    in_card(user, LIAM, "request-review").click()  # Review & Add the prospect (seed 003)
    await user.should_see("What they submitted", retries=PATIENCE)


async def test_the_clients_bookings_and_packages_tab_shows_the_pending_request(user: User):
    liam = await person_id(LIAM)
    await open_requests(user)
    in_card(user, LIAM, "request-link").click()
    await user.should_see(f"Request linked to {LIAM}.", retries=PATIENCE)
    await user.open(f"/clients/{liam}")
    await user.should_see(marker="tab-bookings-&-packages", retries=PATIENCE)
    user.find(marker="tab-bookings-&-packages").click()
    await user.should_see(marker="booking-requests", retries=PATIENCE)
    await user.should_see(marker="request-confirm", retries=PATIENCE)
    await user.should_see(marker="booking-packs")
    await user.should_see(marker="invite-to-book", retries=PATIENCE)
    upcoming = lambda: sum("upcoming-booking" in e._markers for e in user.current_layout.descendants())
    before = upcoming()
    user.find(marker="request-confirm").click()
    await user.should_see("Liam was emailed.", retries=PATIENCE)
    await user.should_see("No booking requests waiting for this client.", retries=PATIENCE)
    await eventually(lambda: upcoming() == before + 1)  # now an upcoming booking


async def test_the_calendar_shows_a_request_apart_and_its_panel_confirms_it(user: User):
    calendar = await open_week(user)
    requested = [e for e in appointments(calendar) if e["title"].startswith("Requested: ")]
    assert {e["title"] for e in requested} == {
        f"Requested: {NOAH} · Initial consultation",
        f"Requested: {LIAM} · Follow-up session",
    }
    noah = next(e for e in requested if NOAH in e["title"])
    assert "hearth-requested" in noah["classNames"] and noah["editable"] is False
    later = lambda wall: (datetime.fromisoformat(wall) + timedelta(hours=2)).isoformat()
    user.find(marker="calendar").trigger(  # a drag the browser let through anyway: refused, and snapped back
        "change",
        {
            "token": 1,
            "kind": "move",
            "id": noah["id"],
            "version": noah["extendedProps"]["version"],
            "start": later(noah["start"]),
            "end": later(noah["end"]),
            "resourceId": None,
        },
    )
    await user.should_see("This is a booking request, not an appointment yet", retries=PATIENCE)
    user.find(marker="calendar").trigger("open", {"id": noah["id"]})
    await user.should_see(marker="request-confirm", retries=PATIENCE)
    await user.should_see(marker="appointment-status", content="Requested")
    await user.should_see(marker="open-requests")
    assert not shown_marker(user, "status") and not shown_marker(user, "reschedule")  # no status or moves
    user.find(marker="request-confirm").click()
    await user.should_see("Noah was emailed.", retries=PATIENCE)
    await user.should_see(marker="appointment-status", content="Booked", retries=PATIENCE)
    await eventually(
        lambda: any(e["title"] == f"{NOAH} · Initial consultation" for e in appointments(calendar))
    )  # drawn as a booking now

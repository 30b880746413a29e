"""My Account > Calendar subscription with the simulated user (seed 002): Chloe Brown gets her private calendar
address (shown once), her calendar app fetches it, she regenerates it after confirming, and the old address is not
found any more while the new one works."""

import httpx
from nicegui import app, ui
from nicegui.testing import User

from tests.ui.helpers import PATIENCE, portal_sign_in
from ui.portal.frame import CALENDAR


async def fetch(url: str) -> httpx.Response:
    """What a calendar app does: a plain GET of the address, without the portal's cookie."""
    path = url.split("://", 1)[1].split("/", 1)[1]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hearth.test") as client:
        return await client.get(f"/{path}")


def shown_address(user: User) -> str:
    [field] = user.find(marker="calendar-url").elements
    assert isinstance(field, ui.input)
    return str(field.value)


async def test_chloe_gets_her_calendar_address_once_and_regenerates_it(user: User):
    await portal_sign_in(user)
    user.find(marker="menu-calendar").click()  # the profile menu's item
    await user.should_see(marker="page-heading", content="Calendar subscription", retries=PATIENCE)
    await user.should_see("Subscribe in Google Calendar, Outlook or Apple Calendar")
    await user.should_see(marker="calendar-person-name", content="Chloe Brown", retries=PATIENCE)
    await user.should_see(marker="calendar-privacy", content="not the service or practitioner")
    await user.should_not_see(marker="calendar-regenerate")

    user.find(marker="calendar-get").click()
    await user.should_see(marker="calendar-shown-once", retries=PATIENCE)
    await user.should_see("For your privacy we show this address only now")
    await user.should_see(marker="calendar-copy")
    first = shown_address(user)
    assert "/calendar/" in first and first.endswith(".ics")
    [webcal] = user.find(marker="calendar-webcal").elements
    assert webcal.props["href"].startswith("webcal://")
    answer = await fetch(first)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    assert answer.headers["cache-control"] == "private, no-store"
    assert answer.text.startswith("BEGIN:VCALENDAR")

    user.find(marker="calendar-regenerate").click()
    await user.should_see(marker="confirm-question", content="stops working at once", retries=PATIENCE)
    user.find(marker="confirm-no").click()  # changed her mind: the address stays
    await user.should_not_see(marker="confirm-question", retries=PATIENCE)
    assert shown_address(user) == first
    user.find(marker="calendar-regenerate").click()
    await user.should_see(marker="confirm-question", retries=PATIENCE)
    user.find(marker="confirm-yes").click()
    await user.should_see("New calendar address made: the old one no longer works.", retries=PATIENCE)
    second = shown_address(user)
    assert second != first
    assert (await fetch(first)).status_code == 404
    assert (await fetch(second)).status_code == 200


async def test_an_address_made_earlier_is_not_shown_again(user: User):
    await portal_sign_in(user)
    await user.open(CALENDAR)
    await user.should_see(marker="calendar-get", retries=PATIENCE)
    user.find(marker="calendar-get").click()
    await user.should_see(marker="calendar-shown-once", retries=PATIENCE)
    await user.open(CALENDAR)  # another visit: only the digest is kept
    await user.should_see(marker="calendar-have-one", retries=PATIENCE)
    await user.should_not_see(marker="calendar-url")
    await user.should_see(marker="calendar-regenerate")

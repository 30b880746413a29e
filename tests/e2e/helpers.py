"""Steps the journeys share: signing in, finding a client by name, and driving the calendar in Chromium (go to a
day, find the pixel of a time in a column, drag)."""

import re
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from domain.demo import DEMO_LOGIN


def wait_for_mail(smtp, to: str, subject: str = "", seconds: float = 20):
    """The first email to `to` whose subject contains `subject`, once the app's sender has delivered it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in smtp.messages:
            if message["To"] == to and subject in message["Subject"]:
                return message
        time.sleep(0.2)
    raise AssertionError(f"no email to {to} about {subject!r}; got {[(m['To'], m['Subject']) for m in smtp.messages]}")


def live(page: Page) -> None:
    """Waits until the page's websocket is connected: clicks before that can be lost."""
    page.wait_for_function("() => window.socket && window.socket.connected")


def sign_in(page: Page, email: str = DEMO_LOGIN[0], password: str = DEMO_LOGIN[1], path: str = "/people") -> None:
    page.goto(path)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="User menu")).to_be_visible()
    live(page)


def open_client(page: Page, name: str) -> None:
    """People > search > the client's row: the way a user gets to a client (no row ids in the test)."""
    page.goto("/people")
    live(page)
    page.get_by_placeholder("Search by name, email or phone").fill(name)
    expect(page.get_by_text("1–1 of 1", exact=True)).to_be_visible()  # the search answered: only this client
    page.get_by_text(name, exact=True).click()  # a table row, or a card on a phone
    page.wait_for_url("**/clients/*")
    live(page)


POINT_OF = """([column, hhmm]) => {
  const [hh, mm] = hhmm.split(':').map(Number);
  const col = document.querySelectorAll('.ec-body .ec-day')[column].getBoundingClientRect();
  const x = col.left + col.width / 2;
  for (let y = Math.max(col.top, 0); y < Math.min(col.bottom, window.innerHeight); y += 1) {
    const info = window.hearthCalendar.dateFromPoint(x, y);
    if (info && info.date.getHours() * 60 + info.date.getMinutes() >= hh * 60 + mm) return [x, y + 2];
  }
  return null;
}"""
EVENTS = """() => window.hearthCalendar.getEvents().filter(e => e.display !== 'background').map(e => ({
  id: e.id, title: e.title, resource: String(e.resourceIds[0]),
  start: e.start.toTimeString().slice(0, 5), end: e.end.toTimeString().slice(0, 5)}))"""


DEMO_CLOSED = {(12, 25), (12, 26)}  # the demo clinic closes on Christmas and Boxing Day


def next_week_day(weekday: int, zone: str = "Australia/Sydney") -> date:
    today = datetime.now(ZoneInfo(zone)).date()
    return today - timedelta(days=today.weekday()) + timedelta(days=7 + weekday)


def open_days_next_week(count: int, *, first: int = 0) -> list[int]:
    """`count` weekdays of next week (from `first`, Monday = 0) on which the demo clinic is open: the week before
    Christmas the test books around the closed days instead of failing."""
    days = [w for w in range(first, 5) if (next_week_day(w).month, next_week_day(w).day) not in DEMO_CLOSED]
    return days[:count]


def open_day(page: Page, day: date, zone: str = "Australia/Sydney") -> None:
    """Day view, then the › button until `day` shows (once the page is live: earlier clicks can be lost)."""
    live(page)
    page.get_by_role("button", name="Day", exact=True).click()
    for _ in range((day - datetime.now(ZoneInfo(zone)).date()).days):
        page.locator("button.ec-next").click()
    page.wait_for_function("d => window.hearthCalendar.getView().currentStart.getDate() === d", arg=day.day)


def point(page: Page, column: int, hhmm: str) -> tuple[float, float]:
    found = page.evaluate(POINT_OF, [column, hhmm])
    if found is None:  # scrolled out of view: bring the time into view first
        page.locator(".ec-body").evaluate("(b) => b.scrollIntoView()")
        page.mouse.wheel(0, 200)
        found = page.evaluate(POINT_OF, [column, hhmm])
    assert found, f"{hhmm} is not visible in column {column}"
    return found[0], found[1]


def drag(page: Page, start: tuple[float, float], end: tuple[float, float]) -> None:
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] + 2, start[1] + 6, steps=3)
    page.mouse.move(*end, steps=12)
    page.mouse.up()


def resource_id(page: Page, name: str) -> str:
    """The calendar column (practitioner id) of the practitioner called `name`."""
    return page.evaluate("n => String(window.hearthCalendar.getOption('resources').find(r => r.title === n).id)", name)


def events(page: Page) -> list[dict]:
    return page.evaluate(EVENTS)


def event_box(page: Page, title_part: str, at: str | None = None):
    """The event whose title has `title_part` (and, with `at` such as "12:00", that starts then: not one that
    ends then, such as a demo appointment 11:00 – 12:00)."""
    boxes = page.locator(".ec-event", has_text=title_part)
    return (boxes.filter(has_text=re.compile(rf"^\s*{re.escape(at)}\b")) if at else boxes).first


def book_by_dragging(page: Page, weekday: int, start: str, end: str, search: str, pick: str, service: str) -> None:
    """Next week's `weekday`, Sam's column (the second): drag start→end, find the client, pick a service, Save."""
    open_day(page, next_week_day(weekday))
    drag(page, point(page, 1, start), point(page, 1, end))
    expect(page.get_by_text("New appointment")).to_be_visible()
    page.get_by_label("Client").fill(search)
    page.get_by_text(pick).click()
    page.get_by_label("Service", exact=True).click()
    page.get_by_role("option", name=service).click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Appointment booked.")).to_be_visible()
    page.get_by_text("Appointment booked.").wait_for(state="hidden")


# Asked after a new Client Portal account is made while the clinic allows related profiles (the demo does).
FAMILY_QUESTION = "Will you use this account to book appointments for family members?"

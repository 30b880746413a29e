"""Steps shared by the page tests: signing in, waiting for what a user would see, the calendar, and demo
records looked up by name (never by row id)."""

import asyncio
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from nicegui import ui
from nicegui.testing import User

from domain.actor import Actor
from domain.demo import DEMO_LOGIN
from domain.demo_portal import DEMO_PORTAL_LOGIN

SYDNEY = ZoneInfo("Australia/Sydney")
PATIENCE = 50  # retries of 0.1 s: signing in hashes a password and opens a new page
DEMO_OWNER = Actor(user_id=None, label="test", role="owner")


async def sign_in(
    user: User,
    email: str = DEMO_LOGIN[0],
    password: str = DEMO_LOGIN[1],
    path: str = "/people",
    *,
    expect_success: bool = True,
):
    await user.open(f"/login?next={path}")
    user.find(marker="email").type(email)
    user.find(marker="password").type(password)
    user.find(ui.button).click()
    if expect_success:
        await user.should_see(marker="clinic-name", retries=PATIENCE)  # the staff shell is up
        if path == "/setup" and email == DEMO_LOGIN[0]:  # the owner's Setup builds its tabs in turn: wait for the last
            await user.should_see(marker="add-classification", retries=PATIENCE)


def rows_of(user: User) -> list[dict]:
    [table] = user.find(ui.table).elements
    return table.rows


def shown(user: User, marker: str) -> int:
    """How many elements with this marker the page has (0 where user.find would fail)."""
    return sum(marker in e._markers for e in user.current_layout.descendants())


async def eventually(condition) -> None:
    for _ in range(PATIENCE):
        if condition():
            return
        await asyncio.sleep(0.1)
    assert condition()


# --- demo records by name -----------------------------------------------------------------------------------------


def _db():
    from ui.state import state

    return state.db


def _the_one(people: list, name: str) -> list:
    """The people called `name`: the client, when a prospect shares the name (the demo's booking request from
    Liam Nguyen's email is a prospect called Liam Nguyen too)."""
    named = [p for p in people if p.name == name]
    return [p for p in named if p.status != "prospective"] if len(named) > 1 else named


async def person_id(name: str) -> int:
    """The demo client called `name` (exactly one)."""
    from domain.clients.persons import search_people

    page = await search_people(_db().uow(read_only=True), actor=DEMO_OWNER, text=name)
    [found] = _the_one(page.people, name)
    return found.id


async def profile_id(name: str) -> int:
    """The profile (a client's own, or a shared profile) called `name`."""
    from domain.households.search import find_shared_for_booking

    shared = [
        s
        for s in await find_shared_for_booking(_db().uow(read_only=True), actor=DEMO_OWNER, text=name)
        if s.name == name
    ]
    if shared:
        return shared[0].profile_id
    from domain.clients.persons import search_people

    page = await search_people(_db().uow(read_only=True), actor=DEMO_OWNER, text=name)
    [found] = _the_one(page.people, name)
    return found.profile_id


async def staff_id(name: str) -> int:
    from domain.scheduling.calendar import list_practitioners

    [found] = [p for p in await list_practitioners(_db().uow(read_only=True)) if p.name == name]
    return found.id


# --- the calendar -------------------------------------------------------------------------------------------------


DEMO_CLOSED = {(12, 25), (12, 26)}  # the demo clinic closes on Christmas and Boxing Day


def next_week(weekday: int) -> date:
    """That weekday of next week; a weekday the demo clinic is closed (the week before Christmas) gives way to the
    nearest open weekday of the same week, so the tests do not depend on the day they run."""
    today = datetime.now(SYDNEY).date()
    monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
    day = monday + timedelta(days=weekday)
    week = [monday + timedelta(days=d) for d in range(5)]
    if weekday < 5 and (day.month, day.day) in DEMO_CLOSED:
        day = min((d for d in week if (d.month, d.day) not in DEMO_CLOSED), key=lambda d: abs(d.weekday() - weekday))
    return day


def appointments(calendar) -> list[dict]:
    return [e for e in calendar.events if e.get("display") != "background"]


async def open_week(user: User, monday: date | None = None):
    await sign_in(user, path="/calendar")
    monday = monday or next_week(0)
    [calendar] = user.find(marker="calendar").elements
    user.find(marker="calendar").trigger(
        "range", {"start": f"{monday}T00:00:00", "end": f"{monday + timedelta(days=7)}T00:00:00"}
    )
    shown = lambda: appointments(calendar) and all(e["start"] >= str(monday) for e in calendar.events)
    await eventually(shown)  # this week came with the page; wait for the week asked for
    return calendar


def select(user: User, day: date, start: str, end: str, practitioner: int) -> None:
    user.find(marker="calendar").trigger(
        "select", {"start": f"{day}T{start}:00", "end": f"{day}T{end}:00", "resourceId": practitioner}
    )


async def pick_client(user: User, text: str, name: str) -> None:
    user.find(marker="client-search").type(text)
    await user.should_see(name, retries=PATIENCE)
    user.find(marker="client-match").click()
    await user.should_see(marker="chosen-client", content=name, retries=PATIENCE)


def choose(user: User, marker: str, starts: str) -> None:
    """Picks the option of a select whose label starts with `starts`."""
    [element] = user.find(marker=marker).elements
    element.value = next(k for k, v in element.options.items() if str(v).startswith(starts))


async def book_in_panel(
    user: User,
    calendar,
    day: date,
    start: str,
    end: str,
    practitioner: str,
    search: str,
    name: str,
    service: str,
    *,
    pack: str | None = None,
    shows: str | None = None,
) -> dict:
    """Selects a free block, picks the client and the service (and a pack), checks the panel `shows` a text,
    saves; returns the new event."""
    select(user, day, start, end, await staff_id(practitioner))
    await user.should_see("New appointment", retries=PATIENCE)
    await pick_client(user, search, name)
    choose(user, "service", service)
    if pack:
        await eventually(lambda: len(user.find(marker="pack").elements.pop().options) > 1)
        choose(user, "pack", pack)
    if shows:
        await user.should_see(shows, retries=PATIENCE)
    user.find(marker="save").click()
    await user.should_see("Appointment booked.", retries=PATIENCE)
    starts = f"{day}T{start}:00"
    await eventually(lambda: any(e["start"] == starts for e in appointments(calendar)))
    return next(e for e in appointments(calendar) if e["start"] == starts)


async def rename_clinic(user: User, name: str = "Harbourside Therapy") -> None:
    await sign_in(user, path="/setup")
    user.find(marker="clinic_name").clear().type(name)
    user.find("Save").click()
    await user.should_see("Clinic details saved.", retries=PATIENCE)


async def portal_sign_in(user: User, email: str = DEMO_PORTAL_LOGIN[0], password: str = DEMO_PORTAL_LOGIN[1]) -> None:
    """Signs in to the Client Portal (the demo's Chloe Brown by default) and waits for Home."""
    await user.open("/portal/login")
    user.find(marker="email").type(email)
    user.find(marker="password").type(password)
    user.find(marker="sign-in").click()
    await user.should_see(marker="portal-greeting", retries=PATIENCE)


def without_demo_portal_items(data_folder) -> None:
    """Sets aside the demo's document shared with Chloe Brown and her task (domain/demo_portal.py), for tests that
    start from a client with none: the copy of the demo database is changed before the app opens it."""
    import sqlite3

    with sqlite3.connect(data_folder / "hearth.db") as connection:
        connection.execute("DELETE FROM tasks WHERE client_person_id IS NOT NULL")
        connection.execute("DELETE FROM profile_files WHERE shared_at IS NOT NULL")

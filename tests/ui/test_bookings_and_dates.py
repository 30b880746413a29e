"""Dates typed by hand, the nights the clocks change, and packs and services in the appointment panels."""

from datetime import timedelta

from nicegui.testing import User

from domain.billing.packs import list_packs
from domain.clients.persons import search_people
from domain.clients.profile import get_client
from domain.scheduling.calendar import profile_appointments
from tests.support import next_clock_change, spaces, staff_actor
from tests.ui.helpers import (
    PATIENCE,
    appointments,
    book_in_panel,
    choose,
    eventually,
    next_week,
    open_week,
    person_id,
    select,
    sign_in,
    staff_id,
)
from ui.state import uow

OWNER = staff_actor(user_id=1)
SAM = "Sam O'Connor"


async def test_an_impossible_date_of_birth_is_refused_at_the_field_and_nothing_is_saved(user: User):
    await sign_in(user, path="/clients/new")
    for marker, value in (("first_name", "Ava"), ("last_name", "Leapday"), ("date_of_birth", "29/02/1990")):
        user.find(marker=marker).type(value)
    user.find(marker="add").click()
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)
    assert (
        user.find(marker="date_of_birth").elements.pop().error
        == "There is no 29 February in 1990: it is not a leap year."
    )
    assert (await search_people(uow(read_only=True), actor=OWNER, text="Leapday")).people == []


async def test_on_the_night_the_clocks_go_back_the_panel_asks_which_0230_and_stores_it(user: User):
    await open_week(user)
    night, hour = next_clock_change("Australia/Sydney", back=True)  # e.g. 03:00 AEDT becomes 02:00 AEST
    select(user, night, f"{hour:%H}:30", f"{hour.hour + 1:02d}:00", await staff_id(SAM))
    await user.should_see("New appointment", retries=PATIENCE)
    user.find(marker="kind").elements.pop().value = "meeting"
    user.find(marker="title").type("Night shift handover")
    [which] = user.find(marker="which-time").elements
    twelve = f"{hour.hour % 12 or 12}:30 am"  # en-AU, the demo clinic: a 12-hour clock
    assert [spaces(v) for v in which.options.values()] == [
        f"{twelve} AEDT, first · 1 h 30 min",
        f"{twelve} AEST, second · 30 minutes",
    ]
    user.find(marker="save").click()
    await eventually(lambda: user.find(marker="start").elements.pop().error is not None)
    assert "happens twice" in user.find(marker="start").elements.pop().error
    which.value = next(k for k, v in which.options.items() if "second" in v)
    await user.should_see(marker="length", content="Length: 30 minutes")
    user.find(marker="save").click()
    await user.should_see(marker="confirm-yes", retries=PATIENCE)  # the middle of the night is outside hours
    user.find(marker="confirm-yes").click()
    await user.should_see("Appointment booked.", retries=PATIENCE)


async def test_an_end_time_the_clocks_skip_is_reported_on_the_end_field(user: User):
    await open_week(user)
    night, hour = next_clock_change("Australia/Sydney", back=False)  # e.g. 02:00 → 03:00 that night
    select(user, night, f"{hour.hour - 1:02d}:30", f"{hour:%H}:30", await staff_id(SAM))
    await user.should_see("New appointment", retries=PATIENCE)
    user.find(marker="kind").elements.pop().value = "meeting"
    user.find(marker="title").type("Impossible")
    user.find(marker="save").click()
    await eventually(lambda: user.find(marker="end").elements.pop().error is not None)
    assert "does not exist" in user.find(marker="end").elements.pop().error
    assert user.find(marker="start").elements.pop().error is None


async def test_the_new_appointment_panel_books_with_an_open_pack(user: User):
    calendar = await open_week(user)
    await book_in_panel(
        user,
        calendar,
        next_week(1),
        "12:00",
        "12:45",
        SAM,
        "john smi",
        "John Smith",
        "Follow-up session",
        pack="Open pack: 10-session pack",
    )
    john = await get_client(uow(read_only=True), actor=OWNER, person_id=await person_id("John Smith"))
    [pack] = [
        p
        for p in await list_packs(uow(read_only=True), actor=OWNER, profile_id=john.profile_id)
        if p.name == "10-session pack"
    ]
    assert pack.state.used == 1


async def test_an_appointments_service_changes_in_its_panel(user: User):
    calendar = await open_week(user)
    event = await book_in_panel(
        user, calendar, next_week(1), "12:00", "13:00", SAM, "zoe", "Zoë Ødegård", "Initial consultation"
    )
    user.find(marker="calendar").trigger("open", {"id": event["id"]})
    await user.should_see(marker="change-service", retries=PATIENCE)
    choose(user, "change-service", "Telehealth check-in")
    user.find(marker="save-service").click()
    await user.should_see("Service changed; the length and price follow it.", retries=PATIENCE)
    zoe = await get_client(uow(read_only=True), actor=OWNER, person_id=await person_id("Zoë Ødegård"))
    [a] = [
        a
        for a in await profile_appointments(uow(read_only=True), actor=OWNER, profile_id=zoe.profile_id)
        if a.id == int(event["id"].removeprefix("a"))
    ]
    assert (a.service_name, a.ends_at - a.starts_at) == ("Telehealth check-in", timedelta(minutes=30))


async def test_a_drag_into_the_repeated_hour_asks_which_and_the_calendar_shows_the_grid_and_zones(user: User):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from domain.scheduling.booking import Booking, book_appointment
    from domain.scheduling.times import instants

    sam = await staff_id(SAM)
    tz = ZoneInfo("Australia/Sydney")
    night, hour = next_clock_change("Australia/Sydney", back=True)
    early = datetime.combine(night, time(4))  # before the grid's 06:00
    start, end = instants(early, early + timedelta(minutes=30), tz)
    booked = await book_appointment(
        uow(),
        actor=OWNER,
        confirmed_outside_hours=True,
        booking=Booking(practitioner_id=sam, start=start, end=end, kind="meeting", title="Early handover"),
    )
    calendar = await open_week(user, night - timedelta(days=night.weekday()))
    assert calendar.props["options"]["slotMinTime"] == "04:00"  # widened: nothing is hidden off the grid
    user.find(marker="calendar").trigger(
        "change",
        {
            "token": 1,
            "kind": "move",
            "id": f"a{booked.id}",
            "version": booked.version,
            "start": f"{night}T{hour:%H}:30:00",
            "end": f"{night}T{hour.hour + 1:02d}:00:00",
            "resourceId": None,
        },
    )
    await user.should_see("Which time?", retries=PATIENCE)
    user.find(marker="choose-fold", content="AEST, second").click()
    await user.should_see(marker="confirm-yes", retries=PATIENCE)  # and outside working hours
    user.find(marker="confirm-yes").click()
    await eventually(
        lambda: any(
            spaces(e["title"]).endswith(f"{hour.hour % 12 or 12}:30 am AEST–{hour.hour + 1}:00 am")
            for e in appointments(calendar)
        )
    )

"""The Calendar page with the simulated user: the browser's calendar events are triggered directly."""

from datetime import date, datetime, timedelta

from nicegui import ui
from nicegui.testing import User

from tests.ui.helpers import (
    PATIENCE,
    appointments,
    book_in_panel,
    eventually,
    next_week,
    open_week,
    select,
    sign_in,
    staff_id,
)

PRIYA, SAM = "Dr. Priya Patel", "Sam O'Connor"  # the demo's practitioners


async def test_the_week_shows_practitioner_columns_appointments_and_off_hours(user: User):
    calendar = await open_week(user)
    options = calendar.props["options"]
    assert [r["title"] for r in options["resources"]] == ["Dr. Priya Patel", "Sam O'Connor"]
    assert options["timeZone"] in ("+10:00", "+11:00")
    assert len(appointments(calendar)) > 10
    off = [e for e in calendar.events if "hearth-off-hours" in e.get("classNames", [])]
    priya = await staff_id(PRIYA)
    assert any(e["start"].endswith("12:30:00") and e["resourceIds"] == [priya] for e in off)  # Priya's lunch


async def test_select_a_free_block_then_book_a_client_with_a_service(user: User):
    calendar = await open_week(user)
    tuesday = next_week(1)
    event = await book_in_panel(
        user,
        calendar,
        tuesday,
        "12:00",
        "12:30",
        SAM,
        "zoe oDEG",
        "Zoë Ødegård",
        "Telehealth check-in",
        shows="Price $80.00 · 30 minutes",
    )
    assert (event["title"], event["end"], event["resourceIds"]) == (
        "Zoë Ødegård · Telehealth check-in",
        f"{tuesday}T12:30:00",
        [await staff_id(SAM)],
    )


async def test_booking_over_an_appointment_is_refused_naming_it(user: User):
    calendar = await open_week(user)
    taken = next(e for e in appointments(calendar) if "hearth-client" in e["classNames"])
    day, start = taken["start"][:10], taken["start"][11:16]
    select(
        user,
        date.fromisoformat(day),
        start,
        (datetime.fromisoformat(taken["start"]) + timedelta(minutes=15)).strftime("%H:%M"),
        taken["resourceIds"][0],
    )
    await user.should_see("New appointment", retries=PATIENCE)
    user.find(marker="kind").elements.pop().value = "admin"
    user.find(marker="title").type("Case notes")
    user.find(marker="save").click()
    await user.should_see(f"That clashes with {taken['title'].split(' · ')[0]}", retries=PATIENCE)


async def test_outside_working_hours_asks_first(user: User):
    calendar = await open_week(user)
    saturday = next_week(5)
    select(user, saturday, "10:00", "11:00", await staff_id(PRIYA))
    await user.should_see("New appointment", retries=PATIENCE)
    user.find(marker="kind").elements.pop().value = "meeting"
    user.find(marker="title").type("Supervision")
    user.find(marker="save").click()
    await user.should_see("outside Dr. Priya Patel's working hours. Book it anyway?", retries=PATIENCE)
    user.find(marker="confirm-yes").click()
    await user.should_see("Appointment booked.", retries=PATIENCE)
    await eventually(lambda: any(e["title"] == "Supervision" for e in appointments(calendar)))


async def test_a_stale_move_is_refused_with_a_message(user: User):
    calendar = await open_week(user)
    event = next(e for e in appointments(calendar) if "hearth-client" in e["classNames"])
    start = datetime.fromisoformat(event["start"])
    user.find(marker="calendar").trigger(
        "change",
        {
            "token": 1,
            "kind": "move",
            "id": event["id"],
            "version": event["extendedProps"]["version"] + 5,
            "start": (start + timedelta(days=7)).isoformat(),
            "end": (start + timedelta(days=7, minutes=30)).isoformat(),
            "resourceId": None,
        },
    )
    await user.should_see("Someone else changed this appointment", retries=PATIENCE)


async def test_the_panel_sets_status_and_cancels_with_a_reason(user: User):
    calendar = await open_week(user)
    event = next(e for e in appointments(calendar) if "hearth-client" in e["classNames"])
    user.find(marker="calendar").trigger("open", {"id": event["id"]})
    await user.should_see(marker="appointment-title", retries=PATIENCE)
    user.find(marker="status").elements.pop().value = "arrived"
    await user.should_see("Appointment arrived.", retries=PATIENCE)
    await user.should_see(marker="appointment-status", content="Arrived")
    user.find(marker="cancel-appointment").click()
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)
    assert event["id"] in [e["id"] for e in appointments(calendar)]  # nothing cancelled without a reason
    user.find(marker="cancel-reason").type("Client is unwell")
    user.find(marker="cancel-appointment").click()
    await user.should_see("Appointment cancelled.", retries=PATIENCE)
    await eventually(lambda: event["id"] not in [e["id"] for e in appointments(calendar)])  # the slot is free


async def test_new_client_from_the_panel(user: User):
    await open_week(user)
    select(user, next_week(1), "12:00", "12:30", await staff_id(SAM))
    await user.should_see("New appointment", retries=PATIENCE)
    user.find(marker="client-search").type("Tama Rangi")
    await user.should_see(marker="new-client", retries=PATIENCE)
    user.find(marker="new-client").click()
    assert user.find(marker="new-first-name").elements.pop().value == "Tama"
    user.find(marker="create-client").click()
    await user.should_see("Tama Rangi added as a client.", retries=PATIENCE)
    await user.should_see(marker="chosen-client", content="Tama Rangi")


async def test_reception_sees_the_calendar_too(user: User):
    await sign_in(user, email="rita@demo.hearth.test", path="/calendar")
    await user.should_see(marker="calendar")
    user.find(ui.button)  # the shell is drawn

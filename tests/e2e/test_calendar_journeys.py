"""Drag to book, drag to another practitioner, seen live in a second browser; a clash snaps back."""

from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import (
    drag,
    event_box,
    events,
    live,
    next_week_day,
    open_day,
    open_days_next_week,
    point,
    resource_id,
    sign_in,
)


def test_drag_to_book_then_move_to_another_practitioner_seen_live_and_a_clash_snaps_back(
    page: Page, browser: Browser, base_url: str
):
    page.set_viewport_size({"width": 1280, "height": 1000})
    sign_in(page, path="/calendar")
    [tuesday] = open_days_next_week(1, first=1)  # Tuesday, or the next open day of that week
    day = next_week_day(tuesday)
    open_day(page, day)
    PRIYA, SAM = resource_id(page, "Dr. Priya Patel"), resource_id(page, "Sam O'Connor")  # columns 0 and 1

    drag(page, point(page, 1, "12:00"), point(page, 1, "12:25"))  # Sam, 12:00–12:30
    expect(page.get_by_text("New appointment")).to_be_visible()
    expect(page.get_by_label("Start")).to_have_value("12:00 PM")  # the demo clinic is en-AU: 12-hour times
    expect(page.get_by_label("End")).to_have_value("12:30 PM")
    page.get_by_label("Client").fill("Grace Lee")
    page.get_by_text("grace.lee@example.com").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Appointment booked.")).to_be_visible()
    expect(event_box(page, "Grace Lee")).to_be_visible()

    other = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 1000}).new_page()
    sign_in(other, path="/calendar")
    open_day(other, day)
    expect(event_box(other, "Grace Lee")).to_be_visible()
    assert [e["resource"] for e in events(other) if e["title"].startswith("Grace Lee")] == [SAM]

    page.bring_to_front()
    box = event_box(page, "Grace Lee").bounding_box()
    grab = (box["x"] + box["width"] / 2, box["y"] + 8)
    drag(page, grab, (point(page, 0, "12:00")[0], grab[1]))  # same time, Priya's column
    other.wait_for_function(
        """priya => window.hearthCalendar.getEvents().some(
        e => e.title.startsWith('Grace Lee') && String(e.resourceIds[0]) === priya)""",
        arg=PRIYA,
    )  # live, no reload
    [moved] = [e for e in events(other) if e["title"].startswith("Grace Lee")]
    assert (moved["resource"], moved["start"], moved["end"]) == (PRIYA, "12:00", "12:30")

    taken = next(
        e
        for e in events(page)
        if e["resource"] == PRIYA and e["start"] < "12:00" and not e["title"].startswith("Grace Lee")
    )
    page.bring_to_front()
    box = event_box(page, "Grace Lee").bounding_box()
    grab = (box["x"] + box["width"] / 2, box["y"] + 8)
    drag(page, grab, (grab[0], point(page, 0, taken["start"])[1] + 4))
    expect(page.get_by_text("That clashes with")).to_be_visible()
    page.wait_for_function("""() => window.hearthCalendar.getEvents().some(
        e => e.title.startsWith('Grace Lee') && e.start.getHours() === 12 && e.start.getMinutes() === 0)""")
    [back] = [e for e in events(page) if e["title"].startswith("Grace Lee")]
    assert (back["resource"], back["start"]) == (PRIYA, "12:00")  # snapped back
    live(other)
    [still] = [e for e in events(other) if e["title"].startswith("Grace Lee")]
    assert still["start"] == "12:00"
    other.context.close()

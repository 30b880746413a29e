"""A pack from the appointment panel, three appointments completed, the invoice says Session 3 of 10,
and the pack's progress bar moved in a second browser without reload."""

from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import (
    book_by_dragging,
    event_box,
    next_week_day,
    open_client,
    open_day,
    open_days_next_week,
    sign_in,
)


def book_john(page: Page, day_offset: int) -> None:
    book_by_dragging(page, day_offset, "12:00", "12:25", "John Smith", "john.smith@example.com", "Follow-up session")


def use_pack_and_complete(page: Page, day_offset: int) -> None:
    open_day(page, next_week_day(day_offset))
    event_box(page, "John Smith", at="12:00").click()  # the one this test booked, not a demo appointment
    page.get_by_label("Session pack").click()
    page.get_by_role("option", name="Open pack: 10-session pack").click()
    page.get_by_role("button", name="Use this pack").click()
    expect(page.get_by_text("Pack applied: Session")).to_be_visible()
    expect(page.locator(".q-dialog").get_by_text("sessions used")).to_be_visible()  # the panel shows the pack
    page.get_by_role("button", name="Completed").click()
    expect(page.get_by_text("Appointment completed.")).to_be_visible(timeout=15_000)  # a busy CI machine: slow


def test_pack_from_the_panel_three_sessions_invoice_and_live_progress(page: Page, browser: Browser, base_url: str):
    page.set_viewport_size({"width": 1280, "height": 1000})
    sign_in(page, path="/calendar")
    other = browser.new_context(base_url=base_url).new_page()
    sign_in(other)
    open_client(other, "John Smith")  # demo: John Smith holds an open 10-session pack (Follow-up sessions)
    other.get_by_role("tab", name="Billing").click()
    expect(other.get_by_text("0 of 10 sessions used")).to_be_visible()

    days = open_days_next_week(3, first=1)  # e.g. Tuesday to Thursday next week, 12:00 with Sam
    for offset in days:
        page.goto("/calendar")
        book_john(page, offset)
    for offset in days:
        page.goto("/calendar")
        use_pack_and_complete(page, offset)
    expect(page.get_by_text("Session 3 of 10").first).to_be_visible()
    page.get_by_role("button", name="Invoice this appointment").click()
    expect(page.get_by_text("Draft invoice", exact=True)).to_be_visible()
    expect(page.locator(".q-dialog").get_by_text("Session 3 of 10").last).to_be_visible()

    expect(other.get_by_text("3 of 10 sessions used")).to_be_visible()  # live, without reload
    other.context.close()

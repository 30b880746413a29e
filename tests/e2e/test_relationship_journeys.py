"""Relationships in Chromium (issue 20): staff on a desktop relate the demo's Chloe Brown to Mary Smith, Chloe
granting View and Pay only; Chloe is emailed (a real SMTP server); Mary, on a 390 x 844 phone, pays Chloe's invoice
with the sandbox card but has no profile of Chloe's to open (no appointment history). Staff then add Manage Bookings
and calendar subscriptions with the pencil: Mary's calendar feed (parsed with icalendar) lists Chloe's appointment;
staff remove the relationship and the feed stops listing it at once. Every portal page passes axe-core and fits."""

import re

from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import live, open_client, sign_in, wait_for_mail
from tests.e2e.test_portal_journeys import checked, phone, portal_sign_in

MARY = ("mary.smith@example.com", "portal-demo-2026")


def relationship_dialog_save(staff: Page) -> None:
    staff.get_by_role("dialog").get_by_role("button", name="Save").click()
    expect(staff.get_by_role("dialog")).to_have_count(0)


def tick(box) -> None:
    """Ticks a checkbox and waits for the server's answer (its state comes back from the server)."""
    box.click()
    expect(box).to_be_checked()


def feed_events(page: Page, url: str) -> list[str]:
    """The feed, fetched as a calendar app would, parsed back: each event's summary."""
    answer = page.request.get(url)
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(answer.body())
    return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


def test_view_and_pay_then_manage_and_the_calendar_feed_then_removal(browser: Browser, mailing_app, mail_server):
    staff = browser.new_context(base_url=mailing_app.url, viewport={"width": 1366, "height": 900}).new_page()
    sign_in(staff)
    open_client(staff, "Chloe Brown")
    live(staff)
    expect(staff.get_by_text("No relationships yet.", exact=False)).to_be_visible()
    staff.get_by_role("button", name="Add relationship").click()
    dialog = staff.get_by_role("dialog")
    dialog.get_by_role("textbox", name="Related client").fill("Mary Smith")
    dialog.get_by_text("Mary Smith", exact=True).first.click()
    dialog.get_by_role("combobox", name=re.compile("is Chloe's")).click()
    staff.get_by_role("option", name="Parent").click()
    tick(dialog.get_by_role("checkbox", name="View and Pay").first)  # Chloe lets Mary: View and Pay, nothing else
    relationship_dialog_save(staff)
    expect(staff.get_by_text("Related: Mary Smith is Chloe's parent.")).to_be_visible()
    expect(staff.get_by_text("Chloe Brown lets Mary Smith: View and Pay")).to_be_visible()
    told = wait_for_mail(mail_server, "chloe.brown@example.com", "Mary Smith has new access to your information")
    assert "View and Pay" in told.get_content() and "Manage Bookings" not in told.get_content()

    # Mary pays Chloe's invoice; Chloe's profile (appointments, history) is not hers to open.
    mary = phone(browser, mailing_app.url)
    portal_sign_in(mary, *MARY)
    mary.get_by_role("link", name="Invoices", exact=True).click()
    live(mary)
    expect(mary.get_by_text(re.compile("for Chloe Brown"))).to_be_visible()
    checked(mary)
    mary.get_by_role("button", name=re.compile(r"^Pay \$")).first.click()
    expect(mary.get_by_text("SANDBOX", exact=False).first).to_be_visible()
    live(mary)
    mary.get_by_label("Card number").fill("4242 4242 4242 4242")
    mary.get_by_role("button", name=re.compile(r"^Pay \$")).click()
    expect(mary.get_by_role("heading", name="Payment received. Thank you!")).to_be_visible(timeout=15_000)
    mary.goto("/portal/switch")
    live(mary)
    expect(mary.get_by_role("button", name=re.compile("^Susan Smith"))).to_be_visible()
    expect(mary.get_by_role("button", name=re.compile("^Chloe Brown"))).to_have_count(0)

    # Staff add Manage Bookings and calendar subscriptions with the pencil; Mary's feed lists Chloe's appointment.
    staff.get_by_role("button", name="Edit relationship with Mary Smith").click()
    dialog = staff.get_by_role("dialog")
    tick(dialog.get_by_role("checkbox", name="Manage Bookings and Intake Forms").first)
    tick(dialog.get_by_role("checkbox", name="See appointments in calendar subscriptions").first)
    relationship_dialog_save(staff)
    expect(staff.get_by_text(re.compile("^Chloe Brown lets Mary Smith: View and Pay, Manage"))).to_be_visible()
    mary.goto("/portal/account/calendar")
    live(mary)
    expect(mary.get_by_text("Chloe Brown", exact=True)).to_be_visible()  # whose appointments it shows
    checked(mary)
    mary.get_by_role("button", name="Get my calendar address").click()
    address = mary.get_by_label("Calendar address")
    expect(address).to_have_value(re.compile(r"/calendar/\S+\.ics$"))
    checked(mary)
    url = address.input_value()
    with_chloe = feed_events(mary, url)
    assert "Appointment at Demo Clinic for Chloe" in with_chloe

    # Staff remove the relationship: the feed stops listing Chloe's appointments at once.
    staff.get_by_role("button", name="Remove the relationship with Mary Smith").click()
    staff.get_by_role("dialog").get_by_role("button", name="Remove").click()
    expect(staff.get_by_text(re.compile("^Removed: Mary Smith"))).to_be_visible()
    after = feed_events(mary, url)
    assert "Appointment at Demo Clinic for Chloe" not in after
    assert len(after) < len(with_chloe)

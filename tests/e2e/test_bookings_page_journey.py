"""The Bookings Page in Chromium (issue 16): a visitor on a phone requests a time, staff see it on the calendar and in
Requests, Confirm emails the visitor (a real SMTP server) and the time is no longer offered; Decline with a reason;
Invite to Book for an existing client. Every step of the public page passes axe-core (no serious or critical
violation) and fits 390 px."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from domain.formats import Formats
from tests.e2e.axe import serious_violations
from tests.e2e.helpers import live, open_client, open_day, sign_in, wait_for_mail
from tests.e2e.server import AppServer
from tests.support import spaces

PHONE = {"width": 390, "height": 844}


def the_day(label: str) -> date:
    """The date the Bookings Page wrote as 'Wed, 25 Nov' (the demo clinic's locale and zone)."""
    today = datetime.now(ZoneInfo("Australia/Sydney")).date()
    for n in range(120):
        day = today + timedelta(days=n)
        if spaces(Formats().weekday_day(day)) == spaces(label):
            return day
    raise AssertionError(f"no day in the next 120 is written {label!r}")


def accessible_and_narrow(page: Page) -> None:
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def visitor_page(browser: Browser, app: AppServer, path: str = "/book") -> Page:
    page = browser.new_context(base_url=app.url, viewport=PHONE).new_page()
    page.goto(path)
    live(page)
    return page


def choose_a_time(page: Page, service: str, practitioner: str) -> tuple[str, str]:
    """Service, practitioner, the first day offered and its first free time; returns the day's and time's labels."""
    page.get_by_role("button", name=re.compile(f"^{service}")).click()
    accessible_and_narrow(page)
    page.get_by_role("button", name=re.compile(f"^{practitioner}")).click()
    expect(page.locator(".hearth-times button").first).to_be_visible()
    accessible_and_narrow(page)
    day = page.get_by_text(re.compile("^Free times on ")).inner_text().removeprefix("Free times on ")
    first = page.locator(".hearth-times button").first
    when = first.inner_text().splitlines()[0]
    first.click()
    expect(page.get_by_role("heading", name=re.compile("^(Contact Information|Check and send)$"))).to_be_visible()
    return day, when


def fill_contact(page: Page, first: str, last: str, email: str) -> None:
    page.get_by_label("First name *", exact=True).fill(first)
    page.get_by_label("Last name *", exact=True).fill(last)
    page.get_by_label("Email *").fill(email)
    page.get_by_label("Phone").fill("0412 555 010")
    accessible_and_narrow(page)
    page.get_by_role("button", name="Request booking").click()
    expect(page.get_by_role("heading", name="Booking requested")).to_be_visible()
    expect(page.get_by_text(f"We will email {email}")).to_be_visible()
    accessible_and_narrow(page)


def test_a_visitor_requests_a_time_and_staff_confirm_it(browser: Browser, mailing_app, mail_server):
    app = mailing_app
    visitor = visitor_page(browser, app)
    accessible_and_narrow(visitor)
    day, when = choose_a_time(visitor, "Telehealth check-in", "Sam O'Connor")
    fill_contact(visitor, "Ivy", "Walker", "ivy.walker@example.com")

    staff = browser.new_context(base_url=app.url, viewport={"width": 1366, "height": 900}).new_page()
    sign_in(staff, path="/requests")
    card = staff.locator(".q-card", has_text="Ivy Walker")
    expect(card).to_be_visible()
    expect(card.get_by_text("Prospective Client")).to_be_visible()
    expect(staff.get_by_label("3 waiting")).to_be_visible()  # the demo's two and Ivy's, in the menu

    staff.goto("/calendar")
    open_day(staff, the_day(day))  # the first day with times may be next week (a weekend, a Friday evening)
    expect(staff.locator(".ec-event", has_text="Requested: Ivy Walker").first).to_be_attached()

    staff.goto("/requests")
    live(staff)
    staff.locator(".q-card", has_text="Ivy Walker").get_by_role("button", name="Confirm").click()
    expect(staff.get_by_text(re.compile("^Confirmed: Telehealth check-in with Sam O'Connor"))).to_be_visible()
    expect(staff.locator(".q-card", has_text="Ivy Walker")).to_have_count(0)

    mail = wait_for_mail(mail_server, "ivy.walker@example.com", "confirmed")
    assert "Telehealth check-in with Sam O'Connor" in mail.get_content()

    again = visitor_page(browser, app)  # the time is no longer offered
    again.get_by_role("button", name=re.compile("^Telehealth check-in")).click()
    again.get_by_role("button", name=re.compile("^Sam O'Connor")).click()
    expect(again.locator(".hearth-times button").first).to_be_visible()
    if again.get_by_text(re.compile("^Free times on ")).inner_text().endswith(day):  # the day has other times
        offered = [b.splitlines()[0] for b in again.locator(".hearth-times button").all_inner_texts()]
        assert when not in offered
    # else the booked time was that day's last one: the page opens on the next day with free times (late in the day)


def test_staff_decline_a_request_with_a_reason_that_is_emailed(browser: Browser, mailing_app, mail_server):
    app = mailing_app
    visitor = visitor_page(browser, app)
    choose_a_time(visitor, "Follow-up session", "Dr. Priya Patel")
    fill_contact(visitor, "Omar", "Haddad", "omar.haddad@example.com")

    staff = browser.new_context(base_url=app.url).new_page()
    sign_in(staff, path="/requests")
    staff.locator(".q-card", has_text="Omar Haddad").get_by_role("button", name="Decline").click()
    staff.get_by_role("button", name="Decline and email").click()
    expect(staff.get_by_text(re.compile("Give a reason"))).to_be_visible()  # a reason is required
    staff.get_by_label(re.compile("Reason")).fill("Dr. Patel is away that week")
    staff.get_by_role("button", name="Decline and email").click()
    expect(staff.get_by_text("Declined. Omar was emailed the reason.")).to_be_visible()

    mail = wait_for_mail(mail_server, "omar.haddad@example.com", "cannot accept")
    assert "Dr. Patel is away that week" in mail.get_content()


def test_invite_to_book_opens_the_bookings_page_for_an_existing_client(browser: Browser, mailing_app, mail_server):
    app = mailing_app
    staff = browser.new_context(base_url=app.url).new_page()
    sign_in(staff)
    open_client(staff, "José Álvarez")
    staff.get_by_role("tab", name="Bookings & Packages").click()
    staff.get_by_role("button", name="Invite to Book").click()
    expect(staff.get_by_text("Invitation to book sent to jose.alvarez@example.com.")).to_be_visible()

    mail = wait_for_mail(mail_server, "jose.alvarez@example.com", "invites you to book")
    link = re.search(r"http://\S+/book/invite/\S+", mail.get_content()).group(0)
    client = visitor_page(browser, app, link.removeprefix(app.url))
    expect(client.get_by_text(re.compile("José"))).to_be_visible()
    accessible_and_narrow(client)
    choose_a_time(client, "Initial consultation", "Any practitioner")
    client.get_by_role("button", name=re.compile("^(Request booking|Book)$")).click()
    expect(client.get_by_role("heading", name="Booking requested")).to_be_visible()
    accessible_and_narrow(client)

    staff.goto("/requests")
    live(staff)
    card = staff.locator(".q-card", has_text="José Álvarez")
    expect(card).to_be_visible()
    expect(card.get_by_text("Prospective Client")).to_have_count(0)  # linked to the client, not a new record

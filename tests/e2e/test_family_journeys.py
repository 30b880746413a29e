"""Family records in Chromium on a 390 x 844 phone (issue 19), staff on a desktop: "I'm booking for a family member"
on the Bookings Page in the seed's three scenarios, each confirmed by staff (linking by name waits for them); then
Mary Smith (the demo's primary record, with Steven and Susan under her login) signs in, switches to Susan, completes
Susan's pending form, and finds Steven's shared file in My Documents. Every portal page passes axe-core."""

import re

from playwright.sync_api import Browser, Page, expect

from domain.demo_families import DEMO_FAMILY_LOGIN
from tests.e2e.axe import serious_violations
from tests.e2e.helpers import live, open_client, sign_in

PHONE = {"width": 390, "height": 844}


def checked(page: Page) -> None:
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def book_for_family(browser: Browser, url: str, booker: tuple[str, str, str], member: tuple[str, str]) -> None:
    """A visitor books Telehealth check-in with Sam for a family member, at the first free time offered."""
    page = browser.new_context(base_url=url, viewport=PHONE).new_page()
    page.goto("/book")
    live(page)
    page.get_by_role("button", name=re.compile("^Telehealth check-in")).click()
    page.get_by_role("button", name=re.compile("^Sam O'Connor")).click()
    page.locator(".hearth-times button").first.click()
    page.get_by_label("First name *", exact=True).fill(booker[0])
    page.get_by_label("Last name *", exact=True).fill(booker[1])
    page.get_by_label("Email *").fill(booker[2])
    page.get_by_text("I'm booking for a family member").click()
    page.get_by_label("Family member's first name *").fill(member[0])
    page.get_by_label("Family member's last name *").fill(member[1])
    checked(page)
    page.get_by_role("button", name="Request booking").click()
    expect(page.get_by_role("heading", name="Booking requested")).to_be_visible()  # the same page in every case
    checked(page)
    page.context.close()


def request_card(staff: Page, name: str):
    staff.goto("/requests")
    card = staff.locator(".q-card", has=staff.get_by_role("link", name=name, exact=True)).first
    expect(card).to_be_visible()
    return card


def in_family_of(staff: Page, member: str, primary: str) -> None:
    """The member's profile shows the family: the primary (badged) and the member."""
    open_client(staff, member)
    family = staff.locator(".q-card", has=staff.get_by_text("Family records", exact=True))
    expect(family).to_contain_text(primary)
    expect(family).to_contain_text("Primary")


def confirm(staff: Page, card) -> None:
    card.get_by_role("button", name="Confirm").click()
    expect(staff.get_by_text(re.compile("^Confirmed: Telehealth check-in"))).to_be_visible()


def test_three_ways_of_booking_for_a_family_member_then_mary_switches_to_susan(browser: Browser, mailing_app):
    url = mailing_app.url
    staff = browser.new_context(base_url=url, viewport={"width": 1366, "height": 900}).new_page()
    sign_in(staff, path="/requests")

    # Neither exists: both are added, the family member under the booker.
    book_for_family(browser, url, ("Anna", "Lopez", "anna.lopez@example.com"), ("Tom", "Lopez"))
    confirm(staff, request_card(staff, "Tom Lopez"))
    in_family_of(staff, "Tom Lopez", "Anna Lopez")

    # Only the booker exists: staff link the booker to Mary; only the child is added, under Mary.
    book_for_family(browser, url, ("Mary", "Smith", "mary.smith@example.com"), ("Sophie", "Smith"))
    card = request_card(staff, "Sophie Smith")
    card.get_by_role("button", name="Link to Mary Smith", exact=True).click()
    expect(staff.get_by_text(re.compile("^Request linked to Mary Smith"))).to_be_visible()
    confirm(staff, request_card(staff, "Sophie Smith"))
    in_family_of(staff, "Sophie Smith", "Mary Smith")

    # The family member's name is an existing primary's: the link by name waits for staff.
    book_for_family(browser, url, ("James", "Smith", "james.smith@example.com"), ("Mary", "Smith"))
    card = request_card(staff, "Mary Smith")
    expect(card.get_by_text(re.compile("Possible family: Mary Smith"))).to_be_visible()
    card.get_by_role("button", name="Confirm").click()
    expect(staff.get_by_text(re.compile("^First choose the possible family"))).to_be_visible()  # refused till chosen
    card.get_by_role("button", name="Link to Mary Smith's family").click()
    expect(staff.get_by_text(re.compile("^Request linked to Mary Smith's family"))).to_be_visible()
    confirm(staff, request_card(staff, "Mary Smith"))

    # Mary signs in, switches to Susan, completes Susan's form; My Documents shows Steven's file.
    mary = browser.new_context(base_url=url, viewport=PHONE, accept_downloads=True).new_page()
    mary.goto("/portal/login")
    live(mary)
    mary.get_by_label("Email").fill(DEMO_FAMILY_LOGIN[0])
    mary.get_by_label("Password", exact=True).fill(DEMO_FAMILY_LOGIN[1])
    mary.get_by_role("button", name="Sign in").click()
    expect(mary.get_by_role("heading", name="Hello Mary")).to_be_visible()
    live(mary)
    mary.get_by_role("button", name=re.compile("^Profile menu")).click()
    expect(mary.get_by_text("Switch Profile")).to_be_visible()
    checked(mary)
    mary.get_by_text("Switch Profile").click()
    expect(mary.get_by_role("heading", name="Switch Profile")).to_be_visible()
    live(mary)
    checked(mary)
    mary.get_by_role("button", name=re.compile("Susan Smith")).click()
    expect(mary.get_by_text("Viewing Susan Smith's profile", exact=True)).to_be_visible()
    live(mary)
    checked(mary)
    forms = mary.locator(".q-card", has=mary.get_by_role("heading", name="Forms to complete"))
    forms.get_by_role("button", name="Open").first.click()
    live(mary)
    checked(mary)
    mary.locator("textarea").first.fill("Practising her speech at home")
    mary.get_by_text("I agree to the clinic's privacy policy").click()
    mary.get_by_role("button", name="Send").click()
    expect(mary.get_by_text("Thank you! Your answers were sent.")).to_be_visible()
    expect(mary.get_by_text("Nothing to fill in right now.")).to_be_visible()
    mary.get_by_role("link", name="Documents", exact=True).click()
    live(mary)
    checked(mary)
    expect(mary.get_by_text("Speech practice.pdf")).to_be_visible()
    expect(mary.get_by_text("For Steven Smith")).to_be_visible()

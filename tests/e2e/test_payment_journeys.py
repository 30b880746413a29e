"""Online payment in Chromium (issue 17), a visitor on a 390 x 844 phone and staff on a desktop, through the sandbox
provider and a real SMTP server: a prepaid booking paid with the sandbox card, confirmed, its invoice Paid; a paid
request from a prospect declined and refunded through the seed's steps (Review & Add → Bookings & Packages →
Billing → the payment → Refund); an issued invoice paid by its emailed Pay now link. axe-core on the public pages."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.axe import serious_violations
from tests.e2e.helpers import live, open_client, sign_in, wait_for_mail

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def checked(page: Page) -> None:
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def staff_page(browser: Browser, url: str, path: str) -> Page:
    page = browser.new_context(base_url=url, viewport=DESKTOP).new_page()
    sign_in(page, path=path)
    return page


def make_prepaid(staff: Page, service: str) -> None:
    staff.goto("/setup")
    live(staff)
    staff.get_by_role("tab", name="Online Booking").click()
    row = staff.locator(".q-card", has_text=service).filter(has=staff.get_by_text("Pay when booking online")).last
    switch = row.get_by_role("switch", name="Pay when booking online")
    if switch.get_attribute("aria-checked") != "true":  # the module's app is shared: it may be on already
        switch.click()
    expect(switch).to_have_attribute("aria-checked", "true")


def pay_for_a_time(browser: Browser, url: str, first: str, last: str, email: str) -> Page:
    """A visitor: Telehealth check-in with Sam, the first free time, contact, Pay, the sandbox card."""
    page = browser.new_context(base_url=url, viewport=PHONE).new_page()
    page.goto("/book")
    live(page)
    service = page.get_by_role("button", name=re.compile("^Telehealth check-in"))
    expect(service).to_contain_text("Paid when you book")
    service.click()
    page.get_by_role("button", name=re.compile("^Sam O'Connor")).click()
    page.locator(".hearth-times button").first.click()
    page.get_by_label("First name *", exact=True).fill(first)
    page.get_by_label("Last name *", exact=True).fill(last)
    page.get_by_label("Email *").fill(email)
    checked(page)
    page.get_by_role("button", name=re.compile(r"^Pay \$[\d.,]+ and request$")).click()
    expect(page.get_by_text("SANDBOX", exact=False).first).to_be_visible()
    live(page)
    checked(page)
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name=re.compile(r"^Pay \$")).click()
    expect(page.get_by_text("Booking requested").first).to_be_visible(timeout=15_000)
    expect(page.get_by_text(re.compile(r"Paid: \$[\d.,]+, invoice INV-\d+"))).to_be_visible()
    checked(page)
    return page


def test_a_prepaid_booking_is_paid_confirmed_and_its_invoice_paid(browser: Browser, mailing_app, mail_server):
    staff = staff_page(browser, mailing_app.url, "/setup")
    make_prepaid(staff, "Telehealth check-in")
    pay_for_a_time(browser, mailing_app.url, "Priya", "Nair", "priya.nair@example.com")

    staff.goto("/requests")
    live(staff)
    card = staff.locator(".q-card", has_text="Priya Nair")
    expect(card.get_by_text(re.compile(r"Paid"))).to_be_visible()
    card.get_by_role("button", name="Confirm").click()
    expect(staff.get_by_text(re.compile("^Confirmed: Telehealth check-in"))).to_be_visible()
    wait_for_mail(mail_server, "priya.nair@example.com", "confirmed")

    staff.goto("/people?status=prospective")
    open_client(staff, "Priya Nair")
    staff.get_by_role("tab", name="Billing").click()
    expect(staff.get_by_text("Paid", exact=True).first).to_be_visible()


def test_a_declined_paid_request_is_refunded_through_the_seeds_steps(browser: Browser, mailing_app, mail_server):
    staff = staff_page(browser, mailing_app.url, "/setup")
    make_prepaid(staff, "Telehealth check-in")
    pay_for_a_time(browser, mailing_app.url, "Tomas", "Berg", "tomas.berg@example.com")

    open_client(staff, "Tomas Berg")  # the prospect
    staff.get_by_role("button", name="Review & Add").click()
    staff.get_by_role("button", name="Add", exact=True).click()
    expect(staff.get_by_text("Tomas Berg is now an active client.")).to_be_visible()
    staff.get_by_role("tab", name="Bookings & Packages").click()
    staff.get_by_role("button", name="Decline").click()
    staff.get_by_label(re.compile("Reason")).fill("Sam is away that day")
    staff.get_by_role("button", name="Decline and email").click()
    expect(staff.get_by_text(re.compile("was not refunded automatically")).first).to_be_visible()
    wait_for_mail(mail_server, "tomas.berg@example.com", "cannot accept")

    staff.goto(staff.url.split("?")[0] + "?tab=Billing")
    live(staff)
    staff.get_by_role("button", name="Refund", exact=True).first.click()  # the online payment's (the only one)
    expect(staff.get_by_text(re.compile("the refund goes back through it"))).to_be_visible()
    staff.get_by_label("Reason").fill("Declined: Sam is away")
    staff.get_by_role("dialog").get_by_role("button", name="Refund", exact=True).click()
    expect(staff.get_by_text(re.compile("^Refund sent through Sandbox"))).to_be_visible()


def test_an_issued_invoice_is_paid_by_its_emailed_link(browser: Browser, mailing_app, mail_server):
    staff = staff_page(browser, mailing_app.url, "/people")
    open_client(staff, "John Smith")
    staff.get_by_role("tab", name="Billing").click()
    staff.get_by_text(re.compile(r"^INV-\d+")).first.click()
    staff.get_by_role("button", name="Email").click()
    expect(staff.get_by_text("Invoice emailed with a Pay now link (see the Outbox).")).to_be_visible()

    mail = wait_for_mail(mail_server, "john.smith@example.com", "Invoice")
    link = re.search(r"http://\S+/pay/\S+", mail.get_body(preferencelist=("plain",)).get_content()).group(0)
    client = browser.new_context(viewport=PHONE).new_page()
    client.goto(link)
    live(client)
    checked(client)
    client.get_by_role("button", name=re.compile(r"^Pay \$")).click()
    client.get_by_label("Card number").fill("4000 0000 0000 0002")
    client.get_by_role("button", name=re.compile(r"^Pay \$")).click()
    expect(client.get_by_role("alert").filter(has_text="Your card was declined")).to_be_visible()
    client.get_by_label("Card number").fill("4242 4242 4242 4242")
    client.get_by_role("button", name=re.compile(r"^Pay \$")).click()
    expect(client.get_by_text("Payment received. Thank you!")).to_be_visible(timeout=15_000)
    checked(client)

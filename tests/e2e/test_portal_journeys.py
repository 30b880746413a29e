"""The Client Portal in Chromium on a 390 x 844 phone (issue 18), with staff on a desktop and a real SMTP server:
an invited client signs in, books, sees it on Home, staff confirm it, she reschedules it and ticks off the task
staff emailed her; the demo's Chloe Brown pays her invoice with the sandbox card, opens the document shared with
her and cancels nothing she did not mean to; a visitor creates an account from the sign-in page. Every portal
page and open dialog passes axe-core (no serious or critical violation) and fits 390 px."""

import re

from playwright.sync_api import Browser, Page, expect

from domain.demo_portal import DEMO_PORTAL_LOGIN
from domain.households.relationship_rules import BILL_TO_ME_LABEL
from tests.e2e.axe import serious_violations
from tests.e2e.helpers import FAMILY_QUESTION, live, open_client, sign_in, wait_for_mail

PHONE = {"width": 390, "height": 844}


def checked(page: Page) -> None:
    """No serious or critical accessibility problem, and nothing wider than the phone."""
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def phone(browser: Browser, url: str) -> Page:
    return browser.new_context(base_url=url, viewport=PHONE, accept_downloads=True).new_page()


def portal_sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/portal/login")
    live(page)
    checked(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=re.compile("^Hello "))).to_be_visible()
    expect(page.get_by_role("heading", name="Upcoming appointments")).to_be_visible()
    live(page)


def busiest_day(page: Page) -> None:
    """Chooses the day of the week strip with the most free times, and waits for its times."""
    days = page.locator(".hearth-week button:not([disabled])")
    expect(days.first).to_be_visible()
    counts = [
        int(m.group(1)) if (m := re.search(r"(\d+) free times?", days.nth(i).text_content() or "")) else 0
        for i in range(days.count())
    ]
    days.nth(counts.index(max(counts))).click()
    expect(page.locator(".hearth-times button").first).to_be_visible()


def later_day(page: Page) -> None:
    """Chooses the last day of the week strip that has free times, and waits for its times."""
    days = page.locator(".hearth-week button:not([disabled])")
    days.last.click()
    expect(page.locator(".hearth-times button").first).to_be_visible()


def test_an_invited_client_books_reschedules_and_ticks_off_a_task(browser: Browser, mailing_app, mail_server):
    staff = browser.new_context(base_url=mailing_app.url, viewport={"width": 1366, "height": 900}).new_page()
    sign_in(staff, path="/clients/new")
    staff.get_by_label("First name *", exact=True).fill("Rosa")
    staff.get_by_label("Last name *", exact=True).fill("Marino")
    staff.get_by_label("Email").fill("rosa.marino@example.com")
    staff.get_by_role("button", name="Add", exact=True).click()
    expect(staff.get_by_text("Client added and invited.")).to_be_visible()
    invitation = wait_for_mail(mail_server, "rosa.marino@example.com", "invites you to the Client Portal")
    body = invitation.get_content()
    assert "pay invoices" in body and "documents" in body  # what the portal really offers
    link = re.search(r"http://\S+/invite/\S+", body).group(0)

    client = phone(browser, mailing_app.url)
    client.goto(link)
    live(client)
    checked(client)
    client.get_by_label("Password", exact=True).fill("a long password")
    client.get_by_label("Repeat the password").fill("a long password")
    client.get_by_role("button", name="Set password and continue").click()
    expect(client.get_by_text(FAMILY_QUESTION)).to_be_visible()  # the demo allows related profiles
    checked(client)
    client.get_by_role("button", name="No", exact=True).click()
    expect(client.get_by_role("heading", name="Hello Rosa")).to_be_visible()
    expect(client.get_by_text("No appointments coming up.")).to_be_visible()
    checked(client)

    # Book, signed in: no contact step.
    client.get_by_role("link", name="Book", exact=True).click()
    expect(client.get_by_text("Booking for Rosa Marino")).to_be_visible()
    live(client)
    checked(client)
    client.get_by_role("button", name=re.compile("^Initial consultation")).click()
    client.get_by_role("button", name=re.compile("^Dr. Priya Patel")).click()
    expect(client.locator(".hearth-times button").first).to_be_visible()
    checked(client)
    later_day(client)  # beyond the 24-hour cancellation window, so it can be moved online
    client.locator(".hearth-times button").first.click()
    expect(client.get_by_role("heading", name="Check and send")).to_be_visible()
    expect(client.get_by_label("First name *", exact=True)).to_have_count(0)
    checked(client)
    client.get_by_role("button", name="Request booking").click()
    expect(client.get_by_role("heading", name="Booking requested")).to_be_visible()
    checked(client)
    client.get_by_role("link", name="Back to Home").click()
    requested = client.get_by_text("Requested: waiting for Demo Clinic to confirm")
    expect(requested).to_be_visible()

    # Staff confirm it; Home follows without a reload.
    staff.goto("/requests")
    card = staff.locator(".q-card", has_text="Rosa Marino").first
    card.get_by_role("button", name="Confirm").click()
    expect(staff.get_by_text(re.compile("^Confirmed: Initial consultation"))).to_be_visible()
    expect(client.get_by_text("Booked", exact=True)).to_be_visible()
    upcoming = client.locator(".q-card", has=client.get_by_role("heading", name="Upcoming appointments"))
    before = upcoming.locator(".text-subtitle1").first.inner_text()

    # Reschedule inside the window.
    client.get_by_role("link", name="Reschedule").click()
    expect(client.get_by_text(f"Now: {before}")).to_be_visible()
    live(client)
    busiest_day(client)  # late in the day the day it opens on may have one free time only (a CI run met it)
    expect(client.locator(".hearth-times button").nth(1)).to_be_visible()
    checked(client)
    client.locator(".hearth-times button").nth(1).click()
    client.get_by_role("button", name="Move appointment").click()
    expect(client.get_by_text(re.compile("^Your appointment was moved to"))).to_be_visible()
    expect(client.get_by_text(before)).to_have_count(0)
    moved = wait_for_mail(mail_server, "rosa.marino@example.com", "your appointment was moved")
    assert "It was " + before.split(",")[0] in moved.get_content()

    # Staff assign a task with an emailed link; Rosa ticks it off in the portal.
    open_client(staff, "Rosa Marino")
    staff.get_by_role("tab", name="Tasks").click()
    staff.get_by_label("Task *", exact=True).fill("Bring your referral letter")
    staff.get_by_role("button", name="Assign to the client").click()
    expect(staff.get_by_text(re.compile("^Task assigned"))).to_be_visible()
    task_mail = wait_for_mail(mail_server, "rosa.marino@example.com", "Bring your referral letter")
    assert re.search(r"http://\S+/tasks/\S+", task_mail.get_content())
    client.get_by_role("link", name="Tasks", exact=True).click()
    live(client)
    checked(client)
    client.get_by_role("checkbox", name="Bring your referral letter").click()
    expect(client.get_by_text(re.compile("can see you ticked it off"))).to_be_visible()
    checked(client)


def test_chloe_pays_her_invoice_opens_her_document_and_keeps_her_appointment(browser: Browser, mailing_app):
    client = phone(browser, mailing_app.url)
    portal_sign_in(client, *DEMO_PORTAL_LOGIN)
    checked(client)
    client.get_by_role("button", name=re.compile("^Profile menu")).click()
    expect(client.get_by_text("Sign out")).to_be_visible()
    checked(client)
    client.keyboard.press("Escape")

    # Cancelling asks first, with the clinic's terms; "Keep it" changes nothing.
    client.get_by_role("button", name="Cancel appointment").first.click()
    expect(client.get_by_text("Cancel this appointment?")).to_be_visible()
    expect(client.get_by_text(re.compile("please cancel at least 24 hours before"))).to_be_visible()
    checked(client)
    client.get_by_role("button", name="Keep it").click()
    expect(client.get_by_text("Cancel this appointment?")).to_have_count(0)

    # Pay the invoice with the sandbox's card.
    client.get_by_role("link", name="Invoices", exact=True).click()
    live(client)
    checked(client)
    with client.expect_download() as pdf:
        client.get_by_role("button", name="PDF").first.click()
    assert pdf.value.suggested_filename.startswith("INV-")
    client.get_by_role("button", name=re.compile(r"^Pay \$")).first.click()
    expect(client.get_by_text("SANDBOX", exact=False).first).to_be_visible()
    live(client)
    client.get_by_label("Card number").fill("4242 4242 4242 4242")
    client.get_by_role("button", name=re.compile(r"^Pay \$")).click()
    expect(client.get_by_role("heading", name="Payment received. Thank you!")).to_be_visible(timeout=15_000)
    checked(client)
    client.get_by_role("link", name="Back to Invoices").click()
    expect(client.get_by_text("Paid", exact=True).first).to_be_visible()

    # Open the shared document: it is no longer New.
    client.get_by_role("link", name="Documents", exact=True).click()
    live(client)
    checked(client)
    expect(client.get_by_text("New", exact=True)).to_be_visible()
    with client.expect_download() as document:
        client.get_by_role("link", name="Open Home exercises.pdf").click()
    assert document.value.suggested_filename == "Home exercises.pdf"
    client.reload()
    expect(client.get_by_text("Home exercises.pdf")).to_be_visible()
    expect(client.get_by_text("New", exact=True)).to_have_count(0)


def test_a_visitor_creates_an_account_from_the_sign_in_page(browser: Browser, mailing_app, mail_server):
    visitor = phone(browser, mailing_app.url)
    visitor.goto("/portal/login")
    live(visitor)
    visitor.get_by_role("link", name="Create an account").click()
    live(visitor)
    checked(visitor)
    visitor.get_by_label("First name").fill("Kai")
    visitor.get_by_label("Last name").fill("Tanaka")
    visitor.get_by_label("Email").fill("kai.tanaka@example.com")
    visitor.get_by_role("button", name="Create account").click()
    expect(visitor.get_by_text(re.compile("Check your email"))).to_be_visible()
    checked(visitor)
    mail = wait_for_mail(mail_server, "kai.tanaka@example.com", "confirm your email")
    link = re.search(r"http://\S+/portal/verify/\S+", mail.get_content()).group(0)
    visitor.goto(link)
    live(visitor)
    checked(visitor)
    visitor.get_by_label("Password", exact=True).fill("kai's long password")
    visitor.get_by_label("Repeat the password").fill("kai's long password")
    visitor.get_by_role("button", name="Create account").click()

    # Sign-up with family members (seed 002): Kai books for his daughter, who may bill to his account.
    expect(visitor.get_by_text(FAMILY_QUESTION)).to_be_visible()
    checked(visitor)
    visitor.get_by_role("button", name="Yes", exact=True).click()
    visitor.get_by_role("combobox", name=re.compile("^Relationship")).click()
    visitor.get_by_role("option", name="Child", exact=True).click()
    expect(visitor.get_by_role("listbox")).to_have_count(0)  # the menu closed (axe reads it while it fades)
    visitor.get_by_label("First name *", exact=True).fill("Aiko")
    visitor.get_by_label("Last name *", exact=True).fill("Tanaka")
    visitor.get_by_label("Email *", exact=True).fill("aiko.tanaka@example.com")
    bill = visitor.get_by_role("checkbox", name=BILL_TO_ME_LABEL)
    bill.click()
    expect(bill).to_be_checked()
    checked(visitor)
    visitor.get_by_role("button", name="Continue").click()
    expect(visitor.get_by_role("heading", name="Hello Kai")).to_be_visible()
    expect(visitor.get_by_text(re.compile("Added: Aiko Tanaka, your child"))).to_be_visible()
    checked(visitor)
    told = wait_for_mail(mail_server, "aiko.tanaka@example.com", "Kai Tanaka has new access to your information")
    assert "Manage Bookings and Intake Forms" in told.get_content()


def test_public_pages_clients_reach_pass_axe(page: Page):
    page.set_viewport_size(PHONE)
    for path in ("/f/demo-intake", "/portal/register", "/tasks/not-a-real-link", "/portal/verify/not-a-real-link"):
        page.goto(path)
        live(page)
        assert serious_violations(page) == [], path

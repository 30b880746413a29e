"""Client journeys in a real browser: invitation by real email, public form to Review & Add, test client."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import FAMILY_QUESTION, live, sign_in, wait_for_mail


def test_invited_client_sets_a_password_and_lands_in_the_portal(browser: Browser, mailing_app, mail_server):
    staff = browser.new_context(base_url=mailing_app.url).new_page()
    sign_in(staff, path="/clients/new")
    staff.get_by_label("First name *", exact=True).fill("Noor")
    staff.get_by_label("Last name *", exact=True).fill("Haddad")
    staff.get_by_label("Email").fill("noor.haddad@example.com")
    staff.get_by_role("button", name="Add", exact=True).click()
    expect(staff.get_by_text("Client added and invited.")).to_be_visible()

    invitation = wait_for_mail(mail_server, "noor.haddad@example.com")
    link = re.search(r"http://\S+/invite/\S+", invitation.get_content()).group(0)
    client = browser.new_context(base_url=mailing_app.url, viewport={"width": 390, "height": 844}).new_page()
    client.goto(link)
    expect(client.get_by_text("Welcome, Noor")).to_be_visible()
    client.get_by_label("Password", exact=True).fill("a long password")
    client.get_by_label("Repeat the password").fill("a long password")
    client.get_by_role("button", name="Set password and continue").click()
    expect(client.get_by_text(FAMILY_QUESTION)).to_be_visible()  # the demo allows related profiles
    client.get_by_role("button", name="No", exact=True).click()
    expect(client.get_by_text("Hello Noor")).to_be_visible()
    assert client.evaluate("document.documentElement.scrollWidth") <= 390

    client.goto(link)  # the link works once
    expect(client.get_by_text("This invitation was already used.")).to_be_visible()
    staff.reload()
    staff.get_by_role("tab", name="Portal & forms").click()
    expect(staff.get_by_text("Portal active")).to_be_visible()


def test_public_form_visitor_is_reviewed_and_added(page: Page, browser: Browser, base_url: str):
    visitor = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844}).new_page()
    visitor.goto("/f/demo-intake")
    visitor.get_by_label("First name *", exact=True).fill("Ana")
    visitor.get_by_label("Last name *", exact=True).fill("Silva")
    visitor.get_by_label("Email *").fill("ana.silva@example.com")
    visitor.locator("textarea").first.fill("Shoulder pain after swimming")
    visitor.get_by_text("I agree to the clinic's privacy policy").click()
    visitor.get_by_role("button", name="Send").click()
    expect(visitor.get_by_text("Thank you!")).to_be_visible()

    sign_in(page)
    row = page.locator("tr", has_text="Ana Silva")
    expect(row).to_have_class(re.compile("bg-green-1"))  # prospects are green
    row.get_by_role("button", name="Review & Add").click()
    expect(page.get_by_text("Shoulder pain after swimming")).to_be_visible()
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("Ana Silva is now an active client.")).to_be_visible()
    expect(page.locator(".q-badge", has_text="Active")).to_be_visible()
    page.goto("/people")
    expect(page.locator("tr", has_text="Ana Silva")).not_to_have_class(re.compile("bg-green-1"))


def test_staff_view_the_portal_as_a_test_client_and_stay_signed_in(page: Page):
    sign_in(page)
    page.get_by_role("button", name="Create test client").click()
    page.get_by_label("Secondary email").fill("tester+portal@example.com")
    page.get_by_role("button", name="Create", exact=True).click()
    expect(page.get_by_text("Test client", exact=True)).to_be_visible()
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="View portal as this client").click()
    portal = opened.value
    expect(portal.get_by_text("Hello Test")).to_be_visible()
    expect(portal.get_by_text("You are viewing the portal as this test client")).to_be_visible()
    portal.close()
    page.bring_to_front()  # Chromium throttles animations in background tabs: menus would never open
    page.goto("/people")  # the staff session is untouched
    expect(page.get_by_role("button", name="User menu")).to_be_visible()
    live(page)
    page.get_by_role("combobox", name="Show").click()
    page.get_by_role("option", name="Test clients").click()
    expect(page.get_by_text("Test Client (test)")).to_be_visible()

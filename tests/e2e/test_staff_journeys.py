"""Staff journeys in a real browser."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PHONE
from tests.e2e.helpers import sign_in


def test_owner_renames_the_clinic_and_every_open_page_shows_it(page: Page, browser: Browser, base_url: str):
    sign_in(page, path="/setup")
    other = browser.new_context(base_url=base_url).new_page()  # a colleague's browser, on another page
    sign_in(other, path="/people")
    expect(other.locator("header")).to_contain_text("Demo Clinic")

    name = page.get_by_label("Clinic name")
    name.fill("Harbourside Therapy")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Clinic details saved.")).to_be_visible()
    expect(page.locator("header")).to_contain_text("Harbourside Therapy")
    expect(other.locator("header")).to_contain_text("Harbourside Therapy")  # live, without reload

    page.reload()
    expect(page.locator("header")).to_contain_text("Harbourside Therapy")
    page.get_by_label("Clinic name").fill("Demo Clinic")  # leave the shared server as it was
    page.get_by_role("button", name="Save").click()
    expect(page.locator("header")).to_contain_text("Demo Clinic")
    other.context.close()


def test_wrong_password_then_right_one(page: Page):
    page.goto("/people")
    expect(page).to_have_url(re.compile(r"/login\?next=/people"))
    page.get_by_label("Email").fill("owner@demo.hearth.test")
    page.get_by_label("Password").fill("guess")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Email or password is incorrect.")).to_be_visible()
    sign_in(page)
    expect(page.get_by_text("Mary Smith", exact=True)).to_be_visible()


def test_phone_sign_in_and_people_fit_the_screen(browser: Browser, base_url: str):
    context = browser.new_context(base_url=base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto("/login")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    sign_in(page)
    expect(page.get_by_text("Mary Smith", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.get_by_text("Audit log")).to_be_hidden()  # the drawer stays closed on a phone
    page.get_by_role("button", name="Navigation").click()
    expect(page.get_by_text("Audit log")).to_be_visible()
    context.close()


def test_the_page_language_follows_the_clinics_locale(page: Page):
    """The demo clinic is en-AU: <html lang="en-AU">, and Quasar's English pack (British spelling, Monday first)
    for its pickers; the sign-in page too, before anyone signs in."""
    page.goto("/login")
    assert page.evaluate("document.documentElement.lang") == "en-AU"
    sign_in(page, path="/calendar")
    expect(page.locator("html")).to_have_attribute("lang", "en-AU")
    assert page.evaluate("window.Quasar.Lang.props.isoName") == "en-GB"

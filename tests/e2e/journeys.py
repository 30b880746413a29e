"""Steps that several journeys share."""
from playwright.sync_api import Page, expect

from domain.demo import DEMO_LOGIN


def live(page: Page) -> None:
    """Waits until the page's websocket is connected: clicks before that can be lost."""
    page.wait_for_function("() => window.socket && window.socket.connected")


def sign_in(page: Page, email: str = DEMO_LOGIN[0], password: str = DEMO_LOGIN[1], path: str = "/people") -> None:
    page.goto(path)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="User menu")).to_be_visible()
    live(page)


def open_client(page: Page, name: str) -> None:
    """People > search > the client's row: the way a user gets to a client (no row ids in the test)."""
    page.goto("/people")
    live(page)
    page.get_by_placeholder("Search by name, email or phone").fill(name)
    expect(page.get_by_text("1–1 of 1", exact=True)).to_be_visible()  # the search answered: only this client
    page.get_by_text(name, exact=True).click()  # a table row, or a card on a phone
    page.wait_for_url("**/clients/*")
    live(page)

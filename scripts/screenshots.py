"""Takes screenshots of the running app's pages and dialogs; see scripts/screenshots."""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect, sync_playwright

from domain.demo import DEMO_LOGIN
from tests.e2e.helpers import drag, event_box, live, open_client, open_day, point, sign_in
from tests.e2e.server import CHROMIUM_ARGS, AppServer, chromium

OUT = Path("screenshots")
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
COUPLE = "Liam Nguyen & Grace Lee"  # the demo's shared profile


def client(name: str, tab: str | None = None) -> Callable[[Page], None]:
    def go(page: Page) -> None:
        open_client(page, name)
        if tab:
            page.get_by_role("tab", name=tab).click()

    return go


def shared(tab: str | None = None) -> Callable[[Page], None]:
    def go(page: Page) -> None:
        page.goto("/people/shared")
        live(page)
        page.get_by_text(COUPLE).click()
        page.wait_for_url("**/shared/*")
        live(page)
        if tab:
            page.get_by_role("tab", name=tab).click()

    return go


def path(to: str, tab: str | None = None) -> Callable[[Page], None]:
    def go(page: Page) -> None:
        page.goto(to)
        live(page)
        if tab:
            page.get_by_role("tab", name=tab).click()

    return go


def review(page: Page) -> None:
    open_client(page, "Jordan Reyes")  # a demo prospect
    page.get_by_role("button", name="Review & Add").click()
    page.wait_for_url("**/review")


def payment_dialog(page: Page) -> None:
    client("John Smith", "Billing")(page)
    page.get_by_text("Part paid").first.click()
    page.get_by_role("button", name="Record payment").click()
    expect(page.get_by_text("Record payment for")).to_be_visible()


def new_pack_dialog(page: Page) -> None:
    client("John Smith", "Billing")(page)
    page.get_by_role("button", name="Add New Pack").click()
    page.get_by_label("From a template").click()
    page.get_by_role("option", name="Ad hoc (fill in below)").click()


def audit_verified(page: Page) -> None:
    path("/audit")(page)
    page.get_by_role("button", name="Verify audit log").click()
    page.get_by_text("The audit log is intact").wait_for()


def next_monday() -> date:
    today = datetime.now(ZoneInfo("Australia/Sydney")).date()
    return today - timedelta(days=today.weekday()) + timedelta(days=7)


def new_appointment(page: Page) -> None:
    path("/calendar")(page)
    open_day(page, next_monday() + timedelta(days=1))
    drag(page, point(page, 1, "12:00"), point(page, 1, "12:40"))
    expect(page.get_by_text("New appointment")).to_be_visible()
    page.get_by_label("Client").fill("John Smith")
    page.get_by_text("john.smith@example.com").click()


def appointment_panel(page: Page) -> None:
    path("/calendar")(page)
    open_day(page, next_monday() + timedelta(days=2))
    event_box(page, "·").click()
    expect(page.get_by_text("Select a Service or Pack")).to_be_visible()


def which_time(page: Page) -> None:
    path("/calendar")(page)
    page.evaluate("() => window.hearthCalendar.setOption('date', new Date(2027, 3, 4))")
    page.get_by_role("button", name="Day", exact=True).click()
    page.evaluate("() => window.hearthCalendar.setOption('slotMinTime', '00:00')")
    page.wait_for_timeout(300)
    drag(page, point(page, 1, "02:30"), point(page, 1, "02:55"))
    expect(page.get_by_text("New appointment")).to_be_visible()
    page.get_by_role("button", name="Meeting").click()


PAGES: list[tuple[str, Callable[[Page], None]]] = [
    ("calendar", path("/calendar")),
    ("people", path("/people")),
    ("add-client", path("/clients/new")),
    ("client", client("Mary Smith")),
    ("client-portal-forms", client("Mary Smith", "Portal & forms")),
    ("review", review),
    ("setup-clinic", path("/setup")),
    ("setup-staff", path("/setup", "Staff users")),
    ("setup-hours", path("/setup", "Working hours")),
    ("setup-services", path("/setup", "Services")),
    ("setup-calendar", path("/setup", "Calendar")),
    ("client-appointments", client("Mary Smith", "Appointments")),
    ("client-billing", client("John Smith", "Billing")),
    ("setup-packs", path("/setup", "Session packs")),
    ("setup-configuration", path("/setup", "Configuration")),
    ("tasks", path("/tasks")),
    ("setup-forms", path("/setup", "Forms")),
    ("audit", path("/audit")),
    ("audit-verified", audit_verified),
    ("outbox", path("/outbox")),
    ("people-shared", path("/people/shared")),
    ("new-shared", path("/shared/new")),
    ("shared-details", shared()),
    ("shared-classifications", shared("Classifications")),
    ("shared-reminders", shared("Appointment Reminders")),
    ("shared-billing", shared("Billing")),
    ("shared-records", shared("Records")),
    ("shared-communication", shared("Communication")),
    ("shared-admin", shared("Admin")),
    ("client-contacts", client("Liam Nguyen", "Contacts")),
    ("client-tasks", client("Liam Nguyen", "Tasks")),
    ("reports", path("/reports")),
    ("setup-classifications", path("/setup", "Classifications")),
    ("payment-dialog", payment_dialog),
    ("new-pack-dialog", new_pack_dialog),
    ("new-appointment", new_appointment),
    ("appointment-panel", appointment_panel),
    ("which-time", which_time),
]
PUBLIC = [("public-form", "/f/demo-intake"), ("portal-login", "/portal/login"), ("bad-invite", "/invite/nope")]


def main(only: list[str]) -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as pw, AppServer() as server:
        browser = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        for size, viewport in SIZES.items():
            page = browser.new_context(base_url=server.url, viewport=viewport).new_page()
            for name, public in PUBLIC if not only else []:
                page.goto(public)
                live(page)
                page.screenshot(path=OUT / f"{name}-{size}.png", full_page=True)
            if not only:
                page.goto("/login")
                page.screenshot(path=OUT / f"login-{size}.png", full_page=True)
            sign_in(page, *DEMO_LOGIN, path="/calendar")
            for name, go in PAGES:
                if only and not any(name.startswith(o) for o in only):
                    continue
                try:
                    go(page)
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(500)  # dialogs slide in
                    page.screenshot(path=OUT / f"{name}-{size}.png", full_page=True)
                except Exception as exc:  # one page that cannot be reached must not stop the others
                    print(f"{name} ({size}): {type(exc).__name__}: {str(exc).splitlines()[0]}")
                page.keyboard.press("Escape")
        browser.close()
    if only:
        print(f"Screenshots in {OUT.resolve()}")
        return
    with sync_playwright() as pw, AppServer(HEARTH_DEMO="0") as server:
        browser = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        for size, viewport in SIZES.items():
            page = browser.new_context(base_url=server.url, viewport=viewport).new_page()
            page.goto("/")
            page.wait_for_url("**/welcome")
            page.screenshot(path=OUT / f"welcome-{size}.png", full_page=True)
        browser.close()
    print(f"Screenshots in {OUT.resolve()}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])  # names (or prefixes) of the pages to take; none: all

"""Takes screenshots of the running app's pages; see scripts/screenshots."""
from pathlib import Path

from playwright.sync_api import sync_playwright

from domain.demo import DEMO_LOGIN
from tests.e2e.server import CHROMIUM_ARGS, AppServer, chromium

OUT = Path("screenshots")
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
SHARED = "@shared"  # the demo's shared profile: opened from People > Shared
PAGES = [("calendar", "/calendar", None), ("people", "/people", None), ("add-client", "/clients/new", None), ("client", "/clients/1", None),
         ("client-portal-forms", "/clients/1", "Portal & forms"), ("review", "/clients/31/review", None),
         ("setup-clinic", "/setup", None), ("setup-staff", "/setup", "Staff users"),
         ("setup-hours", "/setup", "Working hours"),
         ("setup-services", "/setup", "Services"), ("setup-calendar", "/setup", "Calendar"),
         ("client-appointments", "/clients/1", "Appointments"), ("client-billing", "/clients/4", "Billing"),
         ("setup-packs", "/setup", "Session packs"), ("setup-configuration", "/setup", "Configuration"),
         ("tasks", "/tasks", None), ("setup-forms", "/setup", "Forms"), ("audit", "/audit", None),
         ("outbox", "/outbox", None), ("people-shared", "/people/shared", None), ("new-shared", "/shared/new", None),
         ("shared-details", SHARED, None), ("shared-classifications", SHARED, "Classifications"),
         ("shared-reminders", SHARED, "Appointment Reminders"), ("shared-billing", SHARED, "Billing"),
         ("shared-records", SHARED, "Records"), ("shared-communication", SHARED, "Communication"),
         ("shared-admin", SHARED, "Admin"), ("client-contacts", "/clients/8", "Contacts"),
         ("client-tasks", "/clients/8", "Tasks"), ("reports", "/reports", None),
         ("setup-classifications", "/setup", "Classifications")]
PUBLIC = [("public-form", "/f/demo-intake"), ("portal-login", "/portal/login"), ("bad-invite", "/invite/nope")]


def main(only: list[str]) -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as pw, AppServer() as server:
        browser = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        for size, viewport in SIZES.items():
            page = browser.new_context(base_url=server.url, viewport=viewport).new_page()
            for name, path in PUBLIC:
                page.goto(path)
                page.wait_for_timeout(400)
                page.screenshot(path=OUT / f"{name}-{size}.png", full_page=True)
            page.goto("/login")
            page.screenshot(path=OUT / f"login-{size}.png", full_page=True)
            page.get_by_label("Email").fill(DEMO_LOGIN[0])
            page.get_by_label("Password").fill(DEMO_LOGIN[1])
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url("**/calendar")
            for name, path, tab in PAGES:
                if only and not any(name.startswith(o) for o in only):
                    continue
                if path == SHARED:
                    page.goto("/people/shared")
                    page.get_by_text("Liam Nguyen & Grace Lee").click()
                    page.wait_for_url("**/shared/*")
                else:
                    page.goto(path)
                page.wait_for_load_state("networkidle")
                if tab:
                    page.get_by_role("tab", name=tab).click()
                page.wait_for_timeout(400)
                page.screenshot(path=OUT / f"{name}-{size}.png", full_page=True)
        browser.close()
    if only:
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

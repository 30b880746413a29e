"""Hearth's entry point: check settings, migrate, then serve.

Run with `python -m ui.main` (scripts/run does). Migrations run here, before NiceGUI's
event loop starts; demo data and the outbox sender start with the server.
"""

import asyncio
import time

STARTED = time.monotonic()

import logging  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

if __package__ in (None, ""):  # started as a file (NiceGUI's test plugin runs it with runpy)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage.config import data_folder, database_url  # noqa: E402

# Before NiceGUI is imported (it reads the variable then): its per-browser storage, which holds each staff
# session's token, lives in the data folder, and everything the app writes is its owner's alone (the process
# umask, since NiceGUI writes its files with it).
os.umask(0o077)
os.environ.setdefault("NICEGUI_STORAGE_PATH", str(data_folder() / "sessions"))

from fastapi.responses import RedirectResponse  # noqa: E402
from nicegui import app, ui  # noqa: E402

from domain.adapters.sms import SmsGateway, SmsUrlError  # noqa: E402
from domain.adapters.smtp import SmtpSettings, SmtpUrlError  # noqa: E402
from domain.clinic.settings import get_clinic  # noqa: E402
from domain.demo import DEMO_LOGIN, seed_demo  # noqa: E402
from domain.demo_portal import DEMO_PORTAL_LOGIN  # noqa: E402
from domain.messaging.sender import OutboxSender  # noqa: E402
from domain.scheduling.reminders import ReminderScheduler  # noqa: E402
from storage.config import DatabaseUrlError, check_database_url  # noqa: E402
from storage.engine import Database  # noqa: E402
from storage.migrate import in_thread, upgrade_to_head  # noqa: E402
from ui.config import ConfigError, check_port, check_sqlite_folder, listen_address, load_config  # noqa: E402
from ui.language import PageLanguage  # noqa: E402
from ui.security import SecurityHeaders  # noqa: E402
from ui.state import state  # noqa: E402

log = logging.getLogger("hearth")
SERVING = __name__ in {"__main__", "__mp_main__"} and "PYTEST_CURRENT_TEST" not in os.environ


def fail(message: str) -> None:
    print(f"hearth: {message}", file=sys.stderr)
    raise SystemExit(2)


def configure() -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        if SERVING:  # first, before anything is written (NiceGUI's test plugin serves nothing itself)
            check_port(*listen_address())
        check_sqlite_folder(os.environ.get("DATABASE_URL") or "")
        config = load_config(data_folder(), database_url(data_folder()))
        check_database_url(config.database_url)
        smtp = SmtpSettings.from_url(config.smtp_url, sender=config.smtp_from) if config.smtp_url else None
        sms = SmsGateway.from_url(config.sms_url, token=config.sms_token) if config.sms_url else None
    except (ConfigError, DatabaseUrlError, SmtpUrlError, SmsUrlError) as exc:
        fail(str(exc))
    print(f"Hearth data folder: {config.data_dir}")
    print(f"Database: {config.database_label}")
    try:
        upgrade_to_head(config.database_url)
        if config.demo and in_thread(asyncio.run, _seed(config.database_url, config.public_url)):
            print("Demo data created: Demo Clinic with staff and clients.")
    except Exception as exc:  # unreachable server, wrong password, unwritable file...
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]  # one line, without SQLAlchemy's help link
        fail(f"cannot prepare the database ({config.database_label}): {type(exc).__name__}: {reason}")
    if config.demo:
        print(f"Demo sign-in: {DEMO_LOGIN[0]} / {DEMO_LOGIN[1]} (every demo staff user has this password)")
        print(
            f"Demo Client Portal (/portal): {DEMO_PORTAL_LOGIN[0]} or mary.smith@example.com (with her family "
            f"records Steven and Susan) / {DEMO_PORTAL_LOGIN[1]}"
        )
    state.config, state.smtp, state.sms = config, smtp, sms
    state.sender = state.reminders = None  # set by startup(); a test's app may stop before its startup ran
    state.payments, state.payment_provider = payment_providers(config)
    state.db = Database(config.database_url)  # connects lazily, inside the server's event loop


def payment_providers(config) -> tuple[dict, object]:
    """Stripe when its key is set; the sandbox in the demo (or with HEARTH_PAYMENT_SANDBOX=1); otherwise none, and
    invoices carry no "Pay now" link."""
    from domain.billing.online.sandbox import SandboxProvider
    from domain.billing.online.stripe_gateway import StripeProvider

    found: dict = {}
    if config.payment_sandbox:
        found["sandbox"] = SandboxProvider(config.public_url)
    if config.stripe_secret_key:
        found["stripe"] = StripeProvider(config.stripe_secret_key, config.stripe_webhook_secret, config.stripe_api_base)
    print("Online payments: " + (", ".join(p.label for p in found.values()) or "off (no provider set up)"))
    return found, found.get("stripe") or found.get("sandbox")


async def _seed(url: str, public_url: str) -> bool:
    """Demo data is in place before the first request: NiceGUI does not wait for start-up tasks."""
    database = Database(url)
    try:
        return await seed_demo(database.uow(), public_url=public_url)
    finally:
        await database.dispose()


async def startup() -> None:
    clinic = await get_clinic(state.db.uow(read_only=True))  # its formats, for pages, emails and reminders
    print(f"Clinic: {clinic.name}, {clinic.locale}, {clinic.currency}, {clinic.time_zone}")
    state.reminders = ReminderScheduler(state.db)
    state.reminders.start()
    if state.smtp or state.sms:
        state.sender = OutboxSender(state.db, state.smtp, state.sms)
        if state.smtp and await state.sender.check():
            print(f"Sending email through {state.smtp.where}")
        state.sender.start()
    if not state.smtp:
        print("SMTP_URL not set: emails stay in the Outbox page.")
    print(
        f"Sending SMS through {state.sms.where}"
        if state.sms
        else "HEARTH_SMS_URL not set: SMS stay in the Outbox page."
    )
    print(f"Hearth is ready on {state.config.public_url} (started in {time.monotonic() - STARTED:.1f} s)")


async def shutdown() -> None:
    if getattr(state, "sender", None):
        await state.sender.stop()
    if getattr(state, "reminders", None):
        await state.reminders.stop()
    if state.db is not None:
        await state.db.dispose()


def friendly_error_page(exc: Exception) -> None:
    log.error("page failed", exc_info=exc)
    with ui.column().classes("w-full items-center q-pa-xl"):
        ui.icon("sentiment_dissatisfied", size="3rem").classes("text-grey-6")
        ui.label("This page could not be shown").classes("text-h6")
        ui.label("The error was logged on the server. Reload the page, or go back and try again.")
        ui.link("Go to the start page", "/")


def register_pages() -> None:
    """Includes every section's router (again after a test reset, which removes all routes)."""
    from ui import booking, payments
    from ui.pages import login, welcome
    from ui.portal import pages as portal
    from ui.portal import public_pages
    from ui.staff import audit, calendar, clients, households, outbox, reports, requests, setup, tasks

    lifespan = app.router.lifespan_context
    for section in (
        login,
        welcome,
        calendar,
        requests,
        clients,
        households,
        outbox,
        audit,
        setup,
        tasks,
        reports,
        portal,
        public_pages,
        booking,
        payments,
    ):
        app.include_router(section.router)
    # FastAPI wraps the app's lifespan once per included router (ours have none); the test plugin registers
    # the pages again for every test, and the nesting grew until Python's recursion limit.
    app.router.lifespan_context = lifespan

    @ui.page("/")
    def home():
        return RedirectResponse("/calendar")


configure()
register_pages()
app.on_startup(startup)
app.on_shutdown(shutdown)
app.on_page_exception(friendly_error_page)
app.add_static_files("/assets", str(Path(__file__).resolve().parent.parent / "assets"))
app.add_middleware(SecurityHeaders)
app.add_middleware(PageLanguage)

if __name__ in {"__main__", "__mp_main__"}:
    ui.run(
        host=state.config.host,
        port=state.config.port,
        title="Hearth",
        favicon="🔥",
        reload=False,
        show=False,
        storage_secret=state.config.storage_secret,
        show_welcome_message=False,
        session_middleware_kwargs={"session_cookie": "hearth_staff", "same_site": "lax"},
    )

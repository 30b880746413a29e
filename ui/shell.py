"""The staff shell: header with the clinic name and user menu, the left drawer, the content area."""

import logging
from collections.abc import Callable
from contextlib import contextmanager

from nicegui import app, ui

from domain import topics
from domain.accounts.registration_views import waiting_registration_count
from domain.accounts.roles import can
from domain.accounts.sessions import sign_out
from domain.clinic.settings import get_clinic
from domain.errors import DomainError
from domain.scheduling.online.handling import pending_request_count
from ui.actions import show_flash, unexpected_error
from ui.live import on_change
from ui.session import TOKEN_KEY, StaffContext
from ui.state import uow

SECTIONS = [  # label, icon, path, capability
    ("Calendar", "calendar_month", "/calendar", "calendar"),
    ("Requests", "inbox", "/requests", "calendar"),
    ("People", "groups", "/people", "people.read"),
    ("Tasks", "task_alt", "/tasks", "people.read"),
    ("Reports", "bar_chart", "/reports", "billing"),
    ("Outbox", "outbox", "/outbox", "outbox.read"),
    ("Audit log", "history", "/audit", "audit.read"),
    ("Setup", "settings", "/setup", "setup"),
]
BRAND = "#8a3b12"
log = logging.getLogger(__name__)


def apply_theme() -> None:
    ui.colors(primary=BRAND, secondary="#c8733a", accent="#2f6f5e", positive="#2e7d32")
    ui.add_head_html('<link rel="stylesheet" href="/assets/hearth.css"><script src="/assets/hearth.js" defer></script>')
    ui.query("body").classes("bg-grey-1")


@contextmanager
def frame(ctx: StaffContext, title: str, *, section: str | None = None, heading: bool = True):
    apply_theme()
    ui.on_exception(unexpected_error)
    show_flash()
    with ui.header(elevated=False).classes("items-center q-px-md q-py-sm bg-primary text-white"):
        ui.button(icon="menu", on_click=lambda: drawer.toggle()).props(
            "flat round dense color=white aria-label=Navigation"
        )
        clinic_name = ui.label(ctx.clinic.name).classes("text-h6 ellipsis").mark("clinic-name")
        ui.space()
        with ui.button(icon="account_circle").props("flat round color=white aria-label='User menu'"), ui.menu():
            with ui.column().classes("q-pa-md gap-0"):
                ui.label(ctx.staff.name).classes("text-weight-bold")
                ui.label(f"{ctx.staff.email} · {ctx.staff.role_label}").classes("text-caption text-grey-7")
            ui.separator()
            ui.menu_item("Sign out", on_click=lambda: _sign_out(ctx)).mark("sign-out")

    async def refresh_clinic_name() -> None:
        clinic_name.text = (await get_clinic(ctx.uow(read_only=True))).name

    on_change(topics.CLINIC, refresh_clinic_name)

    counts = []  # started once the page is drawn (below)
    with ui.left_drawer(value=None, bordered=True).classes("bg-white q-pa-none").props("width=220") as drawer:
        with ui.list().classes("full-width q-mt-sm"):
            for label, icon, path, capability in SECTIONS:
                if can(ctx.staff.role, capability):
                    item = _nav_item(label, icon, path, active=(section or title) == label)
                    if path == "/requests":
                        with item:
                            counts.append(_requests_count(ctx))
    with ui.column().classes("w-full q-pa-md gap-4 max-w-screen-xl mx-auto"):
        if heading:
            ui.label(title).classes("text-h5 q-mt-sm")
        yield
    for start in counts:
        start()


def _nav_item(label: str, icon: str, path: str, *, active: bool) -> ui.item:
    with ui.item(on_click=lambda: ui.navigate.to(path)).classes(
        "rounded-borders q-mx-sm" + (" bg-orange-1 text-primary" if active else "")
    ) as item:
        with ui.item_section().props("avatar"):
            ui.icon(icon)
        ui.item_section(label)
    return item


def _requests_count(ctx: StaffContext) -> Callable[[], None]:
    """How many booking requests and Client Portal accounts wait, beside "Requests" (none shown at 0), live. Two
    small count queries, once the page is drawn (call the function returned then): the menu is on every staff page,
    so it never delays or slows the page's own reads, and a failure leaves only the badge out."""
    with ui.item_section().props("side") as side:
        badge = ui.badge("", color="negative").props("rounded").mark("requests-count")
    badge.visible = False

    async def count() -> None:
        try:
            waiting = await pending_request_count(ctx.uow(read_only=True), actor=ctx.actor)
            waiting += await waiting_registration_count(ctx.uow(read_only=True), actor=ctx.actor)  # portal accounts
        except DomainError:  # e.g. the session ended: the page itself says so
            return
        except Exception:  # the menu never breaks a page
            log.warning("could not count the pending booking requests for the menu", exc_info=True)
            return
        if not badge.is_deleted:
            badge.text = str(waiting)
            badge.props["aria-label"] = f"{waiting} waiting"
            badge.visible = waiting > 0

    on_change(topics.REQUESTS, count)
    on_change(topics.PORTAL_ACCOUNTS, count)

    def start() -> None:
        if not side.is_deleted:
            with side:
                ui.timer(0, count, once=True)

    return start


async def _sign_out(ctx: StaffContext) -> None:
    app.storage.user.pop(TOKEN_KEY, None)
    await sign_out(uow(), actor=ctx.actor, token=ctx.token)
    ui.navigate.to("/login")

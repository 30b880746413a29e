"""The tabs every profile has, after its own Details: the seed's Classifications, Contacts, Referrals,
Appointment Reminders, Tasks, Billing, Records, Communication and Admin, plus Appointments."""

from collections.abc import Callable
from dataclasses import dataclass

from nicegui import ui

from ui.session import StaffContext
from ui.staff.billing.billing_tab import billing_tab
from ui.staff.profile.admin import admin_tab
from ui.staff.profile.appointments import profile_appointments_tab
from ui.staff.profile.basics import classifications_tab, contacts_tab, referrals_tab, reminders_tab
from ui.staff.profile.communication import communication_tab
from ui.staff.profile.records import records_tab
from ui.staff.profile.tasks import tasks_tab


@dataclass(frozen=True)
class ProfileRef:
    id: int
    kind: str  # individual, shared
    name: str


Tab = tuple[str, str, Callable[[], None]]


def common_tabs(ctx: StaffContext, profile: ProfileRef) -> list[Tab]:
    return [
        ("Appointments", "event", lambda: profile_appointments_tab(ctx, profile.id)),
        ("Classifications", "label", lambda: classifications_tab(ctx, profile.id)),
        ("Contacts", "contacts", lambda: contacts_tab(ctx, profile.id)),
        ("Referrals", "call_received", lambda: referrals_tab(ctx, profile.id)),
        ("Appointment Reminders", "notifications", lambda: reminders_tab(ctx, profile.id)),
        ("Tasks", "task_alt", lambda: tasks_tab(ctx, profile.id)),
        ("Billing", "receipt_long", lambda: billing_tab(ctx, profile.id)),
        ("Records", "folder", lambda: records_tab(ctx, profile)),
        ("Communication", "forum", lambda: communication_tab(ctx, profile.id)),
        ("Admin", "admin_panel_settings", lambda: admin_tab(ctx, profile)),
    ]


def profile_tabs(tabs: list[Tab], shown: dict) -> None:
    """Draws the tab bar and panels. `shown["tab"]` keeps the open tab across live redraws; a panel is built
    the first time its tab opens, so a profile page answers quickly."""
    built: dict[str, ui.tab_panel] = {}
    builders = {name: make for name, _, make in tabs}
    if shown.get("tab") not in builders:  # e.g. a link's ?tab= that this profile does not have
        shown["tab"] = tabs[0][0]

    def build(name: str) -> None:
        shown["tab"] = name
        panel = built.get(name)
        if panel is not None and not panel.default_slot.children:
            with panel:
                builders[name]()

    with (
        ui.tabs(on_change=lambda e: build(e.value))
        .classes("w-full")
        .props("align=left no-caps inline-label outside-arrows mobile-arrows dense") as bar
    ):
        for name, icon, _ in tabs:
            ui.tab(name, icon=icon).mark(f"tab-{name.lower().replace(' ', '-')}")
    with ui.tab_panels(bar, value=shown.get("tab", tabs[0][0])).classes("w-full bg-transparent").props("keep-alive"):
        for name, _, _ in tabs:
            built[name] = ui.tab_panel(name).classes("q-px-none")
    build(shown.get("tab", tabs[0][0]))

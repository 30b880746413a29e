"""The Client Portal's Home (/portal): what needs the client, each with its action: upcoming appointments (Cancel,
Reschedule), forms to complete, invoices to pay, new documents, open tasks. The page answers at once and loads its
parts once the browser is connected."""

from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import APIRouter, ui

from domain import topics
from domain.billing.online.bill_to import CardChoice
from domain.billing.online.portal_invoices import PortalInvoice, portal_invoices
from domain.clients.profile import FormRequestView, pending_forms
from domain.clinic.settings import ClinicView
from domain.households.access import ALL_ACTIONS, PortalView
from domain.records.shared_files import SharedDocument, portal_documents
from domain.scheduling.online.portal_bookings import PortalAppointment, portal_appointments
from domain.tasks.client_tasks import ClientTaskView, portal_tasks
from ui.booking.layout import Heading
from ui.live import live_box
from ui.portal.appointments import appointment_item
from ui.portal.documents import document_item
from ui.portal.frame import HISTORY, SIGN_IN, empty, open_portal, portal_frame, section_card
from ui.portal.invoices import card_choices, invoice_item
from ui.portal.tasks import task_item
from ui.session import client_ip
from ui.state import uow

router = APIRouter()


@router.page("/portal", title="Home · Client Portal")
async def home_page(request: Request):
    opened = await open_portal(request)
    if opened is None:
        return RedirectResponse(SIGN_IN)
    who, clinic = opened
    ip = client_ip(request)
    with portal_frame(who, clinic.name, "home"):
        greeting = f"{who.name}'s profile" if who.viewing_other else f"Hello {who.first_name}"  # Switch Profile
        Heading(greeting, 1).mark("portal-greeting")
        live_box(  # filled once the page is connected, and again after every change to what it shows
            lambda: _load(who),
            lambda parts: _draw(who, clinic, ip, parts),
            topics.CALENDAR,
            topics.person(who.person_id),
            topics.client_tasks(who.person_id),
            topics.documents(who.person_id),
            classes="w-full gap-3",
            style="",
        )
    return None


@dataclass(frozen=True)
class Parts:
    appointments: list[PortalAppointment]
    forms: list[FormRequestView]
    invoices: list[PortalInvoice]
    tasks: list[ClientTaskView]
    documents: list[SharedDocument]
    cards: list[CardChoice]  # relatives' saved cards this login may bill (seed 002)


async def _load(who: PortalView) -> Parts:
    """Only what this login may see on the current profile: a relative's profile (seed 002) shows what its grants
    allow (Manage Bookings and Intake Forms: appointments and forms; View and Pay: invoices), never documents."""
    can = who.actions
    return Parts(
        await portal_appointments(uow(), who=who) if "view" in can else [],
        await pending_forms(uow(), who=who) if "forms" in can else [],
        await portal_invoices(uow(), who=who, owing_only=True) if "pay" in can else [],
        await portal_tasks(uow(), who=who) if "tasks" in can else [],
        [d for d in await portal_documents(uow(), who=who) if not d.opened] if "documents" in can else [],
        await card_choices(who) if "pay" in can else [],
    )


def _separated(items: list, draw) -> None:
    for number, item in enumerate(items):
        if number:
            ui.separator()
        draw(item)


def _draw(who: PortalView, clinic: ClinicView, ip: str | None, parts: Parts) -> None:
    can = who.actions
    if "view" in can:
        _appointments(who, ip, parts)
    if "forms" in can:
        _forms(parts)
    if "pay" in can:
        with section_card("Invoices to pay", "home-invoices"):
            if not parts.invoices:
                empty("Nothing to pay right now.")
            _separated(parts.invoices, lambda i: invoice_item(who, i, ip, parts.cards))
    if "tasks" in can:
        _tasks(who, clinic, ip, parts)
    if "documents" in can:
        _documents(who, parts)
    if can != ALL_ACTIONS:  # a relative's profile: say what is not here, and why
        ui.label(
            f"{who.first_name}'s documents and tasks stay in {who.first_name}'s own login."
            + ("" if "view" in can else f" {who.first_name} has not shared appointments with you.")
        ).classes("text-body2 text-grey-8").mark("relative-limits")


def _appointments(who: PortalView, ip: str | None, parts: Parts) -> None:
    with section_card("Upcoming appointments", "home-appointments"):
        if not parts.appointments:
            empty("No appointments coming up.")
        _separated(parts.appointments, lambda a: appointment_item(who, a, ip))
        if "book" in who.actions:
            ui.link("Book an appointment", "/portal/book").classes("hearth-touch inline-flex items-center").mark(
                "home-book"
            )
        ui.link("Appointment history", HISTORY).classes("hearth-touch inline-flex items-center").mark("home-history")


def _forms(parts: Parts) -> None:
    with section_card("Forms to complete", "home-forms"):
        if not parts.forms:
            empty("Nothing to fill in right now.")
        for form in parts.forms:
            with ui.row().classes("w-full items-center no-wrap"):
                ui.icon("assignment").classes("text-primary")
                ui.label(form.name).classes("col")
                ui.button("Open", on_click=lambda f=form: ui.navigate.to(f"/portal/forms/{f.id}")).props(
                    "unelevated no-caps"
                ).classes("hearth-touch").mark("open-form")


def _tasks(who: PortalView, clinic: ClinicView, ip: str | None, parts: Parts) -> None:
    with section_card("Tasks", "home-tasks"):
        if not parts.tasks:
            empty(f"No tasks from {clinic.name} right now.")
        for task in parts.tasks:
            task_item(who, task, clinic_name=clinic.name, ip=ip)
        ui.link("All tasks", "/portal/tasks").classes("hearth-touch inline-flex items-center")


def _documents(who: PortalView, parts: Parts) -> None:
    with section_card("New documents", "home-documents"):
        if not parts.documents:
            empty("Nothing new. Everything shared with you is in My Documents.")
        whose = who.profile_count > 1 or len({d.person_id for d in parts.documents}) > 1  # say whose
        _separated(parts.documents, lambda d: document_item(d, show_whose=whose))
        ui.link("My Documents", "/portal/documents").classes("hearth-touch inline-flex items-center")

"""Appointment history (/portal/history): the current profile's past appointments and completed forms. A relative's
profile shows it only with Manage Bookings and Intake Forms (seed 002); otherwise the page says so."""

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import APIRouter, ui

from domain import topics
from domain.formats import current
from domain.scheduling.online.portal_history import History, portal_history
from ui.booking.layout import Heading
from ui.live import live_box
from ui.portal.frame import HISTORY, SIGN_IN, empty, open_portal, portal_frame, section_card
from ui.state import uow

router = APIRouter()


@router.page(HISTORY, title="Appointment history · Client Portal")
async def history_page(request: Request):
    opened = await open_portal(request)
    if opened is None:
        return RedirectResponse(SIGN_IN)
    who, clinic = opened
    with portal_frame(who, clinic.name, "home"):
        Heading("Appointment history", 1).mark("page-heading")
        if "view" not in who.actions:
            ui.label(f"{who.first_name} has not shared their appointment history with you.").classes("text-body1").mark(
                "history-not-shared"
            )
            return None
        live_box(
            lambda: portal_history(uow(), who=who),
            _draw,
            topics.CALENDAR,
            topics.person(who.person_id),
            classes="w-full gap-3",
            style="",
        )
    return None


def _draw(history: History) -> None:
    with section_card("Past appointments", "history-appointments"):
        if not history.appointments:
            empty("No past appointments yet.")
        for number, a in enumerate(history.appointments):
            if number:
                ui.separator()
            with ui.column().classes("w-full gap-0 q-py-xs").mark("past-appointment"):
                ui.label(a.when).classes("text-subtitle1 text-weight-medium")
                ui.label(a.what).classes("text-body1")
                ui.label(a.status_label).classes("text-body2 text-grey-8")
    with section_card("Completed forms", "history-forms"):
        if not history.forms:
            empty("No completed forms yet.")
        for form in history.forms:
            with ui.row().classes("w-full items-center no-wrap gap-2").mark("completed-form"):
                ui.icon("task").classes("text-positive")
                ui.label(form.name).classes("col text-body1")
                ui.label(f"Completed {current().date(form.completed_at)}").classes("text-body2 text-grey-8")

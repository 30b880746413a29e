"""Setup: the clinic, staff users, working hours, services, calendar settings, online booking, emails to clients,
packs, forms and client classifications, as tabs."""

from nicegui import APIRouter, ui

from ui.session import StaffContext, staff_page
from ui.staff.setup.calendar import calendar_tab
from ui.staff.setup.classifications import classifications_setup_tab
from ui.staff.setup.clinic import clinic_tab
from ui.staff.setup.emails import emails_tab
from ui.staff.setup.forms import forms_tab
from ui.staff.setup.hours import hours_tab
from ui.staff.setup.online_booking import online_booking_tab
from ui.staff.setup.packs import configuration_tab, packs_tab
from ui.staff.setup.phone_check import phone_check_section
from ui.staff.setup.services import services_tab
from ui.staff.setup.staff import staff_tab

router = APIRouter()


@staff_page(router, "/setup", title="Setup", capability="setup")
async def setup_page(ctx: StaffContext) -> None:
    with ui.tabs().classes("w-full").props("align=left inline-label no-caps") as tabs:
        clinic = ui.tab("Clinic", icon="storefront")
        staff = ui.tab("Staff users", icon="badge")
        hours = ui.tab("Working hours", icon="schedule")
        services = ui.tab("Services", icon="medical_services")
        calendar = ui.tab("Calendar", icon="event")
        online = ui.tab("Online Booking", icon="public")
        emails = ui.tab("Emails", icon="mail")
        packs = ui.tab("Session packs", icon="inventory_2")
        configuration = ui.tab("Configuration", icon="tune")
        forms = ui.tab("Forms", icon="assignment")
        classifications = ui.tab("Classifications", icon="label")
    with ui.tab_panels(tabs, value=clinic).classes("w-full bg-transparent"):
        with ui.tab_panel(clinic):
            await clinic_tab(ctx)
            phone_check_section(ctx)
        with ui.tab_panel(staff):
            await staff_tab(ctx)
        with ui.tab_panel(hours):
            await hours_tab(ctx)
        with ui.tab_panel(services):
            await services_tab(ctx)
        with ui.tab_panel(calendar):
            await calendar_tab(ctx)
        with ui.tab_panel(online):
            await online_booking_tab(ctx)
        with ui.tab_panel(emails):
            await emails_tab(ctx)
        with ui.tab_panel(packs):
            await packs_tab(ctx)
        with ui.tab_panel(configuration):
            await configuration_tab(ctx)
        with ui.tab_panel(forms):
            await forms_tab(ctx)
        with ui.tab_panel(classifications):
            classifications_setup_tab(ctx)

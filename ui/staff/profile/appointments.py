"""A profile's Appointments tab, live with the calendar."""
from domain.households.members import profile_topic
from domain.scheduling.calendar import profile_appointments
from domain.scheduling.topics import CALENDAR_TOPIC
from ui.live import live_box
from ui.session import StaffContext
from ui.staff.client_appointments import appointments_tab
from ui.state import uow


def profile_appointments_tab(ctx: StaffContext, profile_id: int) -> None:
    live_box(lambda: profile_appointments(uow(read_only=True), actor=ctx.actor, profile_id=profile_id),
             lambda found: appointments_tab(found, ctx.clinic.time_zone), CALENDAR_TOPIC, profile_topic(profile_id))

"""A profile's Appointments tab, live with the calendar."""
from domain import topics
from domain.scheduling.calendar import profile_appointments
from ui.live import live_box
from ui.session import StaffContext
from ui.staff.client_appointments import appointments_tab


def profile_appointments_tab(ctx: StaffContext, profile_id: int) -> None:
    live_box(lambda: profile_appointments(ctx.uow(read_only=True), actor=ctx.actor, profile_id=profile_id),
             lambda found: appointments_tab(found, ctx.clinic.time_zone), topics.CALENDAR, topics.profile(profile_id))

"""Saving a drag, a resize or a reschedule: the one path for moving an appointment from the UI."""
from zoneinfo import ZoneInfo

from nicegui import ui

from domain.errors import DomainError
from domain.scheduling.booking import move_appointment
from domain.scheduling.clashes import Clash, OutsideHours, StaleAppointment
from domain.scheduling.times import parse_wall_clock, to_utc
from ui.actions import FAILED, attempt
from ui.components.confirm import confirm
from ui.session import StaffContext
from ui.state import uow


async def confirming_outside_hours(call, *, yes: str, no: str) -> bool:
    """Runs call(False); if the time is outside working hours (or on a closed day), asks the user and,
    on yes, runs call(True), which the service then audits as confirmed. True when it was saved."""
    try:
        return await call(False) is not FAILED
    except OutsideHours as exc:
        if not await confirm(exc.message, yes=yes, no=no):
            return False
        return await call(True) is not FAILED


async def save_move(ctx: StaffContext, tz: ZoneInfo, appointment_id: int, version: int, start: str, end: str,
                    practitioner_id: int | None) -> bool:
    """Saves a drag or resize. A clash, a stale version or a refusal: a message, and False (snap back)."""
    try:
        start_utc, end_utc = to_utc(parse_wall_clock(start), tz), to_utc(parse_wall_clock(end), tz, field="end")
    except DomainError as exc:  # a time the clocks skip
        ui.notify(exc.message, type="warning")
        return False

    async def move(confirmed: bool):
        return await attempt(move_appointment, uow(), actor=ctx.actor, appointment_id=appointment_id,
                             version=version, start=start_utc, end=end_utc, practitioner_id=practitioner_id,
                             confirmed_outside_hours=confirmed, passthrough=(OutsideHours, Clash, StaleAppointment))
    try:
        return await confirming_outside_hours(move, yes="Move anyway", no="Keep it where it was")
    except (Clash, StaleAppointment) as exc:
        ui.notify(exc.message, type="warning", multi_line=True, timeout=8000)
        return False

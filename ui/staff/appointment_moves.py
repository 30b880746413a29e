"""Saving a drag, a resize or a reschedule: the one path for moving an appointment from the UI."""
from zoneinfo import ZoneInfo

from nicegui import ui

from domain.scheduling.booking import move_appointment
from domain.scheduling.clashes import Clash, OutsideHours, StaleAppointment
from domain.scheduling.times import parse_wall_clock, to_utc
from ui.actions import FAILED, attempt
from ui.components.confirm import confirm
from ui.session import StaffContext
from ui.state import uow


async def save_move(ctx: StaffContext, tz: ZoneInfo, appointment_id: int, version: int, start: str, end: str,
                    practitioner_id: int | None) -> bool:
    """Saves a drag or resize. A clash, a stale version or a refusal: a message, and False (snap back)."""
    async def move(confirmed: bool):
        return await attempt(move_appointment, uow(), actor=ctx.actor, appointment_id=appointment_id,
                             version=version, start=to_utc(parse_wall_clock(start), tz),
                             end=to_utc(parse_wall_clock(end), tz, field="end"), practitioner_id=practitioner_id,
                             confirmed_outside_hours=confirmed, passthrough=(OutsideHours, Clash, StaleAppointment))
    try:
        try:
            return await move(False) is not FAILED
        except OutsideHours as exc:
            if not await confirm(exc.message, yes="Move anyway", no="Keep it where it was"):
                return False
            return await move(True) is not FAILED
    except (Clash, StaleAppointment) as exc:
        ui.notify(exc.message, type="warning", multi_line=True, timeout=8000)
        return False

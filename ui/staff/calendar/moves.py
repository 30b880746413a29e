"""Saving a drag, a resize or a reschedule: the one path for moving an appointment from the UI."""

from typing import Any
from zoneinfo import ZoneInfo

from nicegui.client import Client

from domain.errors import DomainError, ValidationFailed
from domain.scheduling.booking import move_appointment
from domain.scheduling.clashes import Clash, OutsideHours, StaleAppointment
from domain.scheduling.times import AmbiguousTime, instants, parse_wall_clock
from ui.actions import FAILED, attempt
from ui.components.confirm import confirm
from ui.outcome import page_client, tell
from ui.session import StaffContext
from ui.staff.calendar.which_time import ask_which


async def confirming_outside_hours(call, *, yes: str, no: str, client: Client) -> bool:
    """Runs call(False); if the time is outside working hours (or on a closed day), asks the user and,
    on yes, runs call(True), which the service then audits as confirmed. True when it was saved."""
    try:
        return await call(False) is not FAILED
    except OutsideHours as exc:
        if not await confirm(exc.message, yes=yes, no=no, client=client):
            return False
        return await call(True) is not FAILED


async def save_move(
    ctx: StaffContext,
    tz: ZoneInfo,
    appointment_id: int,
    version: int,
    start: str,
    end: str,
    practitioner_id: int | None,
    *,
    fields: dict[str, Any] | None = None,
) -> bool:
    """Saves a drag, a resize or a reschedule. A clash, a stale version or a refusal: a message (at the field, for
    a time the clocks skip, when the caller has fields), and False (snap back)."""
    client = page_client()
    try:
        local_start, local_end = parse_wall_clock(start), parse_wall_clock(end, field="end")
        try:
            start_utc, end_utc = instants(local_start, local_end, tz)
        except AmbiguousTime:  # the clocks go back that night: which 02:30?
            folds = await ask_which(client, local_start, local_end, tz)
            if folds is None:
                return False
            start_utc, end_utc = instants(local_start, local_end, tz, folds)
    except DomainError as exc:  # a time the clocks skip
        placed = isinstance(exc, ValidationFailed) and fields and set(exc.errors) <= set(fields)
        if placed:
            for name, message in exc.errors.items():
                fields[name].error = message
        else:
            tell(client, exc.message, "warning")
        return False

    async def move(confirmed: bool):
        return await attempt(
            move_appointment,
            ctx.uow(),
            actor=ctx.actor,
            appointment_id=appointment_id,
            version=version,
            start=start_utc,
            end=end_utc,
            practitioner_id=practitioner_id,
            confirmed_outside_hours=confirmed,
            passthrough=(OutsideHours, Clash, StaleAppointment),
            client=client,
        )

    try:
        return await confirming_outside_hours(move, yes="Move anyway", no="Keep it where it was", client=client)
    except (Clash, StaleAppointment) as exc:
        tell(client, exc.message, "warning", timeout=8000)
        return False

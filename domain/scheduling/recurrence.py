"""Recurring appointments: every N weeks, K times or until a date, at the same wall-clock time.

Occurrences are computed in the clinic's zone, so a 10:00 weekly appointment stays at 10:00
across a DST change. Clashing occurrences are listed first; the user chooses to skip them.
"""
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import DBAPIError

from domain.accounts.roles import require
from domain.actor import Actor
from domain.errors import ValidationFailed
from domain.scheduling import rules
from domain.scheduling.booking import Booking, _audit, _published, add_booking
from domain.scheduling.clashes import Clash, OutsideHours, clash_message, find_clash, is_overlap_refusal
from domain.scheduling.times import describe, to_utc, wall_clock
from domain.scheduling.views import AppointmentView
from storage.types import utcnow
from storage.uow import UnitOfWork

MAX_OCCURRENCES = 52


@dataclass(frozen=True)
class Repeat:
    every_weeks: int = 1
    times: int | None = None       # how many appointments in all, the first included
    until: date | None = None      # or up to and including this date


def occurrences(first_start: datetime, first_end: datetime, repeat: Repeat, tz: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """Pure: the UTC (start, end) of every occurrence; the first is the booking itself."""
    errors = {}
    if not 1 <= repeat.every_weeks <= 12:
        errors["every_weeks"] = "Repeat every 1 to 12 weeks."
    if repeat.times is None and repeat.until is None:
        errors["times"] = "Say how many times, or until which date."
    if repeat.times is not None and not 2 <= repeat.times <= MAX_OCCURRENCES:
        errors["times"] = f"Repeat 2 to {MAX_OCCURRENCES} times."
    local_start, local_end = wall_clock(first_start, tz), wall_clock(first_end, tz)
    if repeat.until is not None and repeat.until <= local_start.date():
        errors["until"] = "The end date must be after the first appointment."
    if errors:
        raise ValidationFailed(errors)
    out = []
    step = timedelta(weeks=repeat.every_weeks)
    k = 0
    while len(out) < MAX_OCCURRENCES:
        start, end = local_start + k * step, local_end + k * step
        if repeat.times is not None and k >= repeat.times:
            break
        if repeat.until is not None and start.date() > repeat.until:
            break
        out.append((to_utc(start, tz), to_utc(end, tz, field="end")))
        k += 1
    return out


@dataclass(frozen=True)
class Occurrence:
    start: datetime
    end: datetime
    label: str                      # 'Mon 30 Nov, 10:00–11:00'
    clash: str = ""                 # what it clashes with, if anything
    outside_hours: bool = False


async def plan_series(uow: UnitOfWork, *, actor: Actor, booking: Booking, repeat: Repeat) -> list[Occurrence]:
    """Every occurrence with what it would clash with, for the user to review before saving."""
    require(actor, "calendar")
    async with uow:
        tz = await rules.clinic_zone(uow)
        user = await rules.practitioner_or_refuse(uow, booking.practitioner_id)
        plan = []
        for start, end in occurrences(booking.start, booking.end, repeat, tz):
            other = await find_clash(uow, practitioner_id=user.id, start=start, end=end)
            try:
                outside = await rules.check_working_hours(uow, user, start, end, tz, confirmed=True)
            except OutsideHours:
                outside = True
            plan.append(Occurrence(start, end, describe(start, end, tz),
                                   clash=clash_message(other, tz) if other else "", outside_hours=outside))
        return plan


async def book_series(uow: UnitOfWork, *, actor: Actor, booking: Booking, repeat: Repeat, skip_clashes: bool,
                      confirmed_outside_hours: bool = False, now: datetime | None = None) -> list[AppointmentView]:
    """Books every occurrence in one transaction: all of them (minus clashes, if skip_clashes) or none."""
    require(actor, "calendar")
    now = now or utcnow()
    async with uow:
        tz = await rules.clinic_zone(uow)
        views, series_id = [], None
        try:
            for start, end in occurrences(booking.start, booking.end, repeat, tz):
                one = replace(booking, start=start, end=end)
                try:
                    row = await add_booking(uow, one, now=now, confirmed_outside_hours=confirmed_outside_hours,
                                            series_id=series_id)
                except Clash:
                    if skip_clashes:
                        continue
                    raise
                if series_id is None:
                    series_id = row.series_id = row.id
                views.append(await _audit(uow, actor, row, "appointment.booked", extra=" (recurring)"))
            if not views:
                raise Clash("Every occurrence clashes with another booking; nothing was booked.")
            await uow.commit()
        except DBAPIError as exc:
            if not is_overlap_refusal(exc):
                raise
            raise Clash("Another booking took one of these times a moment ago; nothing was booked. "
                        "Review the list again.") from None
    for view in views:
        _published(view)
    return views

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
from domain.formats import current
from domain.scheduling import rules
from domain.scheduling.appointment_views import AppointmentView
from domain.scheduling.booking import Booking, add_booking, record_change
from domain.scheduling.clashes import Clash, OutsideHours, clash_message, find_clash, is_overlap_refusal
from domain.scheduling.times import describe, to_utc, wall_clock
from storage.types import utcnow
from storage.uow import UnitOfWork

MAX_OCCURRENCES = 52


@dataclass(frozen=True)
class Repeat:
    every_weeks: int = 1
    times: int | None = None  # how many appointments in all, the first included
    until: date | None = None  # or up to and including this date


@dataclass(frozen=True)
class When:
    """One occurrence's times: UTC instants, or (when a wall-clock time does not exist that day) None and why."""

    start: datetime | None
    end: datetime | None
    local_start: datetime
    local_end: datetime
    missing: str = ""


def occurrences(first_start: datetime, first_end: datetime, repeat: Repeat, tz: ZoneInfo) -> list[When]:
    """Pure: every occurrence at the first one's wall-clock time; the first is the booking itself. A time the
    clocks skip that day is marked `missing` (it can be skipped like a clash); a time that happens twice takes
    the first one's choice when it was one of two, else the first of the two (its label names its zone)."""
    fmt = current()
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
    out: list[When] = []
    fold_start, fold_end = _fold(first_start, tz), _fold(first_end, tz)
    step = timedelta(weeks=repeat.every_weeks)
    k = 0
    while len(out) < MAX_OCCURRENCES:
        start, end = local_start + k * step, local_end + k * step
        if repeat.times is not None and k >= repeat.times:
            break
        if repeat.until is not None and start.date() > repeat.until:
            break
        try:
            out.append(
                When(to_utc(start, tz, fold=fold_start), to_utc(end, tz, field="end", fold=fold_end), start, end)
            )
        except ValidationFailed:
            out.append(
                When(
                    None,
                    None,
                    start,
                    end,
                    f"{fmt.weekday_day(start)}: {fmt.time_range(start, end)} does not exist that day "
                    "(the clocks go forward)",
                )
            )
        k += 1
    return out


def _fold(instant: datetime, tz: ZoneInfo) -> int:
    return instant.astimezone(tz).fold


@dataclass(frozen=True)
class Occurrence:
    start: datetime | None  # None: the time does not exist that day
    end: datetime | None
    label: str  # 'Mon 30 Nov, 10:00–11:00'
    clash: str = ""  # what it clashes with, if anything
    outside_hours: bool = False


async def plan_series(uow: UnitOfWork, *, actor: Actor, booking: Booking, repeat: Repeat) -> list[Occurrence]:
    """Every occurrence with what it would clash with, for the user to review before saving."""
    require(actor, "calendar")
    fmt = current()
    async with uow:
        tz = await rules.clinic_zone(uow)
        user = await rules.practitioner_or_refuse(uow, booking.practitioner_id)
        plan = []
        for when in occurrences(booking.start, booking.end, repeat, tz):
            if when.start is None or when.end is None:
                plan.append(
                    Occurrence(
                        None,
                        None,
                        f"{fmt.weekday_day(when.local_start)}, {fmt.time(when.local_start)}–{fmt.time(when.local_end)}",
                        clash=when.missing,
                    )
                )
                continue
            start, end = when.start, when.end
            other = await find_clash(uow, practitioner_id=user.id, start=start, end=end)
            try:
                outside = await rules.check_working_hours(uow, user, start, end, tz, confirmed=True)
            except OutsideHours:
                outside = True
            plan.append(
                Occurrence(
                    start,
                    end,
                    describe(start, end, tz),
                    clash=clash_message(other, tz) if other else "",
                    outside_hours=outside,
                )
            )
        return plan


async def book_series(
    uow: UnitOfWork,
    *,
    actor: Actor,
    booking: Booking,
    repeat: Repeat,
    skip_clashes: bool,
    confirmed_outside_hours: bool = False,
    now: datetime | None = None,
) -> list[AppointmentView]:
    """Books every occurrence in one transaction: all of them (minus clashes, if skip_clashes) or none."""
    require(actor, "calendar")
    now = now or utcnow()
    async with uow:
        tz = await rules.clinic_zone(uow)
        views: list[AppointmentView] = []
        series_id: int | None = None
        remarks: list[str] = []
        try:
            for when in occurrences(booking.start, booking.end, repeat, tz):
                if when.start is None or when.end is None:
                    if skip_clashes:
                        continue
                    raise ValidationFailed(
                        {"start": when.missing[0].upper() + when.missing[1:] + ". Skip it, or choose another time."}
                    )
                one = replace(booking, start=when.start, end=when.end)
                try:
                    booked = await add_booking(
                        uow,
                        one,
                        now=now,
                        confirmed_outside_hours=confirmed_outside_hours,
                        series_id=series_id,
                        strict_pack=not views,
                    )
                except Clash:
                    if skip_clashes:
                        continue
                    raise
                row = booked.row
                if booked.pack_id and booking.template_id:  # the pack the first one opened pays for the rest
                    booking = replace(booking, template_id=None, pack_id=booked.pack_id)
                if booked.remark and booked.remark not in remarks:
                    remarks.append(booked.remark)
                if series_id is None:
                    series_id = row.series_id = row.id
                views.append(await record_change(uow, actor, row, "appointment.booked", extra=" (recurring)"))
            if not views:
                raise Clash("Every occurrence clashes with another booking; nothing was booked.")
            await uow.commit()
        except DBAPIError as exc:
            if not is_overlap_refusal(exc):
                raise
            raise Clash(
                "Another booking took one of these times a moment ago; nothing was booked. Review the list again."
            ) from None
    if remarks:
        views[0] = replace(views[0], remark=" ".join(remarks[:3]) + (" …" if len(remarks) > 3 else ""))
    return views

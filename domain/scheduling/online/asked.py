"""The free time a visitor asked for, checked at the moment of asking: inside the booking window, still free (or
taken by someone: TimeTaken, with the nearest free times now), and ever offered (outside working hours, a closed
day: a field message)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from domain.errors import ValidationFailed
from domain.formats import current
from domain.scheduling import rules
from domain.scheduling.online.settings import OnlineService, OnlineSettings, settings_row
from domain.scheduling.online.slots import FreeTime, Window, busy_by_practitioner, day_bounds, free_times_in, nearest
from domain.scheduling.online.visitors import TimeTaken, Visit
from storage.uow import UnitOfWork

NOT_OFFERED = "That time is not offered online. Choose one of the times shown."


async def chosen_time(
    uow: UnitOfWork, service: OnlineService, visit: Visit, window: Window, now: datetime, tz: ZoneInfo
) -> FreeTime:
    """The free time asked for, or why not: taken by someone (TimeTaken, with the nearest free times), or never
    offered (outside working hours, a closed day: a field message)."""
    start_of_day, end_of_day = day_bounds(visit.start.astimezone(tz).date(), tz)
    free = await free_times_in(
        uow,
        service=service,
        practitioner_id=visit.practitioner_id,
        start=start_of_day,
        end=end_of_day,
        now=now,
        window=window,
    )
    chosen = next((t for t in free if t.start == visit.start), None)
    if chosen is not None:
        return chosen
    diaries = [visit.practitioner_id] if visit.practitioner_id else list(service.practitioner_ids)
    end = visit.start + timedelta(minutes=service.duration_minutes)
    busy = await busy_by_practitioner(uow, diaries, visit.start, end, now)
    if any(busy.values()):
        raise TimeTaken(taken_message(visit.start, tz), nearest(free, visit.start))
    raise ValidationFailed({"start": NOT_OFFERED})


def taken_message(start: datetime, tz: ZoneInfo) -> str:
    return (
        f"Sorry, {current().time(start.astimezone(tz))} on {current().weekday_date(start.astimezone(tz))} "
        "was just taken. Choose one of the nearest free times, or another day."
    )


async def nearest_now(uow: UnitOfWork, service: OnlineService, visit: Visit, now: datetime) -> list[FreeTime]:
    async with uow.fresh() as fresh:
        tz = await rules.clinic_zone(fresh)
        window = Window.of(OnlineSettings.of(await settings_row(fresh)), now)
        a, z = day_bounds(visit.start.astimezone(tz).date(), tz)
        free = await free_times_in(
            fresh, service=service, practitioner_id=visit.practitioner_id, start=a, end=z, now=now, window=window
        )
    return nearest(free, visit.start)


def check_window(window: Window, start: datetime, settings: OnlineSettings, tz: ZoneInfo) -> None:
    if start < window.earliest:
        hours = settings.min_notice_minutes / 60
        ahead = f"{hours:g} hours" if hours >= 1 else f"{settings.min_notice_minutes} minutes"
        raise ValidationFailed(
            {"start": f"That time is too soon to book online: book at least {ahead} ahead, or call the clinic."}
        )
    if start > window.latest:
        raise ValidationFailed(
            {
                "start": f"Bookings open {settings.max_advance_days} days ahead: choose a day up to "
                f"{current().date(window.latest.astimezone(tz))}."
            }
        )

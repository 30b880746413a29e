"""The Bookings Page's free times: the calendar's free-slot search (working time minus what is booked or
requested, on the calendar's 15-minute grid) for every practitioner who offers a service online, cut to the
booking window (not closer than the notice, not further than how far ahead one may book).

"Any practitioner": each free time goes to the first practitioner free then, in alphabetical order of their
names (settings.ANY_ORDER), so the visitor is told the order and staff can predict it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select

from domain.scheduling import rules
from domain.scheduling.availability import Interval, subtract, working_intervals
from domain.scheduling.online.settings import OnlineService, OnlineSettings, list_online_services, settings_row
from storage.accounts import StaffUserRow
from storage.online_booking import BookingRequestRow
from storage.scheduling import AppointmentRow
from storage.uow import UnitOfWork

STEP = timedelta(minutes=15)  # the calendar's grid


@dataclass(frozen=True)
class FreeTime:
    start: datetime  # aware UTC
    end: datetime
    practitioner_id: int
    practitioner_name: str


@dataclass(frozen=True)
class Window:
    earliest: datetime  # the first start one may request
    latest: datetime  # the last

    @classmethod
    def of(cls, settings: OnlineSettings, now: datetime) -> "Window":
        notice, ahead = timedelta(minutes=settings.min_notice_minutes), timedelta(days=settings.max_advance_days)
        return cls(now + notice, now + ahead)

    def allows(self, start: datetime) -> bool:
        return self.earliest <= start <= self.latest


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    return start.astimezone(ZoneInfo("UTC")), (start + timedelta(days=1)).astimezone(ZoneInfo("UTC"))


def on_grid(moment: datetime) -> datetime:
    """Pure: the first instant on the calendar's 15-minute grid at or after `moment` (every zone's offset is a
    multiple of 15 minutes, so the grid is the same in UTC): the notice ends at 10:15:36, the first time is 10:30."""
    epoch = datetime(2000, 1, 1, tzinfo=moment.tzinfo)
    late = (moment - epoch) % STEP
    return moment + (STEP - late) if late else moment


def grid_slots(working: Sequence[Interval], busy: Sequence[Interval], duration: timedelta) -> list[Interval]:
    """Pure: every start on the 15-minute grid where `duration` fits in working time clear of `busy`: after a
    booking that ends at 10:50 the next time offered is 11:00, not 10:50 or 11:05."""
    slots: list[Interval] = []
    for a, z in subtract(working, busy):
        cursor = on_grid(a)
        while cursor + duration <= z:
            slots.append((cursor, cursor + duration))
            cursor += STEP
    return slots


def first_free_in_order(times: Sequence[FreeTime], order: Sequence[int]) -> list[FreeTime]:
    """Pure: one free time per start, the practitioner first in `order` among those free then."""
    rank = {pid: n for n, pid in enumerate(order)}
    best: dict[datetime, FreeTime] = {}
    for t in times:
        seen = best.get(t.start)
        if seen is None or rank[t.practitioner_id] < rank[seen.practitioner_id]:
            best[t.start] = t
    return [best[s] for s in sorted(best)]


async def busy_by_practitioner(
    uow: UnitOfWork, practitioner_ids: Sequence[int], start: datetime, end: datetime, now: datetime
) -> dict[int, list[Interval]]:
    """What occupies each diary in [start, end): every appointment but cancelled ones, less requests whose hold
    has run out (the expiry sweep frees them for good; until then they are not offered as taken)."""
    expired = (
        select(BookingRequestRow.appointment_id)
        .where(BookingRequestRow.state.in_(("pending", "awaiting_payment")), BookingRequestRow.expires_at <= now)
        .scalar_subquery()
    )
    rows = await uow.session.execute(
        select(AppointmentRow.practitioner_id, AppointmentRow.starts_at, AppointmentRow.ends_at).where(
            AppointmentRow.practitioner_id.in_(practitioner_ids),
            AppointmentRow.status != "cancelled",
            AppointmentRow.starts_at < end,
            AppointmentRow.ends_at > start,
            ~and_(AppointmentRow.status == "requested", AppointmentRow.id.in_(expired)),
        )
    )
    busy: dict[int, list[Interval]] = {pid: [] for pid in practitioner_ids}
    for pid, a, z in rows:
        busy[pid].append((a, z))
    return busy


async def free_times_in(
    uow: UnitOfWork,
    *,
    service: OnlineService,
    practitioner_id: int | None,
    start: datetime,
    end: datetime,
    now: datetime,
    window: Window,
) -> list[FreeTime]:
    """Inside the caller's transaction: the free times in [start, end) for one practitioner, or for "Any
    practitioner" (None) one per start, as first_free_in_order picks."""
    ids = list(service.practitioner_ids) if practitioner_id is None else [practitioner_id]
    if practitioner_id is not None and practitioner_id not in service.practitioner_ids:
        return []
    start = max(start, window.earliest)
    end = min(end, window.latest + timedelta(minutes=service.duration_minutes))
    if start >= end or not ids:
        return []
    tz = await rules.clinic_zone(uow)
    users = {
        u.id: u
        for u in (await uow.session.execute(select(StaffUserRow).where(StaffUserRow.id.in_(ids)))).scalars()
        if u.active and u.bookable
    }
    closed = await rules.closed_days_between(uow, start, end, tz)
    busy = await busy_by_practitioner(uow, list(users), start, end, now)
    duration = timedelta(minutes=service.duration_minutes)
    found: list[FreeTime] = []
    for pid in ids:
        user = users.get(pid)
        if user is None:
            continue
        working = working_intervals(await rules.practitioner_week(uow, user), start, end, closed, tz.key)
        for a, z in grid_slots(working, busy[pid], duration):
            if window.allows(a):
                found.append(FreeTime(a, z, pid, user.name))
    if practitioner_id is None:
        return first_free_in_order(found, ids)
    return sorted(found, key=lambda t: t.start)


async def offered_service(uow: UnitOfWork, service_id: int) -> OnlineService | None:
    return next((s for s in await list_online_services(uow.fresh(), offered_only=True) if s.id == service_id), None)


async def day_times(
    uow: UnitOfWork, *, service_id: int, practitioner_id: int | None, day: date, now: datetime
) -> list[FreeTime]:
    """The Bookings Page's free times on one day of the clinic's calendar."""
    service = await offered_service(uow, service_id)
    if service is None:
        return []
    async with uow:
        window = Window.of(OnlineSettings.of(await settings_row(uow)), now)
        start, end = day_bounds(day, await rules.clinic_zone(uow))
        return await free_times_in(
            uow, service=service, practitioner_id=practitioner_id, start=start, end=end, now=now, window=window
        )


async def days_with_times(
    uow: UnitOfWork, *, service_id: int, practitioner_id: int | None, first: date, days: int, now: datetime
) -> dict[date, int]:
    """How many free times each of `days` days from `first` has (0: none), for the day buttons."""
    service = await offered_service(uow, service_id)
    counts = {first + timedelta(days=n): 0 for n in range(days)}
    if service is None:
        return counts
    async with uow:
        window = Window.of(OnlineSettings.of(await settings_row(uow)), now)
        tz = await rules.clinic_zone(uow)
        start, end = day_bounds(first, tz)[0], day_bounds(first + timedelta(days=days - 1), tz)[1]
        for t in await free_times_in(
            uow, service=service, practitioner_id=practitioner_id, start=start, end=end, now=now, window=window
        ):
            day = t.start.astimezone(tz).date()
            if day in counts:
                counts[day] += 1
    return counts


def nearest(times: Sequence[FreeTime], wanted: datetime, count: int = 3) -> list[FreeTime]:
    """Pure: the free times closest to the one that was lost, soonest first among equals."""
    return sorted(sorted(times, key=lambda t: (abs(t.start - wanted), t.start))[:count], key=lambda t: t.start)

"""What the calendar shows for a range: practitioners, appointments, working time, closed days;
and free-slot search for one practitioner."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from domain.accounts.roles import require
from domain.actor import Actor
from domain.errors import NotFound
from domain.scheduling import rules
from domain.scheduling.appointment_views import AppointmentView, appointment_query, view_of
from domain.scheduling.availability import Interval, free_slots, working_intervals
from storage.accounts import StaffUserRow
from storage.online_booking import BookingRequestRow
from storage.scheduling import AppointmentRow, ClosedDayRow
from storage.types import utcnow
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Practitioner:
    id: int
    name: str
    time_zone: str


@dataclass(frozen=True)
class CalendarRange:
    practitioners: list[Practitioner]
    appointments: list[AppointmentView]
    working: dict[int, list[Interval]]  # practitioner id → working time (UTC) in the range
    closed_days: dict[date, str]  # clinic calendar date → reason


BOOKABLE = (
    select(StaffUserRow)
    .where(StaffUserRow.active.is_(True), StaffUserRow.bookable.is_(True))
    .order_by(StaffUserRow.name)
)


async def list_practitioners(uow: UnitOfWork) -> list[Practitioner]:
    async with uow:
        return [Practitioner(r.id, r.name, r.time_zone) for r in (await uow.session.execute(BOOKABLE)).scalars()]


async def calendar_range(
    uow: UnitOfWork, *, actor: Actor, start: datetime, end: datetime, practitioner_ids: list[int] | None = None
) -> CalendarRange:
    """Everything for the visible range [start, end) (aware); cancelled appointments are left out."""
    require(actor, "calendar")
    async with uow:
        tz = await rules.clinic_zone(uow)
        users = (await uow.session.execute(BOOKABLE)).scalars().all()
        if practitioner_ids:
            users = [u for u in users if u.id in practitioner_ids]
        ids = [u.id for u in users]
        rows = (
            (
                await uow.session.execute(
                    appointment_query()
                    .where(
                        AppointmentRow.practitioner_id.in_(ids),
                        AppointmentRow.status != "cancelled",
                        AppointmentRow.starts_at < end,
                        AppointmentRow.ends_at > start,
                    )
                    .order_by(AppointmentRow.starts_at)
                )
            ).all()
            if ids
            else []
        )
        closed = {
            r.day: r.reason
            for r in (
                await uow.session.execute(
                    select(ClosedDayRow).where(
                        ClosedDayRow.day >= start.astimezone(tz).date() - timedelta(days=1),
                        ClosedDayRow.day <= end.astimezone(tz).date(),
                    )
                )
            ).scalars()
        }
        working = {
            u.id: working_intervals(await rules.practitioner_week(uow, u), start, end, closed, tz.key) for u in users
        }
        return CalendarRange(
            [Practitioner(u.id, u.name, u.time_zone) for u in users], [view_of(r) for r in rows], working, closed
        )


async def find_free_slots(
    uow: UnitOfWork,
    *,
    practitioner_id: int,
    start: datetime,
    end: datetime,
    duration: timedelta,
    step: timedelta = timedelta(minutes=15),
) -> list[Interval]:
    """Free times of `duration` for one practitioner within [start, end): working time minus bookings."""
    async with uow:
        user = await uow.session.get(StaffUserRow, practitioner_id)
        if user is None:
            raise NotFound("That practitioner no longer exists.")
        tz = await rules.clinic_zone(uow)
        busy = (
            await uow.session.execute(
                select(AppointmentRow.starts_at, AppointmentRow.ends_at).where(
                    AppointmentRow.practitioner_id == practitioner_id,
                    AppointmentRow.status != "cancelled",
                    AppointmentRow.starts_at < end,
                    AppointmentRow.ends_at > start,
                )
            )
        ).all()
        closed = await rules.closed_days_between(uow, start, end, tz)
        working = working_intervals(await rules.practitioner_week(uow, user), start, end, closed, tz.key)
    return free_slots(working, [(a, z) for a, z in busy], duration=duration, step=step)


async def profile_appointments(uow: UnitOfWork, *, actor: Actor, profile_id: int) -> list[AppointmentView]:
    """A client's appointments, newest first, cancelled ones included (they stay in history). Booking requests
    are not appointments until confirmed: pending, declined and expired ones are on Bookings & Packages."""
    require(actor, "people.read")
    unconfirmed = select(BookingRequestRow.appointment_id).where(BookingRequestRow.state != "confirmed")
    async with uow:
        rows = (
            await uow.session.execute(
                appointment_query()
                .where(AppointmentRow.profile_id == profile_id, AppointmentRow.id.not_in(unconfirmed))
                .order_by(AppointmentRow.starts_at.desc())
                .limit(200)
            )
        ).all()
        return [view_of(r) for r in rows]


def upcoming_and_past(
    appointments: list[AppointmentView], now: datetime | None = None
) -> tuple[list[AppointmentView], list[AppointmentView]]:
    """Upcoming (not over, not cancelled; soonest first) and the rest, the history (as given)."""
    now = now or utcnow()
    upcoming = sorted(
        (a for a in appointments if a.ends_at > now and a.status != "cancelled"), key=lambda a: a.starts_at
    )
    return upcoming, [a for a in appointments if a not in upcoming]


def wall(instant: datetime, tz: ZoneInfo) -> str:
    """The calendar library's floating local time: '2026-11-23T10:00:00'."""
    return instant.astimezone(tz).strftime("%Y-%m-%dT%H:%M:%S")

"""Checks every booking passes inside its transaction: who, what, when, and within hours."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from domain.clinic.hours import WorkingBlock
from domain.errors import NotFound, ValidationFailed
from domain.scheduling.availability import Week, within, working_intervals
from domain.scheduling.clashes import OutsideHours
from domain.scheduling.times import describe
from storage.accounts import StaffUserRow, WorkingHoursRow
from storage.clients import PersonRow, ProfileRow
from storage.clinic import clinic_row
from storage.scheduling import ClosedDayRow, ServiceRow
from storage.uow import UnitOfWork

MAX_LENGTH = timedelta(hours=12)
PAST_GRACE = timedelta(minutes=5)


def check_times(start: datetime, end: datetime, now: datetime, *, allow_past: bool = False) -> None:
    """Pure: the start is before the end, the length is sane, and the time has not passed."""
    if end <= start:
        raise ValidationFailed({"end": "The end must be after the start."})
    if end - start > MAX_LENGTH:
        raise ValidationFailed({"end": "An appointment can last at most 12 hours."})
    if not allow_past and start < now - PAST_GRACE:
        raise ValidationFailed({"start": "That time has already passed. Choose a time from now on."})


async def clinic_zone(uow: UnitOfWork) -> ZoneInfo:
    return ZoneInfo((await clinic_row(uow.session)).time_zone)


async def practitioner_or_refuse(uow: UnitOfWork, practitioner_id: int, *, lock: bool = False) -> StaffUserRow:
    """lock=True (writers): locks the practitioner's row on PostgreSQL, so bookings in one diary queue up
    instead of racing; without it, two transactions inserting rows that overlap each other can deadlock in
    the exclusion constraint. SQLite writers are serialised anyway. FOR NO KEY UPDATE does not block the
    foreign-key checks of other tables."""
    user = await uow.session.get(StaffUserRow, practitioner_id, with_for_update={"key_share": True} if lock else None)
    if user is None or not user.active or not user.bookable:
        raise ValidationFailed({"practitioner": "That person does not take appointments. Choose a practitioner."})
    return user


async def profile_or_refuse(uow: UnitOfWork, profile_id: int | None) -> ProfileRow:
    if profile_id is None:
        raise ValidationFailed({"client": "Choose the client this appointment is for."})
    profile = await uow.session.get(ProfileRow, profile_id)
    if profile is None:
        raise NotFound("That client no longer exists.")
    person = await uow.session.get(PersonRow, profile.person_id) if profile.person_id else None
    if profile.archived_at is not None or (person is not None and person.status in ("archived", "dismissed")):
        raise ValidationFailed({"client": f"{profile.name} is archived. Restore them on their profile first."})
    return profile


async def service_or_refuse(uow: UnitOfWork, service_id: int | None) -> ServiceRow | None:
    if service_id is None:
        return None
    service = await uow.session.get(ServiceRow, service_id)
    if service is None:
        raise NotFound("That service no longer exists.")
    if not service.active:
        raise ValidationFailed({"service": f"{service.name} is no longer offered. Choose another service."})
    return service


async def preferred_service(uow: UnitOfWork, profile: ProfileRow) -> ServiceRow | None:
    """Billing Setup's Preferred Service, while it is still offered (a retired one is simply not added)."""
    if not profile.preferred_service_id:
        return None
    service = await uow.session.get(ServiceRow, profile.preferred_service_id)
    return service if service is not None and service.active else None


async def practitioner_week(uow: UnitOfWork, user: StaffUserRow) -> Week:
    rows = (
        await uow.session.execute(select(WorkingHoursRow).where(WorkingHoursRow.staff_user_id == user.id))
    ).scalars()
    return Week(
        tuple(
            WorkingBlock(
                r.weekday,
                time(r.start_minute // 60, r.start_minute % 60),
                time(0) if r.end_minute == 1440 else time(r.end_minute // 60, r.end_minute % 60),
            )
            for r in rows
        ),
        user.time_zone,
    )


async def closed_days_between(uow: UnitOfWork, start: datetime, end: datetime, tz: ZoneInfo) -> list:
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    return list(
        (
            await uow.session.execute(
                select(ClosedDayRow.day).where(ClosedDayRow.day >= first, ClosedDayRow.day <= last)
            )
        ).scalars()
    )


async def check_working_hours(
    uow: UnitOfWork, user: StaffUserRow, start: datetime, end: datetime, tz: ZoneInfo, *, confirmed: bool
) -> bool:
    """True when the time is outside working hours (or on a closed day); refuses unless confirmed."""
    week = await practitioner_week(uow, user)
    closed = await closed_days_between(uow, start, end, tz)
    working = working_intervals(week, start - timedelta(days=1), end + timedelta(days=1), closed, tz.key)
    if within(working, start, end):
        return False
    if not confirmed:
        where = "on a day the clinic is closed" if closed else f"outside {user.name}'s working hours"
        raise OutsideHours(f"{describe(start, end, tz)} is {where}. Book it anyway?")
    return True

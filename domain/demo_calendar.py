"""Demo data for the calendar: services, a lunch break, a closed day and three weeks of appointments."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.scheduling.reminders import schedule_reminders
from storage.accounts import StaffUserRow, WorkingHoursRow
from storage.clients import PersonRow, ProfileRow
from storage.scheduling import AppointmentRow, ClosedDayRow, ServiceRow
from storage.types import utcnow
from storage.uow import UnitOfWork

SERVICES = [  # name, minutes, price in cents, colour, active
    ("Initial consultation", 60, 15000, "#2f6f5e", True),
    ("Follow-up session", 45, 11000, "#3a6ea5", True),
    ("Family session", 90, 20000, "#8e4a9e", True),
    ("Telehealth check-in", 30, 8000, "#c8733a", True),
    ("Group workshop (retired)", 120, 6000, "#777777", False),
]
HOURS = [9, 10, 11, 14, 15, 16]


def _local(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour, minute)).replace(tzinfo=tz)


async def seed_calendar(
    uow: UnitOfWork,
    *,
    practitioners: list[StaffUserRow],
    people: dict[str, PersonRow],
    tz: ZoneInfo,
    today: date | None = None,
) -> int:
    """Inside the demo transaction. Returns how many appointments it made."""
    s = uow.session
    services = []
    for name, minutes, cents, colour, active in SERVICES:
        service = ServiceRow(name=name, duration_minutes=minutes, price_cents=cents, colour=colour, active=active)
        s.add(service)
        services.append(service)
    await s.flush()
    priya = practitioners[0]  # a lunch break: 09:00–12:30 and 13:30–17:00
    for weekday in range(5):
        s.add(WorkingHoursRow(staff_user_id=priya.id, weekday=weekday, start_minute=13 * 60 + 30, end_minute=17 * 60))
    await s.flush()
    today = today or datetime.now(tz).date()
    s.add(ClosedDayRow(day=date(today.year, 12, 25), reason="Christmas Day"))
    s.add(ClosedDayRow(day=date(today.year, 12, 26), reason="Boxing Day"))
    profiles = {
        p.person_id: p.id
        for p in (
            await s.execute(
                ProfileRow.__table__.select().where(ProfileRow.person_id.in_([p.id for p in people.values()]))
            )
        ).all()
    }
    clients = [p for name, p in people.items() if p.status == "active"]
    rng = random.Random(2026)
    now, monday = utcnow(), today - timedelta(days=today.weekday())
    made = []
    for offset in range(-7, 14):
        day = monday + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for user in practitioners:
            free_from = 0
            for hour in sorted(rng.sample(HOURS, 4)):
                if hour * 60 < free_from or (user is priya and hour == 12):
                    continue
                service = (
                    rng.choice(services[:4]) if hour == 14 else rng.choice([services[0], services[1], services[3]])
                )
                start = _local(day, hour, 0, tz)
                end = start + timedelta(minutes=service.duration_minutes)
                free_from = hour * 60 + service.duration_minutes
                client = rng.choice(clients)
                past = end <= now
                row = AppointmentRow(
                    practitioner_id=user.id,
                    profile_id=profiles[client.id],
                    service_id=service.id,
                    kind="client",
                    starts_at=start,
                    ends_at=end,
                    price_cents=service.price_cents,
                    status=("completed" if rng.random() > 0.1 else "no_show") if past else "booked",
                    version=1,
                    notes="",
                )
                s.add(row)
                made.append(row)
        if day.weekday() == 2:  # a weekly team meeting blocks both columns
            for user in practitioners:
                s.add(
                    AppointmentRow(
                        practitioner_id=user.id,
                        kind="meeting",
                        title="Team meeting",
                        starts_at=_local(day, 8, 30, tz),
                        ends_at=_local(day, 9, 0, tz),
                        version=1,
                    )
                )
    await s.flush()
    for row in made[::9]:
        if row.starts_at > now:
            row.status, row.cancel_reason = "cancelled", "Client is unwell"
    for row in made:
        await schedule_reminders(uow, row, now=now)
    return len(made)

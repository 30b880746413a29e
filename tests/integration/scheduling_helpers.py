"""A clinic ready for booking: an owner, two practitioners who work around the clock, a client, a service."""
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.accounts.staff import add_staff, create_first_owner
from domain.clinic.hours import WorkingBlock, set_working_hours
from domain.clients.profile import get_client
from domain.scheduling.booking import Booking
from domain.scheduling.bookable_services import save_service
from tests.integration.clients_helpers import add, mary
from tests.support import staff_actor

OWNER = staff_actor()
SYDNEY = ZoneInfo("Australia/Sydney")
ALL_WEEK = [WorkingBlock(d, time(0), time(0)) for d in range(7)]
OFFICE_HOURS = [WorkingBlock(d, time(9), time(17)) for d in range(5)]


@dataclass
class Clinic:
    priya: int
    sam: int
    mary_profile: int
    mary_person: int
    service: int


async def ready_clinic(db, *, zone: str = "Australia/Sydney", hours=ALL_WEEK) -> Clinic:
    await create_first_owner(db.uow(), clinic_name="Test Clinic", time_zone=zone, name="Olivia Owner",
                             email="owner@example.com", password="long enough password", ip=None)
    ids = []
    for name in ("Dr. Priya Patel", "Sam O'Connor"):
        user = await add_staff(db.uow(), actor=OWNER, name=name, email=f"{name.split()[-1].lower()}@example.com",
                               role="practitioner", password="long enough password", bookable=True, time_zone=zone)
        await set_working_hours(db.uow(), actor=OWNER, staff_user_id=user.id, blocks=hours)
        ids.append(user.id)
    person = await add(db, mary(time_zone=zone))
    client = await get_client(db.uow(), actor=OWNER, person_id=person)
    service = await save_service(db.uow(), actor=OWNER, service_id=None, name="Initial consultation",
                                 duration_minutes=60, price="150.00", colour="#2f6f5e")
    return Clinic(ids[0], ids[1], client.profile_id, person, service.id)


def at(day: str, hh_mm: str, tz: ZoneInfo = SYDNEY) -> datetime:
    """An aware time from a wall-clock in `tz`: at('2031-03-03', '10:00')."""
    return datetime.fromisoformat(f"{day}T{hh_mm}").replace(tzinfo=tz)


def booking(c: Clinic, start: datetime, minutes: int = 60, *, practitioner: int | None = None, **kw) -> Booking:
    values = dict(practitioner_id=practitioner or c.priya, start=start, end=start + timedelta(minutes=minutes),
                  kind="client", profile_id=c.mary_profile, service_id=c.service)
    return Booking(**(values | kw))

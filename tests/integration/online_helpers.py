"""A clinic taking bookings online: the booking-ready clinic, office hours, its service offered online by both
practitioners; a visitor's request; a fixed 'now' (Monday 3 March 2031, 08:00 in Sydney)."""

from datetime import datetime, timedelta

from domain.scheduling.online.requests import Visit, request_booking
from domain.scheduling.online.settings import set_online_offer
from tests.integration.helpers import OFFICE_HOURS, OWNER, Clinic, at, ready_clinic

NOW = at("2031-03-03", "08:00")


async def online_clinic(db) -> Clinic:
    c = await ready_clinic(db, hours=OFFICE_HOURS)
    await set_online_offer(db.uow(), actor=OWNER, service_id=c.service, practitioner_ids=[c.priya, c.sam])
    return c


def visit(c: Clinic, start: datetime, **changes) -> Visit:
    values = dict(
        service_id=c.service,
        practitioner_id=c.priya,
        start=start,
        first_name="Vera",
        last_name="Visitor",
        email="vera@example.com",
        phone="0412 000 111",
        date_of_birth="1990-05-06",
        notes="First visit",
    )
    return Visit(**(values | changes))


async def request(db, c: Clinic, start: datetime, *, ip: str = "203.0.113.5", now: datetime = NOW, **changes):
    return await request_booking(db.uow(), visit=visit(c, start, **changes), ip=ip, now=now)


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)

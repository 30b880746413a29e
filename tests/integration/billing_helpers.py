"""A clinic with a client, services and bookings, ready for billing."""
from datetime import timedelta

from domain.billing.pack_templates import save_pack_template
from domain.scheduling.booking import book_appointment
from tests.integration.scheduling_helpers import OWNER, at, booking


async def ten_session_pack(db, c, **changes):
    values = dict(template_id=None, name="10-session pack", description="Ten sessions", metric="sessions", size=10,
                  price="1200.00", reduced_rate="0", expiry_days=180, service_ids=[c.service])
    return await save_pack_template(db.uow(), actor=OWNER, **(values | changes))


async def book_days(db, c, count: int, start: str = "2031-03-03"):
    """`count` weekly appointments for Mary with Priya, returned in order."""
    return [await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at(start, "10:00") + timedelta(weeks=n)))
            for n in range(count)]

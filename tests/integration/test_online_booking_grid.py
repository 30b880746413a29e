"""The Bookings Page's free times start on the calendar's 15-minute grid, also when the notice ends between two
marks: a time offered (and shown as '10:15') is the instant requested, and is still bookable a moment later."""

from datetime import timedelta

from domain.scheduling.online.slots import day_times
from tests.integration.helpers import at
from tests.integration.online_helpers import NOW, online_clinic, request


async def test_the_first_time_after_the_notice_is_on_the_calendars_grid(db):
    c = await online_clinic(db)
    now = NOW + timedelta(minutes=7, seconds=36)  # the notice (2 hours) ends at 10:07:36
    times = await day_times(db.uow(), service_id=c.service, practitioner_id=c.priya, day=NOW.date(), now=now)
    assert times[0].start == at("2031-03-03", "10:15")
    done = await request(db, c, times[0].start, now=now + timedelta(minutes=1))  # sent a minute later
    assert done.starts_at == at("2031-03-03", "10:15")

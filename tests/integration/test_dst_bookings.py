"""Bookings on the nights the clocks change (the next ones after today, so the test never goes stale): the
interval stored is the one the person confirmed, and a series skips a date whose time does not exist like it
skips a clash."""

from datetime import datetime, timedelta

import pytest

from domain.errors import ValidationFailed
from domain.scheduling.booking import book_appointment
from domain.scheduling.calendar import profile_appointments
from domain.scheduling.recurrence import Repeat, book_series, plan_series
from domain.scheduling.times import instants
from tests.integration.helpers import OWNER, SYDNEY, booking, ready_clinic
from tests.support import next_clock_change, twenty_four_hour_clinic


async def test_the_second_half_past_on_the_night_the_clocks_go_back_is_stored_as_30_minutes(db):
    c = await ready_clinic(db)
    night, hour = next_clock_change("Australia/Sydney", back=True)  # e.g. 02:00–03:00 happens twice
    wall = datetime.combine(night, hour) + timedelta(minutes=30)
    start, end = instants(wall, wall + timedelta(minutes=30), SYDNEY, (1, 0))  # the second 02:30
    view = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, start, service_id=None, end=end))
    assert view.ends_at - view.starts_at == timedelta(minutes=30)
    [stored] = await profile_appointments(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    assert (stored.starts_at, stored.ends_at) == (start, end)


async def test_a_weekly_series_skips_the_date_whose_time_does_not_exist(db):
    c = await ready_clinic(db)
    twenty_four_hour_clinic()
    night, hour = next_clock_change("Australia/Sydney", back=False)  # e.g. 02:00–03:00 does not exist
    wall = datetime.combine(night - timedelta(weeks=1), hour) + timedelta(minutes=30)
    b = booking(c, wall.replace(tzinfo=SYDNEY), 30, service_id=None)
    plan = await plan_series(db.uow(), actor=OWNER, booking=b, repeat=Repeat(times=3))
    day = f"{night:%a} {night.day} {night:%b}"
    missing = f"{day}: {wall:%H:%M}–{wall + timedelta(minutes=30):%H:%M} does not exist that day"
    assert [o.clash for o in plan][1] == f"{missing} (the clocks go forward)"
    with pytest.raises(ValidationFailed, match="does not exist that day"):
        await book_series(db.uow(), actor=OWNER, booking=b, repeat=Repeat(times=3), skip_clashes=False)
    booked = await book_series(db.uow(), actor=OWNER, booking=b, repeat=Repeat(times=3), skip_clashes=True)
    assert [v.starts_at.astimezone(SYDNEY).date() for v in booked] == [
        night - timedelta(weeks=1),
        night + timedelta(weeks=1),
    ]

"""Bookings on the nights the clocks change: the interval stored is the one the person confirmed, and a
series skips a date whose time does not exist like it skips a clash."""

from datetime import datetime, timedelta

import pytest

from domain.errors import ValidationFailed
from domain.scheduling.booking import book_appointment
from domain.scheduling.calendar import profile_appointments
from domain.scheduling.recurrence import Repeat, book_series, plan_series
from domain.scheduling.times import instants
from tests.integration.helpers import OWNER, SYDNEY, booking, ready_clinic


async def test_the_second_0230_on_the_night_the_clocks_go_back_is_stored_as_30_minutes(db):
    c = await ready_clinic(db)
    start, end = instants(datetime(2027, 4, 4, 2, 30), datetime(2027, 4, 4, 3, 0), SYDNEY, (1, 0))
    view = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, start, service_id=None, end=end))
    assert view.ends_at - view.starts_at == timedelta(minutes=30)
    [stored] = await profile_appointments(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    assert (stored.starts_at, stored.ends_at) == (start, end)


async def test_a_weekly_series_skips_the_date_whose_time_does_not_exist(db):
    c = await ready_clinic(db)  # Sydney's clocks go forward 02:00 → 03:00 on Sun 3 Oct 2027
    first = datetime(2027, 9, 26, 2, 30, tzinfo=SYDNEY)
    b = booking(c, first, 30, service_id=None)
    plan = await plan_series(db.uow(), actor=OWNER, booking=b, repeat=Repeat(times=3))
    assert [o.clash for o in plan][1] == "Sun 03 Oct: 02:30–03:00 does not exist that day (the clocks go forward)"
    with pytest.raises(ValidationFailed, match="does not exist that day"):
        await book_series(db.uow(), actor=OWNER, booking=b, repeat=Repeat(times=3), skip_clashes=False)
    booked = await book_series(db.uow(), actor=OWNER, booking=b, repeat=Repeat(times=3), skip_clashes=True)
    assert [f"{v.starts_at.astimezone(SYDNEY):%d %b %H:%M}" for v in booked] == ["26 Sep 02:30", "10 Oct 02:30"]

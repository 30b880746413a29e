"""Free-slot computation and wall-clock times across DST changes (pure, no database)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.clinic.hours import WorkingBlock
from domain.errors import ValidationFailed
from domain.scheduling.availability import Week, free_slots, within, working_intervals
from domain.scheduling.recurrence import Repeat, occurrences
from domain.scheduling.times import to_utc, wall_clock

UTC = UTC
NINE_TO_FIVE = Week(tuple(WorkingBlock(d, time(9), time(17)) for d in range(7)), "Australia/Sydney")


def local(tz: str, text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz))


@pytest.mark.parametrize(
    "tz, before, after",
    [
        ("Australia/Sydney", "2026-04-04", "2026-04-06"),  # clocks go back on Sun 5 Apr 2026
        ("Australia/Sydney", "2026-10-03", "2026-10-05"),  # and forward on Sun 4 Oct 2026
        ("America/New_York", "2026-03-07", "2026-03-09"),  # forward on Sun 8 Mar 2026
        ("Europe/London", "2026-10-24", "2026-10-26"),  # back on Sun 25 Oct 2026
    ],
)
def test_working_hours_stay_at_nine_to_five_local_across_a_dst_change(tz, before, after):
    week = Week(NINE_TO_FIVE.blocks, tz)
    start, end = local(tz, f"{before}T00:00"), local(tz, f"{after}T23:59")
    intervals = working_intervals(week, start, end)
    assert [(wall_clock(a, ZoneInfo(tz)).time(), wall_clock(z, ZoneInfo(tz)).time()) for a, z in intervals] == [
        (time(9), time(17))
    ] * 3
    offsets = {a.astimezone(ZoneInfo(tz)).utcoffset() for a, _ in intervals}
    assert len(offsets) == 2  # the same wall-clock hours are different UTC instants either side


def test_free_slots_skip_bookings_and_fit_the_duration():
    day = local("Australia/Sydney", "2026-11-23T00:00")
    working = working_intervals(NINE_TO_FIVE, day, day + timedelta(days=1))
    busy = [(local("Australia/Sydney", "2026-11-23T10:00"), local("Australia/Sydney", "2026-11-23T11:30"))]
    slots = free_slots(working, busy, duration=timedelta(hours=1), step=timedelta(minutes=30))
    starts = [wall_clock(a, ZoneInfo("Australia/Sydney")).strftime("%H:%M") for a, _ in slots]
    assert starts[:3] == ["09:00", "11:30", "12:00"] and starts[-1] == "16:00"
    assert "10:00" not in starts and "09:30" not in starts


def test_a_closed_day_has_no_working_time():
    start = local("Australia/Sydney", "2026-12-24T00:00")
    working = working_intervals(NINE_TO_FIVE, start, start + timedelta(days=3), closed_days=[date(2026, 12, 25)])
    assert [wall_clock(a, ZoneInfo("Australia/Sydney")).day for a, _ in working] == [24, 26]


def test_within_working_hours():
    day = local("Australia/Sydney", "2026-11-23T00:00")
    working = working_intervals(NINE_TO_FIVE, day, day + timedelta(days=1))
    assert within(working, day + timedelta(hours=9), day + timedelta(hours=17))
    assert not within(working, day + timedelta(hours=16, minutes=30), day + timedelta(hours=17, minutes=30))


def test_a_time_skipped_by_the_clocks_is_refused_and_an_existing_one_converts():
    sydney = ZoneInfo("Australia/Sydney")
    with pytest.raises(ValidationFailed, match="does not exist"):
        to_utc(datetime(2026, 10, 4, 2, 30), sydney)
    assert to_utc(datetime(2026, 10, 4, 3, 30), sydney) == datetime(2026, 10, 3, 16, 30, tzinfo=UTC)


@pytest.mark.parametrize("tz", ["Australia/Sydney", "America/New_York", "Europe/London"])
def test_a_weekly_series_keeps_its_local_time_across_dst(tz):
    zone = ZoneInfo(tz)
    first = local(tz, "2026-09-15T10:00")
    series = occurrences(first, first + timedelta(hours=1), Repeat(every_weeks=2, times=6), zone)
    assert [wall_clock(w.start, zone).strftime("%a %H:%M") for w in series] == ["Tue 10:00"] * 6
    assert wall_clock(series[-1].start, zone).date() == date(2026, 11, 24)
    assert len({w.start.astimezone(zone).utcoffset() for w in series}) == 2


def test_a_series_until_a_date_and_its_limits():
    zone = ZoneInfo("Australia/Sydney")
    first = local("Australia/Sydney", "2026-11-23T10:00")
    until = occurrences(first, first + timedelta(hours=1), Repeat(until=date(2026, 12, 14)), zone)
    assert len(until) == 4
    with pytest.raises(ValidationFailed, match="how many times"):
        occurrences(first, first + timedelta(hours=1), Repeat(), zone)
    with pytest.raises(ValidationFailed, match="1 to 12 weeks"):
        occurrences(first, first + timedelta(hours=1), Repeat(every_weeks=0, times=3), zone)

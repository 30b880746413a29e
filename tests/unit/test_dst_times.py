"""Times are exact across daylight-saving changes: a wall-clock time that happens twice (the clocks go back)
is never guessed, one that does not exist is refused at its own field, and lengths are real minutes."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.errors import ValidationFailed
from domain.formats import Formats, using
from domain.scheduling.times import AmbiguousTime, clock, describe, instants, length_label, readings

SYDNEY, NEW_YORK = ZoneInfo("Australia/Sydney"), ZoneInfo("America/New_York")


@pytest.fixture(autouse=True)
def twenty_four_hours():
    """The labels below are written as a 24-hour clinic (en-GB) shows them; en-AU's '2:30 am' is the same code."""
    with using(Formats("en-GB", "GBP")):
        yield


def wall(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    "tz, start, end, first, second",
    [
        (
            SYDNEY,
            "2027-04-04T02:30",
            "2027-04-04T03:00",
            "02:30 AEDT, first · 1 h 30 min",
            "02:30 AEST, second · 30 minutes",
        ),
        (
            NEW_YORK,
            "2027-11-07T01:30",
            "2027-11-07T02:00",
            "01:30 EDT, first · 1 h 30 min",
            "01:30 EST, second · 30 minutes",
        ),
    ],
)
def test_the_night_the_clocks_go_back_the_repeated_time_is_asked_not_guessed(tz, start, end, first, second):
    with pytest.raises(AmbiguousTime) as asked:
        instants(wall(start), wall(end), tz)
    assert asked.value.field == "start"
    assert readings(wall(start), wall(end), tz) == {(0, 0): first, (1, 0): second}
    a, b = instants(wall(start), wall(end), tz, (1, 0))  # the second 02:30: what the calendar showed
    assert b - a == timedelta(minutes=30)
    a, b = instants(wall(start), wall(end), tz, (0, 0))
    assert b - a == timedelta(minutes=90)


def test_both_ends_in_the_repeated_hour_offer_only_readings_that_end_after_they_start():
    options = readings(wall("2027-04-04T02:15"), wall("2027-04-04T02:45"), SYDNEY)
    assert options == {
        (0, 0): "02:15 AEDT, first until 02:45 AEDT, first · 30 minutes",
        (0, 1): "02:15 AEDT, first until 02:45 AEST, second · 1 h 30 min",
        (1, 1): "02:15 AEST, second until 02:45 AEST, second · 30 minutes",
    }  # both ends named: the choices can be told apart
    assert readings(wall("2027-04-04T10:00"), wall("2027-04-04T11:00"), SYDNEY) == {}


def test_a_missing_end_time_is_reported_on_the_end_field():
    with pytest.raises(ValidationFailed) as refused:  # Sydney, clocks go forward 02:00 → 03:00
        instants(wall("2026-10-04T01:30"), wall("2026-10-04T02:30"), SYDNEY)
    assert list(refused.value.errors) == ["end"] and "does not exist" in refused.value.errors["end"]
    with pytest.raises(ValidationFailed) as refused:
        instants(wall("2026-10-04T02:30"), wall("2026-10-04T03:30"), SYDNEY)
    assert list(refused.value.errors) == ["start"]


def test_the_two_blocks_of_the_repeated_hour_are_labelled_with_their_zone():
    first = datetime(2027, 4, 3, 15, 30, tzinfo=UTC)  # 02:30 AEDT
    second = first + timedelta(hours=1)  # 02:30 AEST
    assert (clock(first, SYDNEY), clock(second, SYDNEY)) == ("02:30 AEDT", "02:30 AEST")
    assert describe(second, second + timedelta(minutes=30), SYDNEY) == "Sun 4 Apr, 02:30 AEST–03:00"
    assert clock(datetime(2027, 4, 4, 0, 0, tzinfo=UTC), SYDNEY) == "10:00"  # other times: as always
    assert length_label(first, second + timedelta(minutes=30)) == "1 h 30 min"

"""Pure rules of online booking: the settings form, the booking window, "Any practitioner" and the nearest times."""

from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import ValidationFailed
from domain.scheduling.online.settings import OnlineSettings, clean_settings
from domain.scheduling.online.slots import FreeTime, Window, first_free_in_order, grid_slots, nearest, on_grid

T0 = datetime(2031, 3, 4, 9, tzinfo=UTC)


def form(**changes):
    values = dict(
        confirm_mode="manual",
        min_notice_minutes="120",
        max_advance_days="60",
        cancel_window_hours="24",
        hold_hours="",
        confirmation_text="We will confirm by email.",
    )
    return clean_settings(**(values | changes))


def test_the_settings_form_is_read_and_bad_values_are_named_by_field():
    assert form() == OnlineSettings("manual", 120, 60, 24, None, "We will confirm by email.")
    assert form(hold_hours=" 12 ").hold_hours == 12
    with pytest.raises(ValidationFailed) as refused:
        form(confirm_mode="x", max_advance_days="0", cancel_window_hours="soon", confirmation_text="  ", hold_hours="0")
    assert set(refused.value.errors) == {
        "confirm_mode",
        "max_advance_days",
        "cancel_window_hours",
        "confirmation_text",
        "hold_hours",
    }
    with pytest.raises(ValidationFailed) as refused:
        form(min_notice_minutes=str(2 * 24 * 60), max_advance_days="1")
    assert "shorter than how far ahead" in refused.value.errors["min_notice_minutes"]


def test_the_window_runs_from_the_notice_to_how_far_ahead():
    window = Window.of(form(), T0)
    assert not window.allows(T0 + timedelta(minutes=119))
    assert window.allows(T0 + timedelta(minutes=120)) and window.allows(T0 + timedelta(days=60))
    assert not window.allows(T0 + timedelta(days=60, minutes=1))


def t(hour: int, practitioner: int) -> FreeTime:
    start = T0.replace(hour=hour)
    return FreeTime(start, start + timedelta(hours=1), practitioner, f"P{practitioner}")


def test_any_practitioner_gives_each_time_to_the_first_free_in_the_stated_order():
    picked = first_free_in_order([t(10, 2), t(10, 1), t(11, 2), t(9, 3)], order=[1, 2, 3])
    assert [(f.start.hour, f.practitioner_id) for f in picked] == [(9, 3), (10, 1), (11, 2)]


def test_the_nearest_free_times_to_a_lost_one_are_offered_in_time_order():
    times = [t(h, 1) for h in (8, 9, 11, 12, 15)]
    assert [f.start.hour for f in nearest(times, T0.replace(hour=10))] == [8, 9, 11]  # a tie: the earlier
    assert nearest([], T0) == []


def test_times_offered_start_on_the_calendars_grid_after_the_notice():
    assert on_grid(T0 + timedelta(minutes=15, seconds=36)) == T0 + timedelta(minutes=30)
    assert on_grid(T0 + timedelta(minutes=15)) == T0 + timedelta(minutes=15)
    assert on_grid(T0 + timedelta(microseconds=1)) == T0 + timedelta(minutes=15)


def test_free_times_stay_on_the_quarter_hour_after_a_booking_that_ends_off_it():
    working = [(T0, T0 + timedelta(hours=3))]
    busy = [(T0, T0 + timedelta(minutes=50))]
    starts = [a.strftime("%H:%M") for a, _ in grid_slots(working, busy, timedelta(hours=1))]
    assert starts == ["10:00", "10:15", "10:30", "10:45", "11:00"]

"""Working hours: start before end, no overlapping blocks on one day."""

from datetime import time

from domain.clinic.hours import WorkingBlock, check_blocks


def test_a_normal_week_is_fine():
    week = [WorkingBlock(d, time(9), time(17)) for d in range(5)]
    assert check_blocks(week) == {}


def test_a_day_with_a_break_is_fine():
    assert check_blocks([WorkingBlock(0, time(9), time(12)), WorkingBlock(0, time(13), time(17))]) == {}


def test_end_before_start_is_refused():
    assert check_blocks([WorkingBlock(2, time(17), time(9))]) == {
        "day2": "Wednesday: the start must be before the end."
    }


def test_overlapping_blocks_are_refused():
    errors = check_blocks([WorkingBlock(4, time(9), time(13)), WorkingBlock(4, time(12), time(17))])
    assert errors == {"day4": "Friday: two blocks of hours overlap."}


def test_working_until_midnight_is_allowed():
    assert check_blocks([WorkingBlock(5, time(18), time(0))]) == {}

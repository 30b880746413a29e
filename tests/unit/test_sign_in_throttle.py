"""Repeated failed sign-ins are slowed down, growing to a cap."""

from datetime import UTC, datetime, timedelta

from domain.accounts.throttle import MAX_LOCK_SECONDS, lockout_seconds, seconds_left

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_the_first_four_failures_cost_nothing():
    assert [lockout_seconds(n) for n in range(5)] == [0, 0, 0, 0, 0]


def test_the_lock_doubles_with_each_further_failure_up_to_fifteen_minutes():
    assert [lockout_seconds(n) for n in range(5, 11)] == [30, 60, 120, 240, 480, 900]
    assert lockout_seconds(50) == MAX_LOCK_SECONDS == 900


def test_the_wait_counts_down_from_the_last_failure():
    assert seconds_left(5, NOW - timedelta(seconds=10), NOW) == 20
    assert seconds_left(5, NOW - timedelta(seconds=31), NOW) == 0
    assert seconds_left(0, None, NOW) == 0

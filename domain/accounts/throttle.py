"""Slowing down repeated failed sign-ins (pure rules)."""

from datetime import datetime, timedelta

WINDOW = timedelta(minutes=15)
FREE_FAILURES = 5
FIRST_LOCK_SECONDS = 30
MAX_LOCK_SECONDS = 15 * 60


def lockout_seconds(failures: int) -> int:
    """How long to refuse sign-ins after `failures` recent failures: 0 for the first few,
    then 30 s, doubling with each further failure, capped at 15 minutes."""
    if failures < FREE_FAILURES:
        return 0
    return min(FIRST_LOCK_SECONDS * 2 ** (failures - FREE_FAILURES), MAX_LOCK_SECONDS)


def seconds_left(failures: int, last_failure: datetime | None, now: datetime) -> int:
    if last_failure is None:
        return 0
    left = lockout_seconds(failures) - (now - last_failure).total_seconds()
    return max(0, int(left + 0.999))

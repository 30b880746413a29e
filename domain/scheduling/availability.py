"""Working time and free slots: pure functions over plain data, DST-aware.

Working hours are weekly wall-clock blocks in the practitioner's own time zone; a block on a
day turns into UTC instants with that day's offset, so 09:00 stays 09:00 across a DST change.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from domain.clinic.hours import WorkingBlock

Interval = tuple[datetime, datetime]  # aware UTC, [start, end)


@dataclass(frozen=True)
class Week:
    blocks: tuple[WorkingBlock, ...]
    time_zone: str


def _instant(day: date, minute: int, tz: ZoneInfo) -> datetime:
    # 24:00 is the next midnight; times skipped by DST move forward with the clocks.
    local = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
    aware = local.replace(tzinfo=tz, fold=0)
    back = aware.astimezone(UTC).astimezone(tz)
    if back.replace(tzinfo=None) != local:  # in the gap: the first existing instant after it
        aware = (local + timedelta(hours=1)).replace(tzinfo=tz)
    return aware.astimezone(UTC)


def working_intervals(
    week: Week, start: datetime, end: datetime, closed_days: Iterable[date] = (), clinic_zone: str | None = None
) -> list[Interval]:
    """The practitioner's working time between two UTC instants, minus the clinic's closed days."""
    tz = ZoneInfo(week.time_zone)
    closed = set(closed_days)
    closed_tz = ZoneInfo(clinic_zone or week.time_zone)
    out: list[Interval] = []
    day = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date() + timedelta(days=1)
    while day <= last:
        for b in week.blocks:
            if b.weekday != day.weekday():
                continue
            end_minute = 1440 if b.end.hour == 0 and b.end.minute == 0 else b.end.hour * 60 + b.end.minute
            a = _instant(day, b.start.hour * 60 + b.start.minute, tz)
            z = _instant(day, end_minute, tz)
            a, z = max(a, start), min(z, end)
            if a < z:
                out.append((a, z))
        day += timedelta(days=1)
    if closed:
        out = subtract(out, [_closed_interval(d, closed_tz) for d in closed])
    return merge(out)


def _closed_interval(day: date, tz: ZoneInfo) -> Interval:
    return _instant(day, 0, tz), _instant(day + timedelta(days=1), 0, tz)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for a, z in sorted(intervals):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], z))
        else:
            merged.append((a, z))
    return merged


def subtract(intervals: Iterable[Interval], busy: Iterable[Interval]) -> list[Interval]:
    """The parts of `intervals` not covered by `busy`."""
    busy = merge(busy)
    out: list[Interval] = []
    for a, z in merge(intervals):
        cursor = a
        for b0, b1 in busy:
            if b1 <= cursor or b0 >= z:
                continue
            if b0 > cursor:
                out.append((cursor, b0))
            cursor = max(cursor, b1)
            if cursor >= z:
                break
        if cursor < z:
            out.append((cursor, z))
    return out


def free_slots(
    working: Iterable[Interval],
    busy: Iterable[Interval],
    *,
    duration: timedelta,
    step: timedelta = timedelta(minutes=15),
) -> list[Interval]:
    """Every start (on a `step` grid from each free stretch's start) where `duration` fits."""
    slots: list[Interval] = []
    for a, z in subtract(working, busy):
        cursor = a
        while cursor + duration <= z:
            slots.append((cursor, cursor + duration))
            cursor += step
    return slots


def within(working: Iterable[Interval], start: datetime, end: datetime) -> bool:
    """True when [start, end) lies entirely inside working time."""
    return not subtract([(start, end)], working)

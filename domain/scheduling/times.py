"""Wall-clock times in a named zone ↔ UTC instants. Pure functions, DST-aware."""
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from domain.errors import ValidationFailed


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def exists_locally(local: datetime, tz: ZoneInfo) -> bool:
    """False for wall-clock times skipped when clocks go forward (e.g. 02:30 on a spring-forward night)."""
    aware = local.replace(tzinfo=tz)
    return aware.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None) == local.replace(tzinfo=None)


def to_utc(local: datetime, tz: ZoneInfo, *, field: str = "start") -> datetime:
    """A naive wall-clock time in `tz` as an aware UTC instant; refuses times that do not exist there.
    Ambiguous times (clocks going back) take the first occurrence."""
    local = local.replace(tzinfo=None)
    if not exists_locally(local, tz):
        raise ValidationFailed({field: f"{local:%H:%M} does not exist on {local:%a %d %b %Y} in {tz.key}: "
                                       "the clocks go forward then. Choose another time."})
    return local.replace(tzinfo=tz, fold=0).astimezone(timezone.utc)


def wall_clock(instant: datetime, tz: ZoneInfo) -> datetime:
    """An aware instant as the naive wall-clock time in `tz`."""
    return instant.astimezone(tz).replace(tzinfo=None)


def parse_wall_clock(text: str, *, field: str = "start") -> datetime:
    """'2026-11-23T10:00[:00][.000][Z|±hh:mm]' from the calendar, read as a naive wall-clock time."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        raise ValidationFailed({field: "That is not a date and time."}) from None
    return value.replace(tzinfo=None, microsecond=0)


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants where `day` starts and ends in `tz` (23 or 25 hours on DST days)."""
    start = datetime.combine(day, time(0)).replace(tzinfo=tz).astimezone(timezone.utc)
    end = datetime.combine(day + timedelta(days=1), time(0)).replace(tzinfo=tz).astimezone(timezone.utc)
    return start, end


def offset_label(tz: ZoneInfo, at: datetime) -> str:
    """'+11:00' for the calendar library, which knows fixed offsets only."""
    minutes = int(at.astimezone(tz).utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def describe(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    """'Mon 23 Nov, 10:00–11:00' in `tz`."""
    a, b = start.astimezone(tz), end.astimezone(tz)
    if a.date() == b.date():
        return f"{a:%a %d %b}, {a:%H:%M}–{b:%H:%M}"
    return f"{a:%a %d %b %H:%M} – {b:%a %d %b %H:%M}"

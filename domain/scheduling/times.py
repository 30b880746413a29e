"""Wall-clock times in a named zone ↔ UTC instants. Pure functions, DST-aware."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.errors import DomainError, ValidationFailed
from domain.formats import current


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def exists_locally(local: datetime, tz: ZoneInfo) -> bool:
    """False for wall-clock times skipped when clocks go forward (e.g. 02:30 on a spring-forward night)."""
    aware = local.replace(tzinfo=tz)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == local.replace(tzinfo=None)


class AmbiguousTime(DomainError):
    """A wall-clock time that happens twice (the clocks go back): the person must say which. `choices` maps
    fold (0: the first, 1: the second) to its label, e.g. {0: "02:30 AEDT, first", 1: "02:30 AEST, second"}."""

    def __init__(self, field: str, local: datetime, tz: ZoneInfo) -> None:
        self.field, self.local = field, local.replace(tzinfo=None, fold=0)
        self.choices = {fold: fold_label(self.local, tz, fold) for fold in (0, 1)}
        super().__init__(
            f"{current().time(local)} happens twice on {current().weekday_date(local)} (the clocks go back): choose "
            f"{self.choices[0]} or {self.choices[1]}."
        )


def is_ambiguous(local: datetime, tz: ZoneInfo) -> bool:
    """True for wall-clock times that happen twice (the hour repeated when clocks go back)."""
    local = local.replace(tzinfo=None)
    return local.replace(tzinfo=tz, fold=0).utcoffset() != local.replace(tzinfo=tz, fold=1).utcoffset()


def fold_label(local: datetime, tz: ZoneInfo, fold: int) -> str:
    """'02:30 AEDT, first' / '02:30 AEST, second'."""
    aware = local.replace(tzinfo=tz, fold=fold)
    return f"{current().time(aware)} {aware.tzname()}, {'first' if fold == 0 else 'second'}"


def to_utc(local: datetime, tz: ZoneInfo, *, field: str = "start", fold: int | None = None) -> datetime:
    """A naive wall-clock time in `tz` as an aware UTC instant. Refuses times that do not exist there (the
    clocks go forward), at `field`; a time that happens twice needs `fold` (0: first, 1: second), else
    AmbiguousTime lets the page ask which."""
    local = local.replace(tzinfo=None)
    if not exists_locally(local, tz):
        raise ValidationFailed(
            {
                field: f"{current().time(local)} does not exist on {current().weekday_date(local)} in {tz.key}: "
                "the clocks go forward then. Choose another time."
            }
        )
    if fold is None:
        if is_ambiguous(local, tz):
            raise AmbiguousTime(field, local, tz)
        fold = 0
    return local.replace(tzinfo=tz, fold=fold).astimezone(UTC)


def length_label(start: datetime, end: datetime) -> str:
    """The real time between two instants: '30 minutes', '1 h 30 min'."""
    minutes = int((end - start).total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{minutes // 60} h" + (f" {minutes % 60} min" if minutes % 60 else "")


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
    start = datetime.combine(day, time(0)).replace(tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0)).replace(tzinfo=tz).astimezone(UTC)
    return start, end


def offset_label(tz: ZoneInfo, at: datetime) -> str:
    """'+11:00' for the calendar library, which knows fixed offsets only."""
    offset = at.astimezone(tz).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def clock(instant: datetime, tz: ZoneInfo) -> str:
    """'10:00'; a time that happens twice that night names its zone: '02:30 AEST'."""
    local = instant.astimezone(tz)
    return current().time(local) + (f" {local.tzname()}" if is_ambiguous(local.replace(tzinfo=None), tz) else "")


def city(zone: ZoneInfo) -> str:
    """'Australia/Sydney' → 'Sydney', 'America/New_York' → 'New York'."""
    return zone.key.rsplit("/", 1)[-1].replace("_", " ")


def zone_label(zone: ZoneInfo) -> str:
    """'Sydney time': what times in emails and on public pages are in."""
    return f"{city(zone)} time"


def describe(start: datetime, end: datetime, tz: ZoneInfo, *, year: bool = False) -> str:
    """'Mon 23 Nov, 10:00–11:00' in `tz` (times in an hour that repeats name their zone: '02:30 AEST'); with
    year=True (emails, pages read later) 'Mon 23 Nov 2026, 10:00–11:00'."""
    a, b = start.astimezone(tz), end.astimezone(tz)
    day = current().weekday_date if year else current().weekday_day
    twice = is_ambiguous(a.replace(tzinfo=None), tz) or is_ambiguous(b.replace(tzinfo=None), tz)
    if a.date() == b.date() and not twice:
        return f"{day(a)}, {current().time_range(a.replace(tzinfo=None), b.replace(tzinfo=None))}"
    if a.date() == b.date():
        return f"{day(a)}, {clock(start, tz)}–{clock(end, tz)}"
    return f"{day(a)} {clock(start, tz)} – {day(b)} {clock(end, tz)}"


def instants(
    start: datetime, end: datetime, tz: ZoneInfo, folds: tuple[int, int] | None = None
) -> tuple[datetime, datetime]:
    """The UTC start and end; ValidationFailed at the field that does not exist, AmbiguousTime when a fold is
    needed and not given."""
    for field, local in (("start", start), ("end", end)):
        if not exists_locally(local, tz):
            to_utc(local, tz, field=field)  # refused at that field
    if folds is None:
        for field, local in (("start", start), ("end", end)):
            if is_ambiguous(local, tz):
                raise AmbiguousTime(field, local, tz)
    fs, fe = folds or (0, 0)
    return to_utc(start, tz, fold=fs), to_utc(end, tz, field="end", fold=fe)


def readings(start: datetime, end: datetime, tz: ZoneInfo) -> dict[tuple[int, int], str]:
    """When start or end (or both) happen twice, every way to read the pair, keyed by (start fold, end fold), each
    with what it means and its real length: {(0, 0): "02:30 AEDT, first · 1 h 30 min", (1, 0): "02:30 AEST,
    second · 30 minutes"}; with both in the repeated hour, "02:15 AEDT, first until 02:45 AEST, second · 1 h 30
    min". Readings whose end is not after the start are left out; none at all when nothing repeats."""
    twice_start, twice_end = is_ambiguous(start, tz), is_ambiguous(end, tz)
    out: dict[tuple[int, int], str] = {}
    for fs in (0, 1) if twice_start else (0,):
        for fe in (0, 1) if twice_end else (0,):
            if not (twice_start or twice_end):
                continue
            a, b = to_utc(start, tz, fold=fs), to_utc(end, tz, field="end", fold=fe)
            if b <= a:
                continue
            said = [fold_label(start, tz, fs)] if twice_start else []
            if twice_end:
                said.append(f"until {fold_label(end, tz, fe)}")
            out[(fs, fe)] = f"{' '.join(said)} · {length_label(a, b)}"
    return out

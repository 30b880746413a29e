"""Turns a calendar range from the domain into the calendar library's events (wall-clock times)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from domain.scheduling.appointment_views import AppointmentView
from domain.scheduling.availability import subtract
from domain.scheduling.calendar import CalendarRange, wall
from domain.scheduling.times import clock, day_bounds, is_ambiguous

EDITABLE = ("booked", "arrived")
DAY_START, DAY_END = 6, 21  # the grid's usual hours


def appointment_event(a: AppointmentView, tz: ZoneInfo) -> dict:
    title = a.label + (f" · {a.service_name}" if a.service_name else "")
    if a.status == "requested":  # holds its time, not booked yet: drawn dashed and striped (hearth.css)
        title = f"Requested: {title}"
    elif a.status != "booked":
        title += f" ({a.status_label})"
    start, end = wall(a.starts_at, tz), wall(a.ends_at, tz)
    if repeats(a.starts_at, tz) or repeats(a.ends_at, tz):  # the clocks go back: two 02:30s, each labelled
        title += f" · {clock(a.starts_at, tz)}–{clock(a.ends_at, tz)}"
    if end <= start:  # ends in the repeated hour before its wall-clock start: draw its real length
        end = (datetime.fromisoformat(start) + (a.ends_at - a.starts_at)).strftime("%Y-%m-%dT%H:%M:%S")
    return {
        "id": f"a{a.id}",
        "resourceIds": [a.practitioner_id],
        "start": start,
        "end": end,
        "title": title,
        "backgroundColor": a.colour,
        "editable": a.status in EDITABLE,
        "classNames": [f"hearth-{a.status}", f"hearth-{a.kind}"],
        "extendedProps": {"version": a.version, "status": a.status},
    }


def off_hours_events(data: CalendarRange, start, end, tz: ZoneInfo) -> list[dict]:
    """Shades the time each practitioner does not work, and closed days for everyone."""
    events = []
    for p in data.practitioners:
        for a, z in subtract([(start, end)], data.working.get(p.id, [])):
            events.append(
                {
                    "id": f"off{p.id}-{wall(a, tz)}",
                    "resourceIds": [p.id],
                    "start": wall(a, tz),
                    "end": wall(z, tz),
                    "display": "background",
                    "classNames": ["hearth-off-hours"],
                }
            )
    for day, reason in data.closed_days.items():
        a, z = day_bounds(day, tz)
        events.append(
            {
                "id": f"closed-{day}",
                "resourceIds": [p.id for p in data.practitioners],
                "start": wall(a, tz),
                "end": wall(z - timedelta(minutes=1), tz),
                "display": "background",
                "title": f"Closed: {reason}" if reason else "Closed",
                "classNames": ["hearth-closed"],
            }
        )
    return events


def calendar_events(data: CalendarRange, start, end, tz: ZoneInfo) -> list[dict]:
    return off_hours_events(data, start, end, tz) + [appointment_event(a, tz) for a in data.appointments]


def repeats(instant: datetime, tz: ZoneInfo) -> bool:
    return is_ambiguous(instant.astimezone(tz).replace(tzinfo=None), tz)


def grid_hours(appointments: list[AppointmentView], tz: ZoneInfo) -> tuple[str, str]:
    """The grid's first and last hour: 06:00–21:00, widened to show every appointment in the range (one at
    05:00 or 22:30 is not hidden off the grid)."""
    first, last = DAY_START, DAY_END
    for a in appointments:
        start, end = a.starts_at.astimezone(tz), a.ends_at.astimezone(tz)
        first = min(first, start.hour)
        last = max(last, 24 if end.date() > start.date() else end.hour + (1 if end.minute else 0))
    return f"{first:02d}:00", f"{last:02d}:00"
